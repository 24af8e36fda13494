"""Assignment: after the deadline every submitted entry gets its judges, conflicts avoided, national
panels respected and the load balanced; running it again changes nothing; what cannot be filled is
reported; the chair adjusts by hand, a conflicted judge refused with the reasons."""

import datetime
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import MembershipFactory
from audit.models import AuditEntry
from awards.models import Assignment, Competition, ScoreSheet
from awards.services import assignments as services
from awards.tests.factories import ConflictDeclarationFactory, judge_user
from awards.tests.judging_support import assign, competition_judged, entry_of, seat, sheet
from network.tests.factories import OrganisationFactory


@pytest.fixture
def competition(iom_office):
    return competition_judged(iom_office, judges_per_entry=3)


def _pairs(competition):
    # unscoped: the test reads back every assignment of the competition.
    return set(Assignment.unscoped.filter(competition=competition).values_list("entry_id", "judge_id"))


def _load(competition):
    return Counter(judge for _entry, judge in _pairs(competition))


def test_generate_balances_the_load_ten_entries_five_judges_three_each(competition, coordinator):
    entries = [entry_of(competition, OrganisationFactory()) for _ in range(10)]
    judges = [seat(competition).judge for _ in range(5)]

    report = services.assignments_generate(competition=competition, by=coordinator)

    assert (report.created, report.shortfalls) == (30, [])
    assert _load(competition) == dict.fromkeys((judge.pk for judge in judges), 6)
    assert Counter(entry for entry, _judge in _pairs(competition)) == dict.fromkeys(
        (entry.pk for entry in entries), 3
    )
    # unscoped: the test reads back the audit trail.
    assert AuditEntry.unscoped.get(action="assignments.generated").details == {
        "created": 30,
        "entries_short_of_judges": 0,
    }


def test_generate_never_assigns_a_conflicted_judge(competition, coordinator, ngo):
    of_ngo = entry_of(competition, ngo)
    partnered = entry_of(competition, OrganisationFactory(), partners=[ngo])
    declared = entry_of(competition, OrganisationFactory())
    free = entry_of(competition, OrganisationFactory())
    conflicted = seat(competition).judge
    MembershipFactory(user=conflicted, organisation=ngo, role=Role.CASEWORKER, is_active=False)
    ConflictDeclarationFactory(
        organisation=competition.organisation,
        competition=competition,
        judge=conflicted,
        with_organisation=None,
        entry=declared,
    )
    others = [seat(competition).judge for _ in range(3)]

    services.assignments_generate(competition=competition, by=coordinator)

    assert {entry for entry, judge in _pairs(competition) if judge == conflicted.pk} == {free.pk}
    for entry in (of_ngo, partnered, declared):
        assert {judge for e, judge in _pairs(competition) if e == entry.pk} == {judge.pk for judge in others}


def test_generate_gives_a_national_panel_its_country_entries_only(competition, coordinator):
    kazakh = [entry_of(competition, OrganisationFactory(), country="KZ") for _ in range(2)]
    tajik = [entry_of(competition, OrganisationFactory(), country="TJ") for _ in range(2)]
    kz_panel = [seat(competition, country="KZ").judge for _ in range(2)]
    anywhere = [seat(competition).judge for _ in range(2)]

    services.assignments_generate(competition=competition, by=coordinator)

    judged_by = {
        judge.pk: {e for e, j in _pairs(competition) if j == judge.pk} for judge in kz_panel + anywhere
    }
    assert all(judged_by[judge.pk] == {entry.pk for entry in kazakh} for judge in kz_panel)
    for entry in tajik:  # two judges of every country only: the entry is short of its third
        assert {j for e, j in _pairs(competition) if e == entry.pk} == {judge.pk for judge in anywhere}
    assert [len(judged_by[judge.pk]) for judge in anywhere] == [3, 3]


def test_generate_twice_changes_nothing_the_second_time(competition, coordinator):
    for _ in range(4):
        entry_of(competition, OrganisationFactory())
    for _ in range(4):
        seat(competition)
    services.assignments_generate(competition=competition, by=coordinator)
    first = _pairs(competition)

    again = services.assignments_generate(competition=competition, by=coordinator)

    assert (again.created, again.shortfalls, _pairs(competition)) == (0, [], first)


def test_generate_keeps_existing_assignments_and_tops_up(competition, coordinator):
    entry = entry_of(competition, OrganisationFactory())
    kept = seat(competition).judge
    assign(entry, kept, is_automatic=False)
    for _ in range(3):
        seat(competition)

    report = services.assignments_generate(competition=competition, by=coordinator)

    assert report.created == 2
    assert kept.pk in {judge for _entry, judge in _pairs(competition)}
    assert len(_pairs(competition)) == 3


def test_generate_skips_entries_not_submitted(competition, coordinator):
    submitted = entry_of(competition, OrganisationFactory())
    entry_of(competition, OrganisationFactory(), submitted=False)
    for _ in range(3):
        seat(competition)

    services.assignments_generate(competition=competition, by=coordinator)

    assert {entry for entry, _judge in _pairs(competition)} == {submitted.pk}


def test_generate_reports_the_entries_it_cannot_fill(competition, coordinator, ngo):
    short = entry_of(competition, ngo, code="D-03")
    full = entry_of(competition, OrganisationFactory(), code="D-04")
    conflicted = seat(competition).judge
    MembershipFactory(user=conflicted, organisation=ngo, role=Role.MANAGER)
    seat(competition)
    seat(competition)
    seat(competition, country="KZ")

    report = services.assignments_generate(competition=competition, by=coordinator)

    assert report.shortfalls == [
        "Entry D-03 has 2 of 3 judges: the other members are conflicted or on another country's panel."
    ]
    assert Counter(entry for entry, _judge in _pairs(competition)) == {short.pk: 2, full.pk: 3}


def test_generate_is_refused_before_the_submission_deadline(iom_office, coordinator):
    competition = competition_judged(
        iom_office, submission_deadline=timezone.now() + datetime.timedelta(hours=1)
    )
    entry_of(competition, OrganisationFactory())
    seat(competition)

    with pytest.raises(ValidationError) as refused:
        services.assignments_generate(competition=competition, by=coordinator)

    assert refused.value.messages == [
        "Judges are assigned after the submission deadline, when the entries are final."
    ]
    assert _pairs(competition) == set()


def test_generate_is_refused_once_scores_are_locked(competition, coordinator):
    Competition.unscoped.filter(pk=competition.pk).update(scores_locked_at=timezone.now())
    competition.refresh_from_db()

    with pytest.raises(ValidationError):
        services.assignments_generate(competition=competition, by=coordinator)


def test_generate_by_the_chair_is_allowed_and_by_a_member_refused(competition):
    entry_of(competition, OrganisationFactory())
    chair, member = seat(competition, is_chair=True).judge, seat(competition).judge

    with pytest.raises(PermissionDenied):
        services.assignments_generate(competition=competition, by=member)
    report = services.assignments_generate(competition=competition, by=chair)

    assert report.created == 2


# By hand -----------------------------------------------------------------------------------------------


def test_assignment_add_of_a_conflicted_judge_is_refused_with_the_reasons(competition, coordinator, ngo):
    partner = OrganisationFactory(name_en="Partner Fund")
    entry = entry_of(competition, ngo, partners=[partner])
    judge = seat(competition, judge=judge_user(first_name="Aida", last_name="Testova")).judge
    MembershipFactory(user=judge, organisation=partner, role=Role.MANAGER, is_active=False)
    ConflictDeclarationFactory(
        organisation=competition.organisation, competition=competition, judge=judge, with_organisation=ngo,
        reason="Sits on its board.",
    )  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        services.assignment_add(entry=entry, judge=judge, by=coordinator)

    assert refused.value.message_dict == {
        "judge": [
            "Aida Testova is conflicted with this entry: is or was a member of the partner organisation "
            "Partner Fund; declared a conflict: Sits on its board."
        ]
    }
    assert _pairs(competition) == set()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("other panel", "This judge sits on another country's panel and judges only its entries."),
        ("not a member", "Choose a member of the committee."),
        ("already assigned", "This judge is already assigned to the entry."),
        ("not submitted", None),
    ],
)
def test_assignment_add_refuses_with_the_reason(case, message, competition, coordinator):
    entry = entry_of(competition, OrganisationFactory(), submitted=case != "not submitted")
    judge = (
        judge_user()
        if case == "not a member"
        else seat(competition, country="KZ" if case == "other panel" else "").judge
    )
    if case == "already assigned":
        assign(entry, judge)

    with pytest.raises(ValidationError) as refused:
        services.assignment_add(entry=entry, judge=judge, by=coordinator)

    field, expected = (
        ("entry", "Only a submitted entry is judged.") if message is None else ("judge", message)
    )
    assert refused.value.message_dict == {field: [expected]}


def test_assignment_add_by_the_chair_records_a_manual_assignment(competition):
    chair = seat(competition, is_chair=True).judge
    entry = entry_of(competition, OrganisationFactory())
    judge = seat(competition).judge

    assignment = services.assignment_add(entry=entry, judge=judge, by=chair)

    assert (assignment.judge, assignment.is_automatic, assignment.assigned_by) == (judge, False, chair)


def test_assignment_remove_takes_a_draft_with_it_and_is_refused_once_submitted(competition, coordinator):
    entry = entry_of(competition, OrganisationFactory())
    draft = sheet(entry, seat(competition).judge, submitted=False)
    submitted = sheet(entry, seat(competition).judge, submitted=True)

    services.assignment_remove(assignment=draft.assignment, by=coordinator)
    with pytest.raises(ValidationError) as refused:
        services.assignment_remove(assignment=submitted.assignment, by=coordinator)

    assert refused.value.messages == [
        "The judge has submitted their scores of this entry: the assignment stays."
    ]
    # unscoped: the test reads back what is left.
    assert list(ScoreSheet.unscoped.values_list("pk", flat=True)) == [submitted.pk]
    assert _pairs(competition) == {(entry.pk, submitted.assignment.judge_id)}


# Pages -------------------------------------------------------------------------------------------------


def _login(client, cast, role, users):
    if role == "password_only":
        session = Client()
        session.force_login(cast["manager"])  # no second factor
        return session
    client.force_login(users.get(role) or cast[role])
    return client


@pytest.mark.parametrize(
    ("role", "expected", "created"),
    [
        ("coordinator", 302, 3),
        ("chair", 302, 3),
        ("member", 403, 0),
        ("manager", 403, 0),
        ("outsider", 404, 0),
        ("password_only", 302, 0),
    ],
)
def test_assignments_generate_role_matrix(client, cast, competition, role, expected, created):
    entry_of(competition, OrganisationFactory())
    users = {"chair": seat(competition, is_chair=True).judge, "member": seat(competition).judge}
    seat(competition)
    client = _login(client, cast, role, users)

    response = client.post(reverse("awards:competition_assignments_generate", args=[competition.pk]))

    assert (response.status_code, len(_pairs(competition))) == (expected, created)


def test_assignments_generate_page_says_what_is_short(client, coordinator, competition, ngo):
    entry_of(competition, ngo, code="D-03")
    seat(competition)
    client.force_login(coordinator)

    response = client.post(
        reverse("awards:competition_assignments_generate", args=[competition.pk]), follow=True
    )

    assert [str(message) for message in response.context["messages"]] == [
        "Assignments made: 1.",
        "Entry D-03 has 1 of 3 judges: the other members are conflicted or on another country's panel.",
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", 200),
        ("chair", 200),
        ("member", 403),
        ("manager", 403),  # the entry's own NGO: reads the entry, does not assign its judges
        ("outsider", 404),
        ("password_only", 302),
    ],
)
def test_entry_assignment_add_page_role_matrix(client, cast, competition, ngo, role, expected):
    entry = entry_of(competition, ngo)
    users = {"chair": seat(competition, is_chair=True).judge, "member": seat(competition).judge}
    assign(entry, users["member"])
    client = _login(client, cast, role, users)

    response = client.get(reverse("awards:entry_assignment_add", args=[entry.pk]))

    assert response.status_code == expected


def test_entry_assignment_add_of_a_conflicted_chair_answers_404(client, competition, ngo):
    chair = seat(competition, is_chair=True).judge
    MembershipFactory(user=chair, organisation=ngo, role=Role.CASEWORKER, is_active=False)
    entry = entry_of(competition, ngo)
    client.force_login(chair)

    response = client.get(reverse("awards:entry_assignment_add", args=[entry.pk]))

    assert response.status_code == 404


def test_entry_assignment_add_page_shows_the_conflict_reason(client, coordinator, competition, ngo):
    entry = entry_of(competition, ngo)
    judge = seat(competition, judge=judge_user(first_name="Aida", last_name="Testova")).judge
    MembershipFactory(user=judge, organisation=ngo, role=Role.CASEWORKER, is_active=False)
    client.force_login(coordinator)

    response = client.post(reverse("awards:entry_assignment_add", args=[entry.pk]), {"judge": judge.pk})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "judge": [
            "Aida Testova is conflicted with this entry: is or was a member of the entry's organisation"
        ]
    }


@pytest.mark.parametrize(("role", "expected"), [("coordinator", 302), ("chair", 302), ("member", 404)])
def test_assignment_remove_role_matrix(client, cast, competition, role, expected):
    entry = entry_of(competition, OrganisationFactory())
    users = {"chair": seat(competition, is_chair=True).judge, "member": seat(competition).judge}
    assignment = assign(entry, seat(competition).judge)
    client.force_login(users.get(role) or cast[role])

    response = client.post(reverse("awards:assignment_remove", args=[assignment.pk]))

    assert (response.status_code, len(_pairs(competition))) == (expected, 0 if expected == 302 else 1)


def test_generate_by_a_conflicted_chair_does_not_name_the_entries_the_chair_may_not_see(competition, ngo):
    chair = seat(competition, is_chair=True).judge
    MembershipFactory(user=chair, organisation=ngo, role=Role.CASEWORKER, is_active=False)
    entry_of(competition, ngo, code="D-01")
    entry_of(competition, OrganisationFactory(), code="D-02")
    seat(competition)

    report = services.assignments_generate(competition=competition, by=chair)

    assert report.shortfalls == [
        "Entry D-02 has 2 of 3 judges: the other members are conflicted or on another country's panel.",
        "1 entry you are conflicted with is short of judges: an organiser sees which.",
    ]
