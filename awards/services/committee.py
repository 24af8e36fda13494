"""The evaluation committee of a competition and its members' declared conflicts of interest.

Organisers (``awards.manage_competition`` on the competition's organisation) seat and remove judges and
name the chair; a judge declares their own conflicts, and an organiser or the chair records one for a
member. A declaration takes the judge off the entries it now conflicts with, unless a sheet of the entry
was already submitted: that sheet stays (it is the record of what happened) and the results leave it out
(``awards.conflicts.conflicted_entry_ids``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from awards import conflicts
from awards.models import (
    Assignment,
    CommitteeMember,
    Competition,
    ConflictDeclaration,
    Entry,
    ScoreSheet,
)
from awards.selectors import judging as judging_selectors

SCORE_ENTRY = "awards.score_entry"


def require_organiser(*, user, competition: Competition) -> None:
    if not judging_selectors.is_organiser(user=user, competition=competition):
        raise PermissionDenied


def require_organiser_or_chair(*, user, competition: Competition) -> None:
    if not judging_selectors.can_run_judging(user=user, competition=competition):
        raise PermissionDenied


def _locked(competition: Competition) -> Competition:
    # unscoped: lock the competition the caller loaded through scope, so that seats and chairs change
    # one at a time.
    return Competition.unscoped.select_for_update().get(pk=competition.pk)


def _unsubmitted_assignments_delete(assignments) -> list[int]:
    """Delete ``assignments`` that have no submitted sheet (their draft sheets and scores with them);
    returns the ids of the entries they were of."""
    assignments = assignments.exclude(sheet__submitted_at__isnull=False)
    rows = list(assignments.values_list("pk", "entry_id"))
    ids = [pk for pk, _entry in rows]
    # unscoped: the drafts of the assignments being removed, which the service already selected.
    ScoreSheet.unscoped.filter(assignment_id__in=ids).delete()
    Assignment.unscoped.filter(pk__in=ids).delete()  # unscoped: as above
    return sorted(entry_id for _pk, entry_id in rows)


@transaction.atomic
def committeemember_add(
    *, competition: Competition, by, judge, country: str = "", is_chair: bool = False
) -> CommitteeMember:
    """Seat ``judge`` on the committee (for every country, or for ``country``'s entries only).

    Naming a chair moves the chair's seat from whoever held it. ValidationError when ``judge`` holds no
    active judge role, is already a member, or the country is not one of the competition's."""
    require_organiser(user=by, competition=competition)
    competition = _locked(competition)
    country = (country or "").strip().upper()
    errors = {}
    if judge is None or not judge.is_active or not judge.has_perm(SCORE_ENTRY):
        errors["judge"] = _("Only a user with an active judge role can sit on the committee.")
    # unscoped: whether the judge already has a seat on this competition's committee.
    elif CommitteeMember.unscoped.filter(competition=competition, judge=judge).exists():
        errors["judge"] = _("This judge is already on the committee.")
    if country and country not in competition.countries:
        errors["country"] = _("Choose one of the competition's countries, or none for every country.")
    if errors:
        raise ValidationError(errors)
    if is_chair:
        _chair_clear(competition=competition, by=by)
    member = CommitteeMember.objects.create(
        organisation_id=competition.organisation_id,
        competition=competition,
        judge=judge,
        country=country,
        is_chair=is_chair,
        added_by=by,
    )
    audit_record(
        by=by,
        action="committeemember.added",
        obj=competition,
        details={"member": member.pk, "judge": judge.pk, "country": country, "chair": is_chair},
    )
    return member


def _chair_clear(*, competition: Competition, by) -> None:
    # unscoped: the competition's current chair, whose flag moves to the new one.
    previous = list(CommitteeMember.unscoped.filter(competition=competition, is_chair=True))
    for member in previous:
        member.is_chair = False
        member.save(update_fields=["is_chair"])
        audit_record(
            by=by,
            action="committeemember.chair_moved",
            obj=competition,
            details={"from_member": member.pk, "judge": member.judge_id},
        )


@transaction.atomic
def committeemember_chair_set(*, member: CommitteeMember, by) -> CommitteeMember:
    """Make ``member`` the chair (the previous chair stays a member)."""
    require_organiser(user=by, competition=member.competition)
    _locked(member.competition)
    if not member.is_chair:
        _chair_clear(competition=member.competition, by=by)
        member.is_chair = True
        member.save(update_fields=["is_chair"])
        audit_record(
            by=by,
            action="committeemember.chair_set",
            obj=member.competition,
            details={"member": member.pk, "judge": member.judge_id},
        )
    return member


@transaction.atomic
def committeemember_remove(*, member: CommitteeMember, by) -> None:
    """Take a judge off the committee with their assignments not yet scored (drafts included).

    ValidationError while the judge has a submitted sheet in the competition: the sheet is part of the
    results and stays with its judge."""
    competition = member.competition
    require_organiser(user=by, competition=competition)
    _locked(competition)
    # unscoped: the member's sheets in this competition, which decide whether the seat may go.
    submitted = ScoreSheet.unscoped.filter(
        assignment__competition=competition, assignment__judge_id=member.judge_id, submitted_at__isnull=False
    ).count()
    if submitted:
        raise ValidationError(
            {
                "judge": _(
                    "This judge has submitted score sheets in this competition and stays on the committee."
                )
            },
            code="has_submitted_sheets",
        )
    # unscoped: the member's own assignments in this competition, all of which go with the seat.
    removed = _unsubmitted_assignments_delete(
        Assignment.unscoped.filter(competition=competition, judge_id=member.judge_id)
    )
    member_pk = member.pk
    # unscoped: the seat the caller loaded through scope.
    CommitteeMember.unscoped.filter(pk=member_pk).delete()
    audit_record(
        by=by,
        action="committeemember.removed",
        obj=competition,
        details={"member": member_pk, "judge": member.judge_id, "assignments_removed": len(removed)},
    )


@transaction.atomic
def conflict_declare(
    *, competition: Competition, by, judge, with_organisation=None, entry: Entry | None = None, reason: str
) -> ConflictDeclaration:
    """Record a conflict of interest of committee member ``judge`` with an organisation (its entries and
    the entries it partners) or with one entry, declared by the judge or recorded by an organiser or the
    chair. Removes the judge's assignments to the entries it now conflicts with that have no submitted
    sheet; a submitted sheet stays and is left out of the results."""
    if judge != by:
        require_organiser_or_chair(user=by, competition=competition)
    elif not judging_selectors.is_member(user=by, competition=competition):
        raise PermissionDenied
    reason = (reason or "").strip()
    errors = {}
    # unscoped: whether the judge has a seat on this competition's committee.
    if not CommitteeMember.unscoped.filter(competition=competition, judge=judge).exists():
        errors["judge"] = _("Choose a member of the committee.")
    if with_organisation is None and entry is None:
        errors["with_organisation"] = _("Name the organisation or the entry the conflict is with.")
    if entry is not None and entry.competition_id != competition.pk:
        errors["entry"] = _("Choose an entry of this competition.")
    elif (
        entry is not None
        and not judging_selectors.is_organiser(user=by, competition=competition)
        and conflicts.is_conflicted(judge=by, entry=entry)
    ):
        raise PermissionDenied  # a judge or chair never handles an entry they are conflicted with
    if not reason:
        errors["reason"] = _("Say what the conflict of interest is.")
    if errors:
        raise ValidationError(errors)
    declaration = ConflictDeclaration.objects.create(
        organisation_id=competition.organisation_id,
        competition=competition,
        judge=judge,
        with_organisation=with_organisation,
        entry=entry,
        reason=reason,
        declared_by=by,
    )
    conflicted = conflicts.conflicted_entry_ids(judge=judge, competition=competition)
    # unscoped: the judge's assignments to the entries the declaration now conflicts with.
    removed = _unsubmitted_assignments_delete(
        Assignment.unscoped.filter(competition=competition, judge=judge, entry_id__in=conflicted)
    )
    audit_record(
        by=by,
        action="conflict.declared",
        obj=competition,
        details={
            "declaration": declaration.pk,
            "judge": judge.pk,
            "organisation": with_organisation.pk if with_organisation is not None else None,
            "entry": entry.pk if entry is not None else None,
            "assignments_removed_of_entries": removed,
        },
    )
    return declaration
