import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Assessment, AssistanceService, FollowUp, ReintegrationGoal, choices
from cases.tests.conftest import grant_to_narrow_cast
from cases.tests.factories import AssessmentFactory, CaseFactory, FollowUpFactory, rss_answers


@pytest.fixture
def case(request, ngo, caseworker):
    case = CaseFactory(organisation=ngo, caseworker=caseworker, stage=choices.Stage.REINTEGRATION)
    grant_to_narrow_cast(request, case)
    return case


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("caseworker", 302),
        ("manager", 302),
        ("shelter_staff", 302),
        ("hotline_operator", 403),
        ("outsider", 404),
        ("judge", 403),
    ],
)
def test_service_record_role_matrix(client, cast, case, role, status):
    client.force_login(cast[role])

    response = client.post(
        reverse("cases:case_services", args=[case.pk]),
        {"type": "accommodation", "started_on": "2026-01-20", "quantity": "14", "unit": "nights"},
    )

    assert response.status_code == status


def test_service_record_lists_the_service(client, case, caseworker):
    client.force_login(caseworker)

    client.post(
        reverse("cases:case_services", args=[case.pk]), {"type": "medical", "started_on": "2026-01-20"}
    )
    page = client.get(reverse("cases:case_services", args=[case.pk]))

    assert [service.type for service in page.context["services"]] == ["medical"]
    assert AssistanceService.unscoped.get().provider == case.organisation


def test_service_record_cost_without_currency_is_refused_on_the_field(client, case, caseworker):
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:case_services", args=[case.pk]),
        {"type": "medical", "started_on": "2026-01-20", "cost": "50"},
    )

    assert response.context["form"].errors == {"currency": ["Give the currency of the cost."]}


def test_followups_scheduled_1_3_6_12_months_and_edited(client, case, caseworker):
    client.force_login(caseworker)
    url = reverse("cases:case_reintegration", args=[case.pk])

    client.post(url, {"form": "schedule", "return_date": "2026-01-10", "months": "1, 3, 6, 12"})
    first = FollowUp.unscoped.order_by("due_on").first()
    client.post(
        reverse("cases:followup_update", args=[case.pk, first.pk]),
        {"due_on": "2026-02-10", "done_on": "2026-02-12", "outcome": "Working, healthy"},
    )

    assert list(FollowUp.unscoped.order_by("due_on").values_list("months_after_return", flat=True)) == [
        1,
        3,
        6,
        12,
    ]
    first.refresh_from_db()
    assert (first.done_on, first.outcome) == (datetime.date(2026, 2, 12), "Working, healthy")


def test_reintegration_plan_goal_and_assessment_with_trend(client, ngo, case, caseworker):
    AssessmentFactory(
        organisation=ngo,
        case=case,
        assessed_on=datetime.date(2026, 1, 1),
        economic=Decimal("0.2"),
        social=Decimal("0.8"),
        psychosocial=Decimal("0.65"),
        assessed_by=caseworker,
    )
    client.force_login(caseworker)
    url = reverse("cases:case_reintegration", args=[case.pk])

    client.post(url, {"form": "plan", "type": "Livelihood", "objectives": "Own income"})
    client.post(url, {"form": "goal", "dimension": "economic", "description": "Sewing workshop"})
    client.post(
        url, {"form": "assessment", "assessed_on": timezone.localdate().isoformat(), **rss_answers(housing=1)}
    )
    page = client.get(url)

    assert case.reintegration_plan.objectives == "Own income"
    assert list(ReintegrationGoal.unscoped.values_list("dimension", flat=True)) == ["economic"]
    assert Assessment.unscoped.count() == 2
    # economic 0.2 → 0.6, social 0.8 → 0.65 (housing very poor), psychosocial 0.65 → 0.65
    assert [(row["dimension"], row["trend"]) for row in page.context["trends"]] == [
        ("economic", "up"),
        ("social", "down"),
        ("psychosocial", "flat"),
    ]
    assert [len(line["points"]) for line in page.context["chart"]["lines"]] == [2, 2, 2]
    assert "<svg" in page.text


def test_assessment_answer_outside_its_scale_is_shown_on_the_field(client, case, caseworker):
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:case_reintegration", args=[case.pk]), {"form": "assessment", **rss_answers(distress=9)}
    )

    form = response.context["forms"]["assessment"]
    assert form.errors == {"distress": ["Choose one of the answers of this question's scale."]}
    assert form["housing"].value() == "4"


@pytest.mark.parametrize(("role", "status"), [("caseworker", 200), ("hotline_operator", 403), ("judge", 403)])
def test_followup_due_list_role_matrix(client, cast, role, status):
    client.force_login(cast[role])

    response = client.get(reverse("cases:followup_due_list"))

    assert response.status_code == status


def test_followup_due_list_shows_my_due_and_overdue_followups(
    client, ngo, other_ngo, case, caseworker, outsider
):
    today = timezone.localdate()
    overdue = FollowUpFactory(
        organisation=ngo, case=case, due_on=today - datetime.timedelta(days=3), assigned_to=caseworker
    )
    due = FollowUpFactory(
        organisation=ngo, case=case, due_on=today + datetime.timedelta(days=2), assigned_to=caseworker
    )
    FollowUpFactory(
        organisation=ngo, case=case, due_on=today + datetime.timedelta(days=60), assigned_to=caseworker
    )
    FollowUpFactory(organisation=other_ngo, due_on=today, assigned_to=outsider)
    client.force_login(caseworker)

    response = client.get(reverse("cases:followup_due_list"))

    assert list(response.context["followups"]) == [overdue, due]
