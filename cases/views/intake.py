"""The guided intake: person, screening, experience, consent and review, each step saved to a draft case;
the hotline's short intake; the duplicate check as the name and birth date are typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cases import selectors, services
from cases.forms import INTAKE_STEP_FORMS, ExperienceStepForm, HotlineIntakeForm, PersonStepForm
from cases.models import Case, Screening, TraffickingEvent, TraffickingExperience, choices
from cases.views.base import acting_organisation, case_for

STEP_LABELS = {
    "person": gettext_lazy("Person"),
    "screening": gettext_lazy("Screening"),
    "experience": gettext_lazy("Trafficking experience"),
    "consent": gettext_lazy("Consent"),
    "review": gettext_lazy("Review and register"),
}
STEPS = [*choices.INTAKE_STEPS, "review"]
MATCH_FIELDS = ("given_name", "family_name", "birth_date", "estimated_age")


def _step_url(case: Case, step: str) -> str:
    return reverse(f"cases:case_intake_{step}", args=[case.pk])


def _progress(case: Case | None, current: str) -> list[dict]:
    saved = set(case.intake_steps) if case else set()
    return [
        {
            "number": number,
            "label": STEP_LABELS[step],
            "done": step in saved,
            "current": step == current,
            "url": _step_url(case, step) if case is not None and step != current else "",
        }
        for number, step in enumerate(STEPS, start=1)
    ]


def _error_summary(form) -> list[dict]:
    """Every error of the step, each with the id of its field for the summary's link."""
    summary = []
    for name, errors in form.errors.items():
        if name in form.fields:
            bound = form[name]
            target = bound.id_for_label or bound.auto_id
            summary += [{"target": target, "label": bound.label, "message": error} for error in errors]
        else:
            summary += [{"target": "", "label": "", "message": error} for error in errors]
    return summary


def _errors_kept(form, error: ValidationError) -> None:
    """The service's errors on the form, without repeating a field's own error (a missing name …)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        if name in form.errors:
            continue
        form.add_error(name if name in form.fields else None, errors)


def _step_context(*, step: str, case=None) -> dict:
    return {
        "case": case,
        "organisation": case.organisation if case else None,
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "step_count": len(STEPS),
        "step_label": STEP_LABELS[step],
        "progress": _progress(case, step),
        "match_fields": MATCH_FIELDS if step == "person" else (),
        "is_last_data_step": step == choices.INTAKE_STEPS[-1],
    }


def _save(form, save) -> bool:
    """Check the step with the service (every error at once, also when the form found some), save when
    all is well; the form keeps what was typed."""
    valid = form.is_valid()
    try:
        save(form.intake_fields(), dry_run=not valid)
    except ValidationError as error:
        _errors_kept(form, error)
        return False
    return valid


def _after_save(request, case: Case, step: str):
    if request.POST.get("then") == "leave":
        messages.success(
            request,
            _("Draft of case %(code)s saved. Continue the intake from the case's page.")
            % {"code": case.code},
        )
        return redirect(case)
    return redirect(_step_url(case, STEPS[STEPS.index(step) + 1]))


def _match_check(request, organisation, data: dict, *, excluding=None, ask: bool = False):
    if not (data.get("given_name") or "").strip() or not (data.get("family_name") or "").strip():
        return None
    birth_date = data.get("birth_date")
    birth_year = None
    if birth_date is None and data.get("estimated_age") is not None:
        birth_year = timezone.localdate().year - data["estimated_age"]
    return services.victim_match_check(
        by=request.user,
        organisation=organisation,
        given_name=data["given_name"],
        family_name=data["family_name"],
        birth_date=birth_date,
        birth_year=birth_year,
        ask=ask,
        excluding=excluding,
    )


def _start(request, *, organisation, form, template: str, context: dict):
    """Check the first step, then the duplicate check before anything is saved (unless the page already
    showed its answer, drawn by htmx as the names were typed), then open the draft."""
    if request.method == "POST":

        def start(fields, dry_run):
            return services.intake_start(
                by=request.user, organisation=organisation, dry_run=dry_run, **fields
            )

        if _save(form, lambda fields, dry_run: start(fields, dry_run=True)):
            match = None
            if not request.POST.get("match_checked"):
                match = _match_check(request, organisation, form.cleaned_data)
            if match is not None and (match.matched or match.limited):
                messages.warning(
                    request, _("Check the answer of the duplicate check before saving the case.")
                )
            else:
                return start(form.intake_fields(), dry_run=False)
            context["match"] = match
    context.update({"form": form, "summary": _error_summary(form), "organisation": organisation})
    return render(request, template, context)


@login_required
def case_create(request):
    """A new case: the person step of the guided intake (the hotline: its short intake, on one page)."""
    organisation = acting_organisation(request, "cases.add_case")
    data = request.POST if request.method == "POST" else None
    if not request.user.has_perm("cases.change_case", organisation):
        answer = _start(
            request,
            organisation=organisation,
            form=HotlineIntakeForm(data),
            template="cases/intake_hotline.html",
            context={"match_fields": MATCH_FIELDS},
        )
        if isinstance(answer, Case):
            messages.success(
                request,
                _("Draft of case %(code)s saved; a caseworker continues the intake.") % {"code": answer.code},
            )
            return redirect(answer)
        return answer
    answer = _start(
        request,
        organisation=organisation,
        form=PersonStepForm(data),
        template="cases/intake_step.html",
        context=_step_context(step="person", case=None),
    )
    return _after_save(request, answer, "person") if isinstance(answer, Case) else answer


def _draft_for(request, pk):
    """The draft case the user may work on (404 outside scope, 403 without ``cases.change_case``)."""
    return case_for(request, pk, "cases.change_case")


def _step_initial(request, case: Case, step: str) -> dict:
    user = request.user
    if step == "person":
        victim = selectors.victim_personal_data(user=user, case=case, request=request)
        return PersonStepForm.initial_from(victim)
    if step == "screening":
        screening = Screening.objects.visible_to(user).filter(case=case).first()
        fields = INTAKE_STEP_FORMS["screening"].base_fields
        return {name: getattr(screening, name) for name in fields} if screening else {}
    if step == "experience":
        experience = TraffickingExperience.objects.visible_to(user).filter(case=case).first()
        events = TraffickingEvent.objects.visible_to(user).filter(case=case).order_by("pk")
        return ExperienceStepForm.initial_from(experience, events)
    return INTAKE_STEP_FORMS["consent"].initial_from(selectors.consent_current_list(user=user, case=case))


@login_required
def case_intake_step(request, pk, step):
    """One step of the intake of a draft case: shown with what was saved, saved on "Save and continue"
    (or "Save draft and leave")."""
    case = _draft_for(request, pk)
    if not case.is_draft:
        return redirect(case)
    form_class = INTAKE_STEP_FORMS[step]
    if request.method == "POST":
        form = form_class(request.POST)

        def save(fields, dry_run):
            return services.intake_save(case=case, by=request.user, steps=[step], dry_run=dry_run, **fields)

        if _save(form, save):
            return _after_save(request, case, step)
    else:
        form = form_class(initial=_step_initial(request, case, step))
    context = _step_context(step=step, case=case)
    context.update({"form": form, "summary": _error_summary(form)})
    return render(request, "cases/intake_step.html", context)


@login_required
@require_GET
def case_intake_continue(request, pk):
    """ "Continue intake": the first step of the draft not saved yet."""
    case = _draft_for(request, pk)
    if not case.is_draft:
        return redirect(case)
    return redirect(_step_url(case, case.intake_next_step))


def _missing(case: Case) -> list[dict]:
    labels = {}
    for form_class in INTAKE_STEP_FORMS.values():
        labels.update({name: field.label for name, field in form_class.base_fields.items()})
    return [
        {
            "label": labels.get(name, name),
            "message": message,
            "url": f"{_step_url(case, services.intake_step_of(name))}#id_{name}",
        }
        for name, message in services.intake_missing(case=case).items()
    ]


@login_required
@require_GET
def case_intake_review(request, pk):
    """The intake's last step: what was saved, what registering still needs, and what it does."""
    case = _draft_for(request, pk)
    if not case.is_draft:
        return redirect(case)
    return _render_review(request, case)


def _render_review(request, case, status=200):
    steps = [
        {"label": STEP_LABELS[step], "done": step in case.intake_steps, "url": _step_url(case, step)}
        for step in choices.INTAKE_STEPS
    ]
    context = _step_context(step="review", case=case)
    context.update({"steps": steps, "missing": _missing(case)})
    return render(request, "cases/intake_review.html", context, status=status)


@login_required
@require_POST
def case_intake_register(request, pk):
    """Register the draft: it leaves the draft state and moves on to assistance (refused while
    something registering needs is missing: the review lists it)."""
    case = _draft_for(request, pk)
    if not case.is_draft:
        return redirect(case)
    try:
        services.intake_register(case=case, by=request.user)
    except ValidationError:
        return _render_review(request, case, status=400)
    messages.success(request, _("Case %(code)s registered: it is no longer a draft.") % {"code": case.code})
    return redirect(case)


def _match_form(request):
    """The names and birth data as typed (in the body, never the URL), cleaned like the person step."""
    form = PersonStepForm(request.POST)
    form.is_valid()
    return {name: form.cleaned_data.get(name) for name in MATCH_FIELDS}


def _match_answer(request, *, ask: bool):
    organisation = acting_organisation(request, "cases.add_case")
    excluding = None
    if request.POST.get("case"):
        excluding = Case.objects.visible_to(request.user).filter(pk=request.POST["case"]).first()
    data = _match_form(request)
    match = _match_check(request, organisation, data, excluding=excluding, ask=ask)
    return render(request, "cases/_match_check.html", {"match": match})


@login_required
@require_POST
def intake_match_check(request):
    """The duplicate check as the name and birth date are typed (htmx): a partial beside the fields."""
    return _match_answer(request, ask=False)


@login_required
@require_POST
def intake_match_ask(request):
    """Ask the organisation of an unnamed possible match to make contact (its managers are notified)."""
    return _match_answer(request, ask=True)
