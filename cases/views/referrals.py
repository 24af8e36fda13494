"""Referrals and transfers: the case's tab, the incoming inbox with accept/decline, approvals, and the
managers' page of duplicate checks."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors, services
from cases.forms import (
    ApprovalForm,
    ExternalReferralForm,
    ExternalReferrerForm,
    ReceiverFilterForm,
    ReferralAcceptForm,
    ReferralCompleteForm,
    ReferralDeclineForm,
    ReferralForm,
    TransferForm,
)
from cases.models import choices
from cases.views.base import acting_organisation, case_for, case_tab
from network.models import Organisation
from tenancy.forms import errors_to_form


def _with_section_names(referrals):
    labels = dict(choices.Section.choices)
    referrals = list(referrals)
    for referral in referrals:
        referral.section_names = [labels[section] for section in referral.shared_sections]
    return referrals


def _referral_form(request, case, data=None) -> tuple[ReceiverFilterForm, ReferralForm]:
    """The receivers the referral form offers, narrowed by the service and country asked for (GET),
    each labelled with whether the victim's current consent covers sharing with it."""
    filters = ReceiverFilterForm(request.GET or None)
    receivers = filters.receivers(Organisation.objects.public())
    covered = selectors.sharing_consent_recipients(user=request.user, case=case)
    return filters, ReferralForm(data, case=case, receivers=receivers, covered=covered)


@login_required
def case_referrals(request, pk):
    case, context = case_tab(request, pk, "case_referrals")
    can_refer = request.user.has_perm("cases.add_referral", case)
    filters, form = _referral_form(request, case, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_refer:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.referral_request(case=case, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Referral sent."))
                return redirect("cases:case_referrals", pk=case.pk)
    context.update(
        {
            "referrals": _with_section_names(
                selectors.referral_list(user=request.user, case=case).select_related("requested_by")
            ),
            "form": form if can_refer and not case.is_closed else None,
            "filters": filters,
            "can_withdraw": can_refer,
            "answerable": set(
                selectors.referrals_answerable(user=request.user)
                .filter(case=case)
                .values_list("pk", flat=True)
            ),
            "completable": set(
                selectors.referrals_to_complete(user=request.user)
                .filter(case=case)
                .values_list("pk", flat=True)
            ),
        }
    )
    return render(request, "cases/case_referrals.html", context)


@login_required
def referral_external(request, pk):
    """Record a referral to a body outside Amanat (police, consulate, labour inspection, NGO abroad)."""
    case = case_for(request, pk, "cases.add_referral")
    form = ExternalReferralForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_external(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Referral recorded."))
            return redirect("cases:case_referrals", pk=case.pk)
    return render(
        request,
        "cases/case_action.html",
        {
            "case": case,
            "form": form,
            "title": _("Refer to a body outside Amanat"),
            "button": _("Record the referral"),
        },
    )


@login_required
@require_POST
def referral_withdraw(request, pk, referral_pk):
    """The referring organisation withdraws a request, or ends the sharing of an accepted referral."""
    case = case_for(request, pk, "cases.add_referral")
    referral = get_object_or_404(selectors.referral_list(user=request.user, case=case), pk=referral_pk)
    try:
        services.referral_withdraw(referral=referral, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Referral withdrawn."))
    return redirect("cases:case_referrals", pk=case.pk)


@login_required
def case_transfer(request, pk):
    case = case_for(request, pk, "cases.transfer_case")
    form = TransferForm(request.POST if request.method == "POST" else None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.case_transfer(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            if referral.status == choices.ReferralStatus.AWAITING_APPROVAL:
                messages.success(request, _("The transfer waits for the manager's approval."))
            else:
                messages.success(request, _("Transfer requested; the case moves when it is accepted."))
            return redirect(case)
    return render(
        request,
        "cases/case_action.html",
        {"case": case, "form": form, "title": _("Transfer the case"), "button": _("Request the transfer")},
    )


@login_required
def case_referrer_external(request, pk):
    """Record the body outside Amanat that referred the victim here."""
    case = case_for(request, pk, "cases.change_case")
    initial = {
        "referring_external_name": case.referring_external_name,
        "referring_external_type": case.referring_external_type,
        "referring_external_country": case.referring_external_country,
        "incoming_referral_date": case.incoming_referral_date,
    }
    form = ExternalReferrerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_referrer_external_set(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Referring body recorded."))
            return redirect(case)
    return render(
        request,
        "cases/case_action.html",
        {"case": case, "form": form, "title": _("Referred by a body outside Amanat"), "button": _("Save")},
    )


@login_required
def referral_inbox(request):
    if not request.user.has_perm("cases.view_referral"):
        raise PermissionDenied
    referrals = selectors.referrals_incoming(user=request.user)
    to_complete = selectors.referrals_to_complete(user=request.user).filter(to_organisation__isnull=False)
    return render(
        request,
        "cases/referral_inbox.html",
        {"referrals": _with_section_names(referrals), "to_complete": _with_section_names(to_complete)},
    )


def _incoming(request, pk):
    """A request the user's organisation answers (or records the answer of, for a body outside Amanat)."""
    if not request.user.has_perm("cases.view_referral"):
        raise PermissionDenied
    return get_object_or_404(selectors.referrals_answerable(user=request.user), pk=pk)


def _done(referral):
    """Back to where the answer was given: the case of an external referral, else the inbox."""
    if referral.is_external:
        return redirect("cases:case_referrals", pk=referral.case_id)
    return redirect("cases:referral_inbox")


@login_required
def referral_accept(request, pk):
    referral = _incoming(request, pk)
    form = ReferralAcceptForm(
        request.POST if request.method == "POST" else None,
        caseworkers=None
        if referral.is_external
        else selectors.caseworker_choices(organisation=referral.to_organisation),
    )
    if referral.is_external:
        del form.fields["receiving_caseworker"]  # the body outside Amanat has no caseworker here
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_accept(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Referral of case %(code)s accepted.") % {"code": referral.case.code})
            return _done(referral) if referral.is_external else redirect(referral.case)
    return render(
        request,
        "cases/referral_answer.html",
        {"referral": referral, "form": form, "title": _("Accept the referral"), "button": _("Accept")},
    )


@login_required
def referral_decline(request, pk):
    referral = _incoming(request, pk)
    form = ReferralDeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_decline(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Referral declined."))
            return _done(referral)
    return render(
        request,
        "cases/referral_answer.html",
        {"referral": referral, "form": form, "title": _("Decline the referral"), "button": _("Decline")},
    )


@login_required
def referral_complete(request, pk):
    """The receiver reports the outcome and the services it delivered (the sender, for an external body)."""
    if not request.user.has_perm("cases.view_referral"):
        raise PermissionDenied
    referral = get_object_or_404(selectors.referrals_to_complete(user=request.user), pk=pk)
    form = ReferralCompleteForm(
        request.POST if request.method == "POST" else None,
        services=selectors.services_deliverable(user=request.user, referral=referral),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_complete(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            code = referral.case.code
            messages.success(request, _("Referral of case %(code)s completed.") % {"code": code})
            return _done(referral)
    return render(
        request,
        "cases/referral_answer.html",
        {"referral": referral, "form": form, "title": _("Complete the referral"), "button": _("Complete")},
    )


@login_required
def approval_list(request):
    if not request.user.has_perm("cases.approve_case"):
        raise PermissionDenied
    return render(
        request,
        "cases/approval_list.html",
        {"approvals": selectors.approvals_pending(user=request.user), "form": ApprovalForm()},
    )


@login_required
@require_POST
def approval_decide(request, pk):
    if not request.user.has_perm("cases.approve_case"):
        raise PermissionDenied
    approval = get_object_or_404(selectors.approvals_pending(user=request.user), pk=pk)
    form = ApprovalForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.case_approve(approval=approval, by=request.user, approve=approve)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Approved.") if approve else _("Rejected."))
    return redirect("cases:approval_list")


@login_required
def duplicate_check_list(request):
    """The managers' view of duplicate checks and drafts per user (a probe of the network shows here)."""
    organisation = acting_organisation(request, "cases.approve_case")
    rows = selectors.duplicate_check_summary(user=request.user, organisation=organisation)
    return render(
        request,
        "cases/duplicate_check_list.html",
        {
            "rows": rows,
            "organisation": organisation,
            "limit": settings.AMANAT_DUPLICATE_CHECKS_PER_HOUR,
        },
    )
