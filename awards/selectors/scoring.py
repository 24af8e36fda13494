"""What a judge reads while scoring: their assignments, the rubric, their own sheet, and the other judges'
sheets of the entry once their own is submitted (``ScoreSheet.objects.visible_to``: never drafts, never
of an entry the judge is conflicted with)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from awards import results as arithmetic
from awards.models import Assignment, Criterion, Nomination, Score, ScoreSheet


def assignment_list(*, user) -> QuerySet[Assignment]:
    return Assignment.objects.visible_to(user).select_related(
        "competition", "entry__organisation", "entry__nomination", "judge"
    )


def assignment_get(*, user, pk: int) -> Assignment:
    """An assignment ``user`` reads (a judge's own, a chair's, an organiser's), or 404."""
    return get_object_or_404(assignment_list(user=user), pk=pk)


@dataclass
class Level:
    value: int
    descriptor: str


@dataclass
class RubricLine:
    criterion: Criterion
    levels: list[Level]


def rubric(*, nomination: Nomination) -> list[RubricLine]:
    """The nomination's criteria, each with its levels (lowest first) and what each level means."""
    levels = range(nomination.scale_min, nomination.scale_max + 1)
    lines = []
    for criterion in nomination.criteria.all():
        criterion.nomination = nomination  # descriptor() reads the scale without a query
        lines.append(RubricLine(criterion, [Level(value, criterion.descriptor(value)) for value in levels]))
    return lines


def _with_scores(sheets):
    return sheets.select_related("assignment__judge").prefetch_related(
        Prefetch("scores", queryset=Score.unscoped.select_related("criterion"))
    )


def scoresheet_list(*, user) -> QuerySet[ScoreSheet]:
    """Every sheet ``user`` reads (own sheets, drafts included; others' under the rules of scope)."""
    return _with_scores(ScoreSheet.objects.visible_to(user)).select_related("assignment__entry")


def own_sheet(*, user, assignment: Assignment) -> ScoreSheet | None:
    """The judge's own sheet of the assignment (a draft or submitted), None before the first save."""
    return scoresheet_list(user=user).filter(assignment=assignment, assignment__judge=user).first()


def other_sheets(*, user, assignment: Assignment) -> list[ScoreSheet]:
    """The other judges' submitted sheets of the assignment's entry that ``user`` may read (none until
    the user's own sheet is submitted)."""
    return list(
        scoresheet_list(user=user)
        .filter(assignment__entry_id=assignment.entry_id, submitted_at__isnull=False)
        .exclude(assignment__judge=user)
        .order_by("assignment__pk")
    )


def sheet_total(*, sheet: ScoreSheet, criteria: list[Criterion]) -> float | None:
    """The sheet's weighted score Σwᵢsᵢ/Σwᵢ (None while a criterion is unscored)."""
    values = {score.criterion_id: score.value for score in sheet.scores.all()}
    weights = {criterion.pk: criterion.weight for criterion in criteria}
    if set(weights) - set(values):
        return None
    return arithmetic.sheet_score(values, weights)
