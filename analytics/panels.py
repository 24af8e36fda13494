"""What the dashboard shows: its panels (an indicator, its breakdown and a kind of chart) and the headline
numbers above them, every figure read through ``indicator_table``.

Indicators are added by several modules; a panel whose indicator is not registered is left out, and a
breakdown the indicator has not falls back to its default, so the dashboard shows whatever has landed."""

import importlib
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from analytics import dimensions
from analytics.filters import Filters
from analytics.indicators import INDICATOR_MODULES, INDICATORS, Indicator, indicator_table
from analytics.scope import AnalyticsScope
from analytics.tables import TOTAL, Table


class Chart:
    BAR = "bar"
    # Horizontal bars: long category labels (countries, forms of exploitation) fit a phone's width.
    HBAR = "hbar"
    LINE = "line"
    PIE = "pie"
    STACKED = "stacked"


@dataclass(frozen=True)
class Panel:
    key: str
    by: str | None = None
    across: str | None = None
    chart: str = Chart.BAR
    title: object = None

    @property
    def indicator(self) -> Indicator:
        return INDICATORS[self.key]

    @property
    def heading(self) -> str:
        return str(self.title or self.indicator.title)

    @property
    def slug(self) -> str:
        return "-".join(part for part in (self.key, self.by, self.across) if part)


PANELS = (
    Panel("victims_assisted", "period", chart=Chart.LINE, title=_("Victims assisted by period")),
    Panel("victims_assisted", "sex", chart=Chart.PIE, title=_("Victims assisted by sex")),
    Panel(
        "victims_assisted", "age_band", "sex", chart=Chart.STACKED, title=_("Victims assisted by age band")
    ),
    Panel(
        "victims_assisted",
        "exploitation",
        chart=Chart.HBAR,
        title=_("Victims assisted by form of exploitation"),
    ),
    Panel(
        "victims_assisted",
        "exploitation_country",
        chart=Chart.HBAR,
        title=_("Victims assisted by country of exploitation"),
    ),
    Panel("victims_assisted", "border", chart=Chart.PIE, title=_("Internal and cross-border trafficking")),
    Panel("victims_assisted", "citizenship", chart=Chart.HBAR, title=_("Victims assisted by citizenship")),
    # Indicators of the other modules (issue 12): shown once they are registered.
    Panel("victims_served", "service_type", chart=Chart.HBAR),
    Panel("referrals_made", "receiving_country", chart=Chart.HBAR),
    Panel("referrals_completed", "period", chart=Chart.BAR),
    Panel("reintegration_scores", "period", chart=Chart.BAR),
    Panel("root_causes", "economic_situation", "exploitation", chart=Chart.STACKED),
    Panel("hotline_contacts", "topic", chart=Chart.HBAR),
    Panel("shelter_occupancy", "period", chart=Chart.LINE),
    Panel("campaign_people_reached", "channel", chart=Chart.BAR),
    Panel("award_winners", "nomination", chart=Chart.HBAR),
)


def dashboard_panels() -> list[Panel]:
    """The panels whose indicator is registered, each breakdown one the indicator has."""
    shown = []
    for panel in PANELS:
        if panel.key not in INDICATORS:
            continue
        indicator = INDICATORS[panel.key]
        by = panel.by if panel.by in indicator.dimensions else indicator.default_by
        across = panel.across if panel.across in indicator.dimensions and panel.across != by else None
        shown.append(Panel(panel.key, by, across, chart=panel.chart, title=panel.title))
    return shown


class TableReader:
    """Reads each (indicator, by, across) once per page: a headline and a panel may share a table."""

    def __init__(self, *, scope: AnalyticsScope, filters: Filters):
        self.scope, self.filters = scope, filters
        self.tables: dict[tuple[str, str | None, str | None], Table] = {}

    def table(self, key: str, by: str | None = None, across: str | None = None) -> Table:
        wanted = (key, by, across)
        if wanted not in self.tables:
            self.tables[wanted] = indicator_table(
                key, scope=self.scope, filters=self.filters, by=by, across=across
            )
        return self.tables[wanted]


@dataclass(frozen=True)
class Headline:
    label: str
    shown: str
    url: str


def indicator_url(
    key: str, *, query: dict, by: str | None = None, across: str | None = None, csv: bool = False
) -> str:
    """The indicator's page (or its CSV) with the chosen filters and breakdown."""
    url = reverse("analytics:indicator_csv" if csv else "analytics:indicator_detail", args=[key])
    params = {name: value for name, value in query.items() if value not in ("", None, [""], [])}
    params.update({name: value for name, value in (("by", by), ("across", across)) if value})
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def headlines(reader: TableReader, *, query: dict) -> list[Headline]:
    """Victims assisted, victims identified and the share of the assisted trafficked across a border."""
    found = []
    for key, label in (
        ("victims_assisted", pgettext_lazy("headline", "victims assisted")),
        ("victims_identified", pgettext_lazy("headline", "victims identified")),
    ):
        if key in INDICATORS:
            table = reader.table(key, "border")
            url = indicator_url(key, query=query, by="border")
            found.append(Headline(str(label), table.shown(TOTAL), url))
    if "victims_assisted" in INDICATORS:
        table = reader.table("victims_assisted", "border")
        found.append(
            Headline(
                str(_("of the victims assisted were trafficked across a border")),
                cross_border_share(table),
                indicator_url("victims_assisted", query=query, by="border"),
            )
        )
    return found


def cross_border_share(table: Table) -> str:
    """The cross-border row's share of the total, as a percentage; "–" when either is hidden or none."""
    crossed = "True"
    if table.is_hidden(crossed) or table.is_hidden(TOTAL) or not table.total:
        return "–"
    # A no-break space: the number and its sign stay on one line in the headline's narrow box.
    return f"{round(100 * table.value(crossed) / table.total)}\u00a0%"


def dimension_label(key: str) -> str:
    """The name of a breakdown for the picker: the dimension's own label wherever it is defined."""
    if key == "period":
        return str(pgettext_lazy("breakdown", "Period"))
    if key in dimensions.CASE_DIMENSIONS:
        return str(dimensions.CASE_DIMENSIONS[key].label)
    for value in vars(dimensions).values():
        if isinstance(value, dimensions.Dimension) and value.key == key:
            return str(value.label)
    # The indicator modules' own dimensions (service type, topic, the routes' places, the root causes…),
    # module-level or in a module's table of them: without them the picker showed the key, in English.
    for module in INDICATOR_MODULES:
        for value in vars(importlib.import_module(f"analytics.indicators.{module}")).values():
            found = value.get(key) if isinstance(value, dict) else value
            if isinstance(found, dimensions.Dimension) and found.key == key:
                return str(found.label)
    return key.replace("_", " ").capitalize()
