"""A campaign's reach and effect: the page, and its figures as CSV (managers: ``campaigns.view_reach``)."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from campaigns.models import Campaign
from campaigns.selectors import effect as effect_selectors, reach as reach_selectors, reach_export


def campaign_for_reach(request, pk: int) -> Campaign:
    """The campaign if the user may see it (else 404) and view its reach (else 403)."""
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("organisation", "programme", "donor"), pk=pk
    )
    if not reach_selectors.reach_viewable(user=request.user, campaign=campaign):
        raise PermissionDenied
    return campaign


def reach_context(*, user, campaign: Campaign) -> dict:
    """What ``campaigns/_reach_summary.html`` needs, for any page that includes it (a campaign's page
    includes it only when ``reach_selectors.reach_viewable`` says the user may see it)."""
    reach = reach_selectors.campaign_reach(user=user, campaign=campaign)
    effect = effect_selectors.campaign_effect(user=user, campaign=campaign)
    return {"reach": reach, "effect": effect, "chart": effect_selectors.effect_chart(effect)}


@login_required
def campaign_reach(request, pk):
    campaign = campaign_for_reach(request, pk)
    context = {"campaign": campaign, **reach_context(user=request.user, campaign=campaign)}
    return render(request, "campaigns/campaign_reach.html", context)


@login_required
def campaign_reach_csv(request, pk):
    campaign = campaign_for_reach(request, pk)
    figures = reach_context(user=request.user, campaign=campaign)
    reach, effect = figures["reach"], figures["effect"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}-reach.csv"'
    response.write("\ufeff")  # a BOM, so that spreadsheet programs read the Cyrillic text as UTF-8
    csv.writer(response).writerows(reach_export.reach_rows(reach=reach, effect=effect))
    return response
