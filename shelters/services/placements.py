"""Placement requests: a caseworker asks a shelter of the network for a place; its staff answer."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from cases import selectors as case_selectors
from shelters.models import PlacementRequest, Shelter, choices
from shelters.services import notifications
from shelters.services.common import check_choice, require_perm
from tenancy import organisations_with_perm

Status = choices.PlacementStatus


def _requesting_organisation(by, case) -> int:
    """The organisation the request is made for: the case's, where ``by`` may request placements."""
    if by.has_perm("shelters.add_placementrequest", case):
        return case.organisation_id
    organisation_ids = organisations_with_perm(by, "shelters.add_placementrequest") or set()
    if not organisation_ids:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return min(organisation_ids)  # a case shared by referral: asked for by the receiving organisation


@transaction.atomic
def placement_request_create(
    *,
    case,
    shelter: Shelter,
    by,
    target_group: str,
    requested_for: datetime.date | None = None,
    note: str = "",
) -> PlacementRequest:
    """Ask ``shelter`` (any active shelter of the network) to take in the victim of ``case``, which ``by``
    must see. Notifies the shelter's staff and its organisation's managers (the case code only)."""
    if case is None or not case_selectors.case_list(user=by).filter(pk=case.pk).exists():
        raise ValidationError({"case": _("Unknown case.")}, code="unknown_case")
    organisation_id = _requesting_organisation(by, case)
    if shelter is None or not shelter.is_active:
        raise ValidationError({"shelter": _("Choose an open shelter.")}, code="invalid")
    check_choice("target_group", target_group, shelter.target_groups)
    requested_for = requested_for or timezone.localdate()
    if requested_for < timezone.localdate():
        raise ValidationError({"requested_for": _("This date is in the past.")}, code="past_date")
    request = PlacementRequest.objects.create(
        organisation_id=organisation_id,
        case=case,
        shelter=shelter,
        target_group=target_group,
        requested_for=requested_for,
        note=note,
        requested_by=by,
    )
    audit_record(
        by=by, action="placement.requested", obj=request, details={"shelter": shelter.pk, "case": case.pk}
    )
    notifications.placement_requested_notify(request=request)
    return request


def _answer(*, request: PlacementRequest, by, status: str, action: str) -> PlacementRequest:
    require_perm(by, "shelters.answer_placementrequest", request.shelter)
    # unscoped: lock the row the caller loaded through scope (two answers never both apply).
    request = (
        PlacementRequest.unscoped.select_for_update().select_related("case", "shelter").get(pk=request.pk)
    )
    if request.status != Status.REQUESTED:
        raise ValidationError(
            {
                "status": _("This request was already answered (%(status)s).")
                % {"status": request.get_status_display()}
            },
            code="answered",
        )
    request.status = status
    request.answered_by = by
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_by", "answered_at"])
    audit_record(by=by, action=action, obj=request, organisation=request.shelter.organisation)
    return request


@transaction.atomic
def placement_request_accept(*, request: PlacementRequest, by) -> PlacementRequest:
    """The shelter agrees to take the person in; the admission itself is ``stay_admit`` with the request."""
    request = _answer(request=request, by=by, status=Status.ACCEPTED, action="placement.accepted")
    notifications.placement_answered_notify(request=request, kind=notifications.PLACEMENT_ACCEPTED)
    return request


@transaction.atomic
def placement_request_decline(*, request: PlacementRequest, by) -> PlacementRequest:
    request = _answer(request=request, by=by, status=Status.DECLINED, action="placement.declined")
    notifications.placement_answered_notify(request=request, kind=notifications.PLACEMENT_DECLINED)
    return request


@transaction.atomic
def placement_request_withdraw(*, request: PlacementRequest, by) -> PlacementRequest:
    """The requester no longer needs the place (before it was admitted)."""
    require_perm(by, "shelters.add_placementrequest", request)
    # unscoped: lock the row the caller loaded through scope.
    request = PlacementRequest.unscoped.select_for_update().get(pk=request.pk)
    if request.status not in (Status.REQUESTED, Status.ACCEPTED):
        raise ValidationError({"status": _("This request can no longer be withdrawn.")}, code="answered")
    request.status = Status.WITHDRAWN
    request.save(update_fields=["status"])
    audit_record(by=by, action="placement.withdrawn", obj=request)
    return request
