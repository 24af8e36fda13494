"""Services delivered, the reintegration plan, follow-ups and assessments (with their trend)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cases import selectors, services
from cases.forms import (
    AssessmentForm,
    FollowUpAddForm,
    FollowUpForm,
    FollowUpScheduleForm,
    GoalForm,
    PlanForm,
    ServiceForm,
    errors_to_form,
)
from cases.models import (
    Assessment,
    AssistanceService,
    FollowUp,
    ReintegrationGoal,
    ReintegrationPlan,
    choices,
)
from cases.views.base import case_for, case_tab

CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 320, 120, 16


@login_required
def case_services(request, pk):
    case, context = case_tab(request, pk, "case_services")
    can_add = (
        selectors.case_writing_organisation(
            user=request.user, case=case, perm="cases.add_service", section=choices.Section.SERVICES
        )
        is not None
    )
    form = ServiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.service_record(case=case, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Service recorded."))
                return redirect("cases:case_services", pk=case.pk)
    context.update(
        {
            "services": AssistanceService.objects.visible_to(request.user)
            .filter(case=case)
            .select_related("provider", "programme"),
            "form": form if can_add else None,
        }
    )
    return render(request, "cases/case_services.html", context)


def assessment_chart(assessments: list[Assessment]) -> dict | None:
    """Points of a small inline SVG line of the composite score over time (oldest first)."""
    points = [(a.assessed_on, a.composite, a.scale) for a in assessments if a.composite is not None]
    if len(points) < 2:
        return None
    points.sort(key=lambda point: point[0])
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)
    coordinates = []
    for day, score, scale in points:
        top = 5 if scale == Assessment.Scale.FIVE_POINT else 1
        low = 1 if scale == Assessment.Scale.FIVE_POINT else 0
        x = CHART_PAD + (CHART_WIDTH - 2 * CHART_PAD) * (day - first).days / span
        y = CHART_HEIGHT - CHART_PAD - (CHART_HEIGHT - 2 * CHART_PAD) * (float(score) - low) / (top - low)
        coordinates.append({"x": round(x, 1), "y": round(y, 1), "day": day, "score": round(float(score), 2)})
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "points": coordinates,
        "polyline": " ".join(f"{point['x']},{point['y']}" for point in coordinates),
    }


def _trend(assessments: list[Assessment]) -> str:
    scored = [a for a in assessments if a.composite is not None]
    if len(scored) < 2:
        return ""
    newest, oldest = scored[0].composite, scored[-1].composite
    return "up" if newest > oldest else "down" if newest < oldest else "flat"


@login_required
def case_reintegration(request, pk):
    case, context = case_tab(request, pk, "case_reintegration")
    user = request.user
    can_change = user.has_perm("cases.change_case", case)
    can_schedule = user.has_perm("cases.change_followup", case)
    can_assess = user.has_perm("cases.add_assessment", case)
    plan = ReintegrationPlan.objects.visible_to(user).filter(case=case).first()
    followups = FollowUp.objects.visible_to(user).filter(case=case).select_related("assigned_to")
    posted = request.POST.get("form")
    forms = {
        "plan": PlanForm(
            request.POST if posted == "plan" else None,
            initial={name: getattr(plan, name) for name in PlanForm.base_fields} if plan else None,
        ),
        "goal": GoalForm(request.POST if posted == "goal" else None),
        "schedule": FollowUpScheduleForm(
            request.POST if posted == "schedule" else None,
            initial={"return_date": case.return_date},
            pending_count=followups.pending().count(),
        ),
        "assessment": AssessmentForm(
            request.POST if posted == "assessment" else None, followups=followups.pending()
        ),
    }
    allowed = {"plan": can_change, "goal": can_change, "schedule": can_schedule, "assessment": can_assess}
    if request.method == "POST":
        if not allowed.get(posted):
            raise PermissionDenied
        form = forms[posted]
        if form.is_valid():
            try:
                if posted == "plan":
                    services.reintegration_plan_save(case=case, by=user, **form.plan_fields())
                elif posted == "goal":
                    services.goal_add(case=case, by=user, **form.cleaned_data)
                elif posted == "schedule":
                    services.followup_schedule(case=case, by=user, **form.cleaned_data)
                else:
                    services.assessment_record(case=case, by=user, **form.cleaned_data)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Reintegration saved."))
                return redirect("cases:case_reintegration", pk=case.pk)
    assessments = list(Assessment.objects.visible_to(user).filter(case=case).select_related("assessed_by"))
    context.update(
        {
            "plan": plan,
            "goals": ReintegrationGoal.objects.visible_to(user).filter(case=case),
            "followups": followups,
            "assessments": assessments,
            "chart": assessment_chart(assessments),
            "trend": _trend(assessments),
            "forms": {name: form for name, form in forms.items() if allowed[name]},
            "can_schedule": can_schedule,
            "followup_writer": _followup_writer(request, case),
        }
    )
    return render(request, "cases/case_reintegration.html", context)


def _followup_writer(request, case) -> int | None:
    """Who may add a follow-up here: the case's owner, or a receiver whose referral shares reintegration."""
    return selectors.case_writing_organisation(
        user=request.user, case=case, perm="cases.change_followup", section=choices.Section.REINTEGRATION
    )


@login_required
def followup_add(request, pk):
    """One follow-up on a date, added to the others (a receiving organisation's own, on a shared case)."""
    case = case_for(request, pk)
    if _followup_writer(request, case) is None:
        raise PermissionDenied
    form = FollowUpAddForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Follow-up saved."))
            return redirect("cases:case_reintegration", pk=case.pk)
    return render(
        request,
        "cases/case_action.html",
        {"case": case, "form": form, "title": _("Add a follow-up"), "button": _("Save")},
    )


@login_required
def followup_update(request, pk, followup_pk):
    case = case_for(request, pk)
    followup = get_object_or_404(FollowUp.objects.visible_to(request.user).filter(case=case), pk=followup_pk)
    if not request.user.has_perm("cases.change_followup", followup):
        raise PermissionDenied  # each organisation edits its own follow-ups
    form = FollowUpForm(
        request.POST if request.method == "POST" else None,
        initial={
            "due_on": followup.due_on,
            "done_on": followup.done_on,
            "outcome": followup.outcome,
            "cancelled": followup.cancelled,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_update(followup=followup, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Follow-up saved."))
            return redirect("cases:case_reintegration", pk=case.pk)
    return render(
        request,
        "cases/case_action.html",
        {
            "case": case,
            "form": form,
            "title": _("Follow-up due on %(day)s") % {"day": followup.due_on},
            "button": _("Save"),
        },
    )


@login_required
def followup_due_list(request):
    if not request.user.has_perm("cases.view_followup"):
        raise PermissionDenied
    return render(
        request, "cases/followup_due_list.html", {"followups": selectors.followups_due(user=request.user)}
    )
