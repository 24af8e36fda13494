"""Counts of a queryset by one or two dimensions, made by the database, with their margins.

Every figure is one aggregate query over the rows, never rows loaded into Python: a group dimension
is a GROUP BY, a dimension by conditions one conditional aggregate per category. A table costs up to four
queries (cells, row totals, column totals, the total); a one-way table two."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet, Sum

from analytics.dimensions import Dimension
from analytics.tables import Category, Table


@dataclass(frozen=True)
class Measure:
    """What is counted: distinct units (``Count(field, distinct=True)``), a sum of a field or its mean
    (``kind="avg"``: a category without any value has none, shown as 0 by ``tabulate``)."""

    field: str = "pk"
    kind: str = "count"
    label: str = ""

    def aggregate(self, condition: Q | None = None):
        if self.kind == "sum":
            return Sum(self.field, filter=condition)
        if self.kind == "avg":
            return Avg(self.field, filter=condition)
        return Count(self.field, distinct=True, filter=condition)

    @property
    def additive(self) -> bool:
        # Means of categories do not add up to the mean of their margin.
        return self.kind != "avg"


COUNT = Measure()


def _one_way(queryset: QuerySet, dimension: Dimension, measure: Measure) -> dict[str, object]:
    if dimension.by_conditions:
        codes = [code for code, _label in dimension.choices()]
        figures = queryset.aggregate(
            **{
                f"c{index}": measure.aggregate(dimension.condition_of(code))
                for index, code in enumerate(codes)
            }
        )
        return {code: figures[f"c{index}"] or 0 for index, code in enumerate(codes)}
    grouped = (
        dimension.prepare(queryset)
        .values(_category=dimension.group_expression())
        .annotate(_figure=measure.aggregate())
        .order_by()
    )
    counts: dict[str, object] = {}
    for row in grouped:
        key = dimension.category_key(row["_category"])
        counts[key] = counts.get(key, 0) + (row["_figure"] or 0)
    return counts


def _two_way(queryset: QuerySet, rows: Dimension, columns: Dimension, measure: Measure) -> dict:
    cells: dict[tuple[str, str], object] = {}
    if rows.by_conditions and columns.by_conditions:
        pairs = [(r, c) for r, _rl in rows.choices() for c, _cl in columns.choices()]
        figures = queryset.aggregate(
            **{
                f"c{index}": measure.aggregate(rows.condition_of(r) & columns.condition_of(c))
                for index, (r, c) in enumerate(pairs)
            }
        )
        return {pair: figures[f"c{index}"] or 0 for index, pair in enumerate(pairs)}
    if rows.by_conditions or columns.by_conditions:
        grouped_by, counted_by = (columns, rows) if rows.by_conditions else (rows, columns)
        codes = [code for code, _label in counted_by.choices()]
        grouped = (
            grouped_by.prepare(queryset)
            .values(_category=grouped_by.group_expression())
            .annotate(
                **{
                    f"c{index}": measure.aggregate(counted_by.condition_of(code))
                    for index, code in enumerate(codes)
                }
            )
            .order_by()
        )
        for row in grouped:
            group_key = grouped_by.category_key(row["_category"])
            for index, code in enumerate(codes):
                pair = (code, group_key) if rows.by_conditions else (group_key, code)
                cells[pair] = cells.get(pair, 0) + (row[f"c{index}"] or 0)
        return cells
    grouped = (
        columns.prepare(rows.prepare(queryset))
        .values(_row=rows.group_expression(), _column=columns.group_expression())
        .annotate(_figure=measure.aggregate())
        .order_by()
    )
    for row in grouped:
        pair = (rows.category_key(row["_row"]), columns.category_key(row["_column"]))
        cells[pair] = cells.get(pair, 0) + (row["_figure"] or 0)
    return cells


def tabulate(
    queryset: QuerySet,
    *,
    title: str,
    rows: Dimension,
    columns: Dimension | None = None,
    measure: Measure = COUNT,
    unit: str = "",
) -> Table:
    """The table of ``measure`` over ``queryset`` by ``rows`` (and ``columns``), margins included."""
    row_totals = _one_way(queryset, rows, measure)
    total = queryset.aggregate(_total=measure.aggregate())["_total"] or 0
    row_keys = rows.ordered(row_totals)
    row_labels = rows.category_labels(row_keys)
    table = Table(
        title=title,
        rows=[Category(key, row_labels[key]) for key in row_keys],
        columns=[],
        cells={},
        row_totals={key: row_totals[key] for key in row_keys},
        column_totals={},
        total=total,
        rows_exclusive=rows.exclusive,
        row_title=str(rows.label),
        unit=unit,
        measure=measure.kind,
    )
    if columns is None:
        return table
    column_totals = _one_way(queryset, columns, measure)
    column_keys = columns.ordered(column_totals)
    column_labels = columns.category_labels(column_keys)
    cells = _two_way(queryset, rows, columns, measure)
    table.columns = [Category(key, column_labels[key]) for key in column_keys]
    table.column_totals = {key: column_totals[key] for key in column_keys}
    table.cells = {(row, column): cells.get((row, column), 0) for row in row_keys for column in column_keys}
    table.columns_exclusive = columns.exclusive
    table.column_title = str(columns.label)
    return table
