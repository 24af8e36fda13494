"""Score sheets and results in the API: /api/v1/awards/score-sheets/ and /api/v1/awards/results/."""

import pytest
from rest_framework.test import APIClient

from awards.models import ScoreSheet
from awards.services import results
from awards.tests.factories import judge_user
from awards.tests.scoring_support import (
    assign,
    entry_in,
    judging_competition,
    nomination_with_rubric,
    seat,
    submit,
)

pytestmark = pytest.mark.django_db

SHEETS = "/api/v1/awards/score-sheets/"
RESULTS = "/api/v1/awards/results/"


@pytest.fixture
def competition(iom_office):
    return judging_competition(iom_office)


@pytest.fixture
def entry(competition, ngo):
    return entry_in(nomination_with_rubric(competition, weights=(2, 1)), ngo)


@pytest.fixture
def assignment(entry, judge):
    return assign(entry, judge)


def _body(assignment, *values, submit=False):
    criteria = list(assignment.entry.nomination.criteria.all())
    return {
        "assignment": assignment.pk,
        "scores": [
            {"criterion": criterion.pk, "value": value, "comment": ""}
            for criterion, value in zip(criteria, values, strict=True)
        ],
        "submit": submit,
    }


def test_judge_creates_a_draft_then_submits_it(api, judge, assignment):
    api.force_authenticate(judge)

    created = api.post(SHEETS, _body(assignment, 4, 3), format="json")
    submitted = api.post(f"{SHEETS}{created.data['id']}/submit/")

    assert created.status_code == 201, created.data
    assert (created.data["submitted_at"], created.data["is_own"], len(created.data["scores"])) == (
        None,
        True,
        2,
    )
    assert submitted.status_code == 200 and submitted.data["submitted_at"] is not None


def test_partial_update_changes_the_named_criteria_only(api, judge, assignment):
    api.force_authenticate(judge)
    sheet = submit(assignment, 4, 3)
    first = assignment.entry.nomination.criteria.first()

    response = api.patch(
        f"{SHEETS}{sheet.pk}/", {"scores": [{"criterion": first.pk, "value": 5}]}, format="json"
    )

    assert response.status_code == 200, response.data
    assert sorted(score["value"] for score in response.data["scores"]) == [3, 5]


def test_a_value_outside_the_scale_is_refused_in_the_error_envelope(api, judge, assignment):
    api.force_authenticate(judge)
    first = assignment.entry.nomination.criteria.first()

    response = api.post(SHEETS, _body(assignment, 7, 3), format="json")

    assert response.status_code == 400
    assert response.data["error"] == f"7 is outside the scale 1–5 of criterion “{first.name}”."
    assert response.data["field"] == f"scores.{first.pk}"


def test_a_score_after_the_lock_is_refused_with_the_reason(api, judge, assignment, competition, coordinator):
    sheet = submit(assignment, 4, 3)
    results.results_lock(competition=competition, by=coordinator)
    api.force_authenticate(judge)

    response = api.post(f"{SHEETS}{sheet.pk}/submit/")

    assert response.status_code == 400
    assert response.data["error"].startswith("The scores were locked on ")


def test_another_judges_assignment_is_unknown_and_their_sheet_not_found(api, assignment, entry):
    other = judge_user()
    seat(entry.competition, other)
    sheet = submit(assignment, 4, 3)
    api.force_authenticate(other)

    created = api.post(SHEETS, _body(assignment, 4, 3), format="json")
    read = api.get(f"{SHEETS}{sheet.pk}/")

    assert (created.status_code, created.data["field"]) == (400, "assignment")
    assert read.status_code == 404


def test_the_chair_reads_a_sheet_but_cannot_change_it(api, assignment, entry):
    chair = seat(entry.competition, judge_user(), is_chair=True).judge
    sheet = submit(assignment, 4, 3)
    api.force_authenticate(chair)

    read = api.get(f"{SHEETS}{sheet.pk}/")
    changed = api.post(f"{SHEETS}{sheet.pk}/submit/")

    assert (read.status_code, read.data["is_own"], changed.status_code) == (200, False, 403)


def test_other_judges_sheets_are_listed_only_after_submitting_ones_own(api, judge, assignment, entry):
    other = submit(assign(entry), 2, 2)
    api.force_authenticate(judge)

    before = [sheet["id"] for sheet in api.get(SHEETS).data["results"]]
    own = submit(assignment, 4, 4)
    after = [sheet["id"] for sheet in api.get(SHEETS).data["results"]]

    assert (before, sorted(after)) == ([], sorted([own.pk, other.pk]))


def test_score_sheet_list_queries(api, judge, competition, ngo, django_assert_num_queries):
    nomination = nomination_with_rubric(competition)
    submit(assign(entry_in(nomination), judge), 4)
    api.force_authenticate(judge)

    with django_assert_num_queries(4):
        api.get(SHEETS)
    for value in (3, 5):
        submit(assign(entry_in(nomination), judge), value)
    with django_assert_num_queries(4):
        response = api.get(SHEETS)
    assert response.data["count"] == 3


def test_score_sheets_password_only_is_refused_and_changes_nothing(manager, assignment):
    session = APIClient()
    session.force_login(manager)  # second factor not passed

    responses = [session.get(SHEETS), session.post(SHEETS, _body(assignment, 4, 3), format="json")]

    assert [response.status_code for response in responses] == [403, 403]
    # unscoped: nothing was written.
    assert ScoreSheet.unscoped.count() == 0


# Results -------------------------------------------------------------------------------------------------


def _locked(competition, entry, coordinator):
    submit(assign(entry), 4, 4)
    results.results_lock(competition=competition, by=coordinator)


@pytest.mark.parametrize(
    ("role", "locked", "published"),
    [
        ("coordinator", 2, 2),  # the organiser: once locked
        ("chair", 2, 2),
        ("manager", 0, 2),  # holds awards.view_competition: once published
        ("analyst", 0, 2),
        ("judge", 0, 2),
        ("outsider", 0, 0),  # a caseworker: no awards
    ],
)
def test_results_api_role_matrix(api, cast, competition, entry, coordinator, role, locked, published):
    users = {**cast, "chair": seat(competition, judge_user(), is_chair=True).judge}
    _locked(competition, entry, coordinator)
    api.force_authenticate(users[role])

    before = api.get(RESULTS)
    results.results_publish(competition=competition, by=coordinator)
    after = api.get(RESULTS)

    counts = [
        response.data["count"] if response.status_code == 200 else response.status_code
        for response in (before, after)
    ]
    assert counts == [locked, published]


def test_results_api_filters_the_winners_of_one_country(api, coordinator, competition, entry):
    _locked(competition, entry, coordinator)
    api.force_authenticate(coordinator)

    response = api.get(RESULTS, {"competition": competition.pk, "country": "TJ", "is_winner": "true"})

    assert [(row["entry_code"], row["country"], row["rank"]) for row in response.data["results"]] == [
        (entry.code, "TJ", 1)
    ]


def test_results_api_password_only_is_refused(manager):
    session = APIClient()
    session.force_login(manager)

    assert session.get(RESULTS).status_code == 403
