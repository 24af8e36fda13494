"""/exchange/hxl/<indicator>/: an indicator's table as HXL-tagged CSV, for coordinators and analysts."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest

from accounts.selectors import active_membership
from analytics.filters import FilterForm, Filters
from analytics.indicators import INDICATORS, UnknownBreakdown
from analytics.scope import analytics_scope
from analytics.views.dashboard import csv_filename
from exchange.hxl import indicator_hxl


@login_required
def indicator_hxl_csv(request, key):
    scope = analytics_scope(user=request.user, membership=active_membership(request))
    # For platforms outside the network: de-identified figures only (coordinators and analysts).
    if scope.record_level:
        raise PermissionDenied
    if key not in INDICATORS:
        raise Http404
    form = FilterForm(request.GET or None, scope=scope)
    if form.is_bound and not form.is_valid():
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    filters = form.filters() if form.is_bound else Filters()
    try:
        rows = indicator_hxl(
            key,
            scope=scope,
            filters=filters,
            by=request.GET.get("by") or None,
            across=request.GET.get("across") or None,
        )
    except UnknownBreakdown as refused:
        return HttpResponseBadRequest(str(refused), content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = csv_filename(request, key).removesuffix(".csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}-hxl.csv"'
    csv.writer(response).writerows(rows)
    return response
