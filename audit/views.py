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


@login_required
def entry_list(request):
    _require(request.user, "audit.view_auditentry")
    filterset = AuditEntryFilter(request.GET, queryset=selectors.audit_entry_list(user=request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {"filter": filterset, "page": page})


@login_required
def access_log_list(request):
    _require(request.user, "audit.view_accesslogentry")
    filterset = AccessLogFilter(request.GET, queryset=selectors.access_log_list(user=request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/access_log_list.html", {"filter": filterset, "page": page})


@login_required
def history_list(request):
    _require(request.user, "audit.view_history")
    form = HistoryFilterForm(request.GET, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    records = selectors.history_list(user=request.user, **filters)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/history_list.html", {"form": form, "page": page})
