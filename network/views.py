from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from network import selectors, services
from network.filters import DirectoryFilter, OrganisationAdminFilter, without_foreign_region
from network.forms import OrganisationForm, OrganisationProfileForm, ProgrammeForm

PAGE_SIZE = 20


@login_not_required
def directory(request):
    """The public referral directory: who offers which service where (no login needed)."""
    filterset = DirectoryFilter(without_foreign_region(request.GET), queryset=selectors.directory_list())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "network/_directory.html" if request.htmx else "network/directory.html"
    return render(request, template, {"filter": filterset, "page": page})


@login_not_required
def region_options(request):
    """The ``<option>``s of one country's regions, for a region select that follows its country
    (static/js/forms.js). Public reference data, like the directory it also serves."""
    regions = selectors.region_options(country=request.GET.get("country", ""))
    return render(request, "network/_region_options.html", {"regions": regions})


@login_required
def organisation_list(request):
    filterset = OrganisationAdminFilter(
        without_foreign_region(request.GET), queryset=selectors.organisation_list(user=request.user)
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "network/_organisation_list.html" if request.htmx else "network/organisation_list.html"
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page": page,
            "can_add": request.user.has_perm("network.add_organisation"),
        },
    )


# The lists' FilterSets, found by accounts/tests/test_tenancy_filters.py.
directory.filterset_class = DirectoryFilter
organisation_list.filterset_class = OrganisationAdminFilter


@login_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(selectors.organisation_list(user=request.user), pk=pk)
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "programmes": selectors.organisation_programmes(organisation=organisation),
            "can_change": request.user.has_perm("network.change_organisation", organisation),
        },
    )


@login_required
def organisation_create(request):
    if not request.user.has_perm("network.add_organisation"):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, user=request.user)
    if form.is_valid():
        fields = dict(form.cleaned_data)
        organisation = services.organisation_create(
            by=request.user, services=fields.pop("services"), **fields
        )
        messages.success(request, _("Organisation added."))
        return redirect(organisation)
    return render(request, "network/organisation_form.html", {"form": form})


@login_required
def organisation_update(request, pk):
    organisation = get_object_or_404(selectors.organisation_list(user=request.user), pk=pk)
    if not request.user.has_perm("network.change_organisation", organisation):
        raise PermissionDenied
    form_class = (
        OrganisationForm if request.user.has_perm("network.add_organisation") else OrganisationProfileForm
    )
    form = form_class(request.POST or None, instance=organisation, user=request.user)
    if form.is_valid():
        fields = dict(form.cleaned_data)
        services.organisation_update(
            organisation=organisation, by=request.user, services=fields.pop("services"), **fields
        )
        messages.success(request, _("Organisation profile saved."))
        return redirect(organisation)
    return render(request, "network/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
def programme_list(request):
    page = Paginator(selectors.programme_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/programme_list.html",
        {"page": page, "can_add": request.user.has_perm("network.add_programme")},
    )


@login_required
def programme_detail(request, pk):
    programme = get_object_or_404(selectors.programme_list(user=request.user), pk=pk)
    return render(
        request,
        "network/programme_detail.html",
        {
            "programme": programme,
            "members": selectors.programme_members(programme=programme),
            "can_change": request.user.has_perm("network.change_programme", programme),
        },
    )


@login_required
def programme_create(request):
    if not request.user.has_perm("network.add_programme"):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, user=request.user)
    if form.is_valid():
        fields = dict(form.cleaned_data)
        programme = services.programme_create(by=request.user, members=fields.pop("members"), **fields)
        messages.success(request, _("Programme added."))
        return redirect(programme)
    return render(request, "network/programme_form.html", {"form": form})


@login_required
def programme_update(request, pk):
    programme = get_object_or_404(selectors.programme_list(user=request.user), pk=pk)
    if not request.user.has_perm("network.change_programme", programme):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, instance=programme, user=request.user)
    if form.is_valid():
        fields = dict(form.cleaned_data)
        services.programme_update(
            programme=programme, by=request.user, members=fields.pop("members"), **fields
        )
        messages.success(request, _("Programme saved."))
        return redirect(programme)
    return render(request, "network/programme_form.html", {"form": form, "programme": programme})
