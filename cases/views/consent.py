"""The consent tab: versions per purpose, recording, withdrawing and (for managers) overriding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cases import selectors, services
from cases.forms import ConsentForm, ConsentOverrideForm, ConsentWithdrawForm
from cases.views.base import case_tab
from tenancy.forms import errors_to_form


@login_required
def case_consent(request, pk):
    case, context = case_tab(request, pk, "case_consent")
    user = request.user
    can_record = user.has_perm("cases.add_consent", case)
    can_override = user.has_perm("cases.override_consent", case)
    posted = request.POST.get("form")
    form = ConsentForm(request.POST if posted == "record" else None)
    override_form = ConsentOverrideForm(request.POST if posted == "override" else None)
    if request.method == "POST":
        if (posted == "override" and not can_override) or (posted != "override" and not can_record):
            raise PermissionDenied
        try:
            if posted == "record" and form.is_valid():
                services.consent_record(case=case, by=user, **form.cleaned_data)
                messages.success(request, _("Consent recorded."))
                return redirect("cases:case_consent", pk=case.pk)
            if posted == "override" and override_form.is_valid():
                services.consent_override(case=case, by=user, **override_form.cleaned_data)
                messages.warning(request, _("Consent overridden; the reason is shown on the case."))
                return redirect("cases:case_consent", pk=case.pk)
            if posted == "withdraw":
                withdraw = ConsentWithdrawForm(request.POST)
                if withdraw.is_valid():
                    current = get_object_or_404(
                        selectors.consent_current_list(user=user, case=case),
                        pk=withdraw.cleaned_data["consent"],
                    )
                    services.consent_withdraw(
                        case=case,
                        by=user,
                        purpose=current.purpose,
                        recipient=current.recipient,
                        notes=withdraw.cleaned_data["notes"],
                    )
                    messages.success(request, _("Consent withdrawn."))
                return redirect("cases:case_consent", pk=case.pk)
        except ValidationError as error:
            errors_to_form(override_form if posted == "override" else form, error)
    context.update(
        {
            "current": selectors.consent_current_list(user=user, case=case),
            "history": selectors.consent_history(user=user, case=case),
            "form": form if can_record else None,
            "override_form": override_form if can_override else None,
            "can_record": can_record,
        }
    )
    return render(request, "cases/case_consent.html", context)
