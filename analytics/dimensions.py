"""What a figure can be broken down by, defined once for every indicator, filter, chart and report.

A dimension is counted in one of two ways:

- *group*: one stored value per counted unit, grouped by the database (sex, period, organisation…);
- *conditions*: a fixed list of categories, each with its own condition, counted with one conditional
  count per category: the items of a JSON list, where a victim may hold several (forms of exploitation,
  labour sectors: ``has_item``), or bands of a number (age bands).

Paths are written from a case; ``dimension.on("case__")`` re-roots one for a section's rows (services,
referrals, assessments), which reach their case through ``case``."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.db.models import F, FilteredRelation, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from cases.models import choices
from network.countries import country_name
from network.models import Organisation, Region

UNKNOWN = "unknown"
NOT_RECORDED = pgettext_lazy("figure", "Not recorded")

# CTDC's ageBroad bands (``../shared/reference/ctdc/columns.md``): key, lowest and highest age.
AGE_BANDS = (
    ("0-8", 0, 8),
    ("9-17", 9, 17),
    ("18-20", 18, 20),
    ("21-23", 21, 23),
    ("24-26", 24, 26),
    ("27-29", 27, 29),
    ("30-38", 30, 38),
    ("39-47", 39, 47),
    ("48+", 48, 200),
)


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    # ORM path (from a case) of the stored value (group) or of the JSON list (items).
    path: str = ""
    # Conditions: the category's condition from the prefix and its code; None for a group dimension.
    condition: Callable[[str, str], Q] | None = None
    # Each counted unit is in at most one category, so the categories add up to the total.
    exclusive: bool = True
    # (code, label) of the categories in display order; None: the values found, largest first.
    choices: Callable[[], list[tuple[str, str]]] | None = None
    # Labels of the values found (group dimensions whose values are not a fixed list).
    labels: Callable[[Iterable[str]], dict[str, str]] | None = None
    # The grouped expression from the prefix (None: F of the path).
    expression: Callable[[str], object] | None = None
    # Turns a stored value into a category key (str): a date into "2013-Q2", an id into "12".
    key_of: Callable[[object], str] = str
    # Annotations the path needs (a FilteredRelation), from the prefix.
    relations: Callable[[str], dict] | None = None
    # Values are sorted by key (periods), not by count.
    sorted_by_key: bool = False
    prefix: str = ""

    @property
    def by_conditions(self) -> bool:
        return self.condition is not None

    def on(self, prefix: str) -> "Dimension":
        return replace(self, prefix=prefix)

    @property
    def full_path(self) -> str:
        return f"{self.prefix}{self.path}"

    def prepare(self, queryset: QuerySet) -> QuerySet:
        relations = self.relations(self.prefix) if self.relations else {}
        return queryset.annotate(**relations) if relations else queryset

    def group_expression(self):
        return self.expression(self.prefix) if self.expression else F(self.full_path)

    def condition_of(self, code: str) -> Q:
        return self.condition(self.prefix, code)

    def category_key(self, value) -> str:
        return UNKNOWN if value in (None, "") else self.key_of(value)

    def category_labels(self, keys: Iterable[str]) -> dict[str, str]:
        keys = list(keys)
        if self.choices is not None:
            labels = {code: str(label) for code, label in self.choices()}
        elif self.labels is not None:
            labels = self.labels([key for key in keys if key != UNKNOWN])
        else:
            labels = {}
        labels.setdefault(UNKNOWN, str(NOT_RECORDED))
        return {key: labels.get(key, key) for key in keys}

    def ordered(self, counts: dict[str, object]) -> list[str]:
        """The categories to show: fixed choices in their order, found values largest first (periods in
        order); "not recorded" last; categories with no figure left out."""
        keys = [key for key, number in counts.items() if number]
        if self.choices is not None:
            order = {code: index for index, (code, _label) in enumerate(self.choices())}
            return sorted(keys, key=lambda key: order.get(key, len(order)))
        known = [key for key in keys if key != UNKNOWN]
        if self.sorted_by_key:
            known.sort()
        else:
            known.sort(key=lambda key: (-counts[key], key))
        return [*known, UNKNOWN] if UNKNOWN in keys else known

    def filter_q(self, code: str) -> Q:
        """Units in this category (a dashboard filter)."""
        if self.by_conditions:
            return self.condition_of(code)
        if code == UNKNOWN:
            return Q(**{f"{self.full_path}__isnull": True})
        return Q(**{self.full_path: code})


def _has_item(path: str):
    return lambda prefix, code: Q(**{f"{prefix}{path}__has_item": code})


def age_band_q(prefix: str, band: str) -> Q:
    """Victims of the band by their age at registration, or by their estimated age when that is missing."""
    recorded = f"{prefix}victim__age_at_registration"
    estimated = f"{prefix}victim__estimated_age"
    if band == UNKNOWN:
        return Q(**{f"{recorded}__isnull": True, f"{estimated}__isnull": True})
    for key, low, high in AGE_BANDS:
        if key == band:
            return Q(**{f"{recorded}__range": (low, high)}) | Q(
                **{f"{recorded}__isnull": True, f"{estimated}__range": (low, high)}
            )
    return Q(pk__in=[])


def _age_band_choices() -> list[tuple[str, str]]:
    return [(key, key.replace("-", "–")) for key, _low, _high in AGE_BANDS] + [(UNKNOWN, str(NOT_RECORDED))]


def _organisation_labels(keys: Iterable[str]) -> dict[str, str]:
    # Organisations are public reference data (the referral directory names them all).
    names = Organisation.objects.filter(pk__in=[int(key) for key in keys])
    return {str(organisation.pk): str(organisation) for organisation in names}


def _country_labels(keys: Iterable[str]) -> dict[str, str]:
    return {key: country_name(key) for key in keys}


def _region_labels(keys: Iterable[str]) -> dict[str, str]:
    return {region.code: region.name for region in Region.objects.filter(code__in=list(keys))}


def _border_choices() -> list[tuple[str, str]]:
    return [("False", str(_("Within the country"))), ("True", str(_("Across a border")))]


def _exploitation_place(prefix: str) -> dict:
    """The case's places of exploitation (its trafficking events of type exploitation), joined once."""
    return {
        "exploitation_place": FilteredRelation(
            f"{prefix}events", condition=Q(**{f"{prefix}events__type": choices.EventType.EXPLOITATION})
        )
    }


def _period(key: str, label, trunc, key_of) -> Callable[[str], Dimension]:
    def for_date(date_path: str) -> Dimension:
        return Dimension(
            key=key,
            label=label,
            path=date_path,
            expression=lambda prefix: trunc(f"{prefix}{date_path}"),
            key_of=key_of,
            sorted_by_key=True,
        )

    return for_date


def _quarter(day) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


PERIODS = {
    "year": _period("year", _("Year"), TruncYear, lambda day: str(day.year)),
    "quarter": _period("quarter", _("Quarter"), TruncQuarter, _quarter),
    "month": _period("month", _("Month"), TruncMonth, lambda day: f"{day.year}-{day.month:02d}"),
}


def period(granularity: str, date_path: str) -> Dimension:
    """Periods (year, quarter or month) of the date at ``date_path``."""
    return PERIODS[granularity](date_path)


def breakdown(key: str | None, *, dimensions: dict[str, Dimension], granularity: str, date_path: str):
    """The dimension ``key`` of an indicator's ``dimensions``, ``period`` over ``date_path`` (the date
    the indicator counts by), None for no breakdown: every indicator module resolves its keys here."""
    if key is None:
        return None
    if key == "period":
        return period(granularity, date_path)
    return dimensions[key]


ORGANISATION = Dimension(
    key="organisation",
    label=_("Organisation"),
    path="organisation_id",
    labels=_organisation_labels,
)
COUNTRY = Dimension(
    key="country",
    label=_("Country of the organisation"),
    path="organisation__country",
    labels=_country_labels,
)
SEX = Dimension(key="sex", label=_("Sex"), path="victim__sex", choices=lambda: choices.Sex.choices)
AGE_BAND = Dimension(key="age_band", label=_("Age band"), condition=age_band_q, choices=_age_band_choices)
CITIZENSHIP = Dimension(
    key="citizenship",
    label=_("Citizenship"),
    path="victim__citizenship__0",
    # KeyTextTransform, not KT: KT reads the first name of the path (the victim relation) as the JSON field.
    expression=lambda prefix: KeyTextTransform("0", f"{prefix}victim__citizenship"),
    labels=_country_labels,
)
EXPLOITATION = Dimension(
    key="exploitation",
    label=_("Form of exploitation"),
    path="experience__exploitation_types",
    condition=_has_item("experience__exploitation_types"),
    exclusive=False,
    choices=lambda: choices.Exploitation.choices,
)
LABOUR_SECTOR = Dimension(
    key="labour_sector",
    label=_("Labour sector"),
    path="experience__labour_sectors",
    condition=_has_item("experience__labour_sectors"),
    exclusive=False,
    choices=lambda: choices.Industry.choices,
)
BORDER = Dimension(
    key="border",
    label=_("Internal or cross-border"),
    path="experience__is_cross_border",
    choices=_border_choices,
)
EXPLOITATION_COUNTRY = Dimension(
    key="exploitation_country",
    label=_("Country of exploitation"),
    path="exploitation_place__country",
    expression=lambda prefix: F("exploitation_place__country"),
    relations=_exploitation_place,
    exclusive=False,
    labels=_country_labels,
)
EXPLOITATION_REGION = Dimension(
    key="exploitation_region",
    label=_("Region of exploitation"),
    path="exploitation_place__region_id",
    expression=lambda prefix: F("exploitation_place__region_id"),
    relations=_exploitation_place,
    exclusive=False,
    labels=_region_labels,
)

# The breakdowns of a victim count, by key (``period`` is added by each indicator with its own date).
CASE_DIMENSIONS = {
    dimension.key: dimension
    for dimension in (
        ORGANISATION,
        COUNTRY,
        SEX,
        AGE_BAND,
        CITIZENSHIP,
        EXPLOITATION,
        LABOUR_SECTOR,
        BORDER,
        EXPLOITATION_COUNTRY,
        EXPLOITATION_REGION,
    )
}
