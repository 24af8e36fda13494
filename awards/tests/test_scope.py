"""Who reads which awards row (awards/models/scope.py): organisers everything of their competitions; every
member of the network with ``awards.view_competition`` published calls; NGO managers their own entries;
judges their assigned entries, never one they are conflicted with, and others' scores only after their
own; chairs their competition's sheets, except of conflicted entries and of entries they have yet to score."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Role
from accounts.tests.factories import MembershipFactory, user_with_role
from awards.models import (
    Assignment,
    CommitteeMember,
    Competition,
    ConflictDeclaration,
    Consultation,
    Entry,
    EntryFile,
    Nomination,
    Nominee,
    Result,
    Score,
    ScoreSheet,
    Slot,
)
from awards.tests.factories import (
    ConflictDeclarationFactory,
    CriterionFactory,
    EntryFileFactory,
    ResultFactory,
    ScoreFactory,
    SlotFactory,
    judge_user,
)
from awards.tests.judging_support import assign, competition_judged, entry_of, seat, sheet
from network.models import OrganisationType
from network.tests.factories import OrganisationFactory


def _sees(user, row) -> bool:
    return type(row).objects.visible_to(user).filter(pk=row.pk).exists()


def _seen(user, rows: dict) -> dict:
    return {name: _sees(user, row) for name, row in rows.items()}


def _score(sheet_row):
    return ScoreFactory(
        organisation=sheet_row.organisation,
        sheet=sheet_row,
        criterion=CriterionFactory(nomination=sheet_row.assignment.entry.nomination),
    )


@pytest.fixture
def competition(iom_office):
    return competition_judged(iom_office)


@pytest.fixture
def every_row(competition, ngo):
    """One row of every awards model in ``competition``."""
    entry = entry_of(competition, ngo)
    judge = judge_user()
    member = seat(competition, judge)
    submitted = sheet(entry, judge, submitted=True)
    return {
        "competition": competition,
        "nomination": entry.nomination,
        "slot": SlotFactory(organisation=competition.organisation, competition=competition),
        "consultation": entry.nominee.consultation,
        "nominee": entry.nominee,
        "entry": entry,
        "entry file": EntryFileFactory(organisation=ngo, entry=entry),
        "committee member": member,
        "conflict": ConflictDeclarationFactory(
            organisation=competition.organisation, competition=competition, judge=judge
        ),
        "assignment": submitted.assignment,
        "sheet": submitted,
        "score": _score(submitted),
        "result": ResultFactory(organisation=competition.organisation, competition=competition, entry=entry),
    }


MODELS = {
    Competition,
    Nomination,
    Slot,
    Consultation,
    Nominee,
    Entry,
    EntryFile,
    CommitteeMember,
    ConflictDeclaration,
    Assignment,
    ScoreSheet,
    Score,
    Result,
}


def test_every_row_fixture_covers_every_awards_tenant_model(every_row):
    assert {type(row) for row in every_row.values()} == MODELS


# Organisers --------------------------------------------------------------------------------------------


def test_organiser_reads_every_row_of_their_competition_draft_or_not(coordinator, every_row, competition):
    Competition.unscoped.filter(pk=competition.pk).update(published_at=None)

    assert _seen(coordinator, every_row) == dict.fromkeys(every_row, True)


def test_organiser_of_another_office_reads_nothing_of_a_draft_competition(every_row, competition):
    other_office = OrganisationFactory(type=OrganisationType.INTERNATIONAL, country="KZ")
    other_organiser = user_with_role(Role.COORDINATOR, other_office)
    Competition.unscoped.filter(pk=competition.pk).update(published_at=None)

    assert _seen(other_organiser, every_row) == dict.fromkeys(every_row, False)


def test_organiser_of_another_office_reads_only_the_published_call_of_another_competition(every_row):
    other_office = OrganisationFactory(type=OrganisationType.INTERNATIONAL, country="KZ")
    other_organiser = user_with_role(Role.COORDINATOR, other_office)

    seen = _seen(other_organiser, every_row)

    assert {name for name, visible in seen.items() if visible} == {"competition", "nomination"}


# Published calls ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("manager", (True, True, False, False)),
        ("analyst", (True, True, False, False)),
        ("judge", (True, True, False, False)),
        ("caseworker", (False, False, False, False)),  # no awards.view_competition
        ("outsider", (False, False, False, False)),
        ("coordinator", (True, True, True, True)),  # the organiser
    ],
)
def test_published_call_is_read_by_every_role_with_view_competition_and_a_draft_by_organisers(
    cast, iom_office, role, expected
):
    published = competition_judged(iom_office)
    draft = competition_judged(iom_office, published_at=None)
    published_nomination = entry_of(published, OrganisationFactory()).nomination
    draft_nomination = entry_of(draft, OrganisationFactory()).nomination
    user = cast[role]

    seen = (
        _sees(user, published),
        _sees(user, published_nomination),
        _sees(user, draft),
        _sees(user, draft_nomination),
    )

    assert seen == expected


# NGO managers ------------------------------------------------------------------------------------------


def test_ngo_manager_reads_their_own_entries_only(manager, ngo, other_ngo, competition):
    own = entry_of(competition, ngo)
    other = entry_of(competition, other_ngo)
    own_file = EntryFileFactory(organisation=ngo, entry=own)
    other_file = EntryFileFactory(organisation=other_ngo, entry=other)
    judge = judge_user()
    own_sheet = sheet(own, judge, submitted=True)

    seen = {
        "own entry": _sees(manager, own),
        "other entry": _sees(manager, other),
        "own file": _sees(manager, own_file),
        "other file": _sees(manager, other_file),
        "own nominee": _sees(manager, own.nominee),
        "other nominee": _sees(manager, other.nominee),
        "sheet of own entry": _sees(manager, own_sheet),
        "assignment to own entry": _sees(manager, own_sheet.assignment),
    }

    assert seen == {
        "own entry": True,
        "other entry": False,
        "own file": True,
        "other file": False,
        "own nominee": True,
        "other nominee": False,
        "sheet of own entry": False,
        "assignment to own entry": False,
    }


# Judges ------------------------------------------------------------------------------------------------


def test_judge_reads_the_entries_assigned_to_them_only(judge, competition, ngo, other_ngo):
    seat(competition, judge)
    assigned = entry_of(competition, ngo)
    not_assigned = entry_of(competition, other_ngo)
    assign(assigned, judge)
    file = EntryFileFactory(organisation=ngo, entry=assigned)

    seen = (_sees(judge, assigned), _sees(judge, file), _sees(judge, not_assigned))

    assert seen == (True, True, False)


def test_judge_whose_role_ended_reads_nothing_of_their_seat(competition, ngo):
    judge = judge_user()
    member = seat(competition, judge)
    entry = entry_of(competition, ngo)
    own = sheet(entry, judge, submitted=True)
    Membership.unscoped.filter(user=judge).update(is_active=False)
    judge = type(judge).objects.get(pk=judge.pk)  # a fresh user: memberships are cached on the object

    seen = _seen(judge, {"seat": member, "entry": entry, "assignment": own.assignment, "sheet": own})

    assert seen == {"seat": False, "entry": False, "assignment": False, "sheet": False}


def _former_member_of_entry_organisation(judge, entry, competition):
    MembershipFactory(user=judge, organisation=entry.organisation, role=Role.CASEWORKER, is_active=False)


def _member_of_partner(judge, entry, competition):
    partner = OrganisationFactory()
    entry.partners.add(partner)
    MembershipFactory(user=judge, organisation=partner, role=Role.MANAGER)


def _former_member_of_partner(judge, entry, competition):
    partner = OrganisationFactory()
    entry.partners.add(partner)
    MembershipFactory(user=judge, organisation=partner, role=Role.MANAGER, is_active=False)


def _declared_with_organisation(judge, entry, competition):
    ConflictDeclarationFactory(
        organisation=competition.organisation,
        competition=competition,
        judge=judge,
        with_organisation=entry.organisation,
    )


def _declared_with_partner(judge, entry, competition):
    partner = OrganisationFactory()
    entry.partners.add(partner)
    ConflictDeclarationFactory(
        organisation=competition.organisation, competition=competition, judge=judge, with_organisation=partner
    )


def _declared_with_entry(judge, entry, competition):
    ConflictDeclarationFactory(
        organisation=competition.organisation,
        competition=competition,
        judge=judge,
        with_organisation=None,
        entry=entry,
    )


CONFLICTS = {
    "former member of the entry's organisation": _former_member_of_entry_organisation,
    "member of a partner": _member_of_partner,
    "former member of a partner": _former_member_of_partner,
    "declared a conflict with the organisation": _declared_with_organisation,
    "declared a conflict with a partner": _declared_with_partner,
    "declared a conflict with the entry": _declared_with_entry,
}


def _judged_rows(entry, judge, competition, ngo):
    """The judge's submitted sheet of ``entry`` (with a score), another judge's, a file and a result."""
    own = sheet(entry, judge, submitted=True)
    other = sheet(entry, judge_user(), submitted=True)
    return {
        "entry": entry,
        "entry file": EntryFileFactory(organisation=ngo, entry=entry),
        "assignment": own.assignment,
        "own sheet": own,
        "own score": _score(own),
        "other judge's sheet": other,
        "other judge's score": _score(other),
        "result": ResultFactory(organisation=competition.organisation, competition=competition, entry=entry),
    }


@pytest.mark.parametrize("conflict", sorted(CONFLICTS))
def test_conflicted_judge_reads_nothing_of_the_entry_even_when_assigned(conflict, competition, ngo):
    judge = judge_user()
    seat(competition, judge)
    conflicted = entry_of(competition, ngo)
    control = entry_of(competition, OrganisationFactory())
    rows = _judged_rows(conflicted, judge, competition, ngo)
    control_rows = _judged_rows(control, judge, competition, control.organisation)
    CONFLICTS[conflict](judge, conflicted, competition)
    judge = type(judge).objects.get(pk=judge.pk)

    seen = _seen(judge, rows)
    control_seen = _seen(judge, control_rows)

    assert seen == dict.fromkeys(rows, False)
    assert control_seen == {**dict.fromkeys(control_rows, True), "result": False}  # unpublished result


@pytest.mark.parametrize("conflict", sorted(CONFLICTS))
def test_conflicted_chair_reads_nothing_of_the_entry(conflict, competition, ngo):
    chair = judge_user()
    seat(competition, chair, is_chair=True)
    conflicted = entry_of(competition, ngo)
    control = entry_of(competition, OrganisationFactory())
    rows = _judged_rows(conflicted, judge_user(), competition, ngo)
    del rows["own sheet"], rows["own score"]  # the chair does not judge these entries
    rows["assignment"] = rows["other judge's sheet"].assignment
    control_rows = _judged_rows(control, judge_user(), competition, control.organisation)
    CONFLICTS[conflict](chair, conflicted, competition)
    chair = type(chair).objects.get(pk=chair.pk)

    seen = _seen(chair, rows)
    control_seen = _seen(chair, control_rows)

    assert seen == dict.fromkeys(rows, False)
    assert control_seen == dict.fromkeys(control_rows, True)


def test_judge_reads_other_judges_sheets_only_after_submitting_their_own_and_never_drafts(competition, ngo):
    judge = judge_user()
    seat(competition, judge)
    entry = entry_of(competition, ngo)
    own = sheet(entry, judge, submitted=False)
    other_submitted = sheet(entry, judge_user(), submitted=True)
    other_draft = sheet(entry, judge_user(), submitted=False)
    rows = {
        "own": own,
        "other submitted": other_submitted,
        "other submitted score": _score(other_submitted),
        "other draft": other_draft,
        "other draft score": _score(other_draft),
        "other's assignment": other_submitted.assignment,
    }

    before = _seen(judge, rows)
    ScoreSheet.unscoped.filter(pk=own.pk).update(submitted_at=timezone.now())
    after = _seen(judge, rows)

    assert before == {
        "own": True,
        "other submitted": False,
        "other submitted score": False,
        "other draft": False,
        "other draft score": False,
        "other's assignment": False,
    }
    assert after == {**before, "other submitted": True, "other submitted score": True}


def test_judge_submitting_one_entry_does_not_open_the_scores_of_another(competition, ngo, other_ngo):
    judge = judge_user()
    seat(competition, judge)
    scored, pending = entry_of(competition, ngo), entry_of(competition, other_ngo)
    sheet(scored, judge, submitted=True)
    sheet(pending, judge, submitted=False)
    other_of_pending = sheet(pending, judge_user(), submitted=True)

    assert _sees(judge, other_of_pending) is False


def test_judge_reads_their_own_seat_and_declarations_not_other_judges(competition):
    judge, colleague = judge_user(), judge_user()
    own_seat, other_seat = seat(competition, judge), seat(competition, colleague)
    own = ConflictDeclarationFactory(
        organisation=competition.organisation, competition=competition, judge=judge
    )
    other = ConflictDeclarationFactory(
        organisation=competition.organisation, competition=competition, judge=colleague
    )

    seen = _seen(judge, {"own seat": own_seat, "other seat": other_seat, "own": own, "other": other})

    assert seen == {"own seat": True, "other seat": False, "own": True, "other": False}


# Chairs ------------------------------------------------------------------------------------------------


def test_chair_reads_the_committee_and_submitted_sheets_of_their_competition(competition, ngo, other_ngo):
    chair = judge_user()
    seat(competition, chair, is_chair=True)
    colleague_seat = seat(competition)
    colleague = colleague_seat.judge
    declaration = ConflictDeclarationFactory(
        organisation=competition.organisation, competition=competition, judge=colleague
    )
    entry = entry_of(competition, ngo)
    submitted = sheet(entry, colleague, submitted=True)
    draft = sheet(entry_of(competition, other_ngo), colleague, submitted=False)
    other_competition = competition_judged(competition.organisation)
    elsewhere = sheet(entry_of(other_competition, ngo), judge_user(), submitted=True)

    seen = _seen(
        chair,
        {
            "colleague's seat": colleague_seat,
            "colleague's declaration": declaration,
            "entry": entry,
            "assignment": submitted.assignment,
            "submitted sheet": submitted,
            "draft's assignment": draft.assignment,
            "draft": draft,
            "another competition's sheet": elsewhere,
        },
    )

    assert seen == {
        "colleague's seat": True,
        "colleague's declaration": True,
        "entry": True,
        "assignment": True,
        "submitted sheet": True,
        "draft's assignment": True,
        "draft": False,
        "another competition's sheet": False,
    }


def test_chair_reads_others_sheets_of_an_entry_they_judge_only_after_submitting_their_own(competition, ngo):
    chair = judge_user()
    seat(competition, chair, is_chair=True)
    entry = entry_of(competition, ngo)
    own = sheet(entry, chair, submitted=False)
    other = sheet(entry, judge_user(), submitted=True)

    before = _sees(chair, other)
    ScoreSheet.unscoped.filter(pk=own.pk).update(submitted_at=timezone.now())
    after = _sees(chair, other)

    assert (before, after) == (False, True)


# Results -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", (True, True)),
        ("chair", (True, True)),
        ("judge", (False, True)),
        ("manager", (False, True)),
        ("analyst", (False, True)),
        ("caseworker", (False, False)),
    ],
)
def test_results_are_read_by_organisers_and_the_chair_then_by_everyone_once_published(
    cast, competition, ngo, role, expected
):
    chair = judge_user()
    seat(competition, chair, is_chair=True)
    user = chair if role == "chair" else cast[role]
    result = ResultFactory(
        organisation=competition.organisation, competition=competition, entry=entry_of(competition, ngo)
    )

    before = _sees(user, result)
    Competition.unscoped.filter(pk=competition.pk).update(
        results_published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    after = _sees(user, result)

    assert (before, after) == expected


def test_chair_does_not_read_a_declaration_naming_an_entry_the_chair_is_conflicted_with(competition, ngo):
    chair = judge_user()
    seat(competition, chair, is_chair=True)
    colleague = seat(competition).judge
    conflicted, control = entry_of(competition, ngo), entry_of(competition, OrganisationFactory())
    MembershipFactory(user=chair, organisation=ngo, role=Role.MANAGER, is_active=False)
    naming_conflicted = ConflictDeclarationFactory(
        organisation=competition.organisation,
        competition=competition,
        judge=colleague,
        with_organisation=None,
        entry=conflicted,
    )
    naming_control = ConflictDeclarationFactory(
        organisation=competition.organisation,
        competition=competition,
        judge=colleague,
        with_organisation=None,
        entry=control,
    )
    with_organisation = ConflictDeclarationFactory(
        organisation=competition.organisation, competition=competition, judge=colleague
    )

    seen = _seen(
        chair, {"conflicted": naming_conflicted, "control": naming_control, "organisation": with_organisation}
    )

    assert seen == {"conflicted": False, "control": True, "organisation": True}


def test_seated_judge_reads_the_draft_competition_of_their_seat_and_its_rubric_only(iom_office):
    judge = judge_user()
    seated = competition_judged(iom_office, published_at=None)
    other = competition_judged(iom_office, published_at=None)
    seat(seated, judge)
    nomination = entry_of(seated, OrganisationFactory()).nomination

    seen = (_sees(judge, seated), _sees(judge, nomination), _sees(judge, other))

    assert seen == (True, True, False)
