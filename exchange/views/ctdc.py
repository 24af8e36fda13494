"""The CTDC-format k-anonymised release, for regional analysts: its report at a chosen k, and the file."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import active_membership
from exchange.ctdc.release import (
    DEFAULT_K,
    MAX_K,
    MIN_K,
    ReleaseNotAnonymous,
    ctdc_release,
    ctdc_release_archive,
    ctdc_release_scope,
)


class ReleaseForm(forms.Form):
    k = forms.IntegerField(
        label=gettext_lazy("k (every combination occurs at least k times)"),
        min_value=MIN_K,
        max_value=MAX_K,
        initial=DEFAULT_K,
    )


def _scope(request) -> frozenset[int]:
    """The organisations the analyst releases; 403 for anyone else (coordinators and managers too)."""
    return ctdc_release_scope(user=request.user, membership=active_membership(request))


@login_required
@require_GET
def ctdc_release_page(request):
    organisation_ids = _scope(request)
    form = ReleaseForm(request.GET if "k" in request.GET else None)
    report = None
    if form.is_valid():
        report = ctdc_release(organisation_ids=organisation_ids, k=form.cleaned_data["k"]).report
    return render(request, "exchange/ctdc_release.html", {"form": form, "report": report})


@login_required
@require_POST
def ctdc_release_download(request):
    organisation_ids = _scope(request)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        return render(request, "exchange/ctdc_release.html", {"form": form, "report": None}, status=400)
    k = form.cleaned_data["k"]
    release = ctdc_release(organisation_ids=organisation_ids, k=k)
    try:
        archive = ctdc_release_archive(release)
    except ReleaseNotAnonymous as error:
        form.add_error(None, str(error))
        return render(
            request, "exchange/ctdc_release.html", {"form": form, "report": release.report}, status=409
        )
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="ctdc_release_k{k}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
