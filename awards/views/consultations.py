"""National consultations: the coordinator of a country records theirs and puts nominees forward;
the competition's organisers read every country's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.forms.consultations import ConsultationForm, NomineeForm
from awards.selectors import competitions as competition_selectors, consultations as selectors
from awards.services import consultations as services
from tenancy.forms import errors_to_form

RUN = "awards.run_consultation"
ADD_NOMINEE = "awards.add_nominee"


def consultation_for(request, pk: int, perm: str | None = None):
    """The consultation if it is in the user's scope (else 404); 403 without ``perm`` on it."""
    consultation = selectors.consultation_get(user=request.user, pk=pk)
    if perm is not None and not request.user.has_perm(perm, consultation):
        raise PermissionDenied
    return consultation


def competition_consultation_add(request, pk):
    competition = competition_selectors.competition_get(user=request.user, pk=pk)
    organisation = selectors.running_organisation(user=request.user, competition=competition)
    if organisation is None:
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, user=request.user, country=organisation.country)
    if form.is_valid():
        try:
            consultation = services.consultation_create(
                competition=competition, by=request.user, organisation=organisation, **form.service_fields()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("National consultation recorded: put the nominees forward."))
            return redirect(consultation)
    context = {
        "form": form,
        "competition": competition,
        "consultation": None,
        "country": organisation.country,
    }
    return render(request, "awards/consultation_form.html", context)


def consultation_detail(request, pk):
    consultation = consultation_for(request, pk)
    context = {
        "consultation": consultation,
        "competition": consultation.competition,
        "can_change": request.user.has_perm(RUN, consultation),
        "can_nominate": request.user.has_perm(ADD_NOMINEE, consultation),
        "open": services.consultations_open(consultation.competition),
    }
    return render(request, "awards/consultation_detail.html", context)


def consultation_update(request, pk):
    consultation = consultation_for(request, pk, RUN)
    form = ConsultationForm(
        request.POST or None,
        user=request.user,
        country=consultation.country,
        initial=ConsultationForm.initial_of(consultation),
    )
    if form.is_valid():
        try:
            services.consultation_update(consultation=consultation, by=request.user, **form.service_fields())
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("National consultation saved."))
            return redirect(consultation)
    context = {
        "form": form,
        "competition": consultation.competition,
        "consultation": consultation,
        "country": consultation.country,
    }
    return render(request, "awards/consultation_form.html", context)


def consultation_nominee_add(request, pk):
    consultation = consultation_for(request, pk, ADD_NOMINEE)
    form = NomineeForm(request.POST or None, user=request.user, consultation=consultation)
    if form.is_valid():
        try:
            services.nominee_add(consultation=consultation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Nominee put forward."))
            return redirect(consultation)
    return render(request, "awards/nominee_form.html", {"form": form, "consultation": consultation})


@require_POST
def nominee_withdraw(request, pk):
    nominee = selectors.nominee_get(user=request.user, pk=pk)
    if not request.user.has_perm(ADD_NOMINEE, nominee.consultation):
        raise PermissionDenied
    try:
        services.nominee_withdraw(nominee=nominee, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Nomination withdrawn."))
    return redirect(nominee.consultation)
