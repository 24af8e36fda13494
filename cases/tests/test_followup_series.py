"""A second follow-up series adds to the pending one unless the caseworker chooses to replace it, and a
cancelled follow-up leaves every picker (the assessment form, the API)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from cases import services
from cases.models import Assessment, FollowUp
from cases.tests.factories import rss_answers

RETURNED = datetime.date(2026, 1, 1)


def _pending(case) -> list[int]:
    return [followup.months_after_return for followup in FollowUp.unscoped.filter(case=case).pending()]


def test_followup_schedule_again_adds_to_the_pending_series(case, caseworker):
    services.followup_schedule(case=case, by=caseworker, return_date=RETURNED, months=[1, 3])

    services.followup_schedule(case=case, by=caseworker, return_date=RETURNED, months=[3, 24])

    assert _pending(case) == [1, 3, 24]  # month 3 falls on a day already scheduled: not twice
    assert AuditEntry.unscoped.filter(action="followups.scheduled").order_by("pk").last().details == {
        "months": [3, 24],
        "added": 1,
        "cancelled": 0,
    }


def test_followup_schedule_replaces_the_pending_series_only_when_asked(case, caseworker):
    services.followup_schedule(case=case, by=caseworker, return_date=RETURNED, months=[1, 3])

    services.followup_schedule(
        case=case, by=caseworker, return_date=RETURNED, months=[24], replace_pending=True
    )

    assert _pending(case) == [24]
    assert FollowUp.unscoped.filter(case=case, cancelled=True).count() == 2


def _reintegration(case):
    return reverse("cases:case_reintegration", args=[case.pk])


def test_schedule_form_says_how_many_pending_followups_replacing_would_cancel(client, case, caseworker):
    services.followup_schedule(case=case, by=caseworker, return_date=RETURNED)
    client.force_login(caseworker)

    form = client.get(_reintegration(case)).context["forms"]["schedule"]

    assert form.fields["replace_pending"].label == "Replace the pending follow-ups"
    assert form.fields["replace_pending"].help_text == (
        "Without this, the new follow-ups are added to the 4 pending ones; with it, those are cancelled."
    )


def test_schedule_form_has_nothing_to_replace_without_pending_followups(client, case, caseworker):
    client.force_login(caseworker)

    form = client.get(_reintegration(case)).context["forms"]["schedule"]

    assert "replace_pending" not in form.fields


@pytest.mark.parametrize(("replace", "pending"), [("", [1, 3, 6, 12, 24]), ("on", [24])])
def test_schedule_form_adds_or_replaces_as_chosen(client, case, caseworker, replace, pending):
    services.followup_schedule(case=case, by=caseworker, return_date=RETURNED)
    client.force_login(caseworker)

    response = client.post(
        _reintegration(case),
        {"form": "schedule", "return_date": "2026-01-01", "months": "24", "replace_pending": replace},
    )

    assert response.status_code == 302
    assert _pending(case) == pending


def test_cancelled_followup_leaves_the_assessment_picker(client, case, caseworker):
    first, second, *_ = services.followup_schedule(case=case, by=caseworker, return_date=RETURNED)
    services.followup_update(followup=first, by=caseworker, cancelled=True)
    client.force_login(caseworker)

    form = client.get(_reintegration(case)).context["forms"]["assessment"]
    response = client.post(
        _reintegration(case),
        {"form": "assessment", "followup": first.pk, **rss_answers()},
    )

    assert first not in form.fields["followup"].queryset and second in form.fields["followup"].queryset
    assert "followup" in response.context["forms"]["assessment"].errors
    assert Assessment.unscoped.count() == 0


def test_assessment_record_refuses_a_cancelled_followup(case, caseworker):
    followup = services.followup_schedule(case=case, by=caseworker, return_date=RETURNED)[0]
    services.followup_update(followup=followup, by=caseworker, cancelled=True)

    with pytest.raises(ValidationError) as error:
        services.assessment_record(case=case, by=caseworker, answers=rss_answers(), followup=followup)

    assert error.value.message_dict == {"followup": ["This follow-up was cancelled."]}


def test_assessments_api_refuses_a_cancelled_followup(api, case, caseworker):
    followup = services.followup_schedule(case=case, by=caseworker, return_date=RETURNED)[0]
    services.followup_update(followup=followup, by=caseworker, cancelled=True)
    api.force_authenticate(caseworker)

    response = api.post(
        reverse("api:assessment-list"),
        {"case": case.pk, "followup": followup.pk, "answers": rss_answers()},
        format="json",
    )

    assert (response.status_code, response.json()["field"]) == (400, "followup")
    assert Assessment.unscoped.count() == 0
