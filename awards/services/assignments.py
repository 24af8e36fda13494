"""Who scores which entry: the automatic assignment after the submission deadline (conflicts avoided,
national panels respected, the load balanced), and the chair's adjustments by hand."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _, ngettext

from audit.services import audit_record
from awards import conflicts
from awards.models import Assignment, CommitteeMember, Competition, Entry, ScoreSheet
from awards.selectors import judging as judging_selectors
from awards.services.committee import require_organiser_or_chair

SCORE_ENTRY = "awards.score_entry"


@dataclass
class AssignmentReport:
    """What ``assignments_generate`` did: how many assignments it made and which entries still lack
    judges (one message per entry)."""

    created: int = 0
    shortfalls: list[str] = field(default_factory=list)


def _entry_country(entry: Entry) -> str:
    return entry.nominee.consultation.country


def _refuse_when_locked(competition: Competition) -> None:
    if competition.scores_locked_at is not None:
        raise ValidationError(
            {"__all__": _("The scores are locked: assignments no longer change.")}, code="locked"
        )


@transaction.atomic
def assignments_generate(*, competition: Competition, by) -> AssignmentReport:
    """Give every submitted entry ``competition.judges_per_entry`` judges of the committee, keeping the
    assignments it has: a member with a country judges only that country's entries, a conflicted
    member never, and among the eligible the member with the fewest assignments comes first (then the
    earlier seat). Entries with the fewest eligible members are served first. Running it again changes
    nothing. ValidationError before the submission deadline or once scores are locked."""
    require_organiser_or_chair(user=by, competition=competition)
    # unscoped: lock the competition the caller loaded through scope: one generation at a time.
    competition = Competition.unscoped.select_for_update().get(pk=competition.pk)
    if not competition.deadline_passed:
        raise ValidationError(
            {"__all__": _("Judges are assigned after the submission deadline, when the entries are final.")},
            code="before_deadline",
        )
    _refuse_when_locked(competition)
    wanted = competition.judges_per_entry
    # unscoped: the whole committee and every submitted entry of the competition are what it assigns.
    members = [
        member
        for member in CommitteeMember.unscoped.filter(competition=competition).select_related("judge")
        if member.judge.is_active and member.judge.has_perm(SCORE_ENTRY)
    ]
    entries = list(
        # unscoped: as above.
        Entry.unscoped.filter(competition=competition, submitted_at__isnull=False)
        .select_related("nominee__consultation")
        .order_by("code", "pk")
    )
    conflicted = {
        member.judge_id: conflicts.conflicted_entry_ids(judge=member.judge, competition=competition)
        for member in members
    }
    # unscoped: the competition's existing assignments are kept and counted in each judge's load.
    existing = list(Assignment.unscoped.filter(competition=competition).values_list("entry_id", "judge_id"))
    load = {member.judge_id: 0 for member in members}
    judges_of: dict[int, set[int]] = {}
    for entry_id, judge_id in existing:
        judges_of.setdefault(entry_id, set()).add(judge_id)
        if judge_id in load:
            load[judge_id] += 1

    def eligible(entry):
        country = _entry_country(entry)
        return [
            member
            for member in members
            if member.country in ("", country)
            and entry.pk not in conflicted[member.judge_id]
            and member.judge_id not in judges_of.get(entry.pk, set())
        ]

    # A chair who is not an organiser is not told the codes of the entries the chair may not see.
    hidden = (
        set()
        if judging_selectors.is_organiser(user=by, competition=competition)
        else conflicts.conflicted_entry_ids(judge=by, competition=competition)
    )
    hidden_short = 0
    report = AssignmentReport()
    new = []
    for entry in sorted(entries, key=lambda entry: (len(eligible(entry)), entry.code, entry.pk)):
        has = len(judges_of.get(entry.pk, set()))
        chosen = sorted(eligible(entry), key=lambda member: (load[member.judge_id], member.pk))
        chosen = chosen[: max(wanted - has, 0)]
        for member in chosen:
            new.append(
                Assignment(
                    organisation_id=competition.organisation_id,
                    competition=competition,
                    entry=entry,
                    judge_id=member.judge_id,
                    is_automatic=True,
                    assigned_by=by,
                )
            )
            load[member.judge_id] += 1
            judges_of.setdefault(entry.pk, set()).add(member.judge_id)
        count = has + len(chosen)
        if count < wanted and entry.pk in hidden:
            hidden_short += 1
        elif count < wanted:
            report.shortfalls.append(
                ngettext(
                    "Entry %(code)s has %(count)s of %(wanted)s judge: the other members are conflicted "
                    "or on another country's panel.",
                    "Entry %(code)s has %(count)s of %(wanted)s judges: the other members are conflicted "
                    "or on another country's panel.",
                    wanted,
                )
                % {"code": entry.code, "count": count, "wanted": wanted}
            )
    if hidden_short:
        report.shortfalls.append(
            ngettext(
                "%(count)s entry you are conflicted with is short of judges: an organiser sees which.",
                "%(count)s entries you are conflicted with are short of judges: an organiser sees which.",
                hidden_short,
            )
            % {"count": hidden_short}
        )
    Assignment.objects.bulk_create(new)
    report.created = len(new)
    audit_record(
        by=by,
        action="assignments.generated",
        obj=competition,
        details={"created": report.created, "entries_short_of_judges": len(report.shortfalls)},
    )
    return report


@transaction.atomic
def assignment_add(*, entry: Entry, judge, by) -> Assignment:
    """Assign committee member ``judge`` to ``entry`` by hand (an organiser or the chair).

    ValidationError with the reasons when the judge is conflicted, and when the judge is not a member,
    sits on another country's panel, is already assigned, or the entry was not submitted."""
    competition = entry.competition
    require_organiser_or_chair(user=by, competition=competition)
    if not judging_selectors.is_organiser(user=by, competition=competition) and conflicts.is_conflicted(
        judge=by, entry=entry
    ):
        raise PermissionDenied  # a chair never handles an entry they are conflicted with
    _refuse_when_locked(competition)
    if entry.submitted_at is None:
        raise ValidationError({"entry": _("Only a submitted entry is judged.")}, code="not_submitted")
    # unscoped: the judge's seat on this competition's committee.
    member = CommitteeMember.unscoped.filter(competition=competition, judge=judge).first()
    if member is None or not judge.has_perm(SCORE_ENTRY):
        raise ValidationError({"judge": _("Choose a member of the committee.")}, code="not_member")
    reasons = conflicts.conflict_reasons(judge=judge, entry=entry)
    if reasons:
        raise ValidationError(
            {
                "judge": _("%(judge)s is conflicted with this entry: %(reasons)s")
                % {"judge": judge.get_full_name() or judge.get_username(), "reasons": "; ".join(reasons)}
            },
            code="conflicted",
        )
    country = _entry_country(entry)
    if member.country and member.country != country:
        raise ValidationError(
            {"judge": _("This judge sits on another country's panel and judges only its entries.")},
            code="other_panel",
        )
    # unscoped: whether the pair already exists, whoever may read it.
    if Assignment.unscoped.filter(entry=entry, judge=judge).exists():
        raise ValidationError({"judge": _("This judge is already assigned to the entry.")}, code="duplicate")
    assignment = Assignment.objects.create(
        organisation_id=competition.organisation_id,
        competition=competition,
        entry=entry,
        judge=judge,
        is_automatic=False,
        assigned_by=by,
    )
    audit_record(
        by=by,
        action="assignment.added",
        obj=competition,
        details={"assignment": assignment.pk, "entry": entry.pk, "judge": judge.pk},
    )
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by) -> None:
    """Take a judge off an entry (a draft sheet goes with it). ValidationError once the sheet is submitted."""
    competition = assignment.competition
    require_organiser_or_chair(user=by, competition=competition)
    _refuse_when_locked(competition)
    # unscoped: the sheet of the assignment the caller loaded through scope.
    sheet = ScoreSheet.unscoped.filter(assignment=assignment).first()
    if sheet is not None and sheet.submitted_at is not None:
        raise ValidationError(
            {"__all__": _("The judge has submitted their scores of this entry: the assignment stays.")},
            code="submitted",
        )
    if sheet is not None:
        sheet.delete()
    details = {"assignment": assignment.pk, "entry": assignment.entry_id, "judge": assignment.judge_id}
    # unscoped: the assignment the caller loaded through scope.
    Assignment.unscoped.filter(pk=assignment.pk).delete()
    audit_record(by=by, action="assignment.removed", obj=competition, details=details)
