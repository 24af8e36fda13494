"""Competitions, their nominations and the nominations' rubrics.

A competition belongs to its organiser (an IOM office): only members holding ``awards.manage_competition``
there create and change it (PermissionDenied otherwise). Every function reports the errors of what it was
given under the field at fault (ValidationError; nothing saved) and writes its audit entry (field names,
no values). The rubric (criteria, weights, scale, descriptors) is frozen once a judge has opened a score
sheet of the competition: scores must keep meaning what they meant when given."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.backends import require_perm
from audit.services import audit_record
from awards.models import Competition, Consultation, Criterion, Nomination, ScoreSheet, choices
from network.countries import CENTRAL_ASIA
from network.models import Organisation

MANAGE = "awards.manage_competition"
COMPETITION_FIELDS = (
    "name_en",
    "name_ru",
    "description",
    "countries",
    "venue",
    "call_opens_on",
    "consultations_close_on",
    "submission_deadline",
    "judging_closes_on",
    "forum_starts_on",
    "forum_ends_on",
    "results_on",
    "figures_months",
    "judges_per_entry",
    "blind",
    "normalise",
    "spread_threshold_percent",
)
REQUIRED_FIELDS = (
    "name_en",
    "call_opens_on",
    "consultations_close_on",
    "submission_deadline",
    "judging_closes_on",
    "forum_starts_on",
    "forum_ends_on",
    "results_on",
)
NOMINATION_FIELDS = ("name_en", "name_ru", "description", "figure_sources", "scale_min", "scale_max", "order")
RUBRIC_FIELDS = ("scale_min", "scale_max")


class _Errors:
    def __init__(self):
        self.errors: dict[str, list] = {}

    def add(self, field: str, message, code: str) -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code))

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


# The timeline in order: each date may not come before the one it follows (< where strictly after).
_TIMELINE = (
    (
        "consultations_close_on",
        "call_opens_on",
        False,
        _("National consultations cannot close before the call opens."),
    ),
    (
        "submission_deadline",
        "consultations_close_on",
        True,
        _("The submission deadline must come after the national consultations close."),
    ),
    (
        "judging_closes_on",
        "submission_deadline",
        False,
        _("Judging cannot close before the submission deadline."),
    ),
    ("forum_starts_on", "judging_closes_on", False, _("The forum cannot start before judging closes.")),
    ("forum_ends_on", "forum_starts_on", False, _("The forum cannot end before it starts.")),
    ("results_on", "forum_starts_on", False, _("Results cannot be announced before the forum starts.")),
)


def _clean_competition(fields: dict, *, competition: Competition | None) -> dict:
    unexpected = set(fields) - set(COMPETITION_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    errors = _Errors()
    clean = dict(fields)

    def current(name):
        if name in clean:
            return clean[name]
        return getattr(competition, name) if competition is not None else None

    for name in ("name_en", "name_ru", "description", "venue"):
        if name in clean:
            clean[name] = (clean[name] or "").strip()
    for name in REQUIRED_FIELDS:
        if name in clean and clean[name] in (None, ""):
            errors.add(name, _("This field is required."), "required")
    if "countries" in clean:
        countries = list(dict.fromkeys(clean["countries"] or []))
        unknown = [code for code in countries if code not in CENTRAL_ASIA]
        if unknown:
            errors.add(
                "countries",
                _("Not a Central Asian republic: %(countries)s.")
                % {"countries": ", ".join(map(str, unknown))},
                "not_central_asia",
            )
        elif not countries:
            errors.add("countries", _("Choose at least one country."), "required")
        elif competition is not None:
            # unscoped: the consultations already held decide which countries must stay.
            held = set(
                Consultation.unscoped.filter(competition=competition).values_list("country", flat=True)
            )
            dropped = sorted(held - set(countries))
            if dropped:
                errors.add(
                    "countries",
                    _("A national consultation is already recorded for %(countries)s.")
                    % {"countries": ", ".join(dropped)},
                    "consultation_held",
                )
        clean["countries"] = [code for code in CENTRAL_ASIA if code in countries]
    if (
        "judges_per_entry" in clean
        and clean["judges_per_entry"] is not None
        and clean["judges_per_entry"] < 1
    ):
        errors.add("judges_per_entry", _("At least one judge scores each entry."), "too_few")
    if "spread_threshold_percent" in clean and not 0 < (clean["spread_threshold_percent"] or 0) <= 100:
        errors.add("spread_threshold_percent", _("Enter a percentage between 1 and 100."), "out_of_range")
    for later, earlier, strictly, message in _TIMELINE:
        if later in errors.errors or earlier in errors.errors:
            continue
        later_date, earlier_date = _as_date(current(later)), _as_date(current(earlier))
        if later_date is None or earlier_date is None:
            continue
        if later_date < earlier_date or (strictly and later_date == earlier_date):
            errors.add(later, message, "timeline")
    errors.raise_any()
    return clean


@transaction.atomic
def competition_create(
    *, by, organisation: Organisation, default_nominations: bool = True, **fields
) -> Competition:
    """A draft competition organised by ``organisation`` (where ``by`` manages competitions), with the
    seed's six nominations and the default rubric unless ``default_nominations`` is False."""
    require_perm(by, MANAGE, organisation)
    for required in REQUIRED_FIELDS:
        fields.setdefault(required, None)
    fields.setdefault("countries", list(CENTRAL_ASIA))
    clean = _clean_competition(fields, competition=None)
    competition = Competition.objects.create(organisation=organisation, created_by=by, **clean)
    if default_nominations:
        for order, (code, name_en, name_ru, sources) in enumerate(choices.DEFAULT_NOMINATIONS, start=1):
            nomination = Nomination.objects.create(
                organisation=organisation,
                competition=competition,
                code=code,
                name_en=name_en,
                name_ru=name_ru,
                figure_sources=[str(source) for source in sources],
                order=order,
            )
            _default_criteria(nomination)
    audit_record(
        by=by,
        action="competition.created",
        obj=competition,
        details={"competition": competition.pk, "default_nominations": default_nominations},
    )
    return competition


def _default_criteria(nomination: Nomination) -> None:
    descriptors = [{"en": en, "ru": ru} for en, ru in choices.DEFAULT_DESCRIPTORS]
    Criterion.objects.bulk_create(
        Criterion(
            nomination=nomination,
            code=code,
            name_en=name_en,
            name_ru=name_ru,
            weight=weight,
            descriptors=descriptors,
            order=order,
        )
        for order, (code, name_en, name_ru, weight) in enumerate(choices.DEFAULT_CRITERIA, start=1)
    )


@transaction.atomic
def competition_update(*, competition: Competition, by, **fields) -> Competition:
    """Change what is given (the timeline checked as a whole); the organiser's managers only."""
    require_perm(by, MANAGE, competition)
    # unscoped: lock the row the caller loaded through scope.
    competition = Competition.unscoped.select_for_update().get(pk=competition.pk)
    clean = _clean_competition(fields, competition=competition)
    changed = [name for name, value in clean.items() if getattr(competition, name) != value]
    for name in changed:
        setattr(competition, name, clean[name])
    if changed:
        competition.save(update_fields=changed)
        audit_record(
            by=by, action="competition.updated", obj=competition, details={"fields": sorted(changed)}
        )
    return competition


@transaction.atomic
def competition_publish(*, competition: Competition, by) -> Competition:
    """Open the call: every member of the network reads the competition from now on. Refused when it is
    published already, has no nomination, or a nomination has no criterion."""
    require_perm(by, MANAGE, competition)
    # unscoped: lock the row the caller loaded through scope.
    competition = Competition.unscoped.select_for_update().get(pk=competition.pk)
    if competition.published_at is not None:
        raise ValidationError(
            {"published_at": ValidationError(_("The call is already published."), code="published")}
        )
    # unscoped: the organiser's own nominations of the competition being published.
    nominations = Nomination.unscoped.filter(competition=competition)
    if not nominations.exists():
        raise ValidationError(
            {"nominations": ValidationError(_("Add at least one nomination first."), code="no_nominations")}
        )
    without = [str(nomination) for nomination in nominations.filter(criteria__isnull=True)]
    if without:
        raise ValidationError(
            {
                "nominations": ValidationError(
                    _("These nominations have no criteria yet: %(nominations)s.")
                    % {"nominations": "; ".join(without)},
                    code="no_criteria",
                )
            }
        )
    competition.published_at = timezone.now()
    competition.save(update_fields=["published_at"])
    audit_record(
        by=by, action="competition.published", obj=competition, details={"competition": competition.pk}
    )
    return competition


def rubric_locked(competition: Competition) -> bool:
    """Whether a judge has opened a score sheet of the competition (its rubric is then frozen)."""
    # unscoped: whether any sheet exists decides the lock, whoever may read the sheets.
    return ScoreSheet.unscoped.filter(assignment__competition=competition).exists()


def _refuse_if_locked(competition: Competition, field: str) -> None:
    if rubric_locked(competition):
        raise ValidationError(
            {
                field: ValidationError(
                    _("Judges have started scoring this competition: its rubric can no longer change."),
                    code="rubric_locked",
                )
            }
        )


def _clean_nomination(fields: dict, *, nomination: Nomination | None, errors: _Errors) -> dict:
    unexpected = set(fields) - set(NOMINATION_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    clean = dict(fields)
    for name in ("name_en", "name_ru", "description"):
        if name in clean:
            clean[name] = (clean[name] or "").strip()
    if "name_en" in clean and not clean["name_en"]:
        errors.add("name_en", _("This field is required."), "required")
    if "figure_sources" in clean:
        sources = list(dict.fromkeys(clean["figure_sources"] or []))
        unknown = [source for source in sources if source not in choices.FigureSource.values]
        if unknown:
            errors.add(
                "figure_sources",
                _("Unknown value: %(value)s.") % {"value": ", ".join(map(str, unknown))},
                "invalid_choice",
            )
        clean["figure_sources"] = [str(source) for source in sources]
    scale_min = clean.get("scale_min", nomination.scale_min if nomination else choices.DEFAULT_SCALE[0])
    scale_max = clean.get("scale_max", nomination.scale_max if nomination else choices.DEFAULT_SCALE[1])
    if scale_min is None or scale_max is None:
        errors.add("scale_max", _("Give the lowest and the highest score."), "required")
    elif scale_min < 0 or scale_max <= scale_min:
        errors.add("scale_max", _("The highest score must be above the lowest."), "scale")
    elif scale_max - scale_min > 20:
        errors.add("scale_max", _("A scale has at most 21 levels."), "scale")
    return clean


def _clean_criteria(criteria: list[dict], *, levels: int | None, errors: _Errors) -> list[dict]:
    """Each criterion: code (unique), name_en, name_ru, description, weight > 0, one descriptor per level."""
    clean, seen = [], set()
    if not criteria:
        errors.add("criteria", _("Give at least one criterion."), "required")
    for position, criterion in enumerate(criteria, start=1):
        name_en = (criterion.get("name_en") or "").strip()
        code = slugify(criterion.get("code") or name_en)[:40]
        label = name_en or code or str(position)
        if not name_en:
            errors.add(
                "criteria",
                _("Criterion %(position)s: give its name in English.") % {"position": position},
                "required",
            )
        if not code:
            errors.add(
                "criteria", _("Criterion %(position)s: give its code.") % {"position": position}, "required"
            )
        elif code in seen:
            errors.add(
                "criteria",
                _("Two criteria have the code “%(code)s”: codes must differ.") % {"code": code},
                "duplicate",
            )
        seen.add(code)
        try:
            weight = Decimal(str(criterion.get("weight")))
        except (InvalidOperation, ValueError):
            weight = None
        if weight is None or not weight.is_finite() or weight <= 0:
            errors.add(
                "criteria",
                _("Criterion “%(criterion)s”: the weight must be a number above zero.")
                % {"criterion": label},
                "weight",
            )
        elif weight >= 1000:
            errors.add(
                "criteria",
                _("Criterion “%(criterion)s”: the weight must be below 1000.") % {"criterion": label},
                "weight",
            )
        descriptors = [
            {"en": (item.get("en") or "").strip(), "ru": (item.get("ru") or "").strip()}
            for item in criterion.get("descriptors") or []
        ]
        if levels is not None and (len(descriptors) != levels or any(not item["en"] for item in descriptors)):
            errors.add(
                "criteria",
                _(
                    "Criterion “%(criterion)s”: give one descriptor in English per level of the scale "
                    "(%(levels)s), lowest first."
                )
                % {"criterion": label, "levels": levels},
                "descriptors",
            )
        clean.append(
            {
                "code": code,
                "name_en": name_en,
                "name_ru": (criterion.get("name_ru") or "").strip(),
                "description": (criterion.get("description") or "").strip(),
                "weight": weight,
                "descriptors": descriptors,
                "order": position,
            }
        )
    return clean


def _unique_code(competition: Competition, wanted: str) -> str:
    base = slugify(wanted)[:36] or "nomination"
    # unscoped: codes are unique within the competition, whoever reads its nominations.
    taken = set(Nomination.unscoped.filter(competition=competition).values_list("code", flat=True))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    return code


@transaction.atomic
def nomination_add(
    *, competition: Competition, by, code: str = "", criteria: list[dict] | None = None, **fields
) -> Nomination:
    """A nomination of ``competition`` with the given criteria, or the default rubric when none are given
    and the scale is the default one (another scale's criteria are set with ``criteria_set``)."""
    require_perm(by, MANAGE, competition)
    _refuse_if_locked(competition, "nominations")
    fields.setdefault("name_en", None)
    errors = _Errors()
    clean = _clean_nomination(fields, nomination=None, errors=errors)
    scale = (
        clean.get("scale_min", choices.DEFAULT_SCALE[0]),
        clean.get("scale_max", choices.DEFAULT_SCALE[1]),
    )
    levels = scale[1] - scale[0] + 1 if "scale_max" not in errors.errors else None
    clean_criteria = _clean_criteria(criteria, levels=levels, errors=errors) if criteria is not None else None
    errors.raise_any()
    if "order" not in clean:
        # unscoped: the next place after the competition's existing nominations.
        clean["order"] = Nomination.unscoped.filter(competition=competition).count() + 1
    nomination = Nomination.objects.create(
        organisation_id=competition.organisation_id,
        competition=competition,
        code=_unique_code(competition, code or clean["name_en"]),
        **clean,
    )
    if clean_criteria is not None:
        Criterion.objects.bulk_create(Criterion(nomination=nomination, **row) for row in clean_criteria)
    elif scale == choices.DEFAULT_SCALE:
        _default_criteria(nomination)
    audit_record(by=by, action="nomination.added", obj=nomination, details={"nomination": nomination.pk})
    return nomination


def _criteria_replace(nomination: Nomination, rows: list[dict]) -> None:
    existing = {criterion.code: criterion for criterion in nomination.criteria.all()}
    keep = []
    for row in rows:
        criterion = existing.get(row["code"])
        if criterion is None:
            criterion = Criterion.objects.create(nomination=nomination, **row)
        else:
            for name, value in row.items():
                setattr(criterion, name, value)
            criterion.save(update_fields=list(row))
        keep.append(criterion.pk)
    nomination.criteria.exclude(pk__in=keep).delete()


@transaction.atomic
def nomination_update(
    *, nomination: Nomination, by, criteria: list[dict] | None = None, **fields
) -> Nomination:
    """Change the names, description, figures cited and scale of a nomination, and with ``criteria`` its
    rubric in the same step (a new scale needs descriptors for its levels). Scale and criteria are refused
    once scoring has started; names and description may still be corrected."""
    require_perm(by, MANAGE, nomination)
    # unscoped: lock the row the caller loaded through scope.
    nomination = Nomination.unscoped.select_for_update().get(pk=nomination.pk)
    errors = _Errors()
    clean = _clean_nomination(fields, nomination=nomination, errors=errors)
    changed = [name for name, value in clean.items() if getattr(nomination, name) != value]
    rubric_changes = [name for name in changed if name in RUBRIC_FIELDS] or (
        ["criteria"] if criteria is not None else []
    )
    if rubric_changes:
        _refuse_if_locked(nomination.competition, rubric_changes[0])
    if "scale_max" not in errors.errors:
        levels = (
            clean.get("scale_max", nomination.scale_max) - clean.get("scale_min", nomination.scale_min) + 1
        )
        if criteria is not None:
            criteria = _clean_criteria(criteria, levels=levels, errors=errors)
        elif {"scale_min", "scale_max"} & set(changed) and any(
            len(criterion.descriptors) != levels for criterion in nomination.criteria.all()
        ):
            errors.add(
                "scale_max",
                _("The criteria describe another scale: change their descriptors with the scale."),
                "descriptors",
            )
    errors.raise_any()
    for name in changed:
        setattr(nomination, name, clean[name])
    if changed:
        nomination.save(update_fields=changed)
    if criteria is not None:
        _criteria_replace(nomination, criteria)
        changed.append("criteria")
    if changed:
        audit_record(by=by, action="nomination.updated", obj=nomination, details={"fields": sorted(changed)})
    return nomination


@transaction.atomic
def criteria_set(*, nomination: Nomination, by, criteria: list[dict]) -> Nomination:
    """Replace the nomination's criteria (matched by code, so unchanged ones keep their id)."""
    require_perm(by, MANAGE, nomination)
    _refuse_if_locked(nomination.competition, "criteria")
    errors = _Errors()
    rows = _clean_criteria(criteria, levels=nomination.scale_max - nomination.scale_min + 1, errors=errors)
    errors.raise_any()
    _criteria_replace(nomination, rows)
    audit_record(
        by=by,
        action="nomination.criteria_set",
        obj=nomination,
        details={"criteria": [row["code"] for row in rows]},
    )
    return nomination
