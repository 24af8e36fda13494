"""/api/v1/awards/assignments/: a judge reads their own assignments (never of a conflicted entry);
organisers and the chair list a competition's with ?competition=; nothing is written through it."""

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import MembershipFactory
from awards.tests.factories import judge_user
from awards.tests.judging_support import assign, competition_judged, entry_of, seat, sheet
from network.tests.factories import OrganisationFactory

LIST = "/api/v1/awards/assignments/"


@pytest.fixture
def competition(iom_office):
    return competition_judged(iom_office)


def test_judge_lists_their_own_assignments_with_status_not_conflicted_ones(api, competition, ngo):
    judge = seat(competition).judge
    own = sheet(entry_of(competition, OrganisationFactory(), code="D-01"), judge, submitted=False).assignment
    conflicted = entry_of(competition, ngo)
    assign(conflicted, judge)
    MembershipFactory(user=judge, organisation=ngo, role=Role.CASEWORKER, is_active=False)
    assign(own.entry, judge_user())  # another judge's
    api.force_authenticate(judge)

    response = api.get(LIST)

    assert response.status_code == 200
    assert [
        (row["id"], row["entry_code"], row["status"], row["late"]) for row in response.json()["results"]
    ] == [(own.pk, "D-01", "draft", False)]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("coordinator", (200, 2)), ("chair", (200, 1)), ("member", (403, None)), ("outsider", (404, None))],
)
def test_competition_assignments_for_organisers_and_the_chair(api, cast, competition, ngo, role, expected):
    chair = seat(competition, is_chair=True).judge
    MembershipFactory(user=chair, organisation=ngo, role=Role.MANAGER, is_active=False)
    member = seat(competition).judge
    assign(entry_of(competition, ngo), member)  # the chair is conflicted with it
    assign(entry_of(competition, OrganisationFactory()), member)
    api.force_authenticate({"chair": chair, "member": member}.get(role) or cast[role])

    response = api.get(LIST, {"competition": competition.pk})

    count = response.json()["count"] if response.status_code == 200 else None
    assert (response.status_code, count) == expected


def test_assignment_detail_of_another_judges_answers_404(api, competition):
    judge = seat(competition).judge
    other = assign(entry_of(competition, OrganisationFactory()), seat(competition).judge)
    api.force_authenticate(judge)

    response = api.get(f"{LIST}{other.pk}/")

    assert response.status_code == 404


def test_assignment_api_writes_nothing(api, coordinator, competition):
    assignment = assign(entry_of(competition, OrganisationFactory()), seat(competition).judge)
    api.force_authenticate(coordinator)

    answers = [
        api.post(LIST, {"entry": assignment.entry_id}, format="json").status_code,
        api.delete(f"{LIST}{assignment.pk}/").status_code,
    ]

    assert answers == [405, 405]


def test_assignment_api_password_only_is_refused(manager):
    session = APIClient()
    session.force_login(manager)

    response = session.get(LIST)

    assert response.status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_assignment_api_list_queries_do_not_grow_with_rows(api, competition, rows, django_assert_num_queries):
    judge = seat(competition).judge
    for _ in range(rows):
        assign(entry_of(competition, OrganisationFactory()), judge)
    api.force_authenticate(judge)

    with django_assert_num_queries(4):
        response = api.get(LIST)

    assert response.json()["count"] == rows
