"""Referrals and transfers between organisations (across borders too), always with the victim's consent."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from cases.models import (
    ApprovalRequest,
    Assessment,
    AssistanceService,
    Attachment,
    Case,
    Consent,
    CriminalProceeding,
    FollowUp,
    Note,
    Perpetrator,
    Referral,
    ReintegrationGoal,
    ReintegrationPlan,
    Screening,
    Story,
    TraffickingEvent,
    TraffickingExperience,
    Victim,
    VictimSearchToken,
    choices,
)
from cases.services.cases import _approval_request, approval_required
from cases.services.common import check_choices, require_perm
from cases.services.consent import consent_allows, consent_current, consent_require_not_refused
from cases.services.notifications import case_notify, members_with_perm
from network.countries import COUNTRY_CODES
from network.models import OrganisationType

Status = choices.ReferralStatus

# Rows that follow the case when a transfer moves it (their organisation_id is the case's owner).
CASE_ROWS = (
    Victim,
    VictimSearchToken,
    Perpetrator,
    CriminalProceeding,
    Screening,
    TraffickingExperience,
    TraffickingEvent,
    Consent,
    AssistanceService,
    ReintegrationPlan,
    ReintegrationGoal,
    FollowUp,
    Assessment,
    Note,
    Attachment,
    Story,
    ApprovalRequest,
)


def _check_consent(case: Case, to_organisation, sections) -> None:
    """No consent, no referral: assistance not refused, and a current sharing consent with the receiving
    organisation that covers every section to share (refused or expired: refused with the reason)."""
    consent_require_not_refused(case=case, purpose=choices.ConsentPurpose.ASSISTANCE)
    consent = consent_current(case=case, purpose=choices.ConsentPurpose.SHARING, recipient=to_organisation)
    if consent is None or consent.status != choices.ConsentStatus.GIVEN:
        raise ValidationError(
            {"to_organisation": _("The victim has not consented to sharing with this organisation.")},
            code="no_consent",
        )
    if not consent.is_valid:
        raise ValidationError(
            {"to_organisation": _("The victim's consent to sharing with this organisation has expired.")},
            code="consent_expired",
        )
    if not consent_allows(
        case=case, purpose=choices.ConsentPurpose.SHARING, recipient=to_organisation, sections=sections
    ):
        raise ValidationError(
            {"sections": _("The victim's consent to sharing does not cover every section chosen.")},
            code="no_consent",
        )


def _notify_receiver(referral: Referral) -> None:
    case_notify(
        recipients=members_with_perm(referral.to_organisation, "cases.answer_referral"),
        organisation=referral.to_organisation,
        kind=choices.NotificationKind.REFERRAL_RECEIVED,
        case=referral.case,
    )


def _create(*, case: Case, by, kind: str, to_organisation, sections, status, **fields) -> Referral:
    if to_organisation.pk == case.organisation_id:
        raise ValidationError(
            {"to_organisation": _("Choose another organisation.")}, code="same_organisation"
        )
    if not to_organisation.is_active:
        raise ValidationError({"to_organisation": _("This organisation is not active.")}, code="inactive")
    if case.is_closed:
        raise ValidationError({"__all__": _("The case is closed.")}, code="closed")
    sections = check_choices("sections", sections, Referral.SECTIONS)
    if not sections:
        raise ValidationError({"sections": _("Choose at least one section to share.")}, code="required")
    if fields.get("service_needed"):
        check_choices("service_needed", [fields["service_needed"]], choices.ServiceType.values)
    check_choices(
        "reason",
        [fields.get("reason", choices.ReferralReason.ADDITIONAL_SERVICES)],
        choices.ReferralReason.values,
    )
    _check_consent(case, to_organisation, sections)
    # unscoped: an open request to that organisation, of the case the caller was given.
    if Referral.unscoped.filter(
        case=case,
        to_organisation=to_organisation,
        kind=kind,
        status__in=[Status.REQUESTED, Status.AWAITING_APPROVAL],
    ).exists():
        raise ValidationError(
            {"to_organisation": _("A request to this organisation is already waiting for an answer.")},
            code="pending",
        )
    return Referral.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        kind=kind,
        to_organisation=to_organisation,
        requested_by=by,
        status=status,
        **{f"share_{section}": True for section in sections},
        **fields,
    )


@transaction.atomic
def referral_request(
    *,
    case: Case,
    by,
    to_organisation,
    sections: list[str],
    service_needed: str = "",
    reason: str = choices.ReferralReason.ADDITIONAL_SERVICES,
    details: str = "",
) -> Referral:
    """Ask another organisation to serve the victim, sharing the chosen sections once it accepts.

    ValidationError without the victim's current consent to sharing with that organisation."""
    require_perm(by, "cases.add_referral", case)
    referral = _create(
        case=case,
        by=by,
        kind=choices.ReferralKind.REFERRAL,
        to_organisation=to_organisation,
        sections=sections,
        status=Status.REQUESTED,
        service_needed=service_needed,
        reason=reason,
        details=details,
    )
    audit_record(
        by=by,
        action="referral.requested",
        obj=referral,
        details={"case": case.code, "to": to_organisation.pk, "sections": referral.shared_sections},
    )
    _notify_receiver(referral)
    return referral


@transaction.atomic
def case_transfer(
    *,
    case: Case,
    by,
    to_organisation,
    reason: str = choices.ReferralReason.MIGRATION,
    details: str = "",
    sections: list[str] | None = None,
) -> Referral:
    """Ask another organisation to take over the case; ownership moves when it accepts.

    Where the organisation requires it, the request first waits for a manager's approval."""
    require_perm(by, "cases.transfer_case", case)
    waits = approval_required(case=case, by=by)
    referral = _create(
        case=case,
        by=by,
        kind=choices.ReferralKind.TRANSFER,
        to_organisation=to_organisation,
        sections=sections or Referral.SECTIONS,
        status=Status.AWAITING_APPROVAL if waits else Status.REQUESTED,
        reason=reason,
        details=details,
    )
    audit_record(
        by=by,
        action="transfer.requested",
        obj=referral,
        details={"case": case.code, "to": to_organisation.pk},
    )
    if waits:
        _approval_request(case=case, by=by, action=choices.ApprovalAction.TRANSFER, referral=referral)
    else:
        _notify_receiver(referral)
    return referral


def referral_send(*, referral: Referral, by, approved: bool) -> Referral:
    """After the manager's decision on a transfer: send it, or withdraw it (called by case_approve)."""
    referral.status = Status.REQUESTED if approved else Status.WITHDRAWN
    referral.save(update_fields=["status"])
    if approved:
        _notify_receiver(referral)
    return referral


def _require_receiver(referral: Referral, by) -> None:
    """Who answers and completes a referral: the receiving organisation; for a body outside Amanat, the
    referring organisation records what that body said (it has no access to Amanat)."""
    if referral.is_external:
        require_perm(by, "cases.add_referral", referral.organisation)
    else:
        require_perm(by, "cases.answer_referral", referral.to_organisation)


def _locked(referral: Referral) -> Referral:
    # unscoped: re-read and lock the referral the caller was given (already in scope). Only its own row
    # is locked: the receiver of a referral outside Amanat is an empty outer join, which cannot be locked.
    return (
        Referral.unscoped.select_for_update(of=("self",))
        .select_related("case", "organisation", "to_organisation")
        .get(pk=referral.pk)
    )


def _answer(referral: Referral, by) -> Referral:
    _require_receiver(referral, by)
    referral = _locked(referral)
    if referral.status != Status.REQUESTED:
        raise ValidationError({"__all__": _("This referral is not waiting for an answer.")}, code="answered")
    return referral


def _notify_sender(referral: Referral, kind: str) -> None:
    """Tell the person who referred what the receiving organisation did, naming it."""
    if referral.is_external:
        return  # the referring organisation recorded it itself
    case_notify(
        recipients=[referral.requested_by],
        organisation=referral.organisation,
        kind=kind,
        case=referral.case,
        actor=referral.to_organisation,
    )


def _case_move(*, case: Case, to_organisation, by, receiving_caseworker) -> None:
    from_organisation_id = case.organisation_id
    case.organisation = to_organisation
    case.referring_organisation_id = from_organisation_id
    case.incoming_referral_date = timezone.localdate()
    case.caseworker = receiving_caseworker
    case.save(
        update_fields=[
            "organisation",
            "referring_organisation",
            "incoming_referral_date",
            "caseworker",
            "updated_at",
        ]
    )
    for model in CASE_ROWS:
        # unscoped: a transfer moves the owner's rows of the case to the receiving organisation (rows other
        # organisations wrote on it as receivers of referrals stay theirs).
        model.unscoped.filter(case=case, organisation_id=from_organisation_id).update(
            organisation=to_organisation
        )
    # unscoped: the moved case's open follow-ups go to the receiving caseworker.
    FollowUp.unscoped.filter(case=case, done_on__isnull=True).update(assigned_to=receiving_caseworker)


@transaction.atomic
def referral_accept(*, referral: Referral, by, receiving_caseworker=None) -> Referral:
    """The receiving organisation accepts: the shared sections become visible to it; a transfer moves
    the case. The victim's consent is checked again (it may have been withdrawn meanwhile)."""
    referral = _answer(referral, by)
    case = referral.case
    if referral.is_external:
        return _external_accept(referral, by)
    _check_consent(case, referral.to_organisation, referral.shared_sections)
    if receiving_caseworker is not None and not receiving_caseworker.has_perm(
        "cases.change_case", referral.to_organisation
    ):
        raise ValidationError(
            {"receiving_caseworker": _("This person cannot work on cases of this organisation.")},
            code="invalid",
        )
    referral.status = Status.ACCEPTED
    referral.answered_by = by
    referral.answered_at = timezone.now()
    referral.receiving_caseworker = receiving_caseworker or by
    referral.save(update_fields=["status", "answered_by", "answered_at", "receiving_caseworker"])
    if referral.kind == choices.ReferralKind.TRANSFER:
        _case_move(
            case=case,
            to_organisation=referral.to_organisation,
            by=by,
            receiving_caseworker=referral.receiving_caseworker,
        )
    audit_record(by=by, action=f"{referral.kind}.accepted", obj=referral, details={"case": case.code})
    audit_record(
        by=by,
        action=f"{referral.kind}.accepted",
        obj=referral,
        organisation=referral.to_organisation,
        details={"case": case.code},
    )
    _notify_sender(referral, choices.NotificationKind.REFERRAL_ACCEPTED)
    return referral


def _external_accept(referral: Referral, by) -> Referral:
    referral.status = Status.ACCEPTED
    referral.answered_by = by
    referral.answered_at = timezone.now()
    referral.save(update_fields=["status", "answered_by", "answered_at"])
    audit_record(
        by=by,
        action="referral.accepted",
        obj=referral,
        details={"case": referral.case.code, "external": True},
    )
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, by, reason: str) -> Referral:
    referral = _answer(referral, by)
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for declining.")}, code="required")
    referral.status = Status.DECLINED
    referral.answered_by = by
    referral.answered_at = timezone.now()
    referral.decline_reason = reason
    referral.save(update_fields=["status", "answered_by", "answered_at", "decline_reason"])
    for organisation in {referral.organisation, referral.to_organisation or referral.organisation}:
        audit_record(
            by=by,
            action=f"{referral.kind}.declined",
            obj=referral,
            organisation=organisation,
            details={"case": referral.case.code},
        )
    _notify_sender(referral, choices.NotificationKind.REFERRAL_DECLINED)
    return referral


@transaction.atomic
def referral_complete(
    *,
    referral: Referral,
    by,
    outcome: str,
    outcome_details: str = "",
    services_delivered=(),
) -> Referral:
    """The receiving organisation reports what came of an accepted referral: the outcome and which of the
    services it recorded on the case it delivered; the referrer is told "completed by <organisation>".
    For a body outside Amanat the referring organisation records the outcome (services: its own rows).

    The sharing stays, read only, while the victim's consent holds. ValidationError unless accepted."""
    _require_receiver(referral, by)
    referral = _locked(referral)
    if referral.kind != choices.ReferralKind.REFERRAL or referral.status != Status.ACCEPTED:
        raise ValidationError(
            {"__all__": _("Only an accepted referral can be completed.")}, code="invalid_status"
        )
    if not outcome:
        raise ValidationError({"outcome": _("Choose the outcome.")}, code="required")
    check_choices("outcome", [outcome], choices.ReferralOutcome.values)
    writer_id = referral.organisation_id if referral.is_external else referral.to_organisation_id
    services = list(services_delivered or [])
    if any(s.case_id != referral.case_id or s.organisation_id != writer_id for s in services):
        raise ValidationError(
            {"services_delivered": _("Choose services your organisation recorded on this case.")},
            code="invalid",
        )
    referral.status = Status.COMPLETED
    referral.outcome = outcome
    referral.outcome_details = outcome_details
    referral.completed_by = by
    referral.completed_at = timezone.now()
    referral.save(update_fields=["status", "outcome", "outcome_details", "completed_by", "completed_at"])
    referral.services_delivered.set(services)
    for organisation in {referral.organisation, referral.to_organisation or referral.organisation}:
        audit_record(
            by=by,
            action="referral.completed",
            obj=referral,
            organisation=organisation,
            details={"case": referral.case.code, "outcome": outcome, "services": [s.pk for s in services]},
        )
    _notify_sender(referral, choices.NotificationKind.REFERRAL_COMPLETED)
    return referral


@transaction.atomic
def referral_external(
    *,
    case: Case,
    by,
    external_name: str,
    external_type: str,
    external_country: str,
    external_consent_method: str,
    external_contact: str = "",
    service_needed: str = "",
    reason: str = choices.ReferralReason.ADDITIONAL_SERVICES,
    details: str = "",
) -> Referral:
    """Record a referral to a body outside Amanat (police, a consulate, a labour inspection, an NGO
    abroad): nothing is shared through Amanat; the referring organisation records the answer and the
    outcome itself (``referral_accept`` / ``referral_decline`` / ``referral_complete``).

    Such a body cannot be a consent's named recipient, so the victim's consent to sharing with it is
    recorded on the referral (how it was given); without it, or without the body's name, type and
    country, the referral is refused on the field."""
    require_perm(by, "cases.add_referral", case)
    if case.is_closed:
        raise ValidationError({"__all__": _("The case is closed.")}, code="closed")
    errors = {}
    if not (external_name or "").strip():
        errors["external_name"] = _("Give the name of the body outside Amanat.")
    if external_type not in OrganisationType.values:
        errors["external_type"] = _("Choose the type of the body.")
    if (external_country or "").upper() not in COUNTRY_CODES:
        errors["external_country"] = _("Choose the country of the body.")
    consent_methods = [m for m in choices.ConsentMethod.values if m != choices.ConsentMethod.OVERRIDE]
    if external_consent_method not in consent_methods:
        errors["external_consent_method"] = _(
            "Record how the victim consented to sharing with this body: no consent, no referral."
        )
    if errors:
        raise ValidationError(errors, code="invalid")
    consent_require_not_refused(case=case, purpose=choices.ConsentPurpose.ASSISTANCE)
    if service_needed:
        check_choices("service_needed", [service_needed], choices.ServiceType.values)
    check_choices("reason", [reason], choices.ReferralReason.values)
    referral = Referral.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        kind=choices.ReferralKind.REFERRAL,
        to_organisation=None,
        external_name=external_name.strip(),
        external_type=external_type,
        external_country=external_country.upper(),
        external_contact=external_contact,
        external_consent_method=external_consent_method,
        requested_by=by,
        status=Status.REQUESTED,
        service_needed=service_needed,
        reason=reason,
        details=details,
    )
    audit_record(
        by=by,
        action="referral.requested",
        obj=referral,
        details={"case": case.code, "external_type": external_type, "country": referral.external_country},
    )
    return referral


@transaction.atomic
def referral_withdraw(*, referral: Referral, by) -> Referral:
    """The referring organisation withdraws a request, or ends the sharing of an accepted or completed
    referral (a completed one keeps its outcome)."""
    require_perm(by, "cases.add_referral", referral)
    # unscoped: re-read and lock the referral the caller was given (already in scope).
    referral = Referral.unscoped.select_for_update().get(pk=referral.pk)
    # A completed referral shares (read only) until it is withdrawn; an accepted transfer moved the case.
    unanswered = (Status.REQUESTED, Status.AWAITING_APPROVAL)
    sharing = (Status.ACCEPTED, Status.COMPLETED)
    is_transfer = referral.kind == choices.ReferralKind.TRANSFER
    if referral.status not in unanswered and (is_transfer or referral.status not in sharing):
        raise ValidationError({"__all__": _("This referral cannot be withdrawn.")}, code="invalid_status")
    referral.status = Status.WITHDRAWN
    referral.save(update_fields=["status"])
    # unscoped: the withdrawn referral's own pending approval.
    ApprovalRequest.unscoped.filter(referral=referral, status=choices.ApprovalStatus.PENDING).update(
        status=choices.ApprovalStatus.REJECTED, decided_by=by, decided_at=timezone.now()
    )
    audit_record(
        by=by, action=f"{referral.kind}.withdrawn", obj=referral, details={"case": referral.case.code}
    )
    return referral


@transaction.atomic
def case_referrer_external_set(
    *,
    case: Case,
    by,
    referring_external_name: str,
    referring_external_type: str,
    referring_external_country: str,
    incoming_referral_date=None,
) -> Case:
    """Record that a body outside Amanat (police, a consulate, an NGO abroad) referred the victim here:
    the external counterpart of ``referring_organisation``. Refused on the field without a name, a type
    or a country."""
    require_perm(by, "cases.change_case", case)
    errors = {}
    if not (referring_external_name or "").strip():
        errors["referring_external_name"] = _("Give the name of the body outside Amanat.")
    if referring_external_type not in OrganisationType.values:
        errors["referring_external_type"] = _("Choose the type of the body.")
    if (referring_external_country or "").upper() not in COUNTRY_CODES:
        errors["referring_external_country"] = _("Choose the country of the body.")
    if incoming_referral_date is not None and incoming_referral_date > timezone.localdate():
        errors["incoming_referral_date"] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors, code="invalid")
    case.referring_external_name = referring_external_name.strip()
    case.referring_external_type = referring_external_type
    case.referring_external_country = referring_external_country.upper()
    fields = [
        "referring_external_name",
        "referring_external_type",
        "referring_external_country",
        "updated_at",
    ]
    if incoming_referral_date is not None:
        case.incoming_referral_date = incoming_referral_date
        fields.append("incoming_referral_date")
    case.save(update_fields=fields)
    audit_record(
        by=by,
        action="case.referred_by_external",
        obj=case,
        details={"type": referring_external_type, "country": case.referring_external_country},
    )
    return case
