"""The analysts' private tables (the budget, a release's form with its preview, the release, its CSV,
publishing) and the public statistics page built from published releases and thresholded tables."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import active_membership
from analytics.filters import Filters
from analytics.indicators import indicator_table
from analytics.presentation import table_grid
from analytics.scope import public_scope
from exchange.models import PrivateRelease
from exchange.private_tables import ledger
from exchange.private_tables.counting import contributions_of
from exchange.private_tables.forms import PrivateReleaseForm
from exchange.private_tables.noise import expected_noise
from exchange.private_tables.presentation import MECHANISMS, release_csv_rows, release_grids

PUBLIC_CACHE_SECONDS = 15 * 60
# The thresholded tables of the public page: (indicator, breakdown).
THRESHOLDED_TABLES = (("victims_registered", "period"), ("victims_registered", "sex"))


def _analyst_organisation(request):
    """The organisation through which the user releases private tables; PermissionDenied otherwise."""
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(ledger.RELEASE_PERMISSION, membership.organisation):
        raise PermissionDenied
    return membership.organisation


def _budget_context(budget) -> dict:
    return {"budget": budget, "spent": ledger.budget_spent(budget), "left": ledger.budget_left(budget)}


@login_required
def private_release_list(request):
    _analyst_organisation(request)
    budget = ledger.budget_for_year()
    releases = PrivateRelease.objects.select_related("by", "budget")
    return render(
        request, "exchange/private_release_list.html", {**_budget_context(budget), "releases": releases}
    )


def _preview(form: PrivateReleaseForm):
    data = form.cleaned_data
    contributions = contributions_of(form.tables())
    return expected_noise(
        contributions=contributions, epsilon=float(data["epsilon"]), delta=float(data["delta"])
    )


@login_required
def private_release_create(request):
    """The form; sent by GET ("Preview") it shows the expected error and spends nothing; POST releases."""
    organisation = _analyst_organisation(request)
    budget = ledger.budget_for_year()
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = PrivateReleaseForm(data, budget=budget)
    preview = _preview(form) if form.is_valid() else None
    if request.method == "POST" and form.is_valid():
        try:
            release = ledger.private_release_create(
                by=request.user,
                organisation=organisation,
                title=form.cleaned_data["title"],
                tables=form.tables(),
                epsilon=form.cleaned_data["epsilon"],
                delta=form.cleaned_data["delta"],
            )
        except ValidationError as refused:
            form.add_error("epsilon", refused)
        else:
            messages.success(request, _("Released; the budget left is shown beside it."))
            return redirect("exchange:private_release_detail", pk=release.pk)
    context = {**_budget_context(budget), "form": form, "preview": preview}
    if preview is not None:
        context["preview_mechanism"] = MECHANISMS[preview.mechanism]
    return render(request, "exchange/private_release_form.html", context)


@login_required
def private_release_detail(request, pk):
    _analyst_organisation(request)
    release = get_object_or_404(PrivateRelease.objects.select_related("by", "budget"), pk=pk)
    context = {**_budget_context(release.budget), "release": release, "grids": release_grids(release)}
    return render(request, "exchange/private_release_detail.html", context)


@login_required
@require_POST
def private_release_publish(request, pk):
    organisation = _analyst_organisation(request)
    release = get_object_or_404(PrivateRelease.objects.all(), pk=pk)
    ledger.private_release_publish(release=release, by=request.user, organisation=organisation)
    messages.success(request, _("Published on the public statistics page."))
    return redirect("exchange:private_release_detail", pk=release.pk)


@login_required
def private_release_csv(request, pk):
    _analyst_organisation(request)
    release = get_object_or_404(PrivateRelease.objects.all(), pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="private-release-{release.pk}.csv"'
    csv.writer(response).writerows(release_csv_rows(release))
    return response


def _public_figures() -> dict:
    """The public page's figures in the current language: published releases and thresholded tables."""
    releases = PrivateRelease.objects.filter(published=True).order_by("-published_at", "-pk")
    scope = public_scope()
    return {
        "releases": [
            {
                "title": release.title,
                "published_at": release.published_at,
                "epsilon": release.epsilon,
                "error": release.table["error"],
                "grids": release_grids(release),
            }
            for release in releases
        ],
        "thresholded": [
            table_grid(indicator_table(key, scope=scope, filters=Filters(), by=by))
            for key, by in THRESHOLDED_TABLES
        ],
    }


def _public_version() -> str:
    published = PrivateRelease.objects.filter(published=True).aggregate(
        count=Count("pk"), last=Max("published_at")
    )
    return f"{published['count']}-{published['last'].timestamp() if published['last'] else 0}"


@login_not_required
def public_statistics(request):
    """Figures anyone may read (no login): only published differentially private releases and indicator
    tables with small cells suppressed. Cached per language until a release is published."""
    key = f"exchange:public-statistics:{get_language()}:{_public_version()}"
    figures = cache.get(key)
    if figures is None:
        figures = _public_figures()
        cache.set(key, figures, PUBLIC_CACHE_SECONDS)
    return render(request, "exchange/public_statistics.html", figures)
