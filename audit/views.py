from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from audit import selectors
from audit.filters import AccessLogFilter, AuditEntryFilter, HistoryFilterForm

PAGE_SIZE = 50


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _filtered_list(request, *, perm: str, filterset_class, selector, template: str):
    """An audit list filtered by ``filterset_class``: 403 without ``perm``."""
    _require(request.user, perm)
    filterset = filterset_class(request.GET, queryset=selector(user=request.user))
    return render(
        request, template, {"filter": filterset, "form": filterset.form, "page": _page(request, filterset.qs)}
    )


@login_required
def entry_list(request):
    return _filtered_list(
        request,
        perm="audit.view_auditentry",
        filterset_class=AuditEntryFilter,
        selector=selectors.audit_entry_list,
        template="audit/entry_list.html",
    )


@login_required
def access_log_list(request):
    return _filtered_list(
        request,
        perm="audit.view_accesslogentry",
        filterset_class=AccessLogFilter,
        selector=selectors.access_log_list,
        template="audit/access_log_list.html",
    )


# The lists' FilterSets, found by accounts/tests/test_tenancy_filters.py.
entry_list.filterset_class = AuditEntryFilter
access_log_list.filterset_class = AccessLogFilter


@login_required
def history_list(request):
    _require(request.user, "audit.view_history")
    form = HistoryFilterForm(request.GET, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    records = selectors.history_list(user=request.user, **filters)
    return render(request, "audit/history_list.html", {"form": form, "page": _page(request, records)})
