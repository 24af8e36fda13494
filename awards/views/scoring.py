"""The judge's score sheet of an assigned entry: the rubric, save a draft or submit, and once submitted
the other judges' scores, comments and the spread."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from awards import results as arithmetic
from awards.forms.scoring import SUBMIT, ScoreSheetForm
from awards.selectors import scoring as selectors
from awards.services import scoring as services


def assignment_score(request, pk):
    assignment = selectors.assignment_get(user=request.user, pk=pk)  # outside scope (conflicted too): 404
    if assignment.judge_id != request.user.pk:
        raise PermissionDenied  # a chair or an organiser reads the assignment; only its judge scores
    entry = assignment.entry
    rubric = selectors.rubric(nomination=entry.nomination)
    sheet = selectors.own_sheet(user=request.user, assignment=assignment)
    form = ScoreSheetForm(request.POST or None, rubric=rubric, sheet=sheet)
    if form.is_valid():
        submit = request.POST.get("action") == SUBMIT
        try:
            services.scoresheet_save(
                assignment=assignment, by=request.user, submit=submit, **form.service_fields()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Scores submitted.") if submit else _("Draft saved."))
            return redirect("awards:assignment_score", pk=assignment.pk)
    criteria = [line.criterion for line in rubric]
    others = selectors.other_sheets(user=request.user, assignment=assignment)
    totals = [selectors.sheet_total(sheet=other, criteria=criteria) for other in others]
    own_total = selectors.sheet_total(sheet=sheet, criteria=criteria) if sheet else None
    submitted = sheet is not None and sheet.submitted_at is not None
    context = {
        "assignment": assignment,
        "competition": assignment.competition,
        "entry": entry,
        "form": form,
        "sheet": sheet,
        "submitted": submitted,
        "refusal": services.scoring_refusal(assignment=assignment, by=request.user),
        "own_total": own_total,
        "others": list(zip(others, totals, strict=True)),
        "spread": arithmetic.spread([t for t in [own_total, *totals] if t is not None])
        if submitted
        else None,
    }
    return render(request, "awards/assignment_score.html", context)
