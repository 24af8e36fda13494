"""Small-cell protection: which figures of a table a reader without record-level access may not see.

The rule (docs/small-cells.md): every figure below the threshold, margins and zeros included, is hidden
as primary ("<5"); then further figures are hidden as complementary ("–") until no hidden figure can be
worked out from the shown ones.

What a reader can work out from a table is its equations and its bounds:

- Along an exclusive axis the categories add up to the margin: each row's cells to its row total when the
  columns are exclusive, each column's cells to its column total when the rows are, and the margins to
  the grand total in the same way. Along a non-exclusive axis (a victim in two forms of exploitation is in
  two rows) there is no equation, only that a category's figure is at most its margin (and a unit may be in
  no category, so the categories need not reach the margin either).
- Every figure is a non-negative count; "<5" says the figure is below the threshold, "–" that it is not
  (every figure below the threshold is hidden as primary).

The equations are those of a network: write the table with its margins as a grid whose margins are
negated, and every line of an exclusive axis sums to zero. A line is a node, a figure an edge between its
row's node and its column's node (lines without an equation are one "ground" node), and changing the
hidden figures without breaking any equation is a circulation on those edges. So a hidden figure has a
second possible value exactly when it lies on a cycle of the residual graph: the arcs along which each
hidden figure can move by one within its bounds. The integer circulations decompose into such unit
cycles, so the check is exact for the equations and the bounds; the "at most its margin" inequalities of a
non-exclusive axis are kept by a conservative rule (a pair of figures within one of each other does not
move towards each other), which can only ask for more suppression, never less.

Complementary figures are chosen by the cheapest path that closes such a cycle, a shown figure costing
its value: the smallest figures go first, margins (large) last. Then every hidden figure is verified:
its certificate (the other completion its cycle gives) is checked on the figures themselves, every
exclusive line still adding up and every bound and marker still holding; a figure without one must at
least not be fixed by the equations, checked by exact linear algebra (is its unit vector in the row space
of the equations restricted to the hidden figures?). Should either check fail, every figure is hidden
(fail closed).

A threshold of 3 or more is assumed: with 2, two "<2" figures whose line adds up to 2 are both 1 however
the rest is hidden; then the figure is protected only against subtraction (the fall-back levels of
``closing_path``: first without the non-exclusive pairing rule, then without bounds at all).
"""

import heapq
from fractions import Fraction
from itertools import count

from analytics.tables import TOTAL, Hidden, Table

Position = tuple[str, str]
GROUND = ("ground",)


class _Grid:
    """The table's figures as edges of the network of its equations."""

    def __init__(self, table: Table, threshold):
        self.table = table
        self.threshold = threshold
        self.positions = table.positions()
        self.values = {position: table.value(*position) for position in self.positions}
        crosstab = table.is_crosstab
        # A row's line carries an equation when the columns add up (a one-way table's rows carry none);
        # a column's line when the rows add up (a one-way table's single column is its total).
        row_equations = crosstab and table.columns_exclusive
        column_equations = table.rows_exclusive
        self.ends: dict[Position, tuple] = {}
        self.sign: dict[Position, int] = {}
        for row, column in self.positions:
            start = ("row", row) if row_equations else GROUND
            end = ("column", column) if column_equations else GROUND
            self.ends[(row, column)] = (start, end)
            # Margins are negated, so that every line with an equation sums to zero.
            margin = (row == TOTAL) != (column == TOTAL)
            self.sign[(row, column)] = -1 if margin else 1
        # A category of a non-exclusive axis is at most its margin: (small, big) pairs.
        self.bounded_by: list[tuple[Position, Position]] = []
        row_keys = [category.key for category in table.rows]
        column_keys = [category.key for category in table.columns] + [TOTAL]
        if not table.rows_exclusive:
            self.bounded_by += [
                ((row, column), (TOTAL, column)) for column in column_keys for row in row_keys
            ]
        if crosstab and not table.columns_exclusive:
            self.bounded_by += [
                ((row, column), (row, TOTAL)) for row in [*row_keys, TOTAL] for column in column_keys[:-1]
            ]
        self.bigger: dict[Position, list[Position]] = {}
        self.smaller: dict[Position, list[Position]] = {}
        for small, big in self.bounded_by:
            self.bigger.setdefault(small, []).append(big)
            self.smaller.setdefault(big, []).append(small)
        self._graphs: dict = {}

    def is_small(self, position: Position) -> bool:
        return self.values[position] < self.threshold

    def can_move(self, position: Position, delta: int, hidden, *, coupled: bool = True) -> bool:
        """Whether the figure, hidden, could be ``delta`` (±1) off its value as far as a reader knows."""
        value = self.values[position]
        moved = value + delta
        if moved < 0:
            return False
        # "<5" says below the threshold, "–" that it is not.
        if self.is_small(position) != (moved < self.threshold):
            return False
        for big in self.bigger.get(position, ()):
            gap = self.values[big] - value
            if big not in hidden:
                if moved > self.values[big]:
                    return False
            elif coupled and delta > 0 and gap == 0:
                return False
        for small in self.smaller.get(position, ()):
            gap = value - self.values[small]
            if small not in hidden:
                if moved < self.values[small]:
                    return False
            elif coupled and delta < 0 and gap <= 1:
                return False
        return True

    def arcs(self, position: Position, hidden, *, level: int) -> list[tuple[tuple, tuple, int]]:
        """The residual arcs of a figure treated as hidden: (from, to, the change of its figure)."""
        start, end = self.ends[position]
        sign = self.sign[position]
        arcs = []
        for delta in (1, -1):
            if level == 2 or self.can_move(position, delta, hidden, coupled=level == 0):
                # A figure's flow runs from its row's node to its column's: +1 flow is a change of ``sign``.
                arcs.append((start, end, delta) if delta == sign else (end, start, delta))
        return arcs

    def certificate(self, position: Position, hidden) -> dict[Position, int] | None:
        """Another completion of the table, as the change of each hidden figure, in which ``position``
        differs: the proof that it cannot be worked out; None when none is found."""
        moves = self.closing_path(position, hidden, level=0, shown_allowed=False)
        return None if moves is None else dict(moves)

    def closing_path(self, position: Position, hidden, *, level: int, shown_allowed: bool):
        """The cheapest residual cycle through ``position``, as (figure, change) moves, ``position``'s
        own first; shown figures on it are to be hidden (a shown figure costs its value); None when
        there is none."""
        best = None
        for start, end, delta in self.arcs(position, hidden, level=level):
            if start == end:
                return [(position, delta)]
            graph = self._residual(hidden, level=level, shown_allowed=shown_allowed)
            found = self._cheapest_path(graph, end, start, position)
            if found is not None and (best is None or found[0] < best[0]):
                best = (found[0], [(position, delta), *found[1]])
        return None if best is None else best[1]

    def forget(self) -> None:
        """Drop the residual graphs: the hidden figures have changed."""
        self._graphs = {}

    def _residual(self, hidden, *, level: int, shown_allowed: bool):
        graphs = self._graphs
        key = (level, shown_allowed)
        if key not in graphs:
            graph: dict[tuple, list[tuple[tuple, object, Position, int]]] = {}
            for position in self.positions if shown_allowed else hidden:
                cost = 0 if position in hidden else self.values[position]
                for start, end, delta in self.arcs(position, hidden, level=level):
                    if start != end:
                        graph.setdefault(start, []).append((end, cost, position, delta))
            graphs[key] = graph
        return graphs[key]

    @staticmethod
    def _cheapest_path(graph, source, target, excluded: Position):
        """Dijkstra from ``source`` to ``target`` not through ``excluded``: ((cost, shown figures on
        it), [(figure, change), …])."""
        order = count()
        queue = [((0, 0), next(order), source)]
        reached_by: dict[tuple, tuple | None] = {source: None}
        best = {source: (0, 0)}
        settled = set()
        while queue:
            cost, _order, node = heapq.heappop(queue)
            if node in settled:
                continue
            if node == target:
                moves = []
                while reached_by[node] is not None:
                    node, position, delta = reached_by[node]
                    moves.append((position, delta))
                return cost, moves[::-1]
            settled.add(node)
            for following, step, position, delta in graph.get(node, ()):
                if following in settled or position == excluded:
                    continue
                added = (cost[0] + step, cost[1] + (step > 0))
                if following not in best or added < best[following]:
                    best[following] = added
                    reached_by[following] = (node, position, delta)
                    heapq.heappush(queue, (added, next(order), following))
        return None

    def is_completion(self, changes: dict[Position, int], hidden) -> bool:
        """Whether the figures changed by ``changes`` still agree with everything a reader knows: the
        shown figures, the markers, non-negative counts, the exclusive axes' sums and the non-exclusive
        axes' bounds. Checked on the figures themselves, independently of the graph; the table's own
        figures agree, so only what the changes touch is checked."""
        changed = {position: change for position, change in changes.items() if change}

        def figure(position: Position):
            return self.values[position] + changed.get(position, 0)

        lines: dict[tuple, int] = {}
        for position, change in changed.items():
            if position not in hidden or figure(position) < 0:
                return False
            if (figure(position) < self.threshold) != self.is_small(position):
                return False
            if any(figure(position) > figure(big) for big in self.bigger.get(position, ())):
                return False
            if any(figure(small) > figure(position) for small in self.smaller.get(position, ())):
                return False
            for node in self.ends[position]:
                if node != GROUND:
                    lines[node] = lines.get(node, 0) + self.sign[position] * change
        return all(total == 0 for total in lines.values())

    def equations(self, hidden) -> list[dict[Position, int]]:
        """Each equation's coefficients on the hidden figures (the shown ones are known numbers)."""
        lines: dict[tuple, dict[Position, int]] = {}
        for position in hidden:
            start, end = self.ends[position]
            for node in (start, end):
                if node != GROUND:
                    lines.setdefault(node, {})[position] = self.sign[position]
        return list(lines.values())


def determined_by_equations(equations: list[dict[Position, int]], unknowns: list[Position]) -> set[Position]:
    """The unknowns fixed by the equations alone: those whose unit vector lies in the row space of the
    system restricted to the unknowns (exact reduced row echelon form, rows kept sparse)."""
    index = {position: column for column, position in enumerate(unknowns)}
    rows = [
        {index[position]: coefficient for position, coefficient in equation.items() if coefficient}
        for equation in equations
    ]
    reduced: list[tuple[int, dict[int, int | Fraction]]] = []
    for column in range(len(unknowns)):
        pivot = next((row for row in rows if row.get(column)), None)
        if pivot is None:
            continue
        rows.remove(pivot)
        lead = pivot[column]
        # Exact throughout: integers while the leads are ±1 (as a table's equations keep them).
        pivot = {
            other: entry * lead if lead in (1, -1) else Fraction(entry) / lead
            for other, entry in pivot.items()
        }
        for row in [*rows, *(done for _column, done in reduced)]:
            factor = row.get(column)
            if factor:
                for other, entry in pivot.items():
                    updated = row.get(other, 0) - factor * entry
                    if updated:
                        row[other] = updated
                    else:
                        row.pop(other, None)
        reduced.append((column, pivot))
    pivots = {column for column, _row in reduced}
    # A pivot unknown is fixed when its row involves no free unknown: then it equals a known number.
    return {
        unknowns[column]
        for column, row in reduced
        if all(other in pivots for other in row if other != column)
    }


def suppression_pattern(table: Table, threshold) -> dict[Position, str]:
    """The hidden figures of ``table`` and why (``Hidden.*``), as described in the module docstring."""
    grid = _Grid(table, threshold)
    hidden = {position: Hidden.PRIMARY for position in grid.positions if grid.is_small(position)}
    if not hidden:
        return hidden
    order = {position: index for index, position in enumerate(grid.positions)}
    changed = True
    while changed:
        changed = False
        certificates = {}
        # The small figures first, then the complementary ones (they must not be worked out either).
        for position in sorted(hidden, key=lambda p: (hidden[p] != Hidden.PRIMARY, order[p])):
            certificates[position] = grid.certificate(position, hidden)
            if certificates[position] is not None:
                continue
            for level in (0, 1, 2):
                moves = grid.closing_path(position, hidden, level=level, shown_allowed=True)
                if moves is not None:
                    break
            for added, _change in moves or ():
                if added not in hidden:
                    hidden[added] = Hidden.COMPLEMENTARY
                    grid.forget()
                    changed = True
    # The last round changed nothing: its certificates stand for the final pattern.
    if not _verified(grid, hidden, certificates):
        for position in grid.positions:
            hidden.setdefault(position, Hidden.COMPLEMENTARY)
    return hidden


def _verified(grid: _Grid, hidden: dict[Position, str], certificates) -> bool:
    """Every hidden figure has a second possible value (its certificate, checked on the figures), or,
    where bounds leave none, is at least not fixed by the equations (exact linear algebra)."""
    uncertified = []
    for position in hidden:
        changes = certificates.get(position)
        if changes is None:
            uncertified.append(position)
        elif not (changes.get(position) and grid.is_completion(changes, hidden)):
            return False
    if not uncertified:
        return True
    unknowns = [position for position in grid.positions if position in hidden]
    return not determined_by_equations(grid.equations(hidden), unknowns) & set(uncertified)
