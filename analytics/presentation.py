"""A ``Table`` as a reader gets it: the grid of an HTML table, the data of its chart and the rows of its CSV.

Hidden figures stay hidden in all three: the grid and the CSV show them as the table does ("<5", "–"),
the chart gets None (a gap, never a zero) with the reason for its tooltip."""

from django.utils.translation import gettext as _

from analytics.tables import TOTAL, Hidden, Table

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell):
    """A text cell a spreadsheet would run as a formula, prefixed with ' so that it reads as text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return f"'{cell}"
    return cell


def hidden_reason(table: Table, row: str, column: str = TOTAL) -> str | None:
    reason = table.hidden.get((row, column))
    if reason == Hidden.PRIMARY:
        return _("fewer than %(threshold)s: hidden to protect the people counted") % {
            "threshold": table.threshold
        }
    if reason == Hidden.COMPLEMENTARY:
        return _("hidden so that a small figure cannot be worked out from the others")
    return None


def _columns(table: Table) -> list[str]:
    return [column.key for column in table.columns] + [TOTAL] if table.is_crosstab else [TOTAL]


def table_grid(table: Table) -> dict:
    """Header labels and rows of shown figures (the margins last) for the HTML table."""
    columns = _columns(table)
    if table.is_crosstab:
        header = [column.label for column in table.columns] + [_("Total")]
    else:
        header = [table.unit or table.title]
    rows = [
        {"label": row.label, "cells": [table.shown(row.key, column) for column in columns]}
        for row in table.rows
    ]
    # A one-way table whose rows may overlap (a victim in two forms) says that its total is not their sum.
    total = {"label": _("Total"), "cells": [table.shown(TOTAL, column) for column in columns]}
    return {
        "row_title": table.row_title,
        "column_title": table.column_title,
        "header": header,
        "rows": rows,
        "total": total,
        "overlapping": not table.rows_exclusive or not table.columns_exclusive,
    }


def chart_data(table: Table, *, kind: str) -> dict:
    """What charts.js draws: categories (the rows) and one series per column (or one for a one-way table),
    None for a hidden figure with its reason beside it. A pie with a hidden slice is drawn as bars: a
    pie cannot leave a gap."""
    categories = [row.label for row in table.rows]
    if table.is_crosstab:
        series = [
            {
                "name": column.label,
                "data": [table.shown_value(row.key, column.key) for row in table.rows],
                "notes": [hidden_reason(table, row.key, column.key) for row in table.rows],
            }
            for column in table.columns
        ]
    else:
        series = [
            {
                "name": table.unit or table.title,
                "data": [table.shown_value(row.key) for row in table.rows],
                "notes": [hidden_reason(table, row.key) for row in table.rows],
            }
        ]
    any_hidden = any(value is None for one in series for value in one["data"])
    if kind == "pie" and (any_hidden or table.is_crosstab or not table.rows_exclusive):
        kind = "hbar"
    return {
        "kind": kind,
        "title": table.title,
        "categories": categories,
        "series": [{**one, "data": [_plain(value) for value in one["data"]]} for one in series],
        "hiddenLabel": _("hidden"),
    }


def _plain(value):
    """A JSON number: Decimal sums become floats, counts stay integers."""
    if value is None or isinstance(value, int):
        return value
    return float(value)


def csv_rows(table: Table) -> list[list]:
    """The table as CSV rows: a header, the rows, the total; hidden figures as shown, text neutralised."""
    columns = _columns(table)
    if table.is_crosstab:
        header = [table.row_title, *(column.label for column in table.columns), _("Total")]
    else:
        header = [table.row_title, table.unit or table.title]
    body = []
    for key, label in [*((row.key, row.label) for row in table.rows), (TOTAL, _("Total"))]:
        body.append([label, *(_csv_figure(table, key, column) for column in columns)])
    return [[neutralise(cell) for cell in row] for row in [header, *body]]


def _csv_figure(table: Table, row: str, column: str):
    return table.shown(row, column) if table.is_hidden(row, column) else table.value(row, column)
