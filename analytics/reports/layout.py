"""The grid every rendering shares: a section's table as rows of shown text (hidden figures as "<5" or
"–"), so the PDF, the XLSX and the CSV cannot disagree."""

from django.utils.translation import gettext as _

from analytics.tables import TOTAL, Table


def table_header(table: Table) -> list[str]:
    first = table.row_title or ""
    if table.is_crosstab:
        return [first, *[column.label for column in table.columns], str(_("Total"))]
    return [first, table.unit or str(_("Total"))]


def table_grid(table: Table) -> list[list[str]]:
    """The body rows, then the total row: [label, shown figure…]."""
    columns = [column.key for column in table.columns] + [TOTAL] if table.is_crosstab else [TOTAL]
    grid = [[row.label, *[table.shown(row.key, column) for column in columns]] for row in table.rows]
    grid.append([str(_("Total")), *[table.shown(TOTAL, column) for column in columns]])
    return grid


def chart_bars(table: Table) -> list[tuple[str, float | None, str]]:
    """The bars of a section's chart: each row's label, total (None where hidden) and shown text."""
    return [
        (
            row.label,
            None if (value := table.shown_value(row.key)) is None else float(value),
            table.shown(row.key),
        )
        for row in table.rows
    ]
