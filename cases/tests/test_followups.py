import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import selectors, services
from cases.models import FollowUp
from cases.tests.factories import rss_answers
from notifications.models import Notification


def test_followup_schedule_defaults_to_1_3_6_12_months_after_return(case, caseworker):
    followups = services.followup_schedule(case=case, by=caseworker, return_date=datetime.date(2026, 1, 31))

    assert [(f.months_after_return, f.due_on) for f in followups] == [
        (1, datetime.date(2026, 2, 28)),
        (3, datetime.date(2026, 4, 30)),
        (6, datetime.date(2026, 7, 31)),
        (12, datetime.date(2027, 1, 31)),
    ]
    assert {f.assigned_to for f in followups} == {caseworker}


def test_followup_schedule_again_replaces_pending_when_asked_keeps_done(case, caseworker):
    first = services.followup_schedule(case=case, by=caseworker, return_date=datetime.date(2026, 1, 1))
    services.followup_update(followup=first[0], by=caseworker, done_on=datetime.date(2026, 2, 1))

    services.followup_schedule(
        case=case, by=caseworker, return_date=datetime.date(2026, 1, 1), months=[2, 4], replace_pending=True
    )

    pending = FollowUp.unscoped.filter(case=case).pending()
    assert [f.months_after_return for f in pending] == [2, 4]
    assert FollowUp.unscoped.filter(case=case, done_on__isnull=False).count() == 1


def test_followups_due_lists_the_caseworkers_own_due_and_overdue(case, caseworker, manager):
    services.followup_schedule(case=case, by=caseworker, return_date=datetime.date(2026, 1, 1))
    day = datetime.date(2026, 4, 5)

    due = selectors.followups_due(user=caseworker, day=day)

    assert [f.months_after_return for f in due] == [1, 3]
    assert list(selectors.followups_due(user=manager, day=day)) == []


def test_followup_reminders_send_notifies_once(case, caseworker):
    services.followup_schedule(case=case, by=caseworker, return_date=datetime.date(2026, 1, 1))

    first = services.followup_reminders_send(day=datetime.date(2026, 2, 2))
    second = services.followup_reminders_send(day=datetime.date(2026, 2, 3))

    assert (first, second) == (1, 0)
    assert list(Notification.unscoped.values_list("kind", "recipient")) == [("followup_due", caseworker.pk)]


def test_assessment_record_scores_per_dimension_and_completes_followup(case, caseworker):
    followup = services.followup_schedule(case=case, by=caseworker, return_date=datetime.date(2026, 1, 1))[0]

    assessment = services.assessment_record(
        case=case,
        by=caseworker,
        answers=rss_answers(),
        followup=followup,
        assessed_on=datetime.date(2026, 2, 1),
    )

    followup.refresh_from_db()
    assert (assessment.economic, assessment.social, assessment.psychosocial, assessment.composite) == (
        Decimal("0.6"),
        Decimal("0.8"),
        Decimal("0.65"),
        Decimal("0.683"),
    )
    assert followup.done_on == datetime.date(2026, 2, 1)


@pytest.mark.parametrize(
    ("indicator", "answer"), [("distress", 6), ("distress", 0), ("can_borrow", 2), ("debt", "1.5")]
)
def test_assessment_record_rejects_an_answer_outside_its_scale(case, caseworker, indicator, answer):
    with pytest.raises(ValidationError) as error:
        services.assessment_record(case=case, by=caseworker, answers=rss_answers(**{indicator: answer}))

    assert list(error.value.message_dict) == [indicator]


def test_assessment_record_denied_to_shelter_staff(case, shelter_staff):
    with pytest.raises(PermissionDenied):
        services.assessment_record(case=case, by=shelter_staff, answers=rss_answers())


def test_goal_add_creates_plan_with_goals_per_dimension(case, caseworker):
    services.goal_add(case=case, by=caseworker, dimension="economic", description="Start a bakery")
    services.goal_add(case=case, by=caseworker, dimension="psychosocial", description="Weekly counselling")

    assert sorted(case.reintegration_plan.goals.values_list("dimension", flat=True)) == [
        "economic",
        "psychosocial",
    ]
