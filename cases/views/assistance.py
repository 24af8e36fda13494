"""Services delivered, the reintegration plan, follow-ups and assessments (with their trend)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import reintegration, selectors, services
from cases.forms import (
    AssessmentForm,
    FollowUpAddForm,
    FollowUpForm,
    FollowUpScheduleForm,
    GoalForm,
    PlanForm,
    ServiceForm,
)
from cases.models import (
    Assessment,
    AssistanceService,
    FollowUp,
    ReintegrationGoal,
    ReintegrationPlan,
    choices,
)
from cases.views.base import case_for, case_tab, require_case_access
from tenancy.forms import errors_to_form

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
    """A small SVG chart of each dimension's score over time (oldest first), all on the RSS's 0–1 scale."""
    scored = sorted((a for a in assessments if a.composite is not None), key=lambda a: (a.assessed_on, a.pk))
    if len(scored) < 2:
        return None
    first, last = scored[0].assessed_on, scored[-1].assessed_on
    span = max((last - first).days, 1)
    inner_width, inner_height = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD
    labels = dict(choices.Dimension.choices)
    lines = []
    for dimension in reintegration.DIMENSIONS:
        points = []
        for assessment in scored:
            score = getattr(assessment, dimension)
            if score is None:
                continue
            x = CHART_PAD + inner_width * (assessment.assessed_on - first).days / span
            y = CHART_HEIGHT - CHART_PAD - inner_height * float(score)
            points.append({"x": round(x, 1), "y": round(y, 1), "day": assessment.assessed_on, "score": score})
        lines.append(
            {
                "dimension": dimension,
                "label": labels[dimension],
                "points": points,
                "polyline": " ".join(f"{point['x']},{point['y']}" for point in points),
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_PAD,
        "right": CHART_WIDTH - CHART_PAD,
        "top": CHART_PAD,
        "bottom": CHART_HEIGHT - CHART_PAD,
        "middle": CHART_HEIGHT / 2,
        "lines": lines,
    }


def dimension_trends(assessments: list[Assessment]) -> list[dict]:
    """Per dimension: its scores over time (0–1, oldest first) and "up", "down" or "flat" from the
    previous assessment to the latest (what changed since the last visit)."""
    scored = sorted(assessments, key=lambda a: (a.assessed_on, a.pk))
    labels = dict(choices.Dimension.choices)
    trends = []
    for dimension in reintegration.DIMENSIONS:
        scores = [getattr(a, dimension) for a in scored if getattr(a, dimension) is not None]
        if len(scores) < 2:
            continue
        trends.append(
            {
                "dimension": dimension,
                "label": labels[dimension],
                "scores": scores,
                "trend": reintegration.trend(scores[-2], scores[-1]),
            }
        )
    return trends


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
                    services.assessment_record(case=case, by=user, **form.assessment_fields())
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Reintegration saved."))
                return redirect("cases:case_reintegration", pk=case.pk)
    assessments = list(Assessment.objects.visible_to(user).filter(case=case).select_related("assessed_by"))
    context.update(
        {
            "plan": plan,
            "goals": ReintegrationGoal.objects.visible_to(user)
            .filter(case=case)
            .select_related("status_changed_by"),
            "followups": followups,
            "assessments": assessments,
            "chart": assessment_chart(assessments),
            "trends": dimension_trends(assessments),
            "retrafficked": [a for a in assessments if a.retrafficked],
            "indicators": reintegration.INDICATORS,
            "can_change_goals": can_change,
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


def _goal_status_change(request, pk, change, message):
    require_case_access(request.user)
    goal = get_object_or_404(ReintegrationGoal.objects.visible_to(request.user), pk=pk)
    case = case_for(request, goal.case_id, "cases.change_case")
    try:
        change(goal=goal, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect("cases:case_reintegration", pk=case.pk)


@login_required
@require_POST
def goal_achieve(request, pk):
    return _goal_status_change(request, pk, services.goal_achieve, _("Goal marked achieved."))


@login_required
@require_POST
def goal_drop(request, pk):
    return _goal_status_change(request, pk, services.goal_drop, _("Goal dropped."))


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
