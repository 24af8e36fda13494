"""The case list and the name search: the name is POSTed, kept server-side behind an opaque id
(``cases.searches``), and the list pages through ``?search=<id>``; a name is never in a URL."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors, services
from cases.filters import CaseFilter
from cases.forms import CaseSearchForm
from cases.models import choices
from cases.searches import search_recall, search_remember
from cases.views.base import case_for, require_case_access

PAGE_SIZE = 25


def _filtered(filterset: CaseFilter):
    # A refused value (a name in ?q=) lists nothing rather than everything.
    return filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.qs.none()


def _case_filter(request) -> CaseFilter:
    return CaseFilter(
        request.GET or None, queryset=selectors.case_list_rows(user=request.user), request=request
    )


def _searched(user, cases, criteria: dict):
    if criteria.get("code"):
        return cases.filter(code__icontains=criteria["code"])
    birth_date = criteria.get("birth_date")
    return selectors.case_name_search(
        user=user,
        name=criteria["name"],
        birth_date=datetime.date.fromisoformat(birth_date) if birth_date else None,
        birth_year=criteria.get("birth_year"),
        cases=cases,
    )


def _case_list_page(request, filterset: CaseFilter, cases, search_form: CaseSearchForm, status=200):
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    names = selectors.case_list_names(user=request.user, cases=page.object_list, request=request)
    sex_labels = dict(choices.Sex.choices)
    for case in page.object_list:
        case.sex_label = sex_labels.get(case.victim_sex, "")
        case.victim_name = names.get(case.pk, "")
    template = "cases/_case_list.html" if request.htmx else "cases/case_list.html"
    context = {
        "form": filterset.form,
        "search_form": search_form,
        "search_id": request.GET.get("search", ""),
        "page": page,
        "can_add": request.user.has_perm("cases.add_case"),
    }
    return render(request, template, context, status=status)


@login_required
def case_list(request):
    require_case_access(request.user)
    filterset = _case_filter(request)
    cases = _filtered(filterset)
    search_form = CaseSearchForm()
    search_id = request.GET.get("search", "")
    if search_id:
        criteria = search_recall(request, search_id)
        if criteria is None:
            messages.info(request, _("That search has expired. Please search again."))
            cases = cases.none()
        else:
            search_form = CaseSearchForm(
                initial={**criteria, "name": criteria.get("code") or criteria["name"]}
            )
            cases = _searched(request.user, cases, criteria)
    return _case_list_page(request, filterset, cases, search_form)


case_list.filterset_class = CaseFilter  # found by accounts/tests/test_tenancy_filters.py


@login_required
@require_POST
def case_search(request):
    """Keep the typed search server-side and show its results at ``?search=<id>`` (with the filters of
    the query string, which hold no personal data); a bad search shows the list with the error."""
    require_case_access(request.user)
    form = CaseSearchForm(request.POST)
    if not form.is_valid():
        filterset = _case_filter(request)
        return _case_list_page(request, filterset, _filtered(filterset), form)
    data = form.cleaned_data
    if form.is_code():
        criteria = {"code": data["name"]}
    else:
        criteria = {
            "name": data["name"],
            "birth_date": data["birth_date"].isoformat() if data["birth_date"] else None,
            "birth_year": data["birth_year"],
        }
    params = request.GET.copy()
    params.pop("page", None)
    params["search"] = search_remember(request, criteria)
    return redirect(f"{reverse('cases:case_list')}?{params.urlencode()}")


@login_required
@require_POST
def case_name_hide(request, pk):
    case = case_for(request, pk)
    if not services.may_hide_name(request.user, case):
        raise PermissionDenied
    hidden = request.POST.get("hidden") == "1"
    services.case_name_hide(case=case, by=request.user, hidden=hidden)
    if hidden:
        messages.success(request, _("The name is now hidden from everyone but the caseworker and managers."))
    else:
        messages.success(request, _("The name is shown again to those who may see personal data."))
    return redirect("cases:case_personal", pk=case.pk)
