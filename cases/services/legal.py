"""Perpetrators and criminal proceedings of a case (its ``legal`` section).

Each function checks ``cases.change_case`` on the case, validates against the vocabularies, and writes
an audit entry naming the fields changed (never their values: names of perpetrators are personal data)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from cases.models import Case, CriminalProceeding, Perpetrator, choices
from cases.services.common import (
    check_choices,
    check_countries,
    check_not_future,
    check_order,
    require_perm,
    set_fields,
)

PERPETRATOR_FIELDS = (
    "roles",
    "role_details",
    "name",
    "aliases",
    "identifying_details",
    "perpetrator_organisation",
    "sex",
    "age",
    "citizenship",
    "relation_to_victim",
)
PROCEEDING_FIELDS = (
    "authority",
    "country",
    "reference",
    "opened_on",
    "stage",
    "outcome",
    "concluded_on",
    "victim_is_witness",
    "compensation_requested",
    "compensation_awarded",
    "compensation_amount",
    "compensation_currency",
    "notes",
)
MAX_AGE = 120


def _check_limits(model, fields: dict) -> None:
    for name, value in fields.items():
        limit = getattr(model._meta.get_field(name), "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            raise ValidationError(
                {name: _("Ensure this value has at most %(limit)d characters.") % {"limit": limit}},
                code="max_length",
            )


def _clean_perpetrator(fields: dict) -> dict:
    if "roles" in fields:
        fields["roles"] = check_choices("roles", fields["roles"], choices.PerpetratorRole.values)
    if "citizenship" in fields:
        fields["citizenship"] = check_countries("citizenship", fields["citizenship"])
    if "aliases" in fields:
        fields["aliases"] = [alias.strip() for alias in fields["aliases"] or [] if alias.strip()]
    if fields.get("sex"):
        check_choices("sex", [fields["sex"]], choices.Sex.values)
    if fields.get("relation_to_victim"):
        check_choices("relation_to_victim", [fields["relation_to_victim"]], choices.RecruiterRelation.values)
    if fields.get("age") is not None and not 0 <= fields["age"] <= MAX_AGE:
        raise ValidationError({"age": _("Enter an age between 0 and 120.")}, code="implausible")
    _check_limits(Perpetrator, fields)
    return fields


@transaction.atomic
def perpetrator_add(*, case: Case, by, **fields) -> Perpetrator:
    """Record a perpetrator as the victim describes them; PermissionDenied without ``cases.change_case``."""
    require_perm(by, "cases.change_case", case)
    perpetrator = Perpetrator(organisation_id=case.organisation_id, case=case, recorded_by=by)
    changed = set_fields(perpetrator, _clean_perpetrator(fields), PERPETRATOR_FIELDS)
    if not (perpetrator.roles or perpetrator.name or perpetrator.perpetrator_organisation):
        raise ValidationError(
            {"roles": _("Give the perpetrator's role, a name or the group they acted for.")}, code="required"
        )
    perpetrator.save()
    audit_record(
        by=by,
        action="perpetrator.added",
        obj=case,
        details={"perpetrator": perpetrator.pk, "fields": sorted(changed)},
    )
    return perpetrator


@transaction.atomic
def perpetrator_update(*, perpetrator: Perpetrator, by, **fields) -> Perpetrator:
    require_perm(by, "cases.change_case", perpetrator.case)
    # unscoped: re-read and lock the row the caller was given (already in scope).
    perpetrator = Perpetrator.unscoped.select_for_update().select_related("case").get(pk=perpetrator.pk)
    changed = set_fields(perpetrator, _clean_perpetrator(fields), PERPETRATOR_FIELDS)
    if changed:
        perpetrator.save(update_fields=changed)
        audit_record(
            by=by,
            action="perpetrator.updated",
            obj=perpetrator.case,
            details={"perpetrator": perpetrator.pk, "fields": sorted(changed)},
        )
    return perpetrator


def _clean_proceeding(fields: dict, current: CriminalProceeding) -> dict:
    for name, vocabulary in (("stage", choices.ProceedingStage), ("outcome", choices.ProceedingOutcome)):
        if fields.get(name):
            check_choices(name, [fields[name]], vocabulary.values)
    if fields.get("country"):
        fields["country"] = check_countries("country", [fields["country"]])[0]
    if fields.get("compensation_currency"):
        fields["compensation_currency"] = fields["compensation_currency"].upper()
    today = timezone.localdate()
    opened_on = fields.get("opened_on", current.opened_on)
    concluded_on = fields.get("concluded_on", current.concluded_on)
    check_not_future("opened_on", fields.get("opened_on"), today)
    check_not_future("concluded_on", fields.get("concluded_on"), today)
    check_order("opened_on", opened_on, "concluded_on", concluded_on)
    stage = fields.get("stage", current.stage)
    if fields.get("outcome") and stage != choices.ProceedingStage.CLOSED:
        raise ValidationError(
            {"outcome": _("An outcome is recorded when the proceeding has concluded.")}, code="not_concluded"
        )
    amount = fields.get("compensation_amount", current.compensation_amount)
    if amount is not None:
        if Decimal(amount) < 0:
            raise ValidationError(
                {"compensation_amount": _("The amount cannot be negative.")}, code="negative"
            )
        if not fields.get("compensation_awarded", current.compensation_awarded):
            raise ValidationError(
                {"compensation_amount": _("An amount is recorded only when compensation was awarded.")},
                code="not_awarded",
            )
        if not fields.get("compensation_currency", current.compensation_currency):
            raise ValidationError(
                {"compensation_currency": _("Give the currency of the amount.")}, code="required"
            )
    _check_limits(CriminalProceeding, fields)
    return fields


@transaction.atomic
def proceeding_add(*, case: Case, by, **fields) -> CriminalProceeding:
    """Record a criminal proceeding against the perpetrators (PermissionDenied without change_case)."""
    require_perm(by, "cases.change_case", case)
    proceeding = CriminalProceeding(organisation_id=case.organisation_id, case=case, recorded_by=by)
    changed = set_fields(proceeding, _clean_proceeding(fields, proceeding), PROCEEDING_FIELDS)
    proceeding.save()
    audit_record(
        by=by,
        action="proceeding.added",
        obj=case,
        details={"proceeding": proceeding.pk, "fields": sorted(changed)},
    )
    return proceeding


@transaction.atomic
def proceeding_update(*, proceeding: CriminalProceeding, by, **fields) -> CriminalProceeding:
    require_perm(by, "cases.change_case", proceeding.case)
    # unscoped: re-read and lock the row the caller was given (already in scope).
    proceeding = CriminalProceeding.unscoped.select_for_update().select_related("case").get(pk=proceeding.pk)
    changed = set_fields(proceeding, _clean_proceeding(fields, proceeding), PROCEEDING_FIELDS)
    if changed:
        proceeding.save(update_fields=changed)
        audit_record(
            by=by,
            action="proceeding.updated",
            obj=proceeding.case,
            details={"proceeding": proceeding.pk, "fields": sorted(changed), "stage": proceeding.stage},
        )
    return proceeding
