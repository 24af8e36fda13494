"""A release's tables as a reader sees them: labelled in the reader's language, each figure beside its
expected error; and the same as CSV rows."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _, gettext_lazy

from exchange.private_tables.dimensions import PRIVATE_DIMENSIONS
from exchange.private_tables.noise import GAUSSIAN, LAPLACE

MECHANISMS = {LAPLACE: gettext_lazy("discrete Laplace"), GAUSSIAN: gettext_lazy("discrete Gaussian")}


def _dimension_label(key: str) -> str:
    dimension = PRIVATE_DIMENSIONS.get(key)
    return str(dimension.label) if dimension else key


def _labels(key: str) -> dict[str, str]:
    dimension = PRIVATE_DIMENSIONS.get(key)
    return dimension.labels() if dimension else {}


def _figure(cell: dict) -> dict:
    return {
        "value": number_format(cell["value"], force_grouping=True),
        "error": number_format(cell["error"], force_grouping=True),
    }


def _ordered(keys: list[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def table_grid(table: dict) -> dict:
    """{"title", "row_title", "columns": [label], "rows": [{"label", "figures": [{"value", "error"}]}]}."""
    dimensions = table["dimensions"]
    row_labels = _labels(dimensions[0])
    row_keys = _ordered([cell["keys"][0] for cell in table["cells"]])
    titles = [_dimension_label(key) for key in dimensions]
    if len(dimensions) == 1:
        figures = {cell["keys"][0]: _figure(cell) for cell in table["cells"]}
        return {
            "title": titles[0],
            "row_title": titles[0],
            "columns": [_("Victims")],
            "rows": [{"label": row_labels.get(key, key), "figures": [figures[key]]} for key in row_keys],
        }
    column_labels = _labels(dimensions[1])
    column_keys = _ordered([cell["keys"][1] for cell in table["cells"]])
    figures = {tuple(cell["keys"]): _figure(cell) for cell in table["cells"]}
    return {
        "title": _("%(rows)s by %(columns)s") % {"rows": titles[0], "columns": titles[1]},
        "row_title": titles[0],
        "columns": [column_labels.get(key, key) for key in column_keys],
        "rows": [
            {
                "label": row_labels.get(row, row),
                "figures": [figures[(row, column)] for column in column_keys],
            }
            for row in row_keys
        ],
    }


def release_grids(release) -> list[dict]:
    return [table_grid(table) for table in release.table["tables"]]


def release_csv_rows(release) -> list[list]:
    """The header and one row per figure: table, its categories, the noisy count, the 95% error."""
    rows = [[_("Table"), _("Category"), _("Second category"), _("Victims (with noise)"), _("Error (95%)")]]
    for table in release.table["tables"]:
        dimensions = table["dimensions"]
        labels = [_labels(key) for key in dimensions]
        title = " × ".join(_dimension_label(key) for key in dimensions)
        for cell in table["cells"]:
            names = [labels[index].get(key, key) for index, key in enumerate(cell["keys"])]
            rows.append([title, names[0], names[1] if len(names) > 1 else "", cell["value"], cell["error"]])
    return rows
