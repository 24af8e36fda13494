"""The refusals of the assistance services: each names its field and changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from cases import services
from cases.models import Assessment, AssistanceService, FollowUp, ReintegrationGoal
from cases.tests.factories import CaseFactory, rss_answers

RETURNED = datetime.date(2026, 1, 1)


@pytest.fixture
def service(case, caseworker):
    return services.service_record(case=case, by=caseworker, type="medical")


def test_service_update_changes_type_and_records_the_fields(service, caseworker):

    services.service_update(service=service, by=caseworker, type="legal_aid", cost="12.50", currency="usd")

    stored = AssistanceService.unscoped.get()
    assert (stored.type, str(stored.cost), stored.currency) == ("legal_aid", "12.50", "USD")
    assert AuditEntry.unscoped.filter(action="service.updated").get().details == {
        "fields": ["cost", "currency", "type"]
    }


def test_service_update_needs_the_change_permission(service, shelter_staff, outsider):

    for member in (shelter_staff, outsider):
        with pytest.raises(PermissionDenied):
            services.service_update(service=service, by=member, type="legal_aid")

    assert AssistanceService.unscoped.get().type == "medical"


@pytest.mark.parametrize("value", ["ten", "-1", "NaN", "Infinity"])
def test_service_update_refuses_a_quantity_that_is_not_a_plain_number(service, caseworker, value):

    with pytest.raises(ValidationError) as raised:
        services.service_update(service=service, by=caseworker, quantity=value)

    assert list(raised.value.message_dict) == ["quantity"]
    assert AssistanceService.unscoped.get().quantity is None


def test_goal_add_needs_a_description(case, caseworker):

    with pytest.raises(ValidationError) as raised:
        services.goal_add(case=case, by=caseworker, dimension="economic", description=" ")

    assert list(raised.value.message_dict) == ["description"]
    assert ReintegrationGoal.unscoped.count() == 0


@pytest.mark.parametrize("months", [[], [-1], [61]])
def test_followup_schedule_refuses_months_outside_0_to_60(case, caseworker, months):

    with pytest.raises(ValidationError) as raised:
        services.followup_schedule(case=case, by=caseworker, return_date=RETURNED, months=months)

    assert list(raised.value.message_dict) == ["months"]
    assert FollowUp.unscoped.count() == 0


def test_followup_update_cannot_assign_someone_outside_the_case(case, caseworker, outsider, ngo):
    followup = services.followup_schedule(case=case, by=caseworker, return_date=RETURNED)[0]
    hotline = user_with_role(Role.HOTLINE_OPERATOR, ngo, username="hotline-2")

    for person in (outsider, hotline):
        with pytest.raises(ValidationError) as raised:
            services.followup_update(followup=followup, by=caseworker, assigned_to=person)
        assert list(raised.value.message_dict) == ["assigned_to"]

    assert FollowUp.unscoped.get(pk=followup.pk).assigned_to == caseworker


def test_assessment_record_refuses_a_follow_up_of_another_case(case, caseworker, ngo):
    other_case = CaseFactory(organisation=ngo, caseworker=caseworker)
    followup = services.followup_schedule(case=other_case, by=caseworker, return_date=RETURNED)[0]

    with pytest.raises(ValidationError) as raised:
        services.assessment_record(case=case, by=caseworker, answers=rss_answers(), followup=followup)

    assert list(raised.value.message_dict) == ["followup"]
    assert Assessment.unscoped.count() == 0
    assert FollowUp.unscoped.get(pk=followup.pk).done_on is None


def test_assessment_record_needs_every_answer_within_its_scale(case, caseworker):
    with pytest.raises(ValidationError) as none_given:
        services.assessment_record(case=case, by=caseworker, answers={})

    with pytest.raises(ValidationError) as too_high:
        services.assessment_record(case=case, by=caseworker, answers=rss_answers(housing=9))

    assert (len(none_given.value.message_dict), list(too_high.value.message_dict)) == (15, ["housing"])
    assert Assessment.unscoped.count() == 0
