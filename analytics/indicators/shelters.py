"""Shelters: occupancy (bed-nights taken over bed-nights available), admissions and length of stay.

A stay fills its place from the day of admission up to the day before discharge (as the shelters'
own occupancy counts it): a stay from 1 to 4 March is three bed-nights, 1, 2 and 3 March. Every figure
is an aggregate of the database over the stays of the shelters of the organisations in scope
(``shelters.selectors``); the days between two dates are subtracted by the database too
(``shelters.selectors.stay_nights_in``)."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Min, Q, QuerySet, Sum
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from analytics.dimensions import AGE_BAND, COUNTRY, ORGANISATION, SEX, Dimension, period
from analytics.filters import Filters
from analytics.indicators import indicator
from analytics.scope import AnalyticsScope
from analytics.tables import Category, Table, hide_means_of_few
from analytics.tabulate import Measure, tabulate
from shelters import selectors as shelter_selectors

PLACE_DIMENSIONS = {"organisation": ORGANISATION, "country": COUNTRY}
OCCUPANCY_BREAKDOWNS = ("period", *PLACE_DIMENSIONS)
# A stay is a victim's: the victim's breakdowns apply to admissions and lengths of stay.
STAY_DIMENSIONS = {**PLACE_DIMENSIONS, "sex": SEX.on("case__"), "age_band": AGE_BAND.on("case__")}
STAY_BREAKDOWNS = ("period", *STAY_DIMENSIONS)
PERCENT_OF_BED_NIGHTS = _("percent of bed-nights")
STAYS = _("stays")
DAYS = _("days")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class MeanOf(Measure):
    """The mean of an expression (a length of stay), rounded to one decimal by the database."""

    expression: object = None
    kind: str = "avg"

    def aggregate(self, condition: Q | None = None):
        return Round(Avg(self.expression, filter=condition), 1)

    @property
    def additive(self) -> bool:
        return False


# Occupancy ------------------------------------------------------------------------------------------


def _period_key(granularity: str, day: datetime.date) -> str:
    if granularity == "month":
        return f"{day.year}-{day.month:02d}"
    if granularity == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def _period_end(granularity: str, day: datetime.date) -> datetime.date:
    """The last day of the year, quarter or month that starts on ``day``."""
    months = {"year": 12, "quarter": 3, "month": 1}[granularity]
    month = day.month - 1 + months
    following = datetime.date(day.year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _period_start(granularity: str, day: datetime.date) -> datetime.date:
    if granularity == "month":
        return day.replace(day=1)
    if granularity == "quarter":
        return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return datetime.date(day.year, 1, 1)


def periods_between(granularity: str, start: datetime.date, end: datetime.date) -> list[tuple]:
    """(key, first day, last day) of each year, quarter or month of ``start``–``end``, clipped to it."""
    periods = []
    day = _period_start(granularity, start)
    while day <= end:
        last = _period_end(granularity, day)
        periods.append((_period_key(granularity, day), max(day, start), min(last, end)))
        day = last + datetime.timedelta(days=1)
    return periods


def occupancy_bounds(*, stays: QuerySet, filters: Filters) -> tuple[datetime.date, datetime.date] | None:
    """The period's days: the filters', or from the first admission until today; None without any."""
    start = filters.date_from or stays.aggregate(first=Min("admitted_on"))["first"]
    end = filters.date_to or timezone.localdate()
    if start is None or start > end:
        return None
    return start, end


def _percent(nights: int, available: int) -> Decimal:
    return (Decimal(100 * nights) / Decimal(available)).quantize(TENTH, rounding=ROUND_HALF_UP)


@indicator(
    "shelter_occupancy",
    title=pgettext_lazy("indicator", "Shelter occupancy"),
    unit=PERCENT_OF_BED_NIGHTS,
    dimensions=OCCUPANCY_BREAKDOWNS,
)
def shelter_occupancy(
    *, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None
) -> Table:
    """Shelter occupancy: the bed-nights taken in the shelters of the organisations over the bed-nights
    available, in percent. Taken: each night a resident spent in the period (from the day of admission
    up to the day before discharge; every stay counts, since a bed is taken whoever sleeps in it).
    Available: each shelter's places (its capacity as recorded) times the days of the period, for the
    shelters active now or with a resident in the period. Without a chosen period: from the first
    admission until today. A place's figure, not a person's: the victim filters do not apply."""
    organisation_ids = filters.organisation_ids(scope)
    stays = shelter_selectors.stays_of(organisation_ids=organisation_ids)
    title = str(pgettext_lazy("indicator", "Shelter occupancy"))
    bounds = occupancy_bounds(stays=stays, filters=filters)
    axes = [key for key in (by, across) if key is not None]
    table = Table(
        title=title,
        rows=[],
        columns=[],
        cells={},
        row_totals={},
        column_totals={},
        total=0,
        # Percentages: no row or column adds up to a margin.
        rows_exclusive=False,
        columns_exclusive=False,
        row_title=str(_dimension_label(by, filters)),
        column_title=str(_dimension_label(across, filters)) if across else "",
        unit=str(PERCENT_OF_BED_NIGHTS),
        measure="rate",
    )
    if bounds is None:
        return table
    start, end = bounds
    periods = periods_between(filters.granularity, start, end) if "period" in axes else [("", start, end)]
    groups = [key for key in axes if key != "period"]
    paths = [PLACE_DIMENSIONS[key].path for key in groups]
    nights_by = {
        f"p{index}": Sum(
            shelter_selectors.stay_nights_in(first, last),
            filter=shelter_selectors.stays_overlapping(first, last),
        )
        for index, (_key, first, last) in enumerate(periods)
    }
    overlapping = stays.filter(shelter_selectors.stays_overlapping(start, end))
    if paths:
        night_rows = list(overlapping.values(*paths).annotate(**nights_by).order_by())
    else:
        night_rows = [overlapping.aggregate(**nights_by)]
    shelters = shelter_selectors.shelters_of(organisation_ids=organisation_ids, start=start, end=end)
    if paths:
        place_rows = list(shelters.values(*paths).annotate(places=Sum("capacity")).order_by())
    else:
        place_rows = [shelters.aggregate(places=Sum("capacity"))]

    def group_key(row) -> tuple:
        return tuple(
            PLACE_DIMENSIONS[key].category_key(row[path]) for key, path in zip(groups, paths, strict=True)
        )

    def position(group: tuple, period_key: str) -> tuple[str, str | None]:
        keys = dict(zip(groups, group, strict=True))
        keys["period"] = period_key
        return keys[by], (keys[across] if across else None)

    nights: dict[tuple, int] = {}
    available: dict[tuple, int] = {}
    for row in night_rows:
        for index, (key, _first, _last) in enumerate(periods):
            spot = position(group_key(row), key)
            nights[spot] = nights.get(spot, 0) + (row[f"p{index}"] or 0)
    for row in place_rows:
        for key, first, last in periods:
            spot = position(group_key(row), key)
            available[spot] = available.get(spot, 0) + (row["places"] or 0) * ((last - first).days + 1)
    return _ratio_table(table, nights=nights, available=available, by=by, across=across, filters=filters)


def _dimension_label(key: str | None, filters: Filters) -> str:
    if key is None:
        return ""
    if key == "period":
        return str(period(filters.granularity, "admitted_on").label)
    return str(PLACE_DIMENSIONS[key].label)


def _ratio_table(
    table: Table, *, nights: dict, available: dict, by: str, across: str | None, filters
) -> Table:
    """Fill ``table`` with the percent of each position, its margins from the sums of both terms."""

    def margin(index: int | None) -> tuple[dict, dict]:
        taken, places = {}, {}
        for spot, number in available.items():
            key = spot[index] if index is not None else ""
            places[key] = places.get(key, 0) + number
            taken[key] = taken.get(key, 0) + nights.get(spot, 0)
        return taken, places

    row_taken, row_places = margin(0)
    row_keys = _ordered(by, {key: number for key, number in row_places.items() if number}, filters)
    table.rows = _categories(by, row_keys)
    table.row_totals = {key: _percent(row_taken[key], row_places[key]) for key in row_keys}
    total_taken, total_places = margin(None)
    if total_places.get(""):
        table.total = _percent(total_taken[""], total_places[""])
    if across is None:
        return table
    column_taken, column_places = margin(1)
    column_keys = _ordered(across, {key: number for key, number in column_places.items() if number}, filters)
    table.columns = _categories(across, column_keys)
    table.column_totals = {key: _percent(column_taken[key], column_places[key]) for key in column_keys}
    table.cells = {
        (row, column): _percent(nights.get((row, column), 0), available[(row, column)])
        if available.get((row, column))
        else 0
        for row in row_keys
        for column in column_keys
    }
    return table


def _ordered(key: str, places: dict[str, int], filters: Filters) -> list[str]:
    """Periods in order; organisations and countries with the most places first."""
    if key == "period":
        return sorted(places)
    return PLACE_DIMENSIONS[key].ordered(places)


def _categories(key: str, keys: list[str]) -> list[Category]:
    if key == "period":
        return [Category(code, code) for code in keys]
    labels = PLACE_DIMENSIONS[key].category_labels(keys)
    return [Category(code, labels[code]) for code in keys]


# Admissions and length of stay ------------------------------------------------------------------------


def _stay_dimension(key: str | None, *, filters: Filters, date_path: str) -> Dimension | None:
    if key is None:
        return None
    if key == "period":
        return period(filters.granularity, date_path)
    return STAY_DIMENSIONS[key]


def counted_stays(*, scope: AnalyticsScope, filters: Filters) -> QuerySet:
    """The stays in scope of victims counted in statistics, of the chosen victims."""
    return shelter_selectors.statistics_stays_of(organisation_ids=filters.organisation_ids(scope)).filter(
        filters.victim_q("case__")
    )


@indicator(
    "shelter_admissions",
    title=pgettext_lazy("indicator", "Shelter admissions"),
    unit=STAYS,
    dimensions=STAY_BREAKDOWNS,
)
def shelter_admissions(
    *, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None
) -> Table:
    """Shelter admissions: stays that began in the period (by the day of admission) in the shelters of
    the organisations, of victims who may be counted in statistics; a victim admitted twice is counted
    twice. The victim filters (sex, age band, form of exploitation) apply."""
    stays = counted_stays(scope=scope, filters=filters).filter(filters.period_q("admitted_on"))
    return tabulate(
        stays,
        title=str(pgettext_lazy("indicator", "Shelter admissions")),
        rows=_stay_dimension(by, filters=filters, date_path="admitted_on"),
        columns=_stay_dimension(across, filters=filters, date_path="admitted_on"),
        unit=str(STAYS),
    )


@indicator(
    "shelter_stay_length",
    title=pgettext_lazy("indicator", "Mean length of stay in a shelter"),
    unit=DAYS,
    dimensions=STAY_BREAKDOWNS,
)
def shelter_stay_length(
    *, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None
) -> Table:
    """Mean length of stay: the mean number of nights (discharge day minus admission day) of the stays
    that ended in the period (by the day of discharge) in the shelters of the organisations, of victims
    who may be counted in statistics; stays still open are not counted. Each margin is the mean of its
    own stays, not a mean of means. The victim filters apply."""
    stays = counted_stays(scope=scope, filters=filters).filter(
        filters.period_q("discharged_on"), discharged_on__isnull=False
    )
    table = tabulate(
        stays,
        title=str(pgettext_lazy("indicator", "Mean length of stay in a shelter")),
        rows=_stay_dimension(by, filters=filters, date_path="discharged_on"),
        columns=_stay_dimension(across, filters=filters, date_path="discharged_on"),
        measure=MeanOf(expression=shelter_selectors.stay_length_days()),
        unit=str(DAYS),
    )
    # Means: no row or column adds up to a margin.
    table.rows_exclusive = table.columns_exclusive = False
    if not scope.record_level:
        counts = tabulate(
            stays,
            title="",
            rows=_stay_dimension(by, filters=filters, date_path="discharged_on"),
            columns=_stay_dimension(across, filters=filters, date_path="discharged_on"),
        )
        hide_means_of_few(table, counts)
    return table
