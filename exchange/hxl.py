"""An indicator's table as HXL-tagged CSV (the Humanitarian Exchange Language, hxlstandard.org), for
humanitarian data platforms such as HDX: a header row, a row of hashtags, then one row per figure.

The table is read only through ``analytics.indicators.indicator_table``, so a de-identified reader's small
cells are already hidden: a hidden figure is written empty, with ``1`` in the ``#meta+suppressed`` column,
never as its value. Margins (a category's total, the grand total) are rows of their own, marked
``#meta+total``: a platform that adds up the figures must leave them out."""

from django.utils.translation import gettext as _

from analytics.dimensions import UNKNOWN
from analytics.filters import Filters
from analytics.indicators import INDICATORS, indicator_table
from analytics.panels import dimension_label
from analytics.presentation import neutralise
from analytics.scope import AnalyticsScope
from analytics.tables import TOTAL, Table

# The hashtags of a breakdown's code and name columns (HXL core hashtags where one fits).
COUNTRY_TAGS = {
    "country": ("#country+code+v_iso2", "#country+name"),
    "citizenship": ("#country+code+v_iso2+citizenship", "#country+name+citizenship"),
    "exploitation_country": ("#country+code+v_iso2+exploitation", "#country+name+exploitation"),
}
REGION_TAGS = ("#adm1+code", "#adm1+name")
REGION_KEYS = ("exploitation_region", "origin_region", "region")
PERIOD_TAGS = {"year": "#date+year", "quarter": "#date+quarter", "month": "#date+month"}


def breakdown_tags(key: str, *, granularity: str = "year") -> tuple[str, str | None]:
    """(hashtag of the code column, hashtag of the name column or None) of the breakdown ``key``."""
    if key == "period":
        return PERIOD_TAGS.get(granularity, "#date"), None
    if key in COUNTRY_TAGS:
        return COUNTRY_TAGS[key]
    if key in REGION_KEYS:
        return REGION_TAGS
    if key == "sex":
        return "#sex+code", "#sex+name"
    if key == "age_band":
        return "#age+code", "#age+name"
    if key == "organisation":
        return "#org+code", "#org+name"
    return f"#meta+{key}+code", f"#meta+{key}+name"


def _figure_tag(table: Table) -> str:
    # People counted are HXL's #affected; sums and means are values of the indicator.
    return "#affected" if table.measure == "count" else f"#indicator+num+{table.measure}"


def hxl_rows(table: Table, *, key: str, by: str, across: str | None, granularity: str = "year") -> list[list]:
    """The header row, the hashtag row and one row per figure of ``table`` (margins included, marked)."""
    header = [_("Indicator code"), _("Indicator")]
    tags = ["#indicator+code", "#indicator+name"]
    breakdowns = [dimension for dimension in (by, across) if dimension]
    for dimension in breakdowns:
        code_tag, name_tag = breakdown_tags(dimension, granularity=granularity)
        label = dimension_label(dimension)
        header.append(_("%(breakdown)s (code)") % {"breakdown": label} if name_tag else label)
        tags.append(code_tag)
        if name_tag:
            header.append(label)
            tags.append(name_tag)
    header += [table.unit or _("Figure"), _("Hidden to protect small numbers"), _("Total of the categories")]
    tags += [_figure_tag(table), "#meta+suppressed", "#meta+total"]
    rows = [header, tags]
    labels = [
        {category.key: category.label for category in table.rows},
        {category.key: category.label for category in table.columns},
    ]
    columns = [category.key for category in table.columns] + [TOTAL] if table.is_crosstab else [TOTAL]
    for row_key in [*(category.key for category in table.rows), TOTAL]:
        for column_key in columns:
            positions = [row_key, column_key][: len(breakdowns)]
            cells = [key, str(INDICATORS[key].title)]
            for index, (dimension, position) in enumerate(zip(breakdowns, positions, strict=True)):
                with_name = breakdown_tags(dimension, granularity=granularity)[1] is not None
                cells += _category_cells(position, labels[index], with_name=with_name)
            hidden = table.is_hidden(row_key, column_key)
            cells += [
                "" if hidden else table.value(row_key, column_key),
                "1" if hidden else "0",
                "1" if TOTAL in positions else "0",
            ]
            rows.append(cells)
    return [[neutralise(cell) for cell in row] for row in rows]


def _category_cells(position: str, labels: dict[str, str], *, with_name: bool) -> list[str]:
    """The code (empty for a margin and for "not recorded") and, where the breakdown has one, the name."""
    code = "" if position in (TOTAL, UNKNOWN) else position
    if not with_name:
        return [code]
    return [code, _("Total") if position == TOTAL else labels.get(position, position)]


def indicator_hxl(
    key: str, *, scope: AnalyticsScope, filters: Filters, by: str | None = None, across: str | None = None
) -> list[list]:
    """The indicator ``key`` for this reader (small cells protected) as HXL-tagged CSV rows;
    ``UnknownBreakdown`` for an indicator or breakdown there is not."""
    table = indicator_table(key, scope=scope, filters=filters, by=by, across=across)
    by = by or INDICATORS[key].default_by
    return hxl_rows(table, key=key, by=by, across=across, granularity=filters.granularity)
