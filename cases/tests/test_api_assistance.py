import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from cases.models import Assessment, AssistanceService
from cases.tests.factories import AssessmentFactory, AssistanceServiceFactory, FollowUpFactory, rss_answers


@pytest.mark.parametrize("rows", [1, 3])
def test_services_api_list_excludes_other_organisations(
    api, caseworker, ngo, other_ngo, django_assert_num_queries, rows
):
    own = AssistanceServiceFactory.create_batch(rows, organisation=ngo)
    AssistanceServiceFactory(organisation=other_ngo)
    api.force_authenticate(caseworker)

    with django_assert_num_queries(3):
        response = api.get(reverse("api:service-list"))

    assert sorted(row["id"] for row in response.json()["results"]) == sorted(service.pk for service in own)
    assert "notes" not in response.json()["results"][0]


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("caseworker", 201),
        ("shelter_staff", 201),
        ("hotline_operator", 403),
        ("coordinator", 403),
        ("outsider", 404),
    ],
)
def test_services_api_record_role_matrix(api, cast, case, member, status):
    api.force_authenticate(cast[member])

    response = api.post(
        reverse("api:service-list"),
        {
            "case": case.pk,
            "type": "accommodation",
            "started_on": "2026-01-20",
            "quantity": "14",
            "unit": "nights",
        },
        format="json",
    )

    assert response.status_code == status
    assert AssistanceService.unscoped.filter(case=case).count() == (1 if status == 201 else 0)
    if status == 201:
        assert (response.json()["type"], response.json()["provider"], response.json()["quantity"]) == (
            "accommodation",
            case.organisation_id,
            "14.00",
        )
        assert AuditEntry.unscoped.filter(action="service.recorded").count() == 1


def test_services_api_cost_without_currency_is_400_on_currency(api, caseworker, case):
    api.force_authenticate(caseworker)

    response = api.post(
        reverse("api:service-list"), {"case": case.pk, "type": "medical", "cost": "120.00"}, format="json"
    )

    assert (response.status_code, response.json()["error"], response.json()["field"]) == (
        400,
        "Give the currency of the cost.",
        "currency",
    )


@pytest.mark.parametrize(
    ("member", "status"),
    [("caseworker", 200), ("manager", 200), ("shelter_staff", 403), ("coordinator", 403), ("outsider", 404)],
)
def test_services_api_correct_role_matrix(api, cast, case, member, status):
    service = AssistanceServiceFactory(
        organisation=case.organisation, case=case, started_on=datetime.date(2026, 1, 20)
    )
    api.force_authenticate(cast[member])

    response = api.patch(
        reverse("api:service-detail", args=[service.pk]), {"ended_on": "2026-02-03"}, format="json"
    )

    assert response.status_code == status
    service.refresh_from_db()
    assert service.ended_on == (datetime.date(2026, 2, 3) if status == 200 else None)


def test_services_api_end_before_start_is_400(api, caseworker, case):
    service = AssistanceServiceFactory(
        organisation=case.organisation, case=case, started_on=datetime.date(2026, 1, 20)
    )
    api.force_authenticate(caseworker)

    response = api.patch(
        reverse("api:service-detail", args=[service.pk]), {"ended_on": "2026-01-01"}, format="json"
    )

    assert (response.status_code, response.json()["field"]) == (400, "ended_on")


@pytest.mark.parametrize("rows", [1, 3])
def test_assessments_api_list_excludes_other_organisations(
    api, manager, ngo, other_ngo, django_assert_num_queries, rows
):
    own = AssessmentFactory.create_batch(rows, organisation=ngo)
    AssessmentFactory(organisation=other_ngo)
    api.force_authenticate(manager)

    with django_assert_num_queries(3):
        response = api.get(reverse("api:assessment-list"))

    assert sorted(row["id"] for row in response.json()["results"]) == sorted(
        assessment.pk for assessment in own
    )
    assert response.json()["results"][0]["composite"] == "0.683"


@pytest.mark.parametrize(
    ("member", "status"),
    [("caseworker", 201), ("manager", 201), ("shelter_staff", 403), ("coordinator", 403), ("outsider", 404)],
)
def test_assessments_api_record_role_matrix(api, cast, case, member, status):
    api.force_authenticate(cast[member])

    response = api.post(
        reverse("api:assessment-list"),
        {"case": case.pk, "answers": rss_answers()},
        format="json",
    )

    assert response.status_code == status
    assert Assessment.unscoped.filter(case=case).count() == (1 if status == 201 else 0)
    if status == 201:
        assert (response.json()["composite"], response.json()["assessed_by"]) == ("0.683", cast[member].pk)


def test_assessments_api_during_a_follow_up_marks_it_done(api, caseworker, case):
    followup = FollowUpFactory(organisation=case.organisation, case=case, due_on=datetime.date(2026, 3, 1))
    api.force_authenticate(caseworker)

    response = api.post(
        reverse("api:assessment-list"),
        {"case": case.pk, "followup": followup.pk, "answers": rss_answers()},
        format="json",
    )

    assert (response.status_code, response.json()["followup"]) == (201, followup.pk)
    followup.refresh_from_db()
    assert followup.done_on is not None
    assert Assessment.unscoped.get().economic == Decimal("0.6")


def test_assessments_api_answer_outside_its_scale_is_400_on_the_indicator(api, caseworker, case):
    api.force_authenticate(caseworker)

    response = api.post(
        reverse("api:assessment-list"), {"case": case.pk, "answers": rss_answers(debt=7)}, format="json"
    )

    assert (response.status_code, response.json()["error"], response.json()["field"]) == (
        400,
        "Choose one of the answers of this question's scale.",
        "answers.debt",
    )
