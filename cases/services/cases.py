"""Registering a victim, the case's workflow, assignment, closure (with approval) and reopening."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from cases.models import (
    ApprovalRequest,
    Case,
    CaseCounter,
    FollowUp,
    Note,
    Screening,
    TraffickingEvent,
    TraffickingExperience,
    Victim,
    choices,
)
from cases.services.access import OPENED, case_access_grant, case_access_needed
from cases.services.common import (
    Errors,
    check_choices,
    check_countries,
    check_not_future,
    check_order,
    check_region,
    check_standalone,
    require_perm,
    set_fields,
)
from cases.services.notifications import case_notify, members_with_perm

VICTIM_FIELDS = (
    "salutation",
    "given_name",
    "middle_name",
    "family_name",
    "aliases",
    "sex",
    "gender",
    "birth_date",
    "estimated_age",
    "is_deceased",
    "citizenship",
    "identity_documents",
    "title",
    "email",
    "home_phone",
    "mobile_phone",
    "mailing_street",
    "mailing_city",
    "mailing_state",
    "mailing_postal_code",
    "mailing_country",
    "home_region",
    "family_contacts",
    "marital_status",
    "number_of_children",
    "primary_language",
    "secondary_language",
    "education",
)
SCREENING_FIELDS = (
    "referral_source",
    "referral_source_details",
    "screened_on",
    "indicators",
    "identification_status",
    "identification_date",
    "decision_making_organisation",
    "identifying_body",
    "identifying_body_name",
    "referral_mechanism_country",
    "identification_reference",
    "vulnerabilities",
    "vulnerability_details",
    "economic_situation",
    "debts",
    "prior_migration",
    "family_situation",
)
EXPERIENCE_FIELDS = (
    "exploitation_types",
    "sex_exploitation_types",
    "labour_sectors",
    "labour_sector_detail",
    "relation_to_recruiter",
    "recruitment_methods",
    "recruitment_apps",
    "exploitation_apps",
    "means_of_control",
    "age_when_trafficked",
    "narrative",
)
MAX_AGE = 120
# What the search tokens are derived from (Victim.search_tokens_sync).
SEARCHED_FIELDS = {"given_name", "middle_name", "family_name", "aliases", "birth_date", "estimated_age"}


def case_code_next(*, country: str, year: int) -> str:
    """The next code for ``country`` and ``year``, e.g. ``TJ-2026-000123``; safe under concurrency.

    The counter row is incremented with one UPDATE (which locks it until the transaction ends);
    the first code of a year creates the row, and a concurrent creator loses and retries."""
    for _attempt in range(3):
        if CaseCounter.objects.filter(country=country, year=year).update(last=F("last") + 1) == 1:
            break
        try:
            with transaction.atomic():
                CaseCounter.objects.create(country=country, year=year, last=1)
            break
        except IntegrityError:
            continue
    last = CaseCounter.objects.filter(country=country, year=year).values_list("last", flat=True).get()
    return f"{country}-{year}-{last:06d}"


def _clean_victim(fields: dict, *, registered_on: datetime.date, names_required: bool = True) -> dict:
    """The victim's fields checked, every error at once (ValidationError naming each field at fault)."""
    today = timezone.localdate()
    errors = Errors()
    if "birth_date" in fields:
        with errors.collect():
            check_not_future("birth_date", fields["birth_date"], today)
            if fields["birth_date"] and fields["birth_date"].year < today.year - MAX_AGE:
                raise ValidationError(
                    {"birth_date": _("This birth date is not plausible.")}, code="implausible"
                )
    if fields.get("estimated_age") is not None and not 0 <= fields["estimated_age"] <= MAX_AGE:
        errors.add(
            ValidationError({"estimated_age": _("Enter an age between 0 and 120.")}, code="implausible")
        )
    if "citizenship" in fields:
        with errors.collect():
            fields["citizenship"] = check_countries("citizenship", fields["citizenship"])
    if fields.get("mailing_country"):
        with errors.collect():
            fields["mailing_country"] = check_countries("mailing_country", [fields["mailing_country"]])[0]
    for name, vocabulary in (
        ("sex", choices.Sex),
        ("gender", choices.Gender),
        ("marital_status", choices.MaritalStatus),
        ("education", choices.Education),
    ):
        if fields.get(name):
            with errors.collect():
                check_choices(name, [fields[name]], vocabulary.values)
    for name in ("given_name", "family_name"):
        if names_required and name in fields and not (fields[name] or "").strip():
            errors.add(ValidationError({name: _("This field is required.")}, code="required"))
    for name, value in fields.items():
        # The model holds the limits; forms and serializers read them from there too.
        limit = getattr(Victim._meta.get_field(name), "max_length", None) if name in VICTIM_FIELDS else None
        if limit and isinstance(value, str) and len(value) > limit:
            errors.add(
                ValidationError(
                    {name: _("Ensure this value has at most %(limit)d characters.") % {"limit": limit}},
                    code="max_length",
                )
            )
    errors.raise_any()
    return fields


def _victim_derive(victim: Victim) -> None:
    birth = victim.birth_date
    registered_on = victim.case.registered_on
    if birth:
        victim.age_at_registration = (
            registered_on.year
            - birth.year
            - ((registered_on.month, registered_on.day) < (birth.month, birth.day))
        )
    else:
        victim.age_at_registration = victim.estimated_age
    victim.blind_index = victim.blind_index_compute()


@transaction.atomic
def case_register(
    *,
    by,
    organisation,
    given_name: str = "",
    family_name: str = "",
    registered_on: datetime.date | None = None,
    caseworker=None,
    referral_source: str = choices.ReferralSource.SELF,
    referral_source_details: str = "",
    indicators=(),
    is_demo: bool = False,
    **victim_fields,
) -> Case:
    """Open a case for a person: the case (with its pseudonymous code), the victim and the screening
    (how the person came and, from a hotline call, the trafficking indicators the caller described).

    The names are required unless ``by`` may open a case for an anonymous person (the hotline).
    Raises PermissionDenied without ``cases.add_case`` in ``organisation``; ValidationError on bad data."""
    require_perm(by, "cases.add_case", organisation)
    registered_on = registered_on or timezone.localdate()
    check_not_future("registered_on", registered_on, timezone.localdate())
    check_choices("referral_source", [referral_source], choices.ReferralSource.values)
    indicators = check_choices("indicators", indicators, choices.Indicator.values)
    fields = _clean_victim(
        {"given_name": given_name, "family_name": family_name, **victim_fields},
        registered_on=registered_on,
        # The hotline's short intake may open a case for a caller who gives no name.
        names_required=not by.has_perm("cases.add_anonymous_case", organisation),
    )
    unexpected = set(fields) - set(VICTIM_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    check_region("home_region", fields.get("home_region"), fields.get("mailing_country", ""))
    if caseworker is None and by.has_perm("cases.change_case", organisation):
        caseworker = by
    case = Case.objects.create(
        organisation=organisation,
        code=case_code_next(country=organisation.country, year=registered_on.year),
        registered_on=registered_on,
        caseworker=caseworker,
        is_demo=is_demo,
    )
    victim = Victim(organisation=organisation, case=case, **fields)
    _victim_derive(victim)
    victim.save()
    victim.search_tokens_sync()
    Screening.objects.create(
        organisation=organisation,
        case=case,
        referral_source=referral_source,
        referral_source_details=referral_source_details,
        indicators=indicators,
        screened_on=registered_on,
    )
    TraffickingExperience.objects.create(organisation=organisation, case=case)
    audit_record(by=by, action="case.registered", obj=case, details={"code": case.code})
    if case_access_needed(case=case, user=by):  # a hotline operator reads the cases they opened
        case_access_grant(case=case, user=by, reason=OPENED, by=by)
    return case


@transaction.atomic
def victim_update(*, case: Case, by, **fields) -> Victim:
    """Change the victim's personal data; the duplicate-detection index follows the names and birth date."""
    require_perm(by, "cases.change_case", case)
    # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
    victim = Victim.unscoped.select_for_update().get(case=case)
    fields = _clean_victim(fields, registered_on=case.registered_on)
    if "home_region" in fields or "mailing_country" in fields:
        region = fields.get("home_region", victim.home_region)
        check_region("home_region", region, fields.get("mailing_country", victim.mailing_country))
    changed = set_fields(victim, fields, VICTIM_FIELDS)
    if changed:
        _victim_derive(victim)
        victim.save(update_fields=[*changed, "age_at_registration", "blind_index"])
        if SEARCHED_FIELDS.intersection(changed):
            victim.search_tokens_sync()
        # Field names only: the values are personal data.
        audit_record(by=by, action="victim.updated", obj=case, details={"fields": sorted(changed)})
    return victim


@transaction.atomic
def screening_update(*, case: Case, by, **fields) -> Screening:
    """Record the screening; a change of identification status records who decided and when."""
    require_perm(by, "cases.change_case", case)
    # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
    screening = Screening.unscoped.select_for_update().get(case=case)
    if "indicators" in fields:
        fields["indicators"] = check_choices("indicators", fields["indicators"], choices.Indicator.values)
    if "vulnerabilities" in fields:
        fields["vulnerabilities"] = check_choices(
            "vulnerabilities", fields["vulnerabilities"], choices.Vulnerability.values
        )
    for name, vocabulary in (("debts", choices.Debt), ("family_situation", choices.FamilySituation)):
        if name in fields:
            fields[name] = check_standalone(name, check_choices(name, fields[name], vocabulary.values))
    for name, vocabulary in (
        ("referral_source", choices.ReferralSource),
        ("identification_status", choices.TraffickingStatus),
        ("decision_making_organisation", choices.DecisionMakingOrg),
        ("economic_situation", choices.EconomicSituation),
        ("prior_migration", choices.PriorMigration),
    ):
        if fields.get(name):
            check_choices(name, [fields[name]], vocabulary.values)
    if fields.get("referral_mechanism_country"):
        fields["referral_mechanism_country"] = check_countries(
            "referral_mechanism_country", [fields["referral_mechanism_country"]]
        )[0]
    today = timezone.localdate()
    check_not_future("screened_on", fields.get("screened_on"), today)
    check_not_future("identification_date", fields.get("identification_date"), today)
    changed = set_fields(screening, fields, SCREENING_FIELDS)
    if "identification_status" in changed:
        screening.decided_by = by
        changed.append("decided_by")
        if "identification_date" not in fields:
            screening.identification_date = today
            changed.append("identification_date")
    if changed:
        screening.save(update_fields=changed)
        audit_record(
            by=by,
            action="screening.updated",
            obj=case,
            details={"fields": sorted(changed), "identification_status": screening.identification_status},
        )
    return screening


def _experience_derive(experience: TraffickingExperience) -> None:
    # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
    events = list(TraffickingEvent.unscoped.filter(case_id=experience.case_id))
    countries = {event.country for event in events}
    if not any(event.type == choices.EventType.RECRUITMENT for event in events):
        citizenship = (
            # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
            Victim.unscoped.filter(case_id=experience.case_id).values_list("citizenship", flat=True).first()
        )
        if citizenship:
            countries.add(citizenship[0])
    experience.is_cross_border = len(countries) > 1
    exploitation = [event for event in events if event.type == choices.EventType.EXPLOITATION]
    starts = [event.started_on for event in exploitation if event.started_on]
    ends = [event.ended_on for event in exploitation if event.ended_on]
    experience.duration_days = (max(ends) - min(starts)).days if starts and ends else None


@transaction.atomic
def experience_update(*, case: Case, by, **fields) -> TraffickingExperience:
    require_perm(by, "cases.change_case", case)
    # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
    experience = TraffickingExperience.unscoped.select_for_update().get(case=case)
    for name, vocabulary in (
        ("exploitation_types", choices.Exploitation),
        ("sex_exploitation_types", choices.SexExploitation),
        ("recruitment_methods", choices.RecruitmentMethod),
        ("recruitment_apps", choices.App),
        ("exploitation_apps", choices.App),
        ("means_of_control", choices.MeansOfControl),
        ("labour_sectors", choices.Industry),
    ):
        if name in fields:
            fields[name] = check_choices(name, fields[name], vocabulary.values)
    if fields.get("relation_to_recruiter"):
        check_choices(
            "relation_to_recruiter", [fields["relation_to_recruiter"]], choices.RecruiterRelation.values
        )
    changed = set_fields(experience, fields, EXPERIENCE_FIELDS)
    _experience_derive(experience)
    experience.save(update_fields=[*changed, "is_cross_border", "duration_days"])
    audit_record(by=by, action="experience.updated", obj=case, details={"fields": sorted(changed)})
    return experience


@transaction.atomic
def event_add(
    *,
    case: Case,
    by,
    type: str,
    country: str,
    region=None,
    city: str = "",
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    description: str = "",
) -> TraffickingEvent:
    """Add a place of recruitment, transit or exploitation; re-derives cross-border and duration."""
    require_perm(by, "cases.change_case", case)
    check_choices("type", [type], choices.EventType.values)
    country = check_countries("country", [country])[0]
    check_region("region", region, country)
    today = timezone.localdate()
    check_not_future("started_on", started_on, today)
    check_order("started_on", started_on, "ended_on", ended_on)
    event = TraffickingEvent.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        type=type,
        country=country,
        region=region,
        city=city,
        started_on=started_on,
        ended_on=ended_on,
        description=description,
    )
    # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
    experience = TraffickingExperience.unscoped.select_for_update().get(case=case)
    _experience_derive(experience)
    experience.save(update_fields=["is_cross_border", "duration_days"])
    audit_record(by=by, action="event.added", obj=case, details={"type": type, "country": country})
    return event


@transaction.atomic
def case_stage_set(*, case: Case, by, stage: str) -> Case:
    """Move an open case to another working stage (closing has its own service)."""
    require_perm(by, "cases.change_case", case)
    if case.is_closed:
        raise ValidationError({"stage": _("Reopen the case first.")}, code="closed")
    if stage == choices.Stage.CLOSED or stage not in choices.Stage.values:
        raise ValidationError({"stage": _("Choose a working stage.")}, code="invalid_choice")
    previous = case.stage
    case.stage = stage
    case.save(update_fields=["stage", "updated_at"])
    audit_record(by=by, action="case.stage_changed", obj=case, details={"from": previous, "to": stage})
    return case


@transaction.atomic
def case_assign(*, case: Case, by, caseworker) -> Case:
    """Assign (or reassign) the case and its pending follow-ups to a caseworker of the owning organisation."""
    require_perm(by, "cases.assign_case", case)
    if not caseworker.has_perm("cases.change_case", case):
        raise ValidationError(
            {"caseworker": _("This person cannot work on cases of this organisation.")},
            code="not_a_caseworker",
        )
    previous_id = case.caseworker_id
    case.caseworker = caseworker
    case.save(update_fields=["caseworker", "updated_at"])
    # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
    FollowUp.unscoped.filter(case=case, done_on__isnull=True, assigned_to_id=previous_id).update(
        assigned_to=caseworker
    )
    audit_record(by=by, action="case.assigned", obj=case, details={"from": previous_id, "to": caseworker.pk})
    if caseworker.pk != by.pk:
        case_notify(
            recipients=[caseworker],
            organisation=case.organisation,
            kind=choices.NotificationKind.CASE_ASSIGNED,
            case=case,
        )
    return case


def approval_required(*, case: Case, by) -> bool:
    """Closures and transfers wait for a manager where the organisation asks so (managers act directly)."""
    return case.organisation.require_manager_approval and not by.has_perm("cases.approve_case", case)


def _approval_request(
    *,
    case: Case,
    by,
    action: str,
    reason: str = "",
    details: str = "",
    referral=None,
    closure_decisions: dict | None = None,
):
    # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
    if ApprovalRequest.unscoped.filter(case=case, status=choices.ApprovalStatus.PENDING).exists():
        raise ValidationError(
            {"__all__": _("A closure or transfer of this case is already waiting for approval.")},
            code="pending",
        )
    approval = ApprovalRequest.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        action=action,
        closure_reason=reason,
        details=details,
        referral=referral,
        closure_decisions=closure_decisions or {},
        requested_by=by,
    )
    audit_record(
        by=by, action="approval.requested", obj=case, details={"action": action, "approval": approval.pk}
    )
    case_notify(
        recipients=members_with_perm(case.organisation, "cases.approve_case"),
        organisation=case.organisation,
        kind=choices.NotificationKind.APPROVAL_WAITING,
        case=case,
    )
    return approval


@transaction.atomic
def case_approve(*, approval: ApprovalRequest, by, approve: bool = True) -> ApprovalRequest:
    """A manager approves (closure done, transfer sent) or rejects a waiting closure or transfer."""
    from cases.services.closure import case_close_approved
    from cases.services.referrals import referral_send

    case = approval.case
    require_perm(by, "cases.approve_case", case)
    # unscoped: re-read and lock the approval the caller was given (already in scope).
    approval = ApprovalRequest.unscoped.select_for_update().get(pk=approval.pk)
    if approval.status != choices.ApprovalStatus.PENDING:
        raise ValidationError({"__all__": _("This request was already decided.")}, code="decided")
    approval.status = choices.ApprovalStatus.APPROVED if approve else choices.ApprovalStatus.REJECTED
    approval.decided_by = by
    approval.decided_at = timezone.now()
    approval.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        by=by,
        action="approval.approved" if approve else "approval.rejected",
        obj=case,
        details={"action": approval.action},
    )
    if approval.action == choices.ApprovalAction.CLOSE and approve:
        case_close_approved(approval=approval, by=by)
    elif approval.action == choices.ApprovalAction.TRANSFER and approval.referral is not None:
        referral_send(referral=approval.referral, by=by, approved=approve)
    return approval


@transaction.atomic
def case_reopen(*, case: Case, by, reason: str, stage: str = choices.Stage.ASSISTANCE) -> Case:
    require_perm(by, "cases.close_case", case)
    if not case.is_closed:
        raise ValidationError({"reason": _("The case is not closed.")}, code="open")
    if not reason.strip():
        raise ValidationError({"reason": _("Explain why the case is reopened.")}, code="required")
    if stage == choices.Stage.CLOSED or stage not in choices.Stage.values:
        raise ValidationError({"stage": _("Choose a working stage.")}, code="invalid_choice")
    case.stage = stage
    case.closed_on = None
    case.closure_reason = ""
    case.save(update_fields=["stage", "closed_on", "closure_reason", "updated_at"])
    # The written reason may name people: it is kept encrypted as a note, not in the audit entry.
    Note.objects.create(organisation_id=case.organisation_id, case=case, text=reason, author=by)
    audit_record(by=by, action="case.reopened", obj=case, details={"stage": stage})
    return case
