"""Services delivered, the reintegration plan, follow-ups after return and reintegration assessments."""

import datetime
from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from cases import reintegration
from cases.models import (
    Assessment,
    AssistanceService,
    Case,
    FollowUp,
    ReintegrationGoal,
    ReintegrationPlan,
    choices,
)
from cases.models.consent import consent_refuses
from cases.services.common import (
    add_months,
    check_choices,
    check_not_future,
    check_order,
    require_case_writer,
    require_perm,
    set_fields,
)
from cases.services.consent import consent_require_not_refused
from cases.services.notifications import case_notify
from network.models import Organisation

DEFAULT_FOLLOWUP_MONTHS = (1, 3, 6, 12)
PLAN_FIELDS = ("type", "objectives", "action_plan", "starts_on", "planned_end_date", "actual_end_date")


def _decimal(field: str, value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise ValidationError({field: _("Enter a number.")}, code="invalid") from None
    if not number.is_finite() or number < 0:
        raise ValidationError({field: _("Enter a number that is not negative.")}, code="invalid")
    return number


def _check_currency(currency: str, cost) -> str:
    currency = (currency or "").upper()
    if currency and pycountry.currencies.get(alpha_3=currency) is None:
        raise ValidationError({"currency": _("Unknown ISO 4217 currency code.")}, code="invalid_currency")
    if cost is not None and not currency:
        raise ValidationError({"currency": _("Give the currency of the cost.")}, code="required")
    return currency


@transaction.atomic
def service_record(
    *,
    case: Case,
    by,
    type: str,
    provider=None,
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    quantity=None,
    unit: str = "",
    cost=None,
    currency: str = "",
    programme=None,
    notes: str = "",
) -> AssistanceService:
    """Record a service delivered to the victim (by default by the recording organisation): the case's
    owner, or an organisation that accepted a referral of the case sharing its services."""
    organisation_id = require_case_writer(by, "cases.add_service", case, choices.Section.SERVICES)
    consent_require_not_refused(case=case, purpose=choices.ConsentPurpose.ASSISTANCE)
    check_choices("type", [type], choices.ServiceType.values)
    started_on = started_on or timezone.localdate()
    check_not_future("started_on", started_on, timezone.localdate())
    check_order("started_on", started_on, "ended_on", ended_on)
    quantity, cost = _decimal("quantity", quantity), _decimal("cost", cost)
    currency = _check_currency(currency, cost)
    service = AssistanceService.objects.create(
        organisation_id=organisation_id,
        case=case,
        type=type,
        provider=provider or Organisation.objects.get(pk=organisation_id),
        started_on=started_on,
        ended_on=ended_on,
        quantity=quantity,
        unit=unit,
        cost=cost,
        currency=currency,
        programme=programme,
        notes=notes,
        recorded_by=by,
    )
    audit_record(
        by=by,
        action="service.recorded",
        obj=case,
        organisation=service.organisation,
        details={"service": service.pk, "type": type},
    )
    return service


@transaction.atomic
def service_update(*, service: AssistanceService, by, **fields) -> AssistanceService:
    require_perm(by, "cases.change_service", service)
    allowed = (
        "type",
        "provider",
        "started_on",
        "ended_on",
        "quantity",
        "unit",
        "cost",
        "currency",
        "programme",
        "notes",
    )
    if "type" in fields:
        check_choices("type", [fields["type"]], choices.ServiceType.values)
    check_order(
        "started_on",
        fields.get("started_on", service.started_on),
        "ended_on",
        fields.get("ended_on", service.ended_on),
    )
    for name in ("quantity", "cost"):
        if name in fields:
            fields[name] = _decimal(name, fields[name])
    if "currency" in fields or "cost" in fields:
        fields["currency"] = _check_currency(
            fields.get("currency", service.currency), fields.get("cost", service.cost)
        )
    changed = set_fields(service, fields, allowed)
    if changed:
        service.save(update_fields=changed)
        audit_record(by=by, action="service.updated", obj=service, details={"fields": sorted(changed)})
    return service


@transaction.atomic
def reintegration_plan_save(*, case: Case, by, **fields) -> ReintegrationPlan:
    """Create or change the case's reintegration (support) plan."""
    require_perm(by, "cases.change_case", case)
    if fields.get("type"):
        check_choices("type", [fields["type"]], choices.SupportPlanType.values)
    # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
    plan = ReintegrationPlan.unscoped.filter(case=case).first()
    created = plan is None
    if created:
        plan = ReintegrationPlan(organisation_id=case.organisation_id, case=case, created_by=by)
    changed = set_fields(plan, fields, PLAN_FIELDS)
    check_order("starts_on", plan.starts_on, "planned_end_date", plan.planned_end_date)
    check_order("starts_on", plan.starts_on, "actual_end_date", plan.actual_end_date)
    if created:
        plan.save()
    elif changed:
        plan.save(update_fields=changed)
    audit_record(
        by=by,
        action="plan.created" if created else "plan.updated",
        obj=case,
        details={"fields": sorted(changed)},
    )
    return plan


@transaction.atomic
def goal_add(
    *, case: Case, by, dimension: str, description: str, target_date: datetime.date | None = None
) -> ReintegrationGoal:
    require_perm(by, "cases.change_case", case)
    check_choices("dimension", [dimension], choices.Dimension.values)
    if not description.strip():
        raise ValidationError({"description": _("Describe the goal.")}, code="required")
    # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
    plan = ReintegrationPlan.unscoped.filter(case=case).first() or reintegration_plan_save(case=case, by=by)
    goal = ReintegrationGoal.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        plan=plan,
        dimension=dimension,
        description=description,
        target_date=target_date,
    )
    audit_record(by=by, action="goal.added", obj=case, details={"goal": goal.pk, "dimension": dimension})
    return goal


def _goal_status_set(
    *, goal: ReintegrationGoal, by, status: str, on: datetime.date | None
) -> ReintegrationGoal:
    require_perm(by, "cases.change_case", goal)
    if goal.status != ReintegrationGoal.Status.OPEN:
        raise ValidationError(
            {"status": _("This goal is no longer open: it was achieved or dropped.")}, code="not_open"
        )
    on = on or timezone.localdate()
    check_not_future("status_changed_on", on, timezone.localdate())
    goal.status, goal.status_changed_on, goal.status_changed_by = status, on, by
    goal.save(update_fields=["status", "status_changed_on", "status_changed_by"])
    audit_record(by=by, action=f"goal.{status}", obj=goal.case, details={"goal": goal.pk})
    return goal


@transaction.atomic
def goal_achieve(*, goal: ReintegrationGoal, by, on: datetime.date | None = None) -> ReintegrationGoal:
    """Mark an open goal achieved (today unless ``on``); ValidationError when it is no longer open."""
    return _goal_status_set(goal=goal, by=by, status=ReintegrationGoal.Status.ACHIEVED, on=on)


@transaction.atomic
def goal_drop(*, goal: ReintegrationGoal, by, on: datetime.date | None = None) -> ReintegrationGoal:
    """Drop an open goal (today unless ``on``); ValidationError when it is no longer open."""
    return _goal_status_set(goal=goal, by=by, status=ReintegrationGoal.Status.DROPPED, on=on)


@transaction.atomic
def followup_schedule(
    *,
    case: Case,
    by,
    return_date: datetime.date,
    months=DEFAULT_FOLLOWUP_MONTHS,
    assigned_to=None,
    replace_pending: bool = False,
) -> list[FollowUp]:
    """Set the date of return and schedule follow-ups that many months after it (default 1, 3, 6, 12).

    The new series adds to the pending follow-ups (none is scheduled twice on the same day) unless
    ``replace_pending`` says to cancel them; ones already done are always kept."""
    require_perm(by, "cases.change_followup", case)
    consent_require_not_refused(case=case, purpose=choices.ConsentPurpose.FOLLOW_UP)
    months = sorted({int(month) for month in months})
    if not months or months[0] < 0 or months[-1] > 60:
        raise ValidationError({"months": _("Give months between 0 and 60.")}, code="invalid")
    check_not_future("return_date", return_date, timezone.localdate() + datetime.timedelta(days=366))
    assigned_to = assigned_to or case.caseworker
    case.return_date = return_date
    case.save(update_fields=["return_date", "updated_at"])
    # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
    pending = FollowUp.unscoped.filter(case=case).pending()
    cancelled = pending.update(cancelled=True) if replace_pending else 0
    taken = set() if replace_pending else set(pending.values_list("due_on", flat=True))
    followups = FollowUp.objects.bulk_create(
        [
            FollowUp(
                organisation_id=case.organisation_id,
                case=case,
                due_on=add_months(return_date, month),
                months_after_return=month,
                assigned_to=assigned_to,
            )
            for month in months
            if add_months(return_date, month) not in taken
        ]
    )
    audit_record(
        by=by,
        action="followups.scheduled",
        obj=case,
        details={"months": months, "added": len(followups), "cancelled": cancelled},
    )
    return followups


@transaction.atomic
def followup_add(*, case: Case, by, due_on: datetime.date, assigned_to=None) -> FollowUp:
    """One follow-up contact on ``due_on``, by the case's owner or by an organisation that accepted a
    referral of the case sharing its reintegration (the row is that organisation's). Leaves every other
    follow-up as it is."""
    organisation_id = require_case_writer(by, "cases.change_followup", case, choices.Section.REINTEGRATION)
    consent_require_not_refused(case=case, purpose=choices.ConsentPurpose.FOLLOW_UP)
    if due_on is None:
        raise ValidationError({"due_on": _("Give the date of the follow-up.")}, code="required")
    assigned_to = assigned_to or by
    organisation = Organisation.objects.get(pk=organisation_id)
    if not assigned_to.has_perm("cases.change_followup", organisation):
        raise ValidationError({"assigned_to": _("This person cannot work on this case.")}, code="invalid")
    followup = FollowUp.objects.create(
        organisation_id=organisation_id, case=case, due_on=due_on, assigned_to=assigned_to
    )
    audit_record(
        by=by, action="followup.added", obj=case, organisation=organisation, details={"followup": followup.pk}
    )
    return followup


@transaction.atomic
def followup_update(
    *,
    followup: FollowUp,
    by,
    due_on: datetime.date | None = None,
    done_on: datetime.date | None = None,
    outcome: str | None = None,
    assigned_to=None,
    cancelled: bool | None = None,
) -> FollowUp:
    require_perm(by, "cases.change_followup", followup)
    check_not_future("done_on", done_on, timezone.localdate())
    if assigned_to is not None and not assigned_to.has_perm("cases.change_followup", followup):
        raise ValidationError({"assigned_to": _("This person cannot work on this case.")}, code="invalid")
    given = {
        "due_on": due_on,
        "done_on": done_on,
        "outcome": outcome,
        "cancelled": cancelled,
        "assigned_to": assigned_to,
    }
    changed = set_fields(followup, {name: value for name, value in given.items() if value is not None}, given)
    if changed:
        followup.save(update_fields=changed)
        audit_record(by=by, action="followup.updated", obj=followup, details={"fields": sorted(changed)})
    return followup


def followup_reminders_send(*, day: datetime.date | None = None) -> int:
    """Notify each caseworker once of each follow-up that is due (run daily by a task)."""
    day = day or timezone.localdate()
    # unscoped: a daily task across all organisations: there is no user to scope by.
    # No reminder to contact a victim who refused (or withdrew) follow-up contact.
    due = (
        FollowUp.unscoped.due(day)
        .filter(reminded_at__isnull=True, assigned_to__isnull=False)
        .filter(~consent_refuses(choices.ConsentPurpose.FOLLOW_UP, case_ref="case_id"))
    )
    sent = 0
    for followup in due.select_related("case", "assigned_to", "organisation"):
        with transaction.atomic():
            if (
                # unscoped: claim the follow-up this task is reminding of (a retry never reminds twice).
                FollowUp.unscoped.filter(pk=followup.pk, reminded_at__isnull=True).update(
                    reminded_at=timezone.now()
                )
                != 1
            ):
                continue
            case_notify(
                recipients=[followup.assigned_to],
                organisation=followup.organisation,
                kind=choices.NotificationKind.FOLLOWUP_DUE,
                case=followup.case,
            )
            sent += 1
    return sent


@transaction.atomic
def assessment_record(
    *,
    case: Case,
    by,
    answers: dict,
    assessed_on: datetime.date | None = None,
    followup: FollowUp | None = None,
    retrafficked: bool = False,
    notes: str = "",
) -> Assessment:
    """Record a Reintegration Sustainability Survey: one answer per indicator (``cases.reintegration``),
    scored 0–1 per dimension and as a composite. Recording it during a follow-up marks the follow-up done.

    A closed case can still be assessed: monitoring goes on after closure. ValidationError names the
    indicator whose answer is missing or outside its scale."""
    require_perm(by, "cases.add_assessment", case)
    answers = {code: _answer(value) for code, value in (answers or {}).items()}
    errors = reintegration.answer_errors(answers)
    if errors:
        raise ValidationError(
            {code: [ValidationError(message, code="invalid")] for code, message in errors.items()}
        )
    assessed_on = assessed_on or timezone.localdate()
    check_not_future("assessed_on", assessed_on, timezone.localdate())
    if followup is not None and followup.case_id != case.pk:
        raise ValidationError({"followup": _("This follow-up belongs to another case.")}, code="invalid")
    if followup is not None and followup.cancelled:
        raise ValidationError({"followup": _("This follow-up was cancelled.")}, code="cancelled")
    scores = reintegration.dimension_scores(answers)
    assessment = Assessment.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        followup=followup,
        assessed_on=assessed_on,
        answers=answers,
        composite=reintegration.composite_score(scores),
        retrafficked=retrafficked,
        assessed_by=by,
        notes=notes,
        **scores,
    )
    if followup is not None and followup.done_on is None:
        followup.done_on = assessed_on
        followup.save(update_fields=["done_on"])
    audit_record(
        by=by,
        action="assessment.recorded",
        obj=case,
        details={"assessment": assessment.pk, "retrafficked": retrafficked},
    )
    return assessment


def _answer(value):
    """An answer as its option code: integers (and their text, as a form posts them) become int."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return value
