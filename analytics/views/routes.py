"""/analytics/routes/: where victims were recruited and exploited, as words, a flow table, a Sankey chart
and two maps of the five republics' regions, each chart with its table and a CSV of it."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.selectors import active_membership
from analytics import geo
from analytics.filters import FilterForm, Filters
from analytics.indicators import indicator_table
from analytics.indicators.routes import internal_share, main_destinations
from analytics.presentation import csv_rows
from analytics.scope import analytics_scope
from analytics.tables import TOTAL, Table, no_data_message

GEOJSON = "analytics/geo/central-asia-admin1.geojson"
LEVELS = {
    "country": ("origin_country", "exploitation_country"),
    "region": ("origin_region", "exploitation_place"),
}
# The tables a CSV can be had of: name → (by, across), ``across`` None for a one-way table.
CSV_TABLES = {
    "exploitation_map": ("exploitation_area", None),
    "origin_map": ("origin_area", None),
    "route": ("route", None),
}


def _chosen(request):
    """The reader's scope, the filter form and the filters (None while the form has errors)."""
    scope = analytics_scope(user=request.user, membership=active_membership(request))
    form = FilterForm(request.GET or None, scope=scope)
    if not form.is_bound:
        return scope, form, Filters()
    return scope, form, form.filters() if form.is_valid() else None


def _level(request) -> str:
    return request.GET.get("level") if request.GET.get("level") in LEVELS else "country"


def table_view(table: Table) -> dict:
    """A table as the template draws it: every figure as shown ("<5", "–" where hidden), margins last."""
    columns = [column.key for column in table.columns]
    return {
        "table": table,
        "rows": [
            {
                "label": row.label,
                "cells": [table.shown(row.key, column) for column in columns],
                "total": table.shown(row.key),
            }
            for row in table.rows
        ],
        "column_totals": [table.shown(TOTAL, column) for column in columns],
        "total": table.shown(TOTAL),
    }


def sankey_data(table: Table) -> dict:
    """Nodes and links of the flows shown (hidden figures are not drawn). Origins and destinations are
    distinct nodes ("Uzbekistan →", "→ Uzbekistan"): ECharts refuses a Sankey with cycles."""
    links = []
    for row in table.rows:
        for column in table.columns:
            value = table.shown_value(row.key, column.key)
            if value:
                links.append({"source": f"{row.label} →", "target": f"→ {column.label}", "value": value})
    names = dict.fromkeys([link["source"] for link in links] + [link["target"] for link in links])
    return {"nodes": [{"name": name} for name in names], "links": links}


def map_data(table: Table, *, title: str) -> dict:
    """The map's figures by feature key (places outside the five republics are in the table only)."""
    return {
        "title": title,
        "geojson": static(GEOJSON),
        "renames": geo.FEATURE_RENAMES,
        "hiddenText": _("hidden"),
        "values": [
            {
                "name": row.key,
                "label": row.label,
                "value": table.shown_value(row.key),
                "shown": table.shown(row.key),
            }
            for row in table.rows
        ],
    }


def _flows(scope, filters, level):
    by, across = LEVELS[level]
    return indicator_table("routes", scope=scope, filters=filters, by=by, across=across)


def _query(request, **changed) -> str:
    """The page's query string with ``changed`` values (the filters kept)."""
    query = request.GET.copy()
    for key, value in changed.items():
        query[key] = value
    return query.urlencode()


def _csv_url(request, table: str) -> str:
    return f"{reverse('analytics:routes_csv')}?{_query(request, table=table)}"


@login_required
def routes(request):
    """The routes page for the reader's scope and the chosen filters."""
    scope, form, filters = _chosen(request)
    level = _level(request)
    context = {
        "form": form,
        "scope": scope,
        "level": level,
        "country_query": _query(request, level="country"),
        "region_query": _query(request, level="region"),
        "flows_csv": _csv_url(request, "flows"),
        "exploitation_csv": _csv_url(request, "exploitation_map"),
        "origin_csv": _csv_url(request, "origin_map"),
    }
    if filters is not None:
        flows = _flows(scope, filters, level)
        context["no_data"] = no_data_message() if flows.is_empty else ""
        if not flows.is_empty:
            exploitation = indicator_table("routes", scope=scope, filters=filters, by="exploitation_area")
            origin = indicator_table("routes", scope=scope, filters=filters, by="origin_area")
            context.update(
                share=internal_share(scope=scope, filters=filters),
                destinations=main_destinations(scope=scope, filters=filters),
                flows=table_view(flows),
                sankey=sankey_data(flows),
                exploitation_map=table_view(exploitation),
                exploitation_map_data=map_data(exploitation, title=_("Regions of exploitation")),
                origin_map=table_view(origin),
                origin_map_data=map_data(origin, title=_("Regions of origin")),
            )
    return render(request, "analytics/routes.html", context)


@login_required
def routes_csv(request):
    """One of the routes page's tables as CSV (``table``: flows, route, exploitation_map, origin_map),
    every figure as the page shows it."""
    scope, _form, filters = _chosen(request)
    name = request.GET.get("table", "")
    if filters is None or (name != "flows" and name not in CSV_TABLES):
        raise Http404
    if name == "flows":
        table = _flows(scope, filters, _level(request))
    else:
        by, across = CSV_TABLES[name]
        table = indicator_table("routes", scope=scope, filters=filters, by=by, across=across)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="routes-{name}.csv"'
    response.write("\ufeff")  # a BOM, so that spreadsheet programs read the Cyrillic text as UTF-8
    csv.writer(response).writerows(csv_rows(table))
    return response
