"""Small-cell protection, proven on crafted tables: every figure below the threshold shows as "<5", and an
attacker who takes only the shown figures and solves the table's equations (written here, independently
of the implementation) finds at least two possible values for every hidden figure."""

import datetime
import random
import time

import pytest

from accounts.models import Membership
from analytics.filters import Filters
from analytics.indicators import indicator_table
from analytics.scope import analytics_scope
from analytics.suppression import determined_by_equations
from analytics.tables import TOTAL, Category, Hidden, Table, suppress
from cases.models import choices
from cases.tests.factories import CaseFactory, VictimFactory


def one_way(figures: dict[str, int], *, total: int | None = None, exclusive: bool = True) -> Table:
    return Table(
        title="crafted",
        rows=[Category(key, key) for key in figures],
        columns=[],
        cells={},
        row_totals=dict(figures),
        column_totals={},
        total=sum(figures.values()) if total is None else total,
        rows_exclusive=exclusive,
    )


def cross_tab(
    cells: list[list[int]],
    *,
    row_totals: list[int] | None = None,
    column_totals: list[int] | None = None,
    total: int | None = None,
    rows_exclusive: bool = True,
    columns_exclusive: bool = True,
) -> Table:
    """A table of ``cells`` (rows r0, r1, … by columns c0, c1, …), margins added up unless given."""
    rows = [f"r{index}" for index in range(len(cells))]
    columns = [f"c{index}" for index in range(len(cells[0]))]
    row_totals = row_totals or [sum(line) for line in cells]
    column_totals = column_totals or [sum(line[j] for line in cells) for j in range(len(columns))]
    return Table(
        title="crafted",
        rows=[Category(key, key) for key in rows],
        columns=[Category(key, key) for key in columns],
        cells={(row, column): cells[i][j] for i, row in enumerate(rows) for j, column in enumerate(columns)},
        row_totals=dict(zip(rows, row_totals, strict=True)),
        column_totals=dict(zip(columns, column_totals, strict=True)),
        total=(sum(row_totals) if rows_exclusive else sum(column_totals)) if total is None else total,
        rows_exclusive=rows_exclusive,
        columns_exclusive=columns_exclusive,
    )


# --- The attacker: only the shown figures, the markers and the table's equations ----------------------


def attacker_equations(table: Table) -> tuple[list[list[tuple[str, str]]], list[tuple[tuple, tuple]]]:
    """What the reader of a table knows of it, from the table's definition alone: lines that add up to
    their margin ([parts..., margin]) and figures bounded by their margin (small, big)."""
    row_keys = [row.key for row in table.rows]
    column_keys = [column.key for column in table.columns]
    sums, bounded = [], []
    if not table.is_crosstab:
        if table.rows_exclusive:
            sums.append([(row, TOTAL) for row in row_keys] + [(TOTAL, TOTAL)])
        else:
            bounded += [((row, TOTAL), (TOTAL, TOTAL)) for row in row_keys]
        return sums, bounded
    for column in [*column_keys, TOTAL]:
        if table.rows_exclusive:
            sums.append([(row, column) for row in row_keys] + [(TOTAL, column)])
        else:
            bounded += [((row, column), (TOTAL, column)) for row in row_keys]
    for row in [*row_keys, TOTAL]:
        if table.columns_exclusive:
            sums.append([(row, column) for column in column_keys] + [(row, TOTAL)])
        else:
            bounded += [((row, column), (row, TOTAL)) for column in column_keys]
    return sums, bounded


def _narrow(domains, sums, bounded) -> bool:
    """Interval propagation to a fixed point; False when some figure has no value left."""
    changed = True
    while changed:
        changed = False
        for line in sums:
            *parts, margin = line
            # sum(parts) - margin == 0: each term lies between the others' extremes.
            terms = [(position, 1) for position in parts] + [(margin, -1)]
            for position, sign in terms:
                others_low = sum(
                    (domains[p][0] if s > 0 else -domains[p][1]) for p, s in terms if p != position
                )
                others_high = sum(
                    (domains[p][1] if s > 0 else -domains[p][0]) for p, s in terms if p != position
                )
                low, high = (-others_high, -others_low) if sign > 0 else (others_low, others_high)
                new = (max(domains[position][0], low), min(domains[position][1], high))
                if new != domains[position]:
                    domains[position] = new
                    changed = True
        for small, big in bounded:
            new_small = (domains[small][0], min(domains[small][1], domains[big][1]))
            new_big = (max(domains[big][0], domains[small][0]), domains[big][1])
            if (new_small, new_big) != (domains[small], domains[big]):
                domains[small], domains[big] = new_small, new_big
                changed = True
        if any(low > high for low, high in domains.values()):
            return False
    return True


def _feasible(domains, sums, bounded) -> bool:
    domains = dict(domains)
    if not _narrow(domains, sums, bounded):
        return False
    open_ = [p for p, (low, high) in domains.items() if low < high]
    if not open_:
        return all(sum(domains[p][0] for p in line[:-1]) == domains[line[-1]][0] for line in sums) and all(
            domains[small][0] <= domains[big][0] for small, big in bounded
        )
    position = min(open_, key=lambda p: domains[p][1] - domains[p][0])
    low, high = domains[position]
    middle = (low + high) // 2
    halves = ((low, middle), (middle + 1, high))
    return any(_feasible({**domains, position: half}, sums, bounded) for half in halves)


def possible_values(table: Table, position: tuple[str, str]) -> set[int]:
    """Every value the hidden figure at ``position`` can take, given only what the table shows."""
    sums, bounded = attacker_equations(table)
    ceiling = 2 * table.total + table.threshold
    domains = {}
    for place in table.positions():
        reason = table.hidden.get(place)
        if reason is None:
            figure = table.value(*place)
            domains[place] = (figure, figure)
        elif reason == Hidden.PRIMARY:
            domains[place] = (0, table.threshold - 1)
        else:
            domains[place] = (table.threshold, ceiling)
    low, high = domains[position]
    return {
        value
        for value in range(low, high + 1)
        if _feasible({**domains, position: (value, value)}, sums, bounded)
    }


def assert_nothing_recoverable(table: Table) -> None:
    for position in table.positions():
        if table.value(*position) < table.threshold:
            assert table.hidden.get(position) == Hidden.PRIMARY, position
            assert table.shown(*position) == f"<{table.threshold}"
    for position, reason in table.hidden.items():
        values = possible_values(table, position)
        assert table.value(*position) in values, position
        assert len(values) >= 2, f"{position} ({reason}) can be worked out: {values}"


# --- Crafted tables ----------------------------------------------------------------------------------

CRAFTED = {
    "one small row, total shown": one_way({"a": 3, "b": 10, "c": 20}),
    "two small rows that would add up": one_way({"a": 4, "b": 10, "c": 4}),
    "a zero row": one_way({"a": 0, "b": 12, "c": 9}),
    "a small total": one_way({"a": 1, "b": 2}),
    "one small cell": cross_tab([[3, 10, 12], [8, 9, 15], [20, 6, 7]]),
    "small margins": cross_tab([[2, 1, 1], [10, 20, 30], [11, 6, 8]]),
    "a small column": cross_tab([[1, 9, 12], [2, 9, 15], [1, 9, 7]]),
    "zeros": cross_tab([[0, 10, 12], [8, 0, 15], [20, 6, 0]]),
    "small cells at the threshold's edge": cross_tab([[4, 5, 5], [5, 4, 5], [5, 5, 4]]),
    "everything small": cross_tab([[1, 0], [2, 1]]),
    "non-exclusive rows": cross_tab(
        [[3, 12, 7], [9, 2, 8], [10, 9, 3]],
        column_totals=[18, 19, 14],
        rows_exclusive=False,
    ),
    "non-exclusive one way": one_way({"labour": 12, "sexual": 3, "domestic": 6}, total=18, exclusive=False),
    "non-exclusive, a category equal to its margin": cross_tab(
        [[2, 9], [2, 1]], column_totals=[2, 9], rows_exclusive=False
    ),
    "non-exclusive columns": cross_tab(
        [[3, 12, 7], [9, 2, 8], [10, 9, 3]], row_totals=[14, 12, 16], columns_exclusive=False
    ),
    "both axes non-exclusive": cross_tab(
        [[3, 12], [9, 2]],
        row_totals=[13, 10],
        column_totals=[11, 12],
        total=20,
        rows_exclusive=False,
        columns_exclusive=False,
    ),
}


@pytest.mark.parametrize("name", CRAFTED)
def test_no_hidden_figure_can_be_worked_out_from_the_shown_ones(name):
    table = suppress(CRAFTED[name], threshold=5)

    assert_nothing_recoverable(table)


def test_one_small_row_hides_a_second_row_not_the_total():
    table = suppress(one_way({"a": 3, "b": 10, "c": 20}), threshold=5)

    assert [table.shown(key) for key in ("a", "b", "c", TOTAL)] == ["<5", "–", "20", "33"]


def test_a_single_small_cell_hides_at_least_a_rectangle_with_its_margins_consistent():
    table = suppress(CRAFTED["one small cell"], threshold=5)

    hidden_cells = {position for position in table.hidden if TOTAL not in position}
    row_keys = [*(row.key for row in table.rows), TOTAL]
    columns = [*(column.key for column in table.columns), TOTAL]
    assert table.hidden[("r0", "c0")] == Hidden.PRIMARY
    assert len({row for row, _ in hidden_cells}) >= 2 and len({column for _, column in hidden_cells}) >= 2
    # No line (row or column, margins included) has a single hidden figure: none is a difference.
    for row in row_keys:
        assert len([column for column in columns if (row, column) in table.hidden]) != 1
    for column in columns:
        assert len([row for row in row_keys if (row, column) in table.hidden]) != 1
    assert table.shown(TOTAL) == "90"


def test_a_whole_small_row_is_protected_by_another_row():
    table = suppress(cross_tab([[1, 2, 1], [10, 20, 30], [11, 6, 8]]), threshold=5)

    assert {table.shown("r0", column) for column in ("c0", "c1", "c2", TOTAL)} == {"<5"}
    assert any(table.hidden.get(("r2", column)) == Hidden.COMPLEMENTARY for column in ("c0", "c1", "c2"))
    assert_nothing_recoverable(table)


def test_without_complementary_suppression_the_attacker_recovers_small_figures(monkeypatch):
    """The proof's control: primary suppression alone is not enough, and the attacker notices."""
    from analytics import suppression

    def primary_only(table, threshold):
        grid = suppression._Grid(table, threshold)
        return {position: Hidden.PRIMARY for position in grid.positions if grid.is_small(position)}

    monkeypatch.setattr(suppression, "suppression_pattern", primary_only)
    table = suppress(CRAFTED["one small cell"], threshold=5)

    with pytest.raises(AssertionError, match="can be worked out"):
        assert_nothing_recoverable(table)


def test_the_threshold_comes_from_the_setting(settings):
    settings.AMANAT_SMALL_CELL_THRESHOLD = 10
    table = suppress(one_way({"a": 7, "b": 12, "c": 30}))

    assert [table.shown(key) for key in ("a", "b", "c")] == ["<10", "–", "30"]
    assert_nothing_recoverable(table)


def test_a_table_of_large_figures_hides_nothing():
    table = suppress(cross_tab([[13, 10, 12], [8, 9, 15], [20, 6, 7]]), threshold=5)

    assert table.hidden == {}
    assert table.shown("r0", "c0") == "13"


@pytest.mark.parametrize("seed", range(40))
def test_random_small_tables_leave_nothing_recoverable(seed):
    generator = random.Random(seed)
    height, width = generator.choice([(2, 2), (2, 3), (3, 3), (3, 4)])
    figures = [0, 1, 2, 3, 4, 5, 6, 8, 11, 17]
    cells = [[generator.choice(figures) for _ in range(width)] for _ in range(height)]
    rows_exclusive, columns_exclusive = seed % 4 not in (0, 2), seed % 4 not in (1, 2)
    row_totals = column_totals = total = None
    # A unit in several categories is counted once in their margin: at least the largest of them.
    if not rows_exclusive:
        column_totals = [max(line[j] for line in cells) + generator.randint(0, 4) for j in range(width)]
    if not columns_exclusive:
        row_totals = [max(line) + generator.randint(0, 4) for line in cells]
    if not (rows_exclusive or columns_exclusive):
        total = max(*row_totals, *column_totals) + generator.randint(0, 4)
    table = suppress(
        cross_tab(
            cells,
            row_totals=row_totals,
            column_totals=column_totals,
            total=total,
            rows_exclusive=rows_exclusive,
            columns_exclusive=columns_exclusive,
        ),
        threshold=5,
    )

    assert_nothing_recoverable(table)


def test_a_twelve_by_ten_table_is_protected_in_milliseconds():
    generator = random.Random(12)
    cells = [[generator.choice([0, 2, 4, 7, 15, 40, 90]) for _ in range(10)] for _ in range(12)]
    started = time.perf_counter()
    table = suppress(cross_tab(cells), threshold=5)
    elapsed = time.perf_counter() - started

    assert elapsed < 0.25
    assert all(table.hidden[p] == Hidden.PRIMARY for p in table.positions() if table.value(*p) < 5)


def test_the_equations_alone_fix_a_lone_unknown_of_a_line_but_not_a_rectangle():
    row_a, row_b = {("a", "x"): 1, ("a", "y"): 1}, {("b", "x"): 1, ("b", "y"): 1}
    column_x, column_y = {("a", "x"): 1, ("b", "x"): 1}, {("a", "y"): 1, ("b", "y"): 1}
    rectangle = [("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")]

    assert determined_by_equations([row_a, row_b, column_x, column_y], rectangle) == set()
    assert determined_by_equations([row_a, {("a", "x"): 1}], rectangle[:2]) == set(rectangle[:2])
    assert determined_by_equations([{("a", "x"): 2, ("a", "y"): -3}], rectangle[:2]) == set()


# --- Through the indicators: who sees what ------------------------------------------------------------


def membership_of(user) -> Membership:
    return Membership.unscoped.get(user=user)


@pytest.mark.django_db
def test_a_coordinator_sees_small_figures_as_below_five_and_a_manager_sees_them_exactly(
    ngo, manager, coordinator
):
    for sex, number in ((choices.Sex.FEMALE, 6), (choices.Sex.MALE, 2)):
        for _ in range(number):
            case = CaseFactory(organisation=ngo, registered_on=datetime.date(2013, 3, 1))
            VictimFactory(case=case, organisation=ngo, sex=sex, age_at_registration=30)
    own = analytics_scope(user=manager, membership=membership_of(manager))
    country = analytics_scope(user=coordinator, membership=membership_of(coordinator))

    exact = indicator_table("victims_registered", scope=own, filters=Filters(), by="sex")
    protected = indicator_table("victims_registered", scope=country, filters=Filters(), by="sex")

    assert [exact.shown(key) for key in (choices.Sex.FEMALE, choices.Sex.MALE, TOTAL)] == ["6", "2", "8"]
    assert [protected.shown(key) for key in (choices.Sex.FEMALE, choices.Sex.MALE, TOTAL)] == ["–", "<5", "8"]
    assert protected.shown_value(choices.Sex.MALE) is None
