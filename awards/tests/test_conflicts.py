"""Conflicts of interest: automatic (a judge who is or was a member of the entry's organisation or of a
partner) and declared (by the judge, an organiser or the chair); a declaration takes the judge off the
entries it now conflicts with unless the sheet was submitted, which stays and is left out of results."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import MembershipFactory
from audit.models import AuditEntry
from awards import conflicts
from awards.models import Assignment, ConflictDeclaration, ScoreSheet
from awards.services import committee as services
from awards.tests.factories import judge_user
from awards.tests.judging_support import assign, competition_judged, entry_of, seat, sheet
from network.tests.factories import OrganisationFactory


@pytest.fixture
def competition(iom_office):
    return competition_judged(iom_office)


def _assigned_entry_ids(judge, competition):
    # unscoped: the test reads back the judge's assignments.
    return set(
        Assignment.unscoped.filter(judge=judge, competition=competition).values_list("entry_id", flat=True)
    )


def test_conflict_rule_covers_memberships_past_and_present_and_partners(competition, ngo, other_ngo):
    judge = judge_user()
    partner = OrganisationFactory(name_en="Partner Fund")
    of_former = entry_of(competition, ngo)
    partnered = entry_of(competition, OrganisationFactory(), partners=[partner])
    of_other = entry_of(competition, other_ngo)
    MembershipFactory(user=judge, organisation=ngo, role=Role.CASEWORKER, is_active=False)
    MembershipFactory(user=judge, organisation=partner, role=Role.MANAGER)

    conflicted = conflicts.conflicted_entry_ids(judge=judge, competition=competition)
    reasons = (
        conflicts.conflict_reasons(judge=judge, entry=of_former),
        conflicts.conflict_reasons(judge=judge, entry=partnered),
        conflicts.conflict_reasons(judge=judge, entry=of_other),
    )

    assert conflicted == {of_former.pk, partnered.pk}
    assert reasons == (
        ["is or was a member of the entry's organisation"],
        ["is or was a member of the partner organisation Partner Fund"],
        [],
    )


def test_judge_declares_a_conflict_with_an_organisation_and_leaves_its_entries(competition, ngo, other_ngo):
    judge = judge_user()
    seat(competition, judge)
    not_started = entry_of(competition, ngo)
    drafted = entry_of(competition, OrganisationFactory(), partners=[ngo])
    submitted = entry_of(competition, ngo)
    unrelated = entry_of(competition, other_ngo)
    assign(not_started, judge)
    draft = sheet(drafted, judge, submitted=False)
    kept = sheet(submitted, judge, submitted=True)
    assign(unrelated, judge)

    declaration = services.conflict_declare(
        competition=competition, by=judge, judge=judge, with_organisation=ngo, reason="Former board member."
    )

    assert _assigned_entry_ids(judge, competition) == {submitted.pk, unrelated.pk}
    # unscoped: the test reads back every sheet.
    assert list(ScoreSheet.unscoped.values_list("pk", flat=True)) == [kept.pk]
    assert draft.pk != kept.pk
    # The submitted sheet stays, and the rule the results use leaves it out.
    assert conflicts.conflicted_entry_ids(judge=judge, competition=competition) == {
        not_started.pk,
        drafted.pk,
        submitted.pk,
    }
    assert conflicts.conflict_reasons(judge=judge, entry=not_started) == [
        "declared a conflict: Former board member."
    ]
    # unscoped: the test reads back the audit trail.
    entry = AuditEntry.unscoped.get(action="conflict.declared")
    assert entry.details == {
        "declaration": declaration.pk,
        "judge": judge.pk,
        "organisation": ngo.pk,
        "entry": None,
        "assignments_removed_of_entries": sorted([not_started.pk, drafted.pk]),
    }


def test_conflict_with_one_entry_takes_the_judge_off_that_entry_only(competition, ngo):
    judge = judge_user()
    seat(competition, judge)
    declared, other = entry_of(competition, ngo), entry_of(competition, ngo)
    assign(declared, judge)
    assign(other, judge)

    services.conflict_declare(
        competition=competition, by=judge, judge=judge, entry=declared, reason="My cousin."
    )

    assert _assigned_entry_ids(judge, competition) == {other.pk}


@pytest.mark.parametrize("recorder", ["organiser", "chair"])
def test_organiser_or_chair_records_a_members_conflict(recorder, competition, coordinator, ngo):
    chair = judge_user()
    seat(competition, chair, is_chair=True)
    judge = seat(competition).judge
    by = coordinator if recorder == "organiser" else chair

    declaration = services.conflict_declare(
        competition=competition, by=by, judge=judge, with_organisation=ngo, reason="Paid consultant."
    )

    assert (declaration.judge, declaration.declared_by) == (judge, by)


def test_another_judge_may_not_record_a_colleagues_conflict(competition, ngo):
    judge, colleague = seat(competition).judge, seat(competition).judge

    with pytest.raises(PermissionDenied):
        services.conflict_declare(
            competition=competition, by=colleague, judge=judge, with_organisation=ngo, reason="Hearsay."
        )

    # unscoped: nothing was recorded.
    assert ConflictDeclaration.unscoped.count() == 0


def test_a_judge_off_the_committee_may_not_declare(competition, ngo):
    stranger = judge_user()

    with pytest.raises(PermissionDenied):
        services.conflict_declare(
            competition=competition, by=stranger, judge=stranger, with_organisation=ngo, reason="Board."
        )


NO_TARGET = "Name the organisation or the entry the conflict is with."


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"reason": "Board member."}, {"with_organisation": [NO_TARGET]}),
        ({"with_organisation": "ngo", "reason": "  "}, {"reason": ["Say what the conflict of interest is."]}),
        ({"entry": "elsewhere", "reason": "Board."}, {"entry": ["Choose an entry of this competition."]}),
        (
            {"judge": "stranger", "with_organisation": "ngo", "reason": "Board."},
            {"judge": ["Choose a member of the committee."]},
        ),
    ],
)
def test_conflict_declare_refuses_what_is_incomplete_with_the_field_at_fault(
    fields, expected, competition, coordinator, ngo
):
    member = seat(competition).judge
    values = {
        "ngo": ngo,
        "elsewhere": entry_of(competition_judged(competition.organisation), ngo),
        "stranger": judge_user(),
    }
    fields = {name: values.get(value, value) for name, value in fields.items()}
    fields.setdefault("judge", member)

    with pytest.raises(ValidationError) as refused:
        services.conflict_declare(competition=competition, by=coordinator, **fields)

    assert refused.value.message_dict == expected


# The page ----------------------------------------------------------------------------------------------

ROLES = ["coordinator", "chair", "member", "judge", "manager", "outsider", "password_only"]


def _login(client, cast, role, chair, member):
    if role == "password_only":
        session = Client()
        session.force_login(cast["manager"])  # no second factor
        return session
    client.force_login({"chair": chair, "member": member}.get(role) or cast[role])
    return client


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", 200),
        ("chair", 200),
        ("member", 200),
        ("judge", 403),  # a judge without a seat on this committee
        ("manager", 403),  # reads the published call, not its committee
        ("outsider", 404),
        ("password_only", 302),
    ],
)
def test_conflict_declare_page_role_matrix(client, cast, competition, role, expected):
    chair, member = seat(competition, is_chair=True).judge, seat(competition).judge
    client = _login(client, cast, role, chair, member)

    response = client.get(reverse("awards:competition_conflict_declare", args=[competition.pk]))

    assert response.status_code == expected


def test_judge_declares_their_own_conflict_on_the_page_and_may_name_no_one_else(client, competition, ngo):
    judge, colleague = seat(competition).judge, seat(competition).judge
    client.force_login(judge)
    url = reverse("awards:competition_conflict_declare", args=[competition.pk])

    for_colleague = client.post(url, {"judge": colleague.pk, "with_organisation": ngo.pk, "reason": "Board."})
    own = client.post(url, {"judge": judge.pk, "with_organisation": ngo.pk, "reason": "Board."})

    assert for_colleague.status_code == 200  # the colleague is not a choice
    assert own.url == reverse("awards:competition_committee", args=[competition.pk])
    # unscoped: the test reads back what was recorded.
    assert list(ConflictDeclaration.unscoped.values_list("judge_id", "with_organisation_id")) == [
        (judge.pk, ngo.pk)
    ]
