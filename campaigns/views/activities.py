"""The activity pages: add one on a channel of the campaign (the lead's or a partner's own), change it,
add an airing of a TV or radio spot, count the participants of an event."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from campaigns.forms.campaigns import ActivityForm, AiringForm, ParticipationForm
from campaigns.models import choices
from campaigns.selectors import campaigns as selectors
from campaigns.services import activities as services
from campaigns.views.campaigns import campaign_for, require
from tenancy.forms import errors_to_form


def activity_for(request, pk: int):
    """An activity in the user's scope (else 404) that the user's organisation may change (else 403)."""
    require(request.user, "campaigns.view_activity")
    activity = get_object_or_404(selectors.activity_list(user=request.user), pk=pk)
    if not request.user.has_perm("campaigns.change_activity", activity):
        raise PermissionDenied
    return activity


def campaign_activity_add(request, pk):
    campaign = campaign_for(request, pk)
    services.activity_organisation(campaign=campaign, by=request.user)  # 403 unless lead or partner manager
    channel = request.GET.get("channel", "")
    if channel not in services.CHANNEL_FIELDS or channel not in campaign.channels:
        channels = [
            (value, label)
            for value, label in choices.Channel.choices
            if value in campaign.channels and value in services.CHANNEL_FIELDS
        ]
        return render(
            request, "campaigns/activity_channel.html", {"campaign": campaign, "channels": channels}
        )
    form = ActivityForm(request.POST or None, campaign=campaign, channel=channel)
    if form.is_valid():
        try:
            activity = services.activity_add(
                campaign=campaign, by=request.user, channel=channel, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Activity saved."))
            if channel in services.AIRED_CHANNELS or channel == choices.Channel.EVENT:
                return redirect("campaigns:activity_update", activity.pk)
            return redirect(campaign)
    context = {
        "form": form,
        "campaign": campaign,
        "activity": None,
        "channel_label": choices.Channel(channel).label,
    }
    return render(request, "campaigns/activity_form.html", context)


def activity_update(request, pk):
    activity = activity_for(request, pk)
    campaign = activity.campaign
    form = ActivityForm(
        request.POST or None,
        campaign=campaign,
        channel=activity.channel,
        initial=ActivityForm.initial_of(activity),
    )
    if form.is_valid():
        try:
            services.activity_update(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Activity saved."))
            return redirect(campaign)
    context = {
        "form": form,
        "campaign": campaign,
        "activity": activity,
        "channel_label": activity.get_channel_display(),
        "airing_form": AiringForm() if activity.channel in services.AIRED_CHANNELS else None,
        "participation_form": ParticipationForm(initial=ParticipationForm.initial_of(activity))
        if activity.channel == choices.Channel.EVENT
        else None,
    }
    return render(request, "campaigns/activity_form.html", context)


def activity_airing_add(request, pk):
    activity = activity_for(request, pk)
    form = AiringForm(request.POST or None)
    if form.is_valid():
        try:
            services.airing_add(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Airing added."))
            return redirect("campaigns:activity_update", activity.pk)
    return render(
        request,
        "campaigns/activity_part_form.html",
        {"form": form, "activity": activity, "title": _("Add an airing")},
    )


def activity_participation_set(request, pk):
    activity = activity_for(request, pk)
    form = ParticipationForm(request.POST or None, initial=ParticipationForm.initial_of(activity))
    if form.is_valid():
        try:
            services.participations_set(activity=activity, by=request.user, counts=form.counts())
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Participants saved."))
            return redirect(activity.campaign)
    return render(
        request,
        "campaigns/activity_part_form.html",
        {"form": form, "activity": activity, "title": _("Participants by sex and age band")},
    )
