"""The dashboards by role (a manager's organisation, a coordinator's country, an analyst's network) and each
indicator's page and CSV. Every figure comes from ``indicator_table``; these views only choose and show."""

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _, gettext_lazy

from accounts.selectors import active_membership
from analytics.definitions import definition_of
from analytics.filters import FilterForm, Filters
from analytics.indicators import INDICATORS, UnknownBreakdown
from analytics.panels import Panel, TableReader, dashboard_panels, dimension_label, headlines, indicator_url
from analytics.presentation import chart_data, csv_rows, table_grid
from analytics.scope import analytics_scope
from analytics.stories import stories_beside, stories_by_indicator
from analytics.summary import summary_sentences
from analytics.tables import Table, no_data_message

BREAKDOWN_PARAMETERS = ("by", "across")


class BreakdownForm(forms.Form):
    """What an indicator's page breaks the figures down by (and across): only the indicator's dimensions."""

    by = forms.ChoiceField(label=gettext_lazy("Break down by"), required=False)
    across = forms.ChoiceField(label=gettext_lazy("and across"), required=False)

    def __init__(self, data=None, *, indicator, **kwargs):
        super().__init__(data, **kwargs)
        self.indicator = indicator
        options = [(key, dimension_label(key)) for key in indicator.dimensions]
        self.fields["by"].choices = options
        self.fields["by"].initial = indicator.default_by
        self.fields["across"].choices = [("", _("Nothing else")), *options]

    def chosen(self) -> tuple[str, str | None]:
        """(by, across) chosen, the indicator's default when the form was not sent."""
        if not self.is_bound:
            return self.indicator.default_by, None
        return self.cleaned_data["by"], self.cleaned_data["across"]

    def clean(self):
        cleaned = super().clean()
        cleaned["by"] = cleaned.get("by") or self.indicator.default_by
        cleaned["across"] = cleaned.get("across") or None
        if cleaned["across"] == cleaned["by"]:
            self.add_error("across", _("Choose two different breakdowns."))
        return cleaned


def _filter_query(request) -> dict:
    """The chosen filters, to carry into links (the breakdown is each link's own)."""
    return {name: values for name, values in request.GET.lists() if name not in BREAKDOWN_PARAMETERS}


def _filters(form: FilterForm) -> Filters | None:
    """The form's filters; all years and everyone when nothing was chosen; None when the form has errors."""
    if not form.is_bound:
        return Filters()
    return form.filters() if form.is_valid() else None


def _panel(panel: Panel, table: Table, *, query: dict, stories: dict | None = None) -> dict:
    breakdown = {"query": query, "by": panel.by, "across": panel.across}
    return {
        "id": panel.slug,
        "chart_id": f"chart-{panel.slug}-data",
        "heading": panel.heading,
        "key": panel.key,
        "table": table,
        "grid": table_grid(table),
        "chart": chart_data(table, kind=panel.chart),
        "url": indicator_url(panel.key, **breakdown),
        "csv_url": indicator_url(panel.key, **breakdown, csv=True),
        # The published stories attached to the panel's indicator (analytics.stories).
        "stories": (stories or {}).get(panel.key, []),
    }


@login_required
def dashboard(request):
    scope = analytics_scope(user=request.user, membership=active_membership(request))
    form = FilterForm(request.GET or None, scope=scope)
    filters = _filters(form)
    query = _filter_query(request)
    context = {"scope": scope, "form": form, "no_data": no_data_message(), "panels": [], "headlines": []}
    if filters is not None:
        reader = TableReader(scope=scope, filters=filters)
        context["headlines"] = headlines(reader, query=query)
        beside = stories_by_indicator(scope=scope, filters=filters)
        context["panels"] = [
            _panel(panel, reader.table(panel.key, panel.by, panel.across), query=query, stories=beside)
            for panel in dashboard_panels()
        ]
        context["sentences"] = summary_sentences(scope=scope, filters=filters, tables=reader.tables)
        context["period"] = filters.period_label
        # For the summary's sentences ({% block summary %}) and the stories beside the panels.
        context["filters"] = filters
    return render(request, "analytics/dashboard.html", context)


def _indicator_read(request, key: str):
    """The indicator, its forms and its table for this request (None while a form has errors)."""
    if key not in INDICATORS:
        raise Http404
    indicator = INDICATORS[key]
    scope = analytics_scope(user=request.user, membership=active_membership(request))
    form = FilterForm(request.GET or None, scope=scope)
    breakdown = BreakdownForm(request.GET or None, indicator=indicator)
    filters = _filters(form)
    table = None
    if filters is not None and (not breakdown.is_bound or breakdown.is_valid()):
        try:
            table = TableReader(scope=scope, filters=filters).table(key, *breakdown.chosen())
        except UnknownBreakdown as refused:
            field = refused.field if refused.field in BREAKDOWN_PARAMETERS else None
            breakdown.add_error(field, str(refused))
            table = None
    return indicator, scope, form, breakdown, table


@login_required
def indicator_detail(request, key):
    indicator, scope, form, breakdown, table = _indicator_read(request, key)
    context = {"indicator": indicator, "scope": scope, "form": form, "breakdown": breakdown, "table": table}
    # The definition is the indicator's docstring, in Russian where its translation has been written.
    definition = definition_of(indicator)
    context["definition"] = _(definition) if definition else ""
    context["definition_translated"] = context["definition"] != definition
    if table is not None:
        by, across = breakdown.chosen()
        heading = " · ".join(dimension_label(dimension) for dimension in (by, across) if dimension)
        panel = Panel(key, by, across, chart="stacked" if across else "bar", title=heading)
        stories = {
            key: stories_beside(scope=scope, indicator=key, filters=form.filters() if form.is_bound else None)
        }
        context["panel"] = _panel(panel, table, query=_filter_query(request), stories=stories)
        context["period"] = form.filters().period_label if form.is_bound else Filters().period_label
    context["no_data"] = no_data_message()
    return render(request, "analytics/indicator_detail.html", context)


@login_required
def indicator_csv(request, key):
    indicator, _scope, form, breakdown, table = _indicator_read(request, key)
    if table is None:
        errors = [*form.errors.values(), *breakdown.errors.values()]
        message = " ".join(str(error) for field_errors in errors for error in field_errors)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_filename(request, indicator.key)}"'
    csv.writer(response).writerows(csv_rows(table))
    return response


def csv_filename(request, key: str) -> str:
    """The indicator, its breakdown and the period: nothing personal, nothing the reader typed freely."""
    parts = [key, *(request.GET.get(name, "") for name in BREAKDOWN_PARAMETERS)]
    for name in ("year", "date_from", "date_to"):
        parts.append(request.GET.get(name, ""))
    safe = ["".join(char for char in part if char.isalnum() or char in "_-") for part in parts]
    return "-".join(part for part in safe if part) + ".csv"
