"""Reintegration as IOM measures it: the Reintegration Sustainability Survey scored per dimension and as a
composite, the trend on one 0–1 scale, goals achieved or dropped, monitoring after closure and
re-trafficking as an outcome."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEntry
from cases import reintegration, selectors, services
from cases.models import Assessment, ReintegrationGoal, choices
from cases.tests.factories import AssessmentFactory, CaseFactory, ReintegrationGoalFactory, rss_answers
from cases.views.assistance import dimension_trends

BEST = {
    indicator.code: max(indicator.options, key=lambda option: option.score or 0).code
    for indicator in reintegration.INDICATORS
}
WORST = {
    indicator.code: min(
        (option for option in indicator.options if option.score is not None), key=lambda option: option.score
    ).code
    for indicator in reintegration.INDICATORS
}


# Scoring ---------------------------------------------------------------------------------------------


def test_rss_has_fifteen_indicators_five_per_dimension_with_weights_summing_to_one():
    per_dimension = {
        dimension: [i for i in reintegration.INDICATORS if i.dimension == dimension]
        for dimension in reintegration.DIMENSIONS
    }

    assert [len(indicators) for indicators in per_dimension.values()] == [5, 5, 5]
    assert [sum(i.weight for i in indicators) for indicators in per_dimension.values()] == [1, 1, 1]
    assert sum(reintegration.DIMENSION_WEIGHTS.values()).quantize(Decimal("0.000001")) == 1


def test_rss_scores_every_best_answer_1_and_every_worst_answer_0():
    best = reintegration.dimension_scores(BEST)
    worst = reintegration.dimension_scores(WORST)

    assert best == {"economic": 1, "social": 1, "psychosocial": 1}
    assert worst == {"economic": 0, "social": 0, "psychosocial": 0}
    assert (reintegration.composite_score(best), reintegration.composite_score(worst)) == (1, 0)


def test_rss_scores_by_hand_from_the_weights():
    # Each weight is 1/5 within its dimension; each dimension 1/3 of the composite.
    # Economic: satisfaction "neither" .5, food "sometimes" .5, can borrow 1, debt smaller .5,
    #   employment "fair" .5 → 3.0 / 5 = 0.6
    # Social: housing "good" .75, all children at school 1, justice "fair" .5, document 1,
    #   health care "good" .75 → 4.0 / 5 = 0.8
    # Psychosocial: social activities "sometimes" .5, support "good" .75, feels safe "often" .75,
    #   discrimination "rarely" .75, distress "sometimes" .5 → 3.25 / 5 = 0.65
    # Composite: (0.6 + 0.8 + 0.65) / 3 = 0.68333… → 0.683
    scores = reintegration.dimension_scores(rss_answers())

    assert scores == {"economic": Decimal("0.6"), "social": Decimal("0.8"), "psychosocial": Decimal("0.65")}
    assert reintegration.composite_score(scores) == Decimal("0.683")


def test_rss_leaves_a_not_applicable_answer_out_of_its_dimension():
    # No children of school age: social is the mean of the other four, (.75 + .5 + 1 + .75) / 4 = 0.75.
    scores = reintegration.dimension_scores(rss_answers(schooling=0))

    assert scores["social"] == Decimal("0.75")


def test_rss_reads_harmful_frequencies_the_other_way_round():
    never_distressed = reintegration.dimension_scores(rss_answers(distress=5))
    very_often_distressed = reintegration.dimension_scores(rss_answers(distress=1))

    # 0.65 with "sometimes" (.5); "never" adds .5 / 5, "very often" takes it away.
    assert (never_distressed["psychosocial"], very_often_distressed["psychosocial"]) == (
        Decimal("0.75"),
        Decimal("0.55"),
    )


def test_legacy_scores_convert_to_the_zero_to_one_scale():
    assert [reintegration.legacy_score(value, five_point=True) for value in (1, 2, 3, 5)] == [
        Decimal("0"),
        Decimal("0.25"),
        Decimal("0.5"),
        Decimal("1"),
    ]
    assert reintegration.legacy_score(Decimal("0.9"), five_point=False) == Decimal("0.9")


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [("0.40", "0.50", "up"), ("0.50", "0.40", "down"), ("0.50", "0.54", "flat"), ("0.50", "0.46", "flat")],
)
def test_trend_counts_a_change_under_the_threshold_as_stable(first, last, expected):
    assert reintegration.trend(Decimal(first), Decimal(last)) == expected


def test_trend_compares_on_one_scale_a_converted_five_point_score_and_a_survey(case, caseworker):
    # Before: 2.0 on 1–5 then 0.9 on 0–1 read as "worsening". Converted, 2.0 is 0.25: improving.
    AssessmentFactory(
        organisation=case.organisation,
        case=case,
        assessed_on=datetime.date(2025, 6, 1),
        answers={},
        legacy=True,
        economic=reintegration.legacy_score(2, five_point=True),
        social=None,
        psychosocial=None,
        composite=Decimal("0.25"),
    )
    AssessmentFactory(organisation=case.organisation, case=case, answers=BEST, economic=Decimal("0.9"))

    trends = dimension_trends(list(Assessment.unscoped.filter(case=case)))

    assert [(row["dimension"], row["scores"], row["trend"]) for row in trends] == [
        ("economic", [Decimal("0.25"), Decimal("0.9")], "up")
    ]


# The service -----------------------------------------------------------------------------------------


def test_assessment_record_stores_the_answers_and_scores_and_writes_the_audit_entry(case, caseworker):
    assessment = services.assessment_record(
        case=case, by=caseworker, answers=rss_answers(), retrafficked=False
    )

    stored = Assessment.unscoped.get(pk=assessment.pk)
    assert stored.answers == rss_answers()
    assert (stored.economic, stored.social, stored.psychosocial, stored.composite, stored.legacy) == (
        Decimal("0.6"),
        Decimal("0.8"),
        Decimal("0.65"),
        Decimal("0.683"),
        False,
    )
    assert list(
        AuditEntry.unscoped.filter(action="assessment.recorded").values_list("details", flat=True)
    ) == [{"assessment": assessment.pk, "retrafficked": False}]


def test_assessment_record_names_every_missing_answer_and_each_out_of_scale_one(case, caseworker):
    answers = rss_answers(debt=4, can_borrow=True)
    del answers["housing"]

    with pytest.raises(ValidationError) as raised:
        services.assessment_record(case=case, by=caseworker, answers=answers)

    assert raised.value.message_dict == {
        "can_borrow": ["Choose one of the answers of this question's scale."],
        "debt": ["Choose one of the answers of this question's scale."],
        "housing": ["Answer this question."],
    }
    assert Assessment.unscoped.count() == 0


def test_assessment_record_refuses_a_question_the_survey_does_not_have(case, caseworker):
    with pytest.raises(ValidationError) as raised:
        services.assessment_record(case=case, by=caseworker, answers=rss_answers(happiness=5))

    assert list(raised.value.message_dict) == ["happiness"]


def test_assessment_record_on_a_closed_case_continues_monitoring(case, caseworker, manager):
    services.case_close(case=case, by=manager, reason=choices.ClosureReason.REINTEGRATED)

    assessment = services.assessment_record(case=case, by=caseworker, answers=rss_answers())

    case.refresh_from_db()
    assert (case.is_closed, assessment.case_id) == (True, case.pk)


def test_retrafficked_cases_counts_each_case_once_and_only_visible_ones(case, caseworker, outsider, ngo):
    services.assessment_record(case=case, by=caseworker, answers=rss_answers(), retrafficked=True)
    services.assessment_record(case=case, by=caseworker, answers=rss_answers(), retrafficked=True)
    services.assessment_record(
        case=CaseFactory(organisation=ngo), by=caseworker, answers=rss_answers(), retrafficked=False
    )

    assert list(selectors.retrafficked_cases(user=caseworker)) == [case]
    assert selectors.retrafficked_cases(user=outsider).count() == 0


# Goals -----------------------------------------------------------------------------------------------


@pytest.fixture
def goal(case):
    return ReintegrationGoalFactory(organisation=case.organisation, case=case)


@pytest.mark.parametrize(("change", "status"), [("goal_achieve", "achieved"), ("goal_drop", "dropped")])
def test_goal_achieve_and_drop_record_when_and_by_whom_with_an_audit_entry(goal, caseworker, change, status):
    getattr(services, change)(goal=goal, by=caseworker, on=datetime.date(2026, 3, 1))

    goal.refresh_from_db()
    assert (goal.status, goal.status_changed_on, goal.status_changed_by) == (
        status,
        datetime.date(2026, 3, 1),
        caseworker,
    )
    assert list(AuditEntry.unscoped.filter(action=f"goal.{status}").values_list("details", flat=True)) == [
        {"goal": goal.pk}
    ]


def test_goal_that_is_no_longer_open_cannot_change_again(goal, caseworker):
    services.goal_drop(goal=goal, by=caseworker)

    with pytest.raises(ValidationError) as raised:
        services.goal_achieve(goal=goal, by=caseworker)

    assert raised.value.message_dict == {
        "status": ["This goal is no longer open: it was achieved or dropped."]
    }
    assert ReintegrationGoal.unscoped.get(pk=goal.pk).status == "dropped"


def test_goal_achieve_denied_to_shelter_staff(goal, shelter_staff):
    with pytest.raises(PermissionDenied):
        services.goal_achieve(goal=goal, by=shelter_staff)


@pytest.mark.parametrize(
    ("member", "status", "goal_status"),
    [
        ("caseworker", 302, "achieved"),
        ("manager", 302, "achieved"),
        ("shelter_staff", 403, "open"),
        ("hotline_operator", 403, "open"),
        ("coordinator", 403, "open"),
        ("outsider", 404, "open"),
    ],
)
def test_goal_achieve_view_role_matrix(client, cast, case, goal, member, status, goal_status):
    client.force_login(cast[member])

    response = client.post(reverse("cases:goal_achieve", args=[goal.pk]))

    assert response.status_code == status
    assert ReintegrationGoal.unscoped.get(pk=goal.pk).status == goal_status
    if status == 302:
        assert response.url == reverse("cases:case_reintegration", args=[case.pk])


def test_goal_views_password_only_change_nothing(case, goal, caseworker):
    password_only = Client()  # logged in, second factor not passed
    password_only.force_login(caseworker)

    responses = [
        password_only.post(reverse(name, args=[goal.pk]))
        for name in ("cases:goal_achieve", "cases:goal_drop")
    ]

    tab = reverse("cases:case_reintegration", args=[case.pk])
    assert [response.status_code in (302, 403) for response in responses] == [True, True]
    assert [response for response in responses if response.status_code == 302 and response.url == tab] == []
    assert ReintegrationGoal.unscoped.get(pk=goal.pk).status == "open"


def test_goal_drop_view_is_post_only_and_a_missing_goal_is_404(client, goal, caseworker):
    client.force_login(caseworker)

    get = client.get(reverse("cases:goal_drop", args=[goal.pk]))
    missing = client.post(reverse("cases:goal_drop", args=[goal.pk + 1000]))

    assert (get.status_code, missing.status_code) == (405, 404)
    assert ReintegrationGoal.unscoped.get(pk=goal.pk).status == "open"


def test_reintegration_tab_lists_goals_with_their_status_and_buttons_for_open_ones(
    client, case, goal, caseworker
):
    dropped = ReintegrationGoalFactory(
        organisation=case.organisation, case=case, plan=goal.plan, dimension="social"
    )
    services.goal_drop(goal=dropped, by=caseworker, on=datetime.date(2026, 2, 1))
    client.force_login(caseworker)

    page = client.get(reverse("cases:case_reintegration", args=[case.pk])).content.decode()

    assert page.count(reverse("cases:goal_achieve", args=[goal.pk])) == 1
    assert reverse("cases:goal_achieve", args=[dropped.pk]) not in page
    assert "Dropped" in page


# The reintegration tab -------------------------------------------------------------------------------


def test_reintegration_tab_records_a_survey_on_a_closed_case(client, case, caseworker, manager):
    services.case_close(case=case, by=manager, reason=choices.ClosureReason.REINTEGRATED)
    client.force_login(caseworker)
    url = reverse("cases:case_reintegration", args=[case.pk])

    response = client.post(url, {"form": "assessment", "retrafficked": "on", **rss_answers()})
    page = client.get(url).content.decode()

    assert response.status_code == 302
    assert Assessment.unscoped.get(case=case).retrafficked is True
    assert "The case is closed; monitoring continues." in page
    assert 'badge-danger">re-trafficked' in page


def test_reintegration_tab_keeps_every_answer_when_one_is_out_of_its_scale(client, case, caseworker):
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:case_reintegration", args=[case.pk]),
        {"form": "assessment", **rss_answers(food_reduction=7, housing="")},
    )

    form = response.context["forms"]["assessment"]
    assert form.errors == {
        "food_reduction": ["Choose one of the answers of this question's scale."],
        "housing": ["Answer this question."],
    }
    assert (form["debt"].value(), form["food_reduction"].value()) == ("2", "7")
    assert Assessment.unscoped.count() == 0


@pytest.mark.parametrize(
    ("member", "status"),
    [("caseworker", 302), ("manager", 302), ("shelter_staff", 403), ("coordinator", 403), ("outsider", 404)],
)
def test_reintegration_assessment_post_role_matrix(client, cast, case, member, status):
    client.force_login(cast[member])

    response = client.post(
        reverse("cases:case_reintegration", args=[case.pk]), {"form": "assessment", **rss_answers()}
    )

    assert response.status_code == status
    assert Assessment.unscoped.filter(case=case).count() == (1 if status == 302 else 0)


def test_reintegration_assessment_post_password_only_records_nothing(case, caseworker):
    password_only = Client()  # logged in, second factor not passed
    password_only.force_login(caseworker)

    response = password_only.post(
        reverse("cases:case_reintegration", args=[case.pk]), {"form": "assessment", **rss_answers()}
    )

    assert response.status_code in (302, 403)
    assert Assessment.unscoped.count() == 0


# API -------------------------------------------------------------------------------------------------


def test_assessments_api_returns_the_answers_and_computed_scores(api, caseworker, case):
    api.force_authenticate(caseworker)

    created = api.post(
        reverse("api:assessment-list"),
        {"case": case.pk, "answers": rss_answers(), "retrafficked": True},
        format="json",
    )
    listed = api.get(reverse("api:assessment-list"), {"retrafficked": "true"})

    assert created.status_code == 201
    row = listed.json()["results"][0]
    assert (row["answers"], row["economic"], row["social"], row["psychosocial"], row["composite"]) == (
        rss_answers(),
        "0.600",
        "0.800",
        "0.650",
        "0.683",
    )
    assert (row["retrafficked"], row["legacy"]) == (True, False)


def test_assessments_api_filter_retrafficked_leaves_the_others_out(api, caseworker, case):
    AssessmentFactory(organisation=case.organisation, case=case, retrafficked=False)
    again = AssessmentFactory(organisation=case.organisation, case=case, retrafficked=True)
    api.force_authenticate(caseworker)

    response = api.get(reverse("api:assessment-list"), {"retrafficked": "true"})

    assert [row["id"] for row in response.json()["results"]] == [again.pk]


def test_assessments_api_missing_answer_is_400_on_the_indicator(api, caseworker, case):
    answers = rss_answers()
    del answers["justice"]
    api.force_authenticate(caseworker)

    response = api.post(reverse("api:assessment-list"), {"case": case.pk, "answers": answers}, format="json")

    assert (response.status_code, response.json()["field"], response.json()["error"]) == (
        400,
        "answers.justice",
        "Answer this question.",
    )


@pytest.mark.parametrize(
    ("member", "status", "goal_status"),
    [
        ("caseworker", 200, "achieved"),
        ("manager", 200, "achieved"),
        ("shelter_staff", 403, "open"),
        ("coordinator", 403, "open"),
        ("outsider", 404, "open"),
    ],
)
def test_goals_api_achieve_role_matrix(api, cast, goal, member, status, goal_status):
    api.force_authenticate(cast[member])

    response = api.post(reverse("api:goal-achieve", args=[goal.pk]), {"on": "2026-03-01"}, format="json")

    assert response.status_code == status
    assert ReintegrationGoal.unscoped.get(pk=goal.pk).status == goal_status
    if status == 200:
        assert (response.json()["status"], response.json()["status_changed_on"]) == ("achieved", "2026-03-01")


def test_goals_api_password_only_changes_nothing(goal, caseworker):
    password_only = APIClient()  # a session without the second factor
    password_only.force_login(caseworker)

    response = password_only.post(reverse("api:goal-drop", args=[goal.pk]), {}, format="json")

    assert response.status_code in (401, 403)
    assert ReintegrationGoal.unscoped.get(pk=goal.pk).status == "open"


@pytest.mark.parametrize("rows", [1, 3])
def test_goals_api_list_shows_status_and_leaves_other_organisations_out(
    api, manager, ngo, other_ngo, django_assert_num_queries, rows
):
    own = ReintegrationGoalFactory.create_batch(rows, organisation=ngo)
    ReintegrationGoalFactory(organisation=other_ngo)
    api.force_authenticate(manager)

    with django_assert_num_queries(3):
        response = api.get(reverse("api:goal-list"))

    assert sorted(row["id"] for row in response.json()["results"]) == sorted(goal.pk for goal in own)
    assert {row["status"] for row in response.json()["results"]} == {"open"}
    assert "description" not in response.json()["results"][0]


def test_goals_api_drop_twice_is_400_on_status(api, caseworker, goal):
    api.force_authenticate(caseworker)

    api.post(reverse("api:goal-drop", args=[goal.pk]), {}, format="json")
    again = api.post(reverse("api:goal-drop", args=[goal.pk]), {}, format="json")

    assert (again.status_code, again.json()["field"]) == (400, "status")
