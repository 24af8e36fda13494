"""The shape every indicator returns: a table of figures with its margins, ready to be shown, charted,
suppressed and exported.

A one-way table has rows only (its figures are the row totals); a cross-tabulation has rows and columns.
``TOTAL`` stands for a margin: ``table.value(row, TOTAL)`` is the row's total, ``table.value(TOTAL, TOTAL)``
the table's. Margins are counted by the database, not added up: a victim exploited both for labour and
sexually is in two rows of "form of exploitation" and once in the total, so such rows are not
``rows_exclusive``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

TOTAL = "total"

Number = int | Decimal | float


class Hidden:
    """Why a figure is not shown: it is small (primary), or it would let one work a small one out."""

    PRIMARY = "primary"
    COMPLEMENTARY = "complementary"
    # A margin that would add up figures that cannot be added (costs in different currencies).
    NOT_ADDED = "not_added"


@dataclass(frozen=True)
class Category:
    key: str
    label: str


@dataclass
class Table:
    title: str
    rows: list[Category]
    columns: list[Category]
    cells: dict[tuple[str, str], Number]
    row_totals: dict[str, Number]
    column_totals: dict[str, Number]
    total: Number
    rows_exclusive: bool = True
    columns_exclusive: bool = True
    row_title: str = ""
    column_title: str = ""
    unit: str = ""
    # Positions (row key or TOTAL, column key or TOTAL) not shown, with why (Hidden.*).
    hidden: dict[tuple[str, str], str] = field(default_factory=dict)
    threshold: int = 0
    # What the figures are (``Measure.kind``): counts ("count"), sums ("sum") or means ("avg"). Small-cell
    # suppression is for counts; an indicator of means marks its own hidden cells.
    measure: str = "count"

    @property
    def is_crosstab(self) -> bool:
        return bool(self.columns)

    @property
    def is_empty(self) -> bool:
        return not self.total

    def value(self, row: str, column: str = TOTAL) -> Number:
        if row == TOTAL and column == TOTAL:
            return self.total
        if row == TOTAL:
            return self.column_totals.get(column, 0)
        if column == TOTAL:
            return self.row_totals.get(row, 0)
        return self.cells.get((row, column), 0)

    def shown(self, row: str, column: str = TOTAL) -> str:
        """The figure as a reader sees it: the number, "<5" for a small one, "–" for one hidden to protect
        a small one."""
        reason = self.hidden.get((row, column))
        if reason == Hidden.PRIMARY:
            return f"<{self.threshold}"
        if reason == Hidden.COMPLEMENTARY:
            return "–"
        if reason == Hidden.NOT_ADDED:
            return "…"
        return number_format(self.value(row, column), force_grouping=True)

    def is_hidden(self, row: str, column: str = TOTAL) -> bool:
        return (row, column) in self.hidden

    def shown_value(self, row: str, column: str = TOTAL) -> Number | None:
        """The figure for a chart or an export: None where it is hidden."""
        return None if self.is_hidden(row, column) else self.value(row, column)

    def positions(self) -> list[tuple[str, str]]:
        """Every figure's position, margins included."""
        row_keys = [row.key for row in self.rows] + [TOTAL]
        column_keys = [column.key for column in self.columns] + [TOTAL]
        return [(row, column) for row in row_keys for column in column_keys]


def small_cell_threshold() -> int:
    return settings.AMANAT_SMALL_CELL_THRESHOLD


def suppress(table: Table, *, threshold: int | None = None) -> Table:
    """Hide every figure below the threshold (primary) and enough others that no hidden figure can be
    worked out by subtracting shown ones (complementary), across rows, columns and totals.

    The rule and what it relies on are in ``analytics.suppression`` and docs/small-cells.md."""
    from analytics.suppression import suppression_pattern

    table.threshold = small_cell_threshold() if threshold is None else threshold
    if not table.total and not table.rows:
        # Nobody in the table: the page says "no data", which reveals nothing a zero would not.
        return table
    if table.measure != "count":
        # Sums, means and rates are not counts of people: a mean's indicator hides the means of too few
        # units itself (reintegration scores); sums (costs) and rates (occupancy) are shown.
        return table
    table.hidden = suppression_pattern(table, table.threshold)
    return table


def hide_means_of_few(means: Table, sizes: "Table | Callable[[str, str], int]") -> Table:
    """Hide each mean of ``means`` made of fewer units than the small-cell threshold, as a small count
    would be: a mean of one stay is that person's own figure. ``sizes`` gives the number of units behind
    the mean at each position: a table of counts with the same positions, or a function of (row, column).
    For readers without record-level access."""
    size_of = sizes.value if isinstance(sizes, Table) else sizes
    means.threshold = small_cell_threshold()
    for row, column in means.positions():
        if size_of(row, column) < means.threshold and means.value(row, column) is not None:
            means.hidden[(row, column)] = Hidden.PRIMARY
    return means


def no_data_message() -> str:
    return _("No data for the chosen period and filters.")
