"""The forum's programme: the printable page, laying it out, publishing it, and its slots by hand."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from awards import selectors
from awards.forms.programme import ProgrammeGenerateForm, SlotForm
from awards.selectors import programme as programme_selectors
from awards.services import programme as services
from tenancy.forms import errors_to_form

VIEW_SLOT = "awards.view_slot"
MANAGE = "awards.manage_competition"


def _competition_for(request, pk: int, perm: str):
    """The competition if the user reads it (else 404); 403 without ``perm`` (on it, for managing)."""
    if not request.user.has_perm(perm):
        raise PermissionDenied
    competition = selectors.competition_get(user=request.user, pk=pk)
    if perm == MANAGE and not request.user.has_perm(MANAGE, competition):
        raise PermissionDenied
    return competition


def _slot_for(request, pk: int):
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    slot = get_object_or_404(programme_selectors.slot_list(user=request.user), pk=pk)
    if not request.user.has_perm(MANAGE, slot.competition):
        raise PermissionDenied
    return slot


def _programme_url(competition) -> str:
    return reverse("awards:competition_programme", args=[competition.pk])


def _flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def competition_programme(request, pk):
    competition = _competition_for(request, pk, VIEW_SLOT)
    can_manage = request.user.has_perm(MANAGE, competition)
    context = {
        "competition": competition,
        "days": programme_selectors.programme_days(user=request.user, competition=competition),
        "can_manage": can_manage,
        "generate_form": ProgrammeGenerateForm(initial={"rooms": "Hall A\nHall B"}) if can_manage else None,
    }
    return render(request, "awards/competition_programme.html", context)


@require_POST
def competition_programme_generate(request, pk):
    competition = _competition_for(request, pk, MANAGE)
    form = ProgrammeGenerateForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(_programme_url(competition))
    try:
        slots = services.programme_generate(competition=competition, by=request.user, **form.service_fields())
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "Programme laid out: %(count)d presentation.",
                "Programme laid out: %(count)d presentations.",
                len(slots),
            )
            % {"count": len(slots)},
        )
    return redirect(_programme_url(competition))


@require_POST
def competition_programme_publish(request, pk):
    competition = _competition_for(request, pk, MANAGE)
    try:
        services.programme_publish(competition=competition, by=request.user)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, _("Programme published: every participant can read it now."))
    return redirect(_programme_url(competition))


def competition_slot_add(request, pk):
    competition = _competition_for(request, pk, MANAGE)
    form = SlotForm(request.POST or None, user=request.user, competition=competition)
    if form.is_valid():
        try:
            services.slot_add(competition=competition, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Slot added."))
            return redirect(_programme_url(competition))
    return render(request, "awards/slot_form.html", {"form": form, "competition": competition, "slot": None})


def slot_update(request, pk):
    slot = _slot_for(request, pk)
    competition = slot.competition
    form = SlotForm(
        request.POST or None, user=request.user, competition=competition, initial=SlotForm.initial_of(slot)
    )
    if form.is_valid():
        try:
            services.slot_update(slot=slot, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Slot saved."))
            return redirect(_programme_url(competition))
    return render(request, "awards/slot_form.html", {"form": form, "competition": competition, "slot": slot})


@require_POST
def slot_remove(request, pk):
    slot = _slot_for(request, pk)
    competition = slot.competition
    services.slot_remove(slot=slot, by=request.user)
    messages.success(request, _("Slot removed."))
    return redirect(_programme_url(competition))
