"""The campaign pages: the list with its filters, a campaign with its activities and materials, the
lead organisation's forms, and the materials' upload and download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from campaigns.filters import CampaignFilter
from campaigns.forms.campaigns import CampaignForm, MaterialForm
from campaigns.models import Material
from campaigns.selectors import campaigns as selectors, reach as reach_selectors
from campaigns.services import campaigns as services
from network.models import Organisation
from tenancy import organisations_with_perm
from tenancy.forms import errors_to_form

PAGE_SIZE = 25
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def require(user, perm: str) -> None:
    """Roles that never hold ``perm`` anywhere get 403 (before any row is looked up)."""
    if not user.has_perm(perm):
        raise PermissionDenied


def campaign_for(request, pk: int, perm: str | None = None):
    """The campaign if it is in the user's scope (else 404); 403 without ``perm`` on it."""
    require(request.user, "campaigns.view_campaign")
    campaign = get_object_or_404(selectors.campaign_list(user=request.user), pk=pk)
    if perm is not None and not request.user.has_perm(perm, campaign):
        raise PermissionDenied
    return campaign


def campaign_list(request):
    require(request.user, "campaigns.view_campaign")
    filterset = CampaignFilter(request.GET, queryset=selectors.campaign_list(user=request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    can_add = bool(organisations_with_perm(request.user, "campaigns.add_campaign"))
    return render(
        request, "campaigns/campaign_list.html", {"filter": filterset, "page": page, "can_add": can_add}
    )


campaign_list.filterset_class = CampaignFilter  # found by accounts/tests/test_tenancy_filters.py


def _lead_organisation(request) -> Organisation:
    """The organisation the new campaign is led by: the one where the user manages campaigns."""
    organisation_ids = organisations_with_perm(request.user, "campaigns.add_campaign")
    if not organisation_ids:
        raise PermissionDenied
    return Organisation.objects.get(pk=min(organisation_ids))


def campaign_create(request):
    require(request.user, "campaigns.add_campaign")
    organisation = _lead_organisation(request)
    form = CampaignForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            campaign = services.campaign_create(
                organisation=organisation, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect(campaign)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": None})


def campaign_update(request, pk):
    campaign = campaign_for(request, pk, "campaigns.change_campaign")
    form = CampaignForm(request.POST or None, user=request.user, initial=CampaignForm.initial_of(campaign))
    if form.is_valid():
        try:
            services.campaign_update(campaign=campaign, by=request.user, **form.service_fields())
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect(campaign)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


def campaign_detail(request, pk):
    campaign = campaign_for(request, pk)
    user = request.user
    can_add_activity = user.has_perm("campaigns.add_activity", campaign) or any(
        user.has_perm("campaigns.add_activity", partner) for partner in campaign.partners.all()
    )
    context = {
        "campaign": campaign,
        "activity_groups": selectors.activities_by_channel(user=user, campaign=campaign),
        "materials": selectors.material_list(user=user).filter(campaign=campaign),
        "broadcasts": campaign.broadcasts.order_by("-created_at")[:20]
        if user.has_perm("campaigns.view_broadcast", campaign)
        else [],
        "can_change": user.has_perm("campaigns.change_campaign", campaign),
        "can_view_reach": reach_selectors.reach_viewable(user=user, campaign=campaign),
        "can_add_material": user.has_perm("campaigns.add_material", campaign),
        "can_add_activity": can_add_activity,
        "editable_organisations": organisations_with_perm(user, "campaigns.change_activity") or set(),
        "activity_channels": [
            (value, label)
            for value, label in campaign.Channel.choices
            if value in campaign.channels and value != campaign.Channel.SMS
        ],
    }
    return render(request, "campaigns/campaign_detail.html", context)


def campaign_material_add(request, pk):
    campaign = campaign_for(request, pk, "campaigns.add_material")
    form = MaterialForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.material_add(
                campaign=campaign,
                by=request.user,
                title=form.cleaned_data["title"],
                content=upload,
                file_name=upload.name,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Material added."))
            return redirect(campaign)
    return render(request, "campaigns/material_form.html", {"form": form, "campaign": campaign})


def material_download(request, pk):
    require(request.user, "campaigns.view_material")
    try:
        material, content = selectors.material_content(user=request.user, pk=pk)
    except Material.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(content, content_type=material.content_type)
    extension = EXTENSIONS.get(material.content_type, "docx")
    # A neutral file name: the uploaded one is the uploader's business and ends up in browser histories.
    response["Content-Disposition"] = f'attachment; filename="material-{material.pk}.{extension}"'
    response["Cache-Control"] = "no-store"
    return response
