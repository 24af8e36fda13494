"""The guided intake: a draft case saved step by step (person, screening, experience, consent), then
registered. One path for the web's steps, the hotline's short intake and the API.

A draft is a case with ``is_draft`` set: it has its code from the start (so that it can be found and
continued), stays at the screening stage and lists the steps saved so far in ``intake_steps``.
Registering checks what a registered case needs, ends the draft and moves the case on to assistance.

Every function reports all the errors of what it was given at once (``Errors``), each under the intake's
own field name, so that a form or the API shows every one of them in one answer."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from cases.models import Case, TraffickingEvent, TraffickingExperience, Victim, choices
from cases.services.cases import (
    EXPERIENCE_FIELDS,
    SCREENING_FIELDS,
    VICTIM_FIELDS,
    case_register,
    case_stage_set,
    event_add,
    experience_update,
    screening_update,
    victim_update,
)
from cases.services.common import Errors, check_not_future, check_order, require_perm
from cases.services.consent import consent_current, consent_record

STEPS = choices.INTAKE_STEPS
CONSENT_PURPOSES = (
    choices.ConsentPurpose.ASSISTANCE,
    choices.ConsentPurpose.STATISTICS,
    choices.ConsentPurpose.FOLLOW_UP,
    choices.ConsentPurpose.PUBLICATION,
)
CONSENT_FIELDS = ("consent_method", *(f"consent_{purpose}" for purpose in CONSENT_PURPOSES))
# The places the intake asks for: one event of each type, each with the intake's names for its fields.
PLACES = {
    choices.EventType.RECRUITMENT: {"country": "origin_country", "region": "origin_region"},
    choices.EventType.TRANSIT: {"country": "transit_country"},
    choices.EventType.EXPLOITATION: {
        "country": "exploitation_country",
        "city": "exploitation_city",
        "started_on": "exploitation_started_on",
        "ended_on": "exploitation_ended_on",
    },
}
PLACE_FIELDS = tuple(name for names in PLACES.values() for name in names.values())
STEP_FIELDS = {
    "person": VICTIM_FIELDS,
    "screening": SCREENING_FIELDS,
    "experience": (*EXPERIENCE_FIELDS, *PLACE_FIELDS),
    "consent": CONSENT_FIELDS,
}
# What registering needs, by the intake's field names (the review links each to its step).
REGISTER_NEEDS = ("given_name", "family_name", "sex", "birth_date", "citizenship", "exploitation_types")


def intake_step_of(field: str) -> str:
    """The step of the intake that asks for ``field`` (the review for anything else)."""
    return next((step for step, names in STEP_FIELDS.items() if field in names), "review")


def _by_step(fields: dict) -> dict[str, dict]:
    unexpected = set(fields) - {name for names in STEP_FIELDS.values() for name in names}
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    return {
        step: {name: fields[name] for name in names if name in fields} for step, names in STEP_FIELDS.items()
    }


def _steps_saved(case: Case, steps) -> list[str]:
    saved = set(case.intake_steps) | set(steps)
    return [step for step in STEPS if step in saved]


@transaction.atomic
def intake_start(
    *,
    by,
    organisation,
    registered_on: datetime.date | None = None,
    dry_run: bool = False,
    **fields,
) -> Case:
    """Open a draft case with the intake's first step: the person (the victim's fields) and, for the
    hotline's short intake, how the person came (``referral_source``, ``referral_source_details``) and
    the trafficking indicators heard on the call (``indicators``, which an operator without
    ``cases.change_case`` could not save in the screening step).

    The names may be left out only by those who may open a case for an anonymous person (hotline
    operators). ``dry_run`` checks everything and saves nothing. PermissionDenied without
    ``cases.add_case`` in ``organisation``; ValidationError with every error at once."""
    require_perm(by, "cases.add_case", organisation)
    referral = {
        name: fields.pop(name)
        for name in ("referral_source", "referral_source_details", "indicators")
        if name in fields
    }
    person = _by_step(fields)["person"]
    case = case_register(by=by, organisation=organisation, registered_on=registered_on, **referral, **person)
    case.is_draft = True
    case.intake_steps = ["person"]
    case.save(update_fields=["is_draft", "intake_steps", "updated_at"])
    audit_record(by=by, action="case.intake_saved", obj=case, details={"steps": ["person"]})
    if dry_run:
        transaction.set_rollback(True)
    return case


def _places_set(*, case: Case, by, places: dict, errors: Errors) -> None:
    """The intake's places replace the draft's places of the same types (saving a step again edits them)."""
    started_on, ended_on = places.get("exploitation_started_on"), places.get("exploitation_ended_on")
    if (started_on or ended_on) and not places.get("exploitation_country"):
        errors.add(
            ValidationError(
                {"exploitation_country": _("Give the country where the person was exploited.")},
                code="required",
            )
        )
        # The dates are checked all the same (with a country, event_add checks them).
        with errors.collect():
            check_not_future("exploitation_started_on", started_on, timezone.localdate())
        with errors.collect():
            check_order("exploitation_started_on", started_on, "exploitation_ended_on", ended_on)
    for type, names in PLACES.items():
        if not any(name in places for name in names.values()):
            continue
        # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
        TraffickingEvent.unscoped.filter(case=case, type=type).delete()
        if places.get(names["country"]):
            event = {field: places[name] for field, name in names.items() if name in places}
            with errors.collect(dict(names), savepoint=True):
                event_add(case=case, by=by, type=type, **{k: v for k, v in event.items() if v is not None})


def _consents_record(*, case: Case, by, answers: dict, errors: Errors) -> None:
    """A new consent version for each purpose answered differently from the current one."""
    method = answers.get("consent_method") or choices.ConsentMethod.WRITTEN
    for purpose in CONSENT_PURPOSES:
        status = answers.get(f"consent_{purpose}")
        if not status:
            continue
        current = consent_current(case=case, purpose=purpose)
        if current is not None and (current.status, current.method) == (status, method):
            continue
        with errors.collect({"status": f"consent_{purpose}", "method": "consent_method"}, savepoint=True):
            consent_record(case=case, by=by, purpose=purpose, status=status, method=method)


@transaction.atomic
def intake_save(*, case: Case, by, steps=(), dry_run: bool = False, **fields) -> Case:
    """Save answers of any steps of the intake on a draft case, and mark ``steps`` (and the steps of
    the fields given) as saved: a step saved with nothing to say, like consent not asked yet, counts.

    Each section is written through its own service; the places of recruitment, transit and
    exploitation replace the draft's places of those types. ``dry_run`` checks everything and saves
    nothing. PermissionDenied without ``cases.change_case``; ValidationError with every error at once,
    under the intake's field names (also when the case is no longer a draft)."""
    require_perm(by, "cases.change_case", case)
    if not case.is_draft:
        raise ValidationError(
            {"__all__": _("This case is registered: change it on its own tabs.")}, code="registered"
        )
    unknown_steps = set(steps) - set(STEPS)
    if unknown_steps:
        raise TypeError(f"unknown steps: {sorted(unknown_steps)}")
    answers = _by_step(fields)
    errors = Errors()
    if answers["person"]:
        with errors.collect(savepoint=True):
            victim_update(case=case, by=by, **answers["person"])
    if answers["screening"]:
        with errors.collect(savepoint=True):
            screening_update(case=case, by=by, **answers["screening"])
    experience = {name: value for name, value in answers["experience"].items() if name in EXPERIENCE_FIELDS}
    if experience:
        with errors.collect(savepoint=True):
            experience_update(case=case, by=by, **experience)
    places = {name: value for name, value in answers["experience"].items() if name in PLACE_FIELDS}
    if places:
        _places_set(case=case, by=by, places=places, errors=errors)
    if answers["consent"]:
        _consents_record(case=case, by=by, answers=answers["consent"], errors=errors)
    errors.raise_any()
    saved = _steps_saved(case, [*steps, *(step for step, given in answers.items() if given)])
    if saved != case.intake_steps:
        case.intake_steps = saved
        case.save(update_fields=["intake_steps", "updated_at"])
    audit_record(by=by, action="case.intake_saved", obj=case, details={"steps": sorted(set(steps))})
    if dry_run:
        transaction.set_rollback(True)
    return case


def intake_missing(*, case: Case) -> dict[str, str]:
    """What the draft still lacks to be registered: the intake's field name → why it is needed."""
    required = _("Needed to register; save a draft to finish later.")
    # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
    victim = Victim.unscoped.get(case=case)
    # unscoped: as above.
    experience = TraffickingExperience.unscoped.filter(case=case).first()
    missing = {}
    for name in ("given_name", "family_name"):
        if not (getattr(victim, name) or "").strip():
            missing[name] = required
    if victim.sex == choices.Sex.UNKNOWN:
        missing["sex"] = required
    if victim.birth_date is None and victim.estimated_age is None:
        missing["birth_date"] = _("Give the birth date or an estimated age.")
    if not victim.citizenship:
        missing["citizenship"] = required
    if experience is None or not experience.exploitation_types:
        missing["exploitation_types"] = required
    assistance = consent_current(case=case, purpose=choices.ConsentPurpose.ASSISTANCE)
    if assistance is None:
        missing["consent_assistance"] = required
    elif assistance.status != choices.ConsentStatus.GIVEN:
        missing["consent_assistance"] = _("A case is registered only with consent to assistance.")
    return missing


@transaction.atomic
def intake_register(*, case: Case, by) -> Case:
    """Register a draft: it leaves the draft state and moves on from screening to assistance, keeping
    its code and registration date. Refused, with every missing answer at once, while the person's
    names, sex, birth date or age, citizenship, forms of exploitation or consent to assistance are missing.

    PermissionDenied without ``cases.change_case``; ValidationError naming the intake's fields."""
    require_perm(by, "cases.change_case", case)
    # unscoped: re-read and lock the case the caller was given (already in scope).
    case = Case.unscoped.select_for_update().get(pk=case.pk)
    if not case.is_draft:
        raise ValidationError({"__all__": _("This case is already registered.")}, code="registered")
    missing = intake_missing(case=case)
    if missing:
        raise ValidationError(missing, code="intake")
    case.is_draft = False
    case.save(update_fields=["is_draft", "updated_at"])
    audit_record(by=by, action="case.intake_registered", obj=case, details={"code": case.code})
    if case.stage == choices.Stage.SCREENING:
        case_stage_set(case=case, by=by, stage=choices.Stage.ASSISTANCE)
    return case


@transaction.atomic
def case_intake(
    *,
    by,
    organisation,
    register: bool = False,
    registered_on: datetime.date | None = None,
    **fields,
) -> Case:
    """The whole intake in one go (the API's create): a draft with every step's answers, registered
    when ``register``. In one transaction: any error leaves nothing saved.

    ``fields`` are the steps' fields (``STEP_FIELDS``) and the referral source. The errors come in
    rounds, each complete: the person's, then every other step's, then what registering lacks.
    PermissionDenied without ``cases.add_case`` (and ``cases.change_case`` for any later step or for
    registering); ValidationError naming the intake's fields."""
    person = {
        name: fields.pop(name)
        for name in (*VICTIM_FIELDS, "referral_source", "referral_source_details")
        if name in fields
    }
    if (register or fields) and not by.has_perm("cases.change_case", organisation):
        raise PermissionDenied
    case = intake_start(by=by, organisation=organisation, registered_on=registered_on, **person)
    if fields or register:
        intake_save(case=case, by=by, steps=STEPS if register else (), **fields)
    if register:
        case = intake_register(case=case, by=by)
    return case
