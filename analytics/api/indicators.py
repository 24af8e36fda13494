"""The indicators over the API: the list of indicators with their definitions, and one indicator's table
for the reader's scope (``analytics.scope``), filtered and broken down as asked, small cells protected
(``indicator_table``: the same figures as the dashboards and reports)."""

from django.utils.translation import gettext, gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response

from accounts.selectors import active_membership
from analytics.filters import GRANULARITIES, FilterForm
from analytics.indicators import INDICATORS, Indicator, UnknownBreakdown, indicator_table
from analytics.scope import AnalyticsScope, analytics_scope
from analytics.tables import TOTAL, Table, no_data_message

TAGS = ["analytics"]
ERRORS = {
    400: OpenApiResponse(description=_('Invalid filter or breakdown: {"error", "field", "errors"}.')),
    403: OpenApiResponse(description=_("Your role reads no figures.")),
    404: OpenApiResponse(description=_("There is no such indicator.")),
}


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField()
    definition = serializers.CharField(help_text=_("The published definition of what is counted."))
    dimensions = serializers.ListField(
        child=serializers.CharField(), help_text=_("The breakdowns it offers (values of by and across).")
    )
    default_by = serializers.CharField(help_text=_("The breakdown used when none is chosen."))


class IndicatorFigureSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True, help_text=_("The figure; null where it is not shown."))
    shown = serializers.CharField(help_text=_('The figure as a reader sees it, e.g. "<5" for a small one.'))
    hidden = serializers.CharField(
        allow_null=True, help_text=_("Why it is not shown: primary, complementary or not_added; else null.")
    )


class IndicatorCellSerializer(IndicatorFigureSerializer):
    column = serializers.CharField()


class IndicatorCategorySerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class IndicatorRowSerializer(IndicatorCategorySerializer):
    cells = IndicatorCellSerializer(many=True, help_text=_("One per column, in the columns' order."))
    total = IndicatorFigureSerializer(help_text=_("The row's margin (its figure in a one-way table)."))


class IndicatorColumnSerializer(IndicatorCategorySerializer):
    total = IndicatorFigureSerializer(help_text=_("The column's margin."))


class IndicatorHiddenSerializer(serializers.Serializer):
    row = serializers.CharField(help_text=_('A row key, or "total" for the margin.'))
    column = serializers.CharField(help_text=_('A column key, or "total" for the margin.'))
    reason = serializers.CharField()


class IndicatorTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField()
    definition = serializers.CharField()
    by = serializers.CharField()
    across = serializers.CharField(allow_null=True)
    row_title = serializers.CharField()
    column_title = serializers.CharField()
    rows = IndicatorRowSerializer(many=True)
    columns = IndicatorColumnSerializer(many=True)
    total = IndicatorFigureSerializer()
    rows_exclusive = serializers.BooleanField(
        help_text=_("Each unit is in one row at most, so the rows add up to the total.")
    )
    columns_exclusive = serializers.BooleanField()
    hidden = IndicatorHiddenSerializer(many=True)
    threshold = serializers.IntegerField(help_text=_("Figures below it are hidden for your scope (0: none)."))
    message = serializers.CharField(allow_blank=True, help_text=_("Why the table is empty, when it is."))


def _listed(definition: Indicator) -> dict:
    return {
        "key": definition.key,
        "title": str(definition.title),
        "unit": str(definition.unit),
        "definition": definition.definition,
        "dimensions": list(definition.dimensions),
        "default_by": definition.default_by,
    }


def _figure(table: Table, row: str, column: str) -> dict:
    value = table.shown_value(row, column)
    reason = table.hidden.get((row, column))
    # A mean of no scores has nothing to show.
    shown = "" if value is None and reason is None else table.shown(row, column)
    return {"value": value, "shown": shown, "hidden": reason}


def _table(definition: Indicator, table: Table, *, by: str, across: str | None) -> dict:
    columns = [column.key for column in table.columns]
    return {
        "key": definition.key,
        "title": table.title,
        "unit": table.unit or str(definition.unit),
        "definition": definition.definition,
        "by": by,
        "across": across,
        "row_title": table.row_title,
        "column_title": table.column_title,
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "cells": [{"column": column, **_figure(table, row.key, column)} for column in columns],
                "total": _figure(table, row.key, TOTAL),
            }
            for row in table.rows
        ],
        "columns": [
            {"key": column.key, "label": column.label, "total": _figure(table, TOTAL, column.key)}
            for column in table.columns
        ],
        "total": _figure(table, TOTAL, TOTAL),
        "rows_exclusive": table.rows_exclusive,
        "columns_exclusive": table.columns_exclusive,
        "hidden": [
            {"row": row, "column": column, "reason": reason} for (row, column), reason in table.hidden.items()
        ],
        "threshold": table.threshold,
        "message": no_data_message() if table.is_empty else "",
    }


FILTER_PARAMETERS = [
    OpenApiParameter(
        "by", str, description=_("The breakdown of the rows (one of the indicator's dimensions).")
    ),
    OpenApiParameter("across", str, description=_("A second breakdown, for the columns of a cross-table.")),
    OpenApiParameter("date_from", str, description=_("First day (YYYY-MM-DD).")),
    OpenApiParameter("date_to", str, description=_("Last day (YYYY-MM-DD).")),
    OpenApiParameter("year", int, description=_("A calendar year (sets the period unless dates are given).")),
    OpenApiParameter("granularity", str, enum=[code for code, _label in GRANULARITIES]),
    OpenApiParameter("country", str, description=_("ISO 3166-1 code of the organisations' country.")),
    OpenApiParameter("organisation", int, description=_("An organisation in your scope.")),
    OpenApiParameter("programme", int, description=_("A programme funding organisations in your scope.")),
    OpenApiParameter("sex", str),
    OpenApiParameter("age_band", str, description=_("A CTDC age band, e.g. 18-20, or unknown.")),
    OpenApiParameter("exploitation", str, description=_("A form of exploitation (HTCDS code).")),
]


@extend_schema_view(
    list=extend_schema(
        summary=_("List the indicators with their definitions"),
        tags=TAGS,
        responses={200: IndicatorSerializer(many=True), 403: ERRORS[403]},
    ),
    retrieve=extend_schema(
        summary=_("One indicator's table for your scope"),
        tags=TAGS,
        parameters=[
            OpenApiParameter(
                "key",
                str,
                OpenApiParameter.PATH,
                description=_("The indicator's key, e.g. victims_assisted."),
            ),
            *FILTER_PARAMETERS,
        ],
        responses={200: IndicatorTableSerializer, **ERRORS},
    ),
)
class IndicatorViewSet(viewsets.ViewSet):
    """The indicators, each with its definition, and their figures for the reader's scope: a manager's own
    organisation, a coordinator's country, an analyst's network (other roles: 403)."""

    lookup_field = "key"
    serializer_class = IndicatorSerializer

    def scope(self) -> AnalyticsScope:
        return analytics_scope(user=self.request.user, membership=active_membership(self.request))

    def list(self, request):
        self.scope()
        return Response([_listed(definition) for definition in INDICATORS.values()])

    def retrieve(self, request, key=None):
        scope = self.scope()
        definition = INDICATORS.get(key)
        if definition is None:
            raise exceptions.NotFound(gettext("There is no indicator %(key)s.") % {"key": key})
        form = FilterForm(request.query_params, scope=scope)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {
                    "non_field_errors" if field == "__all__" else field: list(messages)
                    for field, messages in form.errors.items()
                }
            )
        by = request.query_params.get("by") or definition.default_by
        across = request.query_params.get("across") or None
        try:
            table = indicator_table(key, scope=scope, filters=form.filters(), by=by, across=across)
        except UnknownBreakdown as refused:
            raise exceptions.ValidationError({refused.field: [str(refused)]}) from None
        return Response(_table(definition, table, by=by, across=across))
