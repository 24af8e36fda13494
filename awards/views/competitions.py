"""The competition pages: the list, a competition's home (timeline, nominations and their rubrics,
national consultations, the viewer's own nominations), and the organiser's forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.backends import member_organisations_with_perm
from awards.forms.competitions import CompetitionForm, NominationForm
from awards.selectors import competitions as selectors, consultations as consultation_selectors
from awards.services import competitions as services, consultations as consultation_services
from network.models import Organisation
from tenancy.forms import errors_to_form

MANAGE = "awards.manage_competition"


def require(user, perm: str) -> None:
    """Roles that never hold ``perm`` anywhere get 403 (before any row is looked up)."""
    if not user.has_perm(perm):
        raise PermissionDenied


def competition_for(request, pk: int, perm: str | None = None):
    """The competition if it is in the user's scope (else 404); 403 without ``perm`` on it."""
    competition = selectors.competition_get(user=request.user, pk=pk)
    if perm is not None and not request.user.has_perm(perm, competition):
        raise PermissionDenied
    return competition


def competition_list(request):
    require(request.user, "awards.view_competition")
    competitions = selectors.competition_list(user=request.user)
    can_add = bool(member_organisations_with_perm(request.user, MANAGE))
    return render(request, "awards/competition_list.html", {"competitions": competitions, "can_add": can_add})


def _organiser(request) -> Organisation:
    """The office the new competition is organised by: the one where the user runs competitions."""
    organisation_ids = member_organisations_with_perm(request.user, MANAGE)
    if not organisation_ids:
        raise PermissionDenied
    return Organisation.objects.get(pk=min(organisation_ids))


def competition_create(request):
    require(request.user, MANAGE)
    organisation = _organiser(request)
    form = CompetitionForm(request.POST or None, user=request.user, creating=True)
    if form.is_valid():
        try:
            competition = services.competition_create(
                by=request.user, organisation=organisation, **form.service_fields()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Competition saved as a draft: publish it to open the call."))
            return redirect(competition)
    return render(request, "awards/competition_form.html", {"form": form, "competition": None})


def competition_detail(request, pk):
    competition = competition_for(request, pk)
    user = request.user
    can_manage = user.has_perm(MANAGE, competition)
    context = {
        "competition": competition,
        "timeline": selectors.competition_timeline(competition),
        "nominations": selectors.nomination_list(user=user, competition=competition),
        "countries": consultation_selectors.consultations_by_country(user=user, competition=competition),
        "own_nominations": selectors.own_nominations(user=user, competition=competition),
        "can_manage": can_manage,
        "rubric_locked": can_manage and services.rubric_locked(competition),
        "consultations_open": consultation_services.consultations_open(competition),
    }
    return render(request, "awards/competition_detail.html", context)


def competition_update(request, pk):
    competition = competition_for(request, pk, MANAGE)
    form = CompetitionForm(
        request.POST or None, user=request.user, initial=CompetitionForm.initial_of(competition)
    )
    if form.is_valid():
        try:
            services.competition_update(competition=competition, by=request.user, **form.service_fields())
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Competition saved."))
            return redirect(competition)
    return render(request, "awards/competition_form.html", {"form": form, "competition": competition})


@require_POST
def competition_publish(request, pk):
    competition = competition_for(request, pk, MANAGE)
    try:
        services.competition_publish(competition=competition, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The call is published: the network reads the competition now."))
    return redirect(competition)


def competition_nomination_add(request, pk):
    competition = competition_for(request, pk, MANAGE)
    form = NominationForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            nomination = services.nomination_add(
                competition=competition, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Nomination added: check its criteria."))
            return redirect("awards:nomination_update", nomination.pk)
    return render(request, "awards/nomination_add.html", {"form": form, "competition": competition})
