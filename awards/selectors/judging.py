"""What the committee, conflict, assignment and progress pages read: the committee and each member's
conflicts, a judge's own assignments, and the chair's progress board (who has scored what, what is late).

Every read starts from the awards' ``visible_to(user)`` (awards/models/scope.py): a chair never sees an
assignment of an entry they are conflicted with, nor the entry."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import selectors as account_selectors
from accounts.roles import Role
from awards import conflicts
from awards.models import (
    Assignment,
    CommitteeMember,
    Competition,
    ConflictDeclaration,
    Entry,
)

MANAGE_COMPETITION = "awards.manage_competition"
SCORE_ENTRY = "awards.score_entry"

NOT_STARTED = "not_started"
DRAFT = "draft"
SUBMITTED = "submitted"
STATUS_LABELS = {NOT_STARTED: _("Not started"), DRAFT: _("Draft"), SUBMITTED: _("Submitted")}


# Who runs the judging of a competition ----------------------------------------------------------------


def is_organiser(*, user, competition: Competition) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE_COMPETITION, competition)


def is_member(*, user, competition: Competition) -> bool:
    """``user`` holds an active judge role and a seat on the competition's committee."""
    if not (user.is_authenticated and user.has_perm(SCORE_ENTRY)):
        return False
    # unscoped: the user's own seat on this competition's committee.
    return CommitteeMember.unscoped.filter(competition=competition, judge=user).exists()


def is_chair(*, user, competition: Competition) -> bool:
    """``user`` holds an active judge role and the chair of the competition's committee."""
    if not (user.is_authenticated and user.has_perm(SCORE_ENTRY)):
        return False
    # unscoped: the user's own seat on this competition's committee.
    return CommitteeMember.unscoped.filter(competition=competition, judge=user, is_chair=True).exists()


def can_run_judging(*, user, competition: Competition) -> bool:
    """Organisers and the chair assign judges, record conflicts and read the progress board."""
    return is_organiser(user=user, competition=competition) or is_chair(user=user, competition=competition)


# The committee and its conflicts ----------------------------------------------------------------------


def committee_list(*, user, competition: Competition) -> QuerySet[CommitteeMember]:
    return (
        CommitteeMember.objects.visible_to(user)
        .filter(competition=competition)
        .select_related("judge")
        .order_by("-is_chair", "pk")
    )


def committeemember_get(*, user, pk: int) -> CommitteeMember:
    """A seat ``user`` reads; CommitteeMember.DoesNotExist otherwise (404 for the caller)."""
    return CommitteeMember.objects.visible_to(user).select_related("competition", "judge").get(pk=pk)


def committee_judges(*, user, competition: Competition):
    """The users of the committee seats ``user`` reads (for choosing a judge)."""
    seats = committee_list(user=user, competition=competition).values("judge_id")
    return get_user_model().objects.filter(pk__in=seats).order_by("last_name", "first_name", "username")


def conflict_list(*, user, competition: Competition) -> QuerySet[ConflictDeclaration]:
    return (
        ConflictDeclaration.objects.visible_to(user)
        .filter(competition=competition)
        .select_related("judge", "with_organisation", "entry", "declared_by")
    )


def judge_choices(*, competition: Competition):
    """Users with an active judge role who have no seat on the committee yet (for an organiser)."""
    # unscoped: the competition's current seats, left out of the choices.
    seated = CommitteeMember.unscoped.filter(competition=competition).values("judge_id")
    return account_selectors.active_users_with_role(role=Role.JUDGE).exclude(pk__in=seated)


@dataclass
class MemberConflicts:
    member: CommitteeMember
    # (organisation name, is the membership still active): automatic conflicts, past memberships too.
    memberships: list[tuple[str, bool]] = field(default_factory=list)
    declarations: list[ConflictDeclaration] = field(default_factory=list)
    # (entry, reasons): the entries of the competition the member is conflicted with that the reader sees.
    entries: list[tuple[Entry, list[str]]] = field(default_factory=list)


def committee_conflicts(*, user, competition: Competition) -> list[MemberConflicts]:
    """Each member ``user`` reads with their conflicts: the organisations they are or were a member of,
    their declarations, and the entries of the competition these conflict with (with the reasons).

    A judge's reading is of their own seat; the entries listed are those ``user`` reads."""
    members = list(committee_list(user=user, competition=competition))
    judge_ids = [member.judge_id for member in members]
    memberships = account_selectors.memberships_ever_held(user_ids=judge_ids)
    by_judge: dict[int, dict[str, bool]] = {}
    for membership in memberships.order_by("organisation__name_en", "pk"):
        names = by_judge.setdefault(membership.user_id, {})
        names[membership.organisation.name] = names.get(membership.organisation.name, False) or (
            membership.is_active
        )
    declarations: dict[int, list] = {}
    for declaration in conflict_list(user=user, competition=competition).filter(judge_id__in=judge_ids):
        declarations.setdefault(declaration.judge_id, []).append(declaration)
    readable = Entry.objects.visible_to(user).filter(competition=competition)
    rows = []
    for member in members:
        ids = conflicts.conflicted_entry_ids(judge=member.judge, competition=competition)
        entries = (
            readable.filter(pk__in=ids).prefetch_related("partners").order_by("code", "pk") if ids else []
        )
        rows.append(
            MemberConflicts(
                member=member,
                memberships=sorted(by_judge.get(member.judge_id, {}).items()),
                declarations=declarations.get(member.judge_id, []),
                entries=[
                    (entry, conflicts.conflict_reasons(judge=member.judge, entry=entry)) for entry in entries
                ],
            )
        )
    return rows


# Assignments ------------------------------------------------------------------------------------------


def _with_status(assignments: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return assignments.annotate(
        sheet_pk=F("sheet__pk"), sheet_submitted_at=F("sheet__submitted_at")
    ).select_related("judge", "entry", "entry__nomination", "competition")


def status_of(assignment: Assignment) -> str:
    """not started / draft / submitted, from an assignment read through this module."""
    if assignment.sheet_submitted_at is not None:
        return SUBMITTED
    if assignment.sheet_pk is not None:
        return DRAFT
    return NOT_STARTED


def is_late(assignment: Assignment, today=None) -> bool:
    today = today or timezone.localdate()
    return assignment.sheet_submitted_at is None and today > assignment.competition.judging_closes_on


def assignment_list(*, user) -> QuerySet[Assignment]:
    """``user``'s own assignments (never of an entry they are conflicted with), each annotated with its
    sheet (``sheet_pk``, ``sheet_submitted_at``), latest competition first."""
    return _with_status(Assignment.objects.visible_to(user).filter(judge_id=user.pk)).order_by(
        "-competition__judging_closes_on", "competition_id", "entry__code", "pk"
    )


def assignments_to_score(*, user) -> QuerySet[Assignment]:
    """``user``'s assignments without a submitted sheet in competitions whose scores are not locked."""
    return assignment_list(user=user).filter(
        sheet__submitted_at__isnull=True, competition__scores_locked_at__isnull=True
    )


def assignment_competition_list(*, user, competition: Competition) -> QuerySet[Assignment]:
    """The assignments of ``competition`` that ``user`` reads (organisers: all; the chair: all but those of
    entries the chair is conflicted with; a judge: their own), with their sheets' status."""
    return _with_status(Assignment.objects.visible_to(user).filter(competition=competition)).order_by(
        "entry__code", "entry_id", "pk"
    )


def assignment_readable_list(*, user) -> QuerySet[Assignment]:
    """Every assignment ``user`` reads (their own; a competition's for its organisers and chair)."""
    return _with_status(Assignment.objects.visible_to(user)).order_by("competition_id", "entry__code", "pk")


def assignment_get(*, user, pk: int) -> Assignment:
    """An assignment ``user`` reads; Assignment.DoesNotExist otherwise (404 for the caller)."""
    return assignment_readable_list(user=user).get(pk=pk)


@dataclass
class JudgeProgress:
    member: CommitteeMember
    assigned: int = 0
    submitted: int = 0
    draft: int = 0
    not_started: int = 0
    late: int = 0


@dataclass
class EntryProgress:
    entry: Entry
    # (assignment, status, late) for each judge assigned
    judges: list[tuple[Assignment, str, bool]] = field(default_factory=list)


@dataclass
class ProgressBoard:
    competition: Competition
    judges: list[JudgeProgress]
    entries: list[EntryProgress]
    is_past_deadline: bool


def progress_board(*, user, competition: Competition) -> ProgressBoard:
    """Per judge: assigned, submitted, draft, not started, late (judging closed and not submitted); per
    submitted entry (with or without judges): each assigned judge's status. For organisers and the chair
    (PermissionDenied otherwise); the chair's board leaves out the entries the chair is conflicted with."""
    if not can_run_judging(user=user, competition=competition):
        raise PermissionDenied
    today = timezone.localdate()
    members = list(committee_list(user=user, competition=competition))
    judges = {member.judge_id: JudgeProgress(member=member) for member in members}
    # Every submitted entry the reader sees, those still without a judge too (the chair assigns them).
    submitted = (
        Entry.objects.visible_to(user)
        .filter(competition=competition, submitted_at__isnull=False)
        .select_related("nomination")
        .order_by("code", "pk")
    )
    entries = {entry.pk: EntryProgress(entry=entry) for entry in submitted}
    for assignment in assignment_competition_list(user=user, competition=competition):
        status, late = status_of(assignment), is_late(assignment, today)
        entries.setdefault(assignment.entry_id, EntryProgress(entry=assignment.entry)).judges.append(
            (assignment, status, late)
        )
        progress = judges.get(assignment.judge_id)
        if progress is None:
            continue  # a judge no longer on the committee (a removal takes their assignments with it)
        progress.assigned += 1
        setattr(progress, status, getattr(progress, status) + 1)
        progress.late += late
    return ProgressBoard(
        competition=competition,
        judges=list(judges.values()),
        entries=list(entries.values()),
        is_past_deadline=today > competition.judging_closes_on,
    )
