"""The chair's progress board (who has scored what, what is late) and a judge's own assignments."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import MembershipFactory
from awards.models import Competition
from awards.selectors import judging as selectors
from awards.tests.factories import judge_user
from awards.tests.judging_support import assign, competition_judged, entry_of, seat, sheet
from network.tests.factories import OrganisationFactory


@pytest.fixture
def competition(iom_office):
    return competition_judged(iom_office)


def _close_judging(competition):
    Competition.unscoped.filter(pk=competition.pk).update(
        judging_closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    competition.refresh_from_db()


def _counts(row):
    return (row.assigned, row.submitted, row.draft, row.not_started, row.late)


def test_progress_board_counts_each_judges_sheets_and_what_is_late(competition, coordinator):
    busy, idle = seat(competition).judge, seat(competition).judge
    done, drafted, untouched = (entry_of(competition, OrganisationFactory()) for _ in range(3))
    sheet(done, busy, submitted=True)
    sheet(drafted, busy, submitted=False)
    assign(untouched, busy)

    before = selectors.progress_board(user=coordinator, competition=competition)
    _close_judging(competition)
    after = selectors.progress_board(user=coordinator, competition=competition)

    assert [(row.member.judge, _counts(row)) for row in before.judges] == [
        (busy, (3, 1, 1, 1, 0)),
        (idle, (0,) * 5),
    ]
    assert [(row.member.judge, _counts(row)) for row in after.judges] == [
        (busy, (3, 1, 1, 1, 2)),
        (idle, (0,) * 5),
    ]
    assert [
        (row.entry, [(assignment.judge, status, late) for assignment, status, late in row.judges])
        for row in after.entries
    ] == [
        (done, [(busy, "submitted", False)]),
        (drafted, [(busy, "draft", True)]),
        (untouched, [(busy, "not_started", True)]),
    ]


def test_progress_board_lists_submitted_entries_still_without_judges(competition, coordinator):
    waiting = entry_of(competition, OrganisationFactory())
    entry_of(competition, OrganisationFactory(), submitted=False)

    board = selectors.progress_board(user=coordinator, competition=competition)

    assert [(row.entry, row.judges) for row in board.entries] == [(waiting, [])]


def test_chairs_board_leaves_out_the_entries_the_chair_is_conflicted_with(competition, ngo):
    chair = seat(competition, is_chair=True).judge
    MembershipFactory(user=chair, organisation=ngo, role=Role.CASEWORKER, is_active=False)
    judge = seat(competition).judge
    conflicted, other = entry_of(competition, ngo), entry_of(competition, OrganisationFactory())
    assign(conflicted, judge)
    assign(other, judge)

    board = selectors.progress_board(user=chair, competition=competition)

    assert [row.entry for row in board.entries] == [other]
    assert [_counts(row) for row in board.judges if row.member.judge == judge] == [(1, 0, 0, 1, 0)]


def test_progress_board_is_refused_to_a_member_who_is_not_the_chair(competition):
    member = seat(competition).judge

    with pytest.raises(PermissionDenied):
        selectors.progress_board(user=member, competition=competition)


def _login(client, cast, role, users):
    if role == "password_only":
        session = Client()
        session.force_login(cast["manager"])  # no second factor
        return session
    client.force_login(users.get(role) or cast[role])
    return client


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", 200),
        ("chair", 200),
        ("member", 403),
        ("manager", 403),
        ("analyst", 403),
        ("outsider", 404),
        ("password_only", 302),
    ],
)
def test_progress_page_role_matrix(client, cast, competition, role, expected):
    users = {"chair": seat(competition, is_chair=True).judge, "member": seat(competition).judge}
    client = _login(client, cast, role, users)

    response = client.get(reverse("awards:competition_progress", args=[competition.pk]))

    assert response.status_code == expected


@pytest.mark.parametrize("rows", [1, 3])
def test_progress_page_queries_do_not_grow_with_rows(
    client, coordinator, competition, rows, django_assert_num_queries
):
    for _ in range(rows):
        judge = seat(competition).judge
        sheet(entry_of(competition, OrganisationFactory()), judge, submitted=True)
    client.force_login(coordinator)
    url = reverse("awards:competition_progress", args=[competition.pk])

    with django_assert_num_queries(9):
        response = client.get(url)

    assert len(response.context["board"].entries) == rows


# A judge's own assignments -----------------------------------------------------------------------------


def test_assignment_list_groups_a_judges_own_assignments_and_hides_conflicted_ones(client, competition, ngo):
    judge = seat(competition).judge
    to_score, drafted, done = (entry_of(competition, OrganisationFactory()) for _ in range(3))
    assign(to_score, judge)
    sheet(drafted, judge, submitted=False)
    sheet(done, judge, submitted=True)
    conflicted = entry_of(competition, ngo)
    assign(conflicted, judge)
    MembershipFactory(user=judge, organisation=ngo, role=Role.CASEWORKER, is_active=False)
    assign(to_score, judge_user())  # another judge's
    client.force_login(judge)

    response = client.get(reverse("awards:assignment_list"))

    assert (
        [a.entry for a in response.context["to_score"]],
        [a.entry for a in response.context["drafts"]],
        [a.entry for a in response.context["submitted"]],
    ) == ([to_score], [drafted], [done])


def test_assignment_list_marks_what_is_late(client, competition):
    judge = seat(competition).judge
    assign(entry_of(competition, OrganisationFactory()), judge)
    _close_judging(competition)
    client.force_login(judge)

    response = client.get(reverse("awards:assignment_list"))

    assert [a.late for a in response.context["to_score"]] == [True]
    assert "late" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("judge", 200),
        ("coordinator", 403),
        ("manager", 403),
        ("outsider", 403),
        ("password_only", 302),
    ],
)
def test_assignment_list_role_matrix(client, cast, role, expected):
    client = _login(client, cast, role, {})

    response = client.get(reverse("awards:assignment_list"))

    assert response.status_code == expected


@pytest.mark.parametrize("rows", [1, 3])
def test_assignment_list_queries_do_not_grow_with_rows(client, competition, rows, django_assert_num_queries):
    judge = seat(competition).judge
    for _ in range(rows):
        assign(entry_of(competition, OrganisationFactory()), judge)
    client.force_login(judge)

    with django_assert_num_queries(7):
        response = client.get(reverse("awards:assignment_list"))

    assert len(response.context["to_score"]) == rows
