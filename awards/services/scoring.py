"""A judge's score sheet of an entry: drafts, submission, corrections until the scores are locked.

Only the assigned judge (an active judge role) scores, never an entry they are conflicted with
(``awards.conflicts``), only once the submission deadline has passed and until the scores are locked.
Every value lies on the nomination's scale. Errors name the criterion (``scores.<criterion id>``) or
``scores``; nothing is saved when one is found. Audit entries name the sheet and the criteria, no values."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from awards import conflicts
from awards.models import Assignment, Criterion, Score, ScoreSheet
from awards.models.scope import SCORE_ENTRY


def scoring_refusal(*, assignment: Assignment, by) -> str | None:
    """Why ``by`` may not score ``assignment`` now (None: they may). The assigned judge is checked by
    ``scoresheet_save`` (PermissionDenied); this is what the judge is told."""
    competition = assignment.competition
    if conflicts.is_conflicted(judge=by, entry=assignment.entry):
        reasons = "; ".join(conflicts.conflict_reasons(judge=by, entry=assignment.entry))
        return _("You cannot score this entry: you are conflicted with it (%(reasons)s).") % {
            "reasons": reasons or _("declared")
        }
    if not competition.deadline_passed:
        deadline = formats.date_format(timezone.localtime(competition.submission_deadline), "DATETIME_FORMAT")
        return _("Judging opens when the submission deadline passes on %(deadline)s.") % {
            "deadline": deadline
        }
    if competition.scores_locked_at:
        locked = formats.date_format(timezone.localtime(competition.scores_locked_at), "DATETIME_FORMAT")
        return _("The scores were locked on %(locked)s: no score can be changed.") % {"locked": locked}
    return None


def _clean_scores(scores: dict, criteria: list[Criterion], nomination) -> dict[int, tuple[int | None, str]]:
    known = {criterion.pk: criterion for criterion in criteria}
    errors: dict[str, list] = {}
    clean: dict[int, tuple[int | None, str]] = {}
    for key, given in (scores or {}).items():
        value, comment = given if isinstance(given, (tuple, list)) else (given, "")
        try:
            criterion_id = int(key)
        except (TypeError, ValueError):
            criterion_id = None
        criterion = known.get(criterion_id)
        if criterion is None:
            errors.setdefault("scores", []).append(
                ValidationError(
                    _("%(criterion)s is not a criterion of the nomination %(nomination)s.")
                    % {"criterion": key, "nomination": nomination.name},
                    code="unknown_criterion",
                )
            )
            continue
        if value in (None, ""):
            clean[criterion.pk] = (None, (comment or "").strip())
            continue
        try:
            number = int(value)
            if str(number) != str(value).strip() and number != value:
                raise ValueError
        except (TypeError, ValueError):
            number = None
        if number is None or not nomination.scale_min <= number <= nomination.scale_max:
            errors.setdefault(f"scores.{criterion.pk}", []).append(
                ValidationError(
                    _("%(value)s is outside the scale %(min)s–%(max)s of criterion “%(criterion)s”.")
                    % {
                        "value": value,
                        "min": nomination.scale_min,
                        "max": nomination.scale_max,
                        "criterion": criterion.name,
                    },
                    code="outside_scale",
                )
            )
            continue
        clean[criterion.pk] = (number, (comment or "").strip())
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def scoresheet_save(
    *, assignment: Assignment, by, scores: dict, comment: str = "", submit: bool = False
) -> ScoreSheet:
    """Save the assigned judge's scores of the entry (``{criterion id: (value, comment)}``; a value of
    None clears that criterion of a draft) and, with ``submit``, submit the sheet: every criterion must
    then be scored. A submitted sheet stays submitted; correcting it (until the lock) is audited as a
    correction. PermissionDenied for anyone but the assigned judge; ValidationError with the reason for a
    conflicted judge, before the deadline, after the lock, a value off the scale or an unknown criterion."""
    if by is None or by.pk != assignment.judge_id or not by.has_perm(SCORE_ENTRY):
        raise PermissionDenied
    # unscoped: lock the competition row the caller reached through the assignment's scope.
    competition = type(assignment.competition).unscoped.select_for_update().get(pk=assignment.competition_id)
    assignment.competition = competition
    refusal = scoring_refusal(assignment=assignment, by=by)
    if refusal:
        raise ValidationError({"scores": [ValidationError(refusal, code="refused")]})
    nomination = assignment.entry.nomination
    criteria = list(nomination.criteria.all())
    clean = _clean_scores(scores, criteria, nomination)
    # unscoped: the judge's own sheet of the assignment, locked for the update.
    sheet = ScoreSheet.unscoped.select_for_update().filter(assignment=assignment).first()
    created = sheet is None
    if created:
        sheet = ScoreSheet.objects.create(
            organisation_id=assignment.organisation_id, assignment=assignment, comment=(comment or "").strip()
        )
    was_submitted = sheet.submitted_at is not None
    existing = {score.criterion_id: score for score in sheet.scores.all()}
    wanted = {pk: value_comment for pk, value_comment in clean.items() if value_comment[0] is not None}
    cleared = [pk for pk, (value, _comment) in clean.items() if value is None]
    if submit or was_submitted:
        unscored = [
            criterion.name
            for criterion in criteria
            if criterion.pk not in wanted and (criterion.pk in cleared or criterion.pk not in existing)
        ]
        if unscored:
            raise ValidationError(
                {
                    "scores": [
                        ValidationError(
                            _("Score every criterion before submitting; not scored yet: %(criteria)s.")
                            % {"criteria": ", ".join(unscored)},
                            code="incomplete",
                        )
                    ]
                }
            )
    changed = []
    for criterion_id, (value, criterion_comment) in wanted.items():
        score = existing.get(criterion_id)
        if score is None:
            Score.objects.create(
                organisation_id=sheet.organisation_id,
                sheet=sheet,
                criterion_id=criterion_id,
                value=value,
                comment=criterion_comment,
            )
            changed.append(criterion_id)
        elif (score.value, score.comment) != (value, criterion_comment):
            score.value, score.comment = value, criterion_comment
            score.save(update_fields=["value", "comment"])
            changed.append(criterion_id)
    for criterion_id in cleared:
        if criterion_id in existing:
            existing[criterion_id].delete()
            changed.append(criterion_id)
    fields = []
    comment = (comment or "").strip()
    if not created and sheet.comment != comment:
        sheet.comment = comment
        fields.append("comment")
    if submit and not was_submitted:
        sheet.submitted_at = timezone.now()
        fields.append("submitted_at")
    if fields or changed:
        sheet.save(update_fields=[*fields, "updated_at"])
    if was_submitted:
        action = "scoresheet.corrected"
    elif submit:
        action = "scoresheet.submitted"
    else:
        action = "scoresheet.saved"
    if created or changed or fields:
        audit_record(
            by=by,
            action=action,
            obj=sheet,
            details={
                "entry": assignment.entry_id,
                "criteria": sorted(changed),
                "comment": "comment" in fields,
            },
        )
    return sheet
