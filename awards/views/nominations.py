"""A nomination's page for its organisers: names, figures cited, scale and the rubric's criteria."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from awards.forms.competitions import CriterionFormSet, NominationForm, criteria_initial, criteria_of
from awards.selectors import competitions as selectors
from awards.services import competitions as services
from tenancy.forms import errors_to_form


def nomination_update(request, pk):
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    if not request.user.has_perm("awards.manage_competition", nomination):
        raise PermissionDenied
    locked = services.rubric_locked(nomination.competition)
    data = request.POST or None
    form = NominationForm(data, user=request.user, initial=NominationForm.initial_of(nomination))
    # Once judges score, the criteria are shown, not offered for change.
    formset = (
        None if locked else CriterionFormSet(data, initial=criteria_initial(nomination), prefix="criteria")
    )
    if form.is_valid() and (formset is None or formset.is_valid()):
        try:
            services.nomination_update(
                nomination=nomination,
                by=request.user,
                criteria=None if formset is None else criteria_of(formset),
                **form.service_fields(),
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Nomination saved."))
            return redirect(nomination.competition)
    context = {
        "form": form,
        "formset": formset,
        "nomination": nomination,
        "competition": nomination.competition,
        "rubric_locked": locked,
    }
    return render(request, "awards/nomination_form.html", context)
