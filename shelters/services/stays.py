"""Admissions, discharges and changes to a stay. A bed is never double-booked (see ``stay_admit``)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from cases import selectors as case_selectors
from shelters.models import Bed, PlacementRequest, Shelter, Stay, choices
from shelters.services import notifications
from shelters.services.common import case_access_end, case_access_grant, check_choice, require_perm

FULL = "shelter"  # the field a refusal for a full shelter is reported on


def _open_stays(shelter_pk: int):
    # unscoped: the admission service counts the shelter's open stays under the shelter's lock.
    return Stay.unscoped.filter(shelter_id=shelter_pk, discharged_on__isnull=True)


def shelter_places(shelter: Shelter) -> int:
    return shelter.capacity


def _check_dates(admitted_on, planned_discharge_on, today) -> None:
    if admitted_on is None:
        raise ValidationError({"admitted_on": _("This field is required.")}, code="required")
    if admitted_on > today:
        raise ValidationError({"admitted_on": _("This date is in the future.")}, code="future_date")
    if planned_discharge_on is not None and planned_discharge_on < admitted_on:
        raise ValidationError(
            {"planned_discharge_on": _("The planned discharge is before the admission.")},
            code="discharge_before_admission",
        )


def _check_bed(shelter: Shelter, bed: Bed | None, *, exclude_stay: int | None = None) -> None:
    if not shelter.tracks_beds:
        if bed is not None:
            raise ValidationError({"bed": _("This shelter does not record beds.")}, code="invalid")
        return
    if bed is None:
        raise ValidationError({"bed": _("Choose a free bed.")}, code="required")
    if bed.shelter_id != shelter.pk or not bed.is_active:
        raise ValidationError({"bed": _("This bed is not in use in this shelter.")}, code="invalid")
    # unscoped: whether anyone sleeps in the bed now, read under the shelter's lock.
    taken = Stay.unscoped.filter(bed_id=bed.pk, discharged_on__isnull=True).exclude(pk=exclude_stay)
    if taken.exists():
        raise ValidationError({"bed": _("This bed is taken. Choose a free bed.")}, code="bed_taken")


def _case_in_scope(*, case, by, placement_request: PlacementRequest | None, shelter: Shelter):
    """The case is one ``by`` may see, or the one of an accepted placement request to this shelter."""
    if placement_request is not None:
        if (
            placement_request.shelter_id != shelter.pk
            or placement_request.status != choices.PlacementStatus.ACCEPTED
        ):
            raise ValidationError({"placement_request": _("This request was not accepted by this shelter.")})
        return placement_request.case
    if case is None:
        raise ValidationError({"case": _("This field is required.")}, code="required")
    if not case_selectors.case_list(user=by).filter(pk=case.pk).exists():
        raise ValidationError({"case": _("Unknown case.")}, code="unknown_case")
    return case


@transaction.atomic
def stay_admit(
    *,
    shelter: Shelter,
    by,
    target_group: str,
    case=None,
    admitted_on: datetime.date | None = None,
    planned_discharge_on: datetime.date | None = None,
    bed: Bed | None = None,
    placement_request: PlacementRequest | None = None,
) -> Stay:
    """Admit the victim of ``case`` (or of an accepted ``placement_request``) to ``shelter``.

    Never double-books: the shelter's row is locked (``select_for_update`` on PostgreSQL; SQLite takes its
    one write lock at the start of the transaction) before the open stays are counted and the bed is
    checked, so a second admission waits and then sees the first; the partial unique index on open stays
    per bed holds it at the database too. A full shelter or a taken bed: ValidationError on the field,
    nothing saved. Grants the shelter's staff access to the case; warns when the shelter reaches 90%."""
    require_perm(by, "shelters.admit_resident", shelter)
    # unscoped: lock the row the caller loaded through scope; every admission to it queues here.
    shelter = Shelter.unscoped.select_for_update().select_related("organisation").get(pk=shelter.pk)
    if not shelter.is_active:
        raise ValidationError({FULL: _("This shelter is closed.")}, code="inactive")
    case = _case_in_scope(case=case, by=by, placement_request=placement_request, shelter=shelter)
    today = timezone.localdate()
    admitted_on = admitted_on or today
    _check_dates(admitted_on, planned_discharge_on, today)
    check_choice("target_group", target_group, shelter.target_groups)
    # unscoped: whether the person already lives in a shelter (one open stay per case).
    if Stay.unscoped.filter(case_id=case.pk, discharged_on__isnull=True).exists():
        raise ValidationError({"case": _("This person already lives in a shelter.")}, code="already_resident")
    occupied = _open_stays(shelter.pk).count()
    places = shelter_places(shelter)
    _check_bed(shelter, bed)
    if occupied >= places:
        raise ValidationError(
            {FULL: _("The shelter is full: all %(places)d places are taken.") % {"places": places}},
            code="full",
        )
    try:
        with transaction.atomic():
            stay = Stay.objects.create(
                organisation_id=shelter.organisation_id,
                shelter=shelter,
                case=case,
                bed=bed,
                target_group=target_group,
                admitted_on=admitted_on,
                planned_discharge_on=planned_discharge_on,
                created_by=by,
            )
    except IntegrityError:
        # The database's own guard (one open stay per bed and per case), should a writer skip the lock.
        raise ValidationError({"bed": _("This bed is taken. Choose a free bed.")}, code="bed_taken") from None
    if placement_request is not None:
        PlacementRequest.unscoped.filter(
            pk=placement_request.pk
        ).update(  # unscoped: the request checked above
            status=choices.PlacementStatus.ADMITTED, stay=stay
        )
    for user in shelter.staff.all():
        case_access_grant(case=case, user=user, by=by)
    audit_record(by=by, action="stay.admitted", obj=stay, details={"shelter": shelter.pk, "case": case.pk})
    if notifications.crossed_nearly_full(occupied, occupied + 1, places):
        notifications.nearly_full_notify(shelter=shelter, occupied=occupied + 1, places=places)
    return stay


@transaction.atomic
def stay_discharge(
    *,
    stay: Stay,
    by,
    discharged_on: datetime.date | None = None,
    reason: str = "",
    destination: str = "",
    destination_detail: str = "",
) -> Stay:
    """Record the discharge; ends the staff's access to the case. A date before the admission, a second
    discharge or an unknown reason: ValidationError on the field, nothing saved."""
    require_perm(by, "shelters.admit_resident", stay)
    # unscoped: lock the row the caller loaded through scope (two discharges of one stay never both run).
    stay = Stay.unscoped.select_for_update().select_related("case", "shelter").get(pk=stay.pk)
    if stay.discharged_on is not None:
        raise ValidationError(
            {"discharged_on": _("This resident was already discharged.")}, code="discharged"
        )
    discharged_on = discharged_on or timezone.localdate()
    if discharged_on < stay.admitted_on:
        raise ValidationError(
            {"discharged_on": _("The discharge is before the admission.")}, code="discharge_before_admission"
        )
    if discharged_on > timezone.localdate():
        raise ValidationError({"discharged_on": _("This date is in the future.")}, code="future_date")
    reason = check_choice("discharge_reason", reason, choices.DischargeReason.values)
    destination = check_choice("discharge_destination", destination, choices.DischargeDestination.values)
    stay.discharged_on = discharged_on
    stay.discharge_reason = reason
    stay.discharge_destination = destination
    stay.discharge_destination_detail = destination_detail
    stay.save(
        update_fields=[
            "discharged_on",
            "discharge_reason",
            "discharge_destination",
            "discharge_destination_detail",
        ]
    )
    case_access_end(case=stay.case, by=by)
    audit_record(
        by=by, action="stay.discharged", obj=stay, details={"reason": reason, "destination": destination}
    )
    return stay


STAY_FIELDS = ("planned_discharge_on", "bed", "target_group", "admitted_on")


@transaction.atomic
def stay_update(*, stay: Stay, by, **fields) -> Stay:
    """Change a stay: the planned discharge, the bed (a free one), the target group, the admission date."""
    require_perm(by, "shelters.admit_resident", stay)
    unexpected = set(fields) - set(STAY_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    # unscoped: lock the shelter the stay was loaded through scope for: a bed move queues with admissions.
    shelter = Shelter.unscoped.select_for_update().get(pk=stay.shelter_id)
    stay = Stay.unscoped.select_for_update().get(pk=stay.pk)  # unscoped: the same row, locked
    admitted_on = fields.get("admitted_on", stay.admitted_on)
    planned = fields.get("planned_discharge_on", stay.planned_discharge_on)
    _check_dates(admitted_on, planned, timezone.localdate())
    if stay.discharged_on is not None and stay.discharged_on < admitted_on:
        raise ValidationError(
            {"admitted_on": _("The admission is after the discharge.")}, code="discharge_before_admission"
        )
    if "target_group" in fields:
        check_choice("target_group", fields["target_group"], shelter.target_groups)
    if "bed" in fields and fields["bed"] != stay.bed:
        if stay.discharged_on is not None:
            raise ValidationError({"bed": _("This resident was already discharged.")}, code="discharged")
        _check_bed(shelter, fields["bed"], exclude_stay=stay.pk)
    changed = [name for name, value in fields.items() if getattr(stay, name) != value]
    for name in changed:
        setattr(stay, name, fields[name])
    if changed:
        stay.save(update_fields=changed)
        audit_record(by=by, action="stay.updated", obj=stay, details={"fields": sorted(changed)})
    return stay
