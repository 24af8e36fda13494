"""Routes: victims by where they were recruited (origin) and where they were exploited.

Counted: the victims of ``victims_registered`` (registered, counted cases of the organisations in scope,
registered in the period, of the chosen victims); one case is one victim.

- **Origin** of a victim: the place of the case's first recruitment event (trafficking event of type
  Recruitment, the earliest by its start date, undated ones last, then the first recorded); a case with
  no recruitment event falls back to the victim's home region (and its country), and without one to the
  victim's first citizenship (a country only). One origin per victim: the origin breakdowns add up.
- **Place of exploitation**: the place of each of the case's exploitation events (type Exploitation). A
  victim exploited in two places is counted in both, and once in the totals. No exploitation event:
  "not recorded".
- **By region**: in the five republics a place's region (its ISO 3166-2 code), elsewhere, or where no
  region is recorded, its country.
- **Internal** (``route``): the origin is known, and every exploitation event is in the origin country;
  **cross-border**: an exploitation event is in another country; "not recorded" otherwise.
- **Map areas** (``*_area``): the map feature that draws the region (``analytics.geo``).

The headline facts (``internal_share``, ``main_destinations``) read the indicator through
``indicator_table``, so that small-cell protection applies to them as to every figure."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from analytics import geo
from analytics.dimensions import EXPLOITATION_COUNTRY, UNKNOWN, Dimension, period
from analytics.filters import Filters
from analytics.indicators import indicator, indicator_table
from analytics.indicators.victims import VICTIMS, registered_cases
from analytics.scope import AnalyticsScope
from analytics.tables import TOTAL, Table
from analytics.tabulate import tabulate
from cases.models import TraffickingEvent, choices
from network.countries import country_name
from network.models import Region

INTERNAL = "internal"
CROSS_BORDER = "cross_border"


def _first_recruitment(prefix: str, value) -> Subquery:
    """``value`` (an expression over a trafficking event) of the case's first recruitment event."""
    # unscoped: correlated to the counted case (OuterRef), whose scope registered_cases has set.
    events = TraffickingEvent.unscoped.filter(
        case=OuterRef(f"{prefix}pk"), type=choices.EventType.RECRUITMENT
    ).order_by(F("started_on").asc(nulls_last=True), "pk")
    return Subquery(events.annotate(_place=value).values("_place")[:1], output_field=CharField())


def _origin(prefix: str, place) -> Coalesce:
    """The origin's value: ``place(country=, region=)`` of the first recruitment event, else of the
    victim's home region, else the victim's first citizenship."""
    home = f"{prefix}victim__home_region"
    return Coalesce(
        _first_recruitment(prefix, place(country="country", region="region")),
        place(country=f"{home}__country", region=home),
        # KT() would read the first segment of the path as the JSON field: the transform names it.
        KeyTextTransform("0", f"{prefix}victim__citizenship"),
        output_field=CharField(),
    )


def _country(*, country: str, region: str):
    return F(country)


def _place_labels(keys) -> dict[str, str]:
    """Labels of region codes (with a hyphen) and country codes; a republic's code means that no region
    was recorded."""
    keys = list(keys)
    labels = {region.code: region.name for region in Region.objects.filter(code__in=keys)}
    for key in keys:
        if key in geo.FIVE_REPUBLICS:
            labels[key] = str(_("%(country)s, region not recorded") % {"country": country_name(key)})
        elif key not in labels:
            labels[key] = country_name(key)
    return labels


def _area_labels(keys) -> dict[str, str]:
    """Labels of map features: the names of the regions each draws ("Almaty Region, Jetisu Region")."""
    keys = list(keys)
    names: dict[str, list[str]] = {}
    regions = Region.objects.filter(country__in=geo.FIVE_REPUBLICS)
    # The region the feature was drawn for first, then those drawn within it (no feature of their own).
    for region in sorted(regions, key=lambda region: (not region.map_code, region.code)):
        feature = geo.feature_of_region(region.code, region.map_code)
        names.setdefault(feature, []).append(region.name)
    return {key: ", ".join(names[key]) if key in names else country_name(key) for key in keys}


def _exploitation_place(prefix: str) -> dict:
    return EXPLOITATION_COUNTRY.relations(prefix)


def _route_annotations(prefix: str) -> dict:
    """The victim's origin country and whether every exploitation event is in it (``route_kind``)."""
    # unscoped: correlated to the counted case (OuterRef), whose scope registered_cases has set.
    exploited = TraffickingEvent.unscoped.filter(
        case=OuterRef(f"{prefix}pk"), type=choices.EventType.EXPLOITATION
    )
    return {
        "route_origin": _origin(prefix, _country),
        "route_kind": Case(
            When(Q(route_origin__isnull=True) | ~Q(Exists(exploited)), then=Value(None)),
            When(Exists(exploited.exclude(country=OuterRef("route_origin"))), then=Value(CROSS_BORDER)),
            default=Value(INTERNAL),
            output_field=CharField(),
        ),
    }


def _route_choices() -> list[tuple[str, str]]:
    return [
        (INTERNAL, str(_("Within their own country"))),
        (CROSS_BORDER, str(pgettext_lazy("route", "To another country"))),
        (UNKNOWN, str(pgettext_lazy("figure", "Not recorded"))),
    ]


ORIGIN_COUNTRY = Dimension(
    key="origin_country",
    label=_("Country of origin"),
    expression=lambda prefix: _origin(prefix, _country),
    labels=lambda keys: {key: country_name(key) for key in keys},
)
ORIGIN_REGION = Dimension(
    key="origin_region",
    label=_("Region of origin"),
    expression=lambda prefix: _origin(prefix, geo.region_key_expression),
    labels=_place_labels,
)
ORIGIN_AREA = Dimension(
    key="origin_area",
    label=_("Region of origin"),
    expression=lambda prefix: _origin(prefix, geo.feature_key_expression),
    labels=_area_labels,
)
EXPLOITATION_PLACE = Dimension(
    key="exploitation_place",
    label=_("Region of exploitation"),
    expression=lambda prefix: geo.region_key_expression(
        country="exploitation_place__country", region="exploitation_place__region"
    ),
    relations=_exploitation_place,
    exclusive=False,
    labels=_place_labels,
)
EXPLOITATION_AREA = Dimension(
    key="exploitation_area",
    label=_("Region of exploitation"),
    expression=lambda prefix: geo.feature_key_expression(
        country="exploitation_place__country", region="exploitation_place__region"
    ),
    relations=_exploitation_place,
    exclusive=False,
    labels=_area_labels,
)
ROUTE = Dimension(
    key="route",
    label=_("Internal or cross-border"),
    expression=lambda prefix: F("route_kind"),
    relations=_route_annotations,
    choices=_route_choices,
)

ROUTE_DIMENSIONS = {
    dimension.key: dimension
    for dimension in (
        ORIGIN_COUNTRY,
        ORIGIN_REGION,
        ORIGIN_AREA,
        EXPLOITATION_COUNTRY,
        EXPLOITATION_PLACE,
        EXPLOITATION_AREA,
        ROUTE,
    )
}
ROUTE_TITLE = pgettext_lazy("indicator", "Victims by origin and place of exploitation")


def route_dimension(key: str | None, *, filters: Filters) -> Dimension | None:
    if key is None:
        return None
    if key == "period":
        return period(filters.granularity, "registered_on")
    return ROUTE_DIMENSIONS[key]


@indicator(
    "routes",
    title=ROUTE_TITLE,
    unit=VICTIMS,
    dimensions=("period", *ROUTE_DIMENSIONS),
    default_by="origin_country",
)
def routes(*, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None) -> Table:
    """Victims by origin and place of exploitation: the victims registered in the period, by the place of
    their recruitment (else their home region, else their first citizenship) and by each place where they
    were exploited; in the five republics by region, elsewhere by country. A route is internal when every
    place of exploitation is in the country of origin, cross-border when one is in another country."""
    return tabulate(
        registered_cases(scope=scope, filters=filters),
        title=str(ROUTE_TITLE),
        rows=route_dimension(by, filters=filters),
        columns=route_dimension(across, filters=filters),
        unit=str(VICTIMS),
    )


def _percent(part, whole) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class InternalShare:
    """Victims exploited only within their own country, of those whose route is known."""

    internal: str  # as shown ("12", "<5")
    known: str
    percent: int | None  # None where a figure it is made of is hidden, or nothing is known
    # The country of origin with the most internal trafficking, where that figure is shown.
    leading_country: str = ""
    leading_internal: str = ""


def internal_share(*, scope: AnalyticsScope, filters: Filters) -> InternalShare:
    """The share of internal trafficking, and where most of it was, from the suppressed tables."""
    table = indicator_table("routes", scope=scope, filters=filters, by="route")
    internal, cross = table.value(INTERNAL), table.value(CROSS_BORDER)
    hidden = table.is_hidden(INTERNAL) or table.is_hidden(CROSS_BORDER)
    known = internal + cross
    by_country = indicator_table("routes", scope=scope, filters=filters, by="origin_country", across="route")
    shown = [
        row
        for row in by_country.rows
        if row.key != UNKNOWN
        and by_country.value(row.key, INTERNAL)
        and not by_country.is_hidden(row.key, INTERNAL)
    ]
    leading = max(shown, key=lambda row: by_country.value(row.key, INTERNAL), default=None)
    return InternalShare(
        internal=table.shown(INTERNAL),
        known="–" if hidden else number_format(known, force_grouping=True),
        percent=None if hidden else _percent(internal, known),
        leading_country=leading.label if leading else "",
        leading_internal=by_country.shown(leading.key, INTERNAL) if leading else "",
    )


@dataclass(frozen=True)
class Destination:
    key: str
    label: str
    shown: str
    percent: int | None  # of all victims counted


def main_destinations(*, scope: AnalyticsScope, filters: Filters, limit: int = 3) -> list[Destination]:
    """The countries of exploitation with the most victims, largest first: only figures shown to this
    reader take part (a hidden one is not ranked, which would tell its size)."""
    table = indicator_table("routes", scope=scope, filters=filters, by="exploitation_country")
    total_hidden = table.is_hidden(TOTAL)
    ranked = [row for row in table.rows if row.key != UNKNOWN and not table.is_hidden(row.key)]
    return [
        Destination(
            key=row.key,
            label=row.label,
            shown=table.shown(row.key),
            percent=None if total_hidden else _percent(table.value(row.key), table.total),
        )
        for row in ranked[:limit]
    ]
