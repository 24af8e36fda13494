"""The network's victims beside the global CTDC dataset: the same breakdown of both, as shares (%).

The network's side is the ``victims_registered`` indicator's count for the reader's scope, the global side
the ``global_victims`` indicator's, both made by the indicators' own functions and, for a de-identified
reader, both protected as ``indicator_table`` protects them (``analytics.tables.suppress``). A share is
shown only where its figure and the total are both shown. "Citizens of Central Asia" keeps, on both
sides, the victims whose (first) citizenship is one of the five republics."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from analytics.filters import Filters
from analytics.indicators.victims import VICTIMS, case_dimension, registered_cases
from analytics.presentation import neutralise
from analytics.scope import AnalyticsScope
from analytics.tables import TOTAL, Table, suppress
from analytics.tabulate import tabulate
from exchange.indicators import GLOBAL_BREAKDOWNS, global_victims_of, global_victims_table

CENTRAL_ASIA = ("KZ", "KG", "TJ", "TM", "UZ")
COMPARED_BREAKDOWNS = GLOBAL_BREAKDOWNS


@dataclass(frozen=True)
class Side:
    """One figure of one side: as shown ("<5", "–" where hidden), its share in percent (None: hidden)."""

    shown: str
    value: int | None
    share: float | None

    @property
    def share_shown(self) -> str:
        return "–" if self.share is None else f"{number_format(self.share, 1)} %"


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    label: str
    network: Side
    world: Side


def network_table(*, scope: AnalyticsScope, by: str, central_asia: bool) -> Table:
    """Victims registered in the reader's scope (all years) by ``by``, protected for the reader."""
    filters = Filters()
    cases = registered_cases(scope=scope, filters=filters)
    if central_asia:
        cases = cases.filter(Q(victim__citizenship__0__in=CENTRAL_ASIA))
    table = tabulate(
        cases,
        title=_("Victims registered"),
        rows=case_dimension(by, filters=filters, date_path="registered_on"),
        unit=str(VICTIMS),
    )
    return _protected(table, scope)


def global_table(*, scope: AnalyticsScope, by: str, central_asia: bool) -> Table:
    """The global dataset's victims by ``by``, protected for the reader as the indicator is."""
    victims = global_victims_of(filters=Filters())
    if central_asia:
        victims = victims.filter(citizenship__in=CENTRAL_ASIA)
    return _protected(global_victims_table(victims, by=by), scope)


def _protected(table: Table, scope: AnalyticsScope) -> Table:
    return table if scope.record_level else suppress(table)


def _side(table: Table, key: str) -> Side:
    known = any(category.key == key for category in table.rows) or key == TOTAL
    if not known and table.threshold:
        # Not in the table: none counted, which a de-identified reader sees as a small figure ("<5").
        return Side(shown=f"<{table.threshold}", value=None, share=None)
    if not known:
        return Side(shown="0", value=0, share=0.0 if table.total else None)
    hidden = table.is_hidden(key) or table.is_hidden(TOTAL)
    value = None if table.is_hidden(key) else table.value(key)
    share = None if hidden or not table.total else round(100 * table.value(key) / table.total, 1)
    return Side(shown=table.shown(key), value=value, share=share)


def comparison_rows(network: Table, world: Table) -> list[ComparisonRow]:
    """One row per category of either table (the network's first, in its order), then the totals."""
    labels = {category.key: category.label for category in [*world.rows, *network.rows]}
    keys = [category.key for category in network.rows]
    keys += [category.key for category in world.rows if category.key not in keys]
    rows = [ComparisonRow(key, labels[key], _side(network, key), _side(world, key)) for key in keys]
    rows.append(ComparisonRow(TOTAL, _("Total"), _side(network, TOTAL), _side(world, TOTAL)))
    return rows


def comparison_csv_rows(rows: list[ComparisonRow], *, breakdown: str) -> list[list]:
    """The comparison as CSV rows: figures as shown where hidden, shares empty where hidden."""
    header = [
        breakdown,
        _("Network: victims"),
        _("Network: share, %"),
        _("Global CTDC: victims"),
        _("Global CTDC: share, %"),
    ]
    body = []
    for row in rows:
        cells = [row.label]
        for side in (row.network, row.world):
            cells += [
                side.shown if side.value is None else side.value,
                "" if side.share is None else side.share,
            ]
        body.append(cells)
    return [[neutralise(cell) for cell in row] for row in [header, *body]]
