"""The survey migration: assessments scored 1–5 or 0–1 before the Reintegration Sustainability Survey become
legacy assessments on its 0–1 scale, goals achieved keep their date as a status; backwards restores both."""

import datetime
from decimal import Decimal

import pytest

from cases.models import Assessment, ReintegrationGoal

DAY = datetime.date(2026, 1, 15)


def rows_scored_before_the_survey(apps, organisation_id, user_id):
    case_model = apps.get_model("cases", "Case")
    assessment_model = apps.get_model("cases", "Assessment")
    plan_model, goal_model = (
        apps.get_model("cases", "ReintegrationPlan"),
        apps.get_model("cases", "ReintegrationGoal"),
    )
    case = case_model.objects.create(
        organisation_id=organisation_id, code="TJ-2026-000901", registered_on=DAY
    )
    common = {"organisation_id": organisation_id, "case_id": case.pk, "assessed_by_id": user_id}
    five_point = assessment_model.objects.create(
        scale="five_point", economic=Decimal(2), social=Decimal(5), assessed_on=DAY, **common
    )
    unit = assessment_model.objects.create(
        scale="unit", economic=Decimal("0.9"), psychosocial=Decimal("0.4"), assessed_on=DAY, **common
    )
    plan = plan_model.objects.create(organisation_id=organisation_id, case_id=case.pk, created_by_id=user_id)
    achieved = goal_model.objects.create(
        organisation_id=organisation_id, case_id=case.pk, plan=plan, dimension="economic", achieved_on=DAY
    )
    still_open = goal_model.objects.create(
        organisation_id=organisation_id, case_id=case.pk, plan=plan, dimension="social"
    )
    return five_point.pk, unit.pk, achieved.pk, still_open.pk


def read_after(rows) -> dict:
    five_point, unit, achieved, still_open = rows
    return {
        "converted": Assessment.unscoped.get(pk=five_point),
        "kept": Assessment.unscoped.get(pk=unit),
        "goals": ReintegrationGoal.unscoped.in_bulk([achieved, still_open]),
    }


def read_back(apps, rows) -> dict:
    five_point, unit, achieved, still_open = rows
    return {
        "assessments": apps.get_model("cases", "Assessment").objects.in_bulk([five_point, unit]),
        "goals": apps.get_model("cases", "ReintegrationGoal").objects.in_bulk([achieved, still_open]),
    }


@pytest.mark.django_db(transaction=True)  # the journey migrates: no test transaction around it
def test_migration_puts_old_scores_on_the_survey_scale_and_goals_in_a_status_and_runs_backwards(
    migration_journey,
):
    # Rows written at cases 0014, read at the latest version and back at 0014:
    # amanat/tests/migration_journey.py.
    journey = migration_journey["survey"]
    five_point, unit, achieved, still_open = journey["rows"]
    converted, kept, goals = (journey["after"][key] for key in ("converted", "kept", "goals"))

    # 2 on 1–5 is (2 − 1) / 4 = 0.25, 5 is 1; the composite is the mean of the dimensions scored.
    assert (converted.economic, converted.social, converted.psychosocial, converted.composite) == (
        Decimal("0.25"),
        Decimal("1"),
        None,
        Decimal("0.625"),
    )
    assert (kept.economic, kept.psychosocial, kept.composite) == (
        Decimal("0.9"),
        Decimal("0.4"),
        Decimal("0.65"),
    )
    assert (converted.legacy, kept.legacy, converted.answers) == (True, True, None)
    assert (goals[achieved].status, goals[achieved].status_changed_on) == ("achieved", DAY)
    assert (goals[still_open].status, goals[still_open].status_changed_on) == ("open", None)

    assessments, restored = journey["back"]["assessments"], journey["back"]["goals"]
    assert [(assessments[pk].scale, assessments[pk].economic) for pk in (five_point, unit)] == [
        ("unit", Decimal("0.25")),
        ("unit", Decimal("0.9")),
    ]
    assert (restored[achieved].achieved_on, restored[still_open].achieved_on) == (DAY, None)
