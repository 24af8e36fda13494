"""The case list, the case's own tabs and the actions on the whole case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors, services
from cases.forms import (
    AssignForm,
    CloseForm,
    EventForm,
    ExperienceForm,
    PerpetratorForm,
    ProceedingForm,
    ReopenForm,
    ScreeningForm,
    StageForm,
    VictimForm,
)
from cases.models import (
    ApprovalRequest,
    Referral,
    Screening,
    TraffickingEvent,
    TraffickingExperience,
    Victim,
    choices,
)
from cases.models.base import sharing_consents
from cases.views.base import case_for, case_tab
from network.countries import country_name
from tenancy.forms import errors_to_form

PAGE_SIZE = 25


def _personal_data(request, case):
    """The decrypted victim via the selector (one access-log entry); None when not the user's to see."""
    if not request.user.has_perm("cases.view_personal_data"):
        return None
    try:
        return selectors.victim_personal_data(user=request.user, case=case, request=request)
    except Victim.DoesNotExist:
        return None


@login_required
def case_detail(request, pk):
    case, context = case_tab(request, pk, "case_detail")
    user = request.user
    victim = _personal_data(request, case)
    context.update(
        {
            "victim": victim,
            "citizenship": [country_name(code) for code in victim.citizenship] if victim else [],
            # The organisations that see something of the case now (the victim's consent still allows it).
            "shared_with": Referral.objects.visible_to(user)
            .filter(case=case, status=choices.ReferralStatus.ACCEPTED, kind=choices.ReferralKind.REFERRAL)
            .filter(Exists(sharing_consents()))
            .select_related("to_organisation"),
            # For a receiving organisation: what it sees and the consent behind it (scope and expiry).
            "received": selectors.case_sharing_received(user=user, case=case),
            "timeline": selectors.case_timeline(user=user, case=case),
            "pending_approval": ApprovalRequest.objects.visible_to(user)
            .filter(case=case, status=choices.ApprovalStatus.PENDING)
            .first(),
            "can_close": user.has_perm("cases.close_case", case),
            "can_assign": user.has_perm("cases.assign_case", case),
            "can_transfer": user.has_perm("cases.transfer_case", case),
            "can_change": user.has_perm("cases.change_case", case),
            "name_masked": not selectors.name_shown_to(user, case),
        }
    )
    return render(request, "cases/case_detail.html", context)


@login_required
def case_personal(request, pk):
    case, context = case_tab(request, pk, "case_personal")
    # A hidden name (a person at high risk) is for the assigned caseworker and the managers only.
    name_masked = not selectors.name_shown_to(request.user, case)
    can_change = request.user.has_perm("cases.change_case", case) and not name_masked
    editing = can_change and (request.method == "POST" or "edit" in request.GET)
    form = None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = VictimForm(request.POST)
        if form.is_valid():
            try:
                services.victim_update(case=case, by=request.user, **form.victim_fields())
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Personal data saved."))
                return redirect("cases:case_personal", pk=case.pk)
        victim = None
    else:
        victim = _personal_data(request, case)
        if victim is None:
            raise PermissionDenied
        if editing:
            form = VictimForm(initial={name: getattr(victim, name) for name in VictimForm.base_fields})
    context.update(
        {
            "victim": victim,
            "citizenship": [country_name(code) for code in victim.citizenship] if victim else [],
            "form": form,
            "editing": editing,
            "can_change": can_change,
            "name_masked": name_masked,
            "can_hide_name": services.may_hide_name(request.user, case),
        }
    )
    return render(request, "cases/case_personal.html", context)


@login_required
def case_screening(request, pk):
    case, context = case_tab(request, pk, "case_screening")
    screening = (
        Screening.objects.visible_to(request.user)
        .filter(case=case)
        .select_related("decided_by", "identifying_body")
        .first()
    )
    can_change = request.user.has_perm("cases.change_case", case)
    form = None
    if can_change and screening is not None:
        fields = ScreeningForm.base_fields
        form = ScreeningForm(
            request.POST if request.method == "POST" else None,
            initial={name: getattr(screening, name) for name in fields},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.screening_update(case=case, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Screening saved."))
                return redirect("cases:case_screening", pk=case.pk)
    elif request.method == "POST":
        raise PermissionDenied
    labels = dict(choices.Indicator.choices)
    indicators = [labels.get(code, code) for code in screening.indicators] if screening else []
    labels = dict(choices.Vulnerability.choices)
    vulnerabilities = [labels.get(code, code) for code in screening.vulnerabilities] if screening else []
    labels = dict(choices.Debt.choices)
    debts = [labels.get(code, code) for code in screening.debts] if screening else []
    labels = dict(choices.FamilySituation.choices)
    family_situation = [labels.get(code, code) for code in screening.family_situation] if screening else []
    context.update(
        {
            "screening": screening,
            "form": form,
            "indicators": indicators,
            "vulnerabilities": vulnerabilities,
            "debts": debts,
            "family_situation": family_situation,
        }
    )
    return render(request, "cases/case_screening.html", context)


def _experience_lists(experience) -> list[tuple[str, list[str]]]:
    if experience is None:
        return []
    vocabularies = [
        (_("Forms of exploitation"), experience.exploitation_types, choices.Exploitation),
        (_("Types of sexual exploitation"), experience.sex_exploitation_types, choices.SexExploitation),
        (_("Labour sectors"), experience.labour_sectors, choices.Industry),
        (_("Methods of recruitment"), experience.recruitment_methods, choices.RecruitmentMethod),
        (_("Means of control"), experience.means_of_control, choices.MeansOfControl),
    ]
    return [
        (title, [dict(vocabulary.choices).get(code, code) for code in codes])
        for title, codes, vocabulary in vocabularies
    ]


def _experience_forms(request, case, experience) -> dict:
    """The forms of the experience tab by the name a POST gives in ``form``, each with its service."""
    posted = request.POST.get("form")
    user = request.user

    def bound(name, form_class, **kwargs):
        return form_class(request.POST if posted == name else None, **kwargs)

    form = bound(
        "experience",
        ExperienceForm,
        initial={name: getattr(experience, name) for name in ExperienceForm.base_fields},
    )
    perpetrator_form = bound("perpetrator", PerpetratorForm)
    proceeding_form = bound("proceeding", ProceedingForm)
    event_form = bound("event", EventForm)
    return {
        "experience": (form, lambda: services.experience_update(case=case, by=user, **form.cleaned_data)),
        "event": (event_form, lambda: services.event_add(case=case, by=user, **event_form.cleaned_data)),
        "perpetrator": (
            perpetrator_form,
            lambda: services.perpetrator_add(case=case, by=user, **perpetrator_form.perpetrator_fields()),
        ),
        "proceeding": (
            proceeding_form,
            lambda: services.proceeding_add(case=case, by=user, **proceeding_form.cleaned_data),
        ),
    }


@login_required
def case_experience(request, pk):
    case, context = case_tab(request, pk, "case_experience")
    user = request.user
    experience = TraffickingExperience.objects.visible_to(user).filter(case=case).first()
    events = TraffickingEvent.objects.visible_to(user).filter(case=case).select_related("region")
    can_change = user.has_perm("cases.change_case", case)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    forms = _experience_forms(request, case, experience) if can_change and experience is not None else {}
    target, save = forms.get(request.POST.get("form"), (None, None))
    if target is not None and target.is_valid():
        try:
            save()
        except ValidationError as error:
            errors_to_form(target, error)
        else:
            messages.success(request, _("Trafficking experience saved."))
            return redirect("cases:case_experience", pk=case.pk)
    context.update(
        {
            "experience": experience,
            "events": events,
            "forms": {name: form for name, (form, _save) in forms.items()},
            "form": forms.get("experience", (None,))[0],
            "event_form": forms.get("event", (None,))[0],
            "lists": _experience_lists(experience),
            "perpetrators": selectors.case_perpetrators_read(user=user, case=case, request=request),
            "proceedings": selectors.case_proceedings_read(user=user, case=case, request=request),
        }
    )
    return render(request, "cases/case_experience.html", context)


@login_required
def case_history(request, pk):
    case, context = case_tab(request, pk, "case_history")
    user = request.user
    # Only those who may read the audit trail see it (managers); others see that it exists.
    can_view = user.has_perm("audit.view_history", case)
    context.update(
        {
            "can_view": can_view,
            "changes": selectors.case_change_history(user=user, case=case) if can_view else [],
            "entries": selectors.case_audit_entries(user=user, case=case)[:200] if can_view else [],
        }
    )
    return render(request, "cases/case_history.html", context)


def _action(request, case, form, template_context, on_valid):
    """Run one case action from its small form page; errors of the service come back onto the form."""
    if request.method == "POST" and form.is_valid():
        try:
            message = on_valid(form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, message)
            return redirect(case)
    return render(request, "cases/case_action.html", {"case": case, "form": form, **template_context})


@login_required
def case_close(request, pk):
    """Closure shows what it will do and asks: each open referral and sharing, the follow-ups."""
    case = case_for(request, pk, "cases.close_case")
    if case.is_closed:
        messages.info(request, _("The case is already closed."))
        return redirect(case)
    preview = services.case_closure_preview(case=case)
    form = CloseForm(request.POST if request.method == "POST" else None, preview=preview)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.case_close(case=case, by=request.user, **form.close_fields())
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            if isinstance(result, ApprovalRequest):
                messages.success(request, _("The closure waits for the manager's approval."))
            else:
                messages.success(request, _("Case closed."))
            return redirect(case)
    return render(request, "cases/case_close.html", {"case": case, "form": form, "preview": preview})


@login_required
def case_reopen(request, pk):
    case = case_for(request, pk, "cases.close_case")

    def reopen(data):
        services.case_reopen(case=case, by=request.user, **data)
        return _("Case reopened.")

    return _action(
        request,
        case,
        ReopenForm(request.POST if request.method == "POST" else None),
        {"title": _("Reopen the case"), "button": _("Reopen")},
        reopen,
    )


@login_required
def case_assign(request, pk):
    case = case_for(request, pk, "cases.assign_case")
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        caseworkers=selectors.caseworker_choices(organisation=case.organisation),
        initial={"caseworker": case.caseworker_id},
    )

    def assign(data):
        services.case_assign(case=case, by=request.user, caseworker=data["caseworker"])
        return _("Caseworker assigned.")

    return _action(request, case, form, {"title": _("Assign a caseworker"), "button": _("Assign")}, assign)


@login_required
@require_POST
def case_stage(request, pk):
    case = case_for(request, pk, "cases.change_case")
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.case_stage_set(case=case, by=request.user, stage=form.cleaned_data["stage"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Stage changed."))
    return redirect(case)
