import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from cases.models import FollowUp
from cases.tests.factories import FollowUpFactory


def days(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.mark.parametrize("rows", [1, 3])
def test_followups_api_list_excludes_other_organisations(
    api, caseworker, ngo, other_ngo, django_assert_num_queries, rows
):
    own = FollowUpFactory.create_batch(rows, organisation=ngo)
    FollowUpFactory(organisation=other_ngo)
    api.force_authenticate(caseworker)

    with django_assert_num_queries(3):
        response = api.get(reverse("api:followup-list"))

    assert sorted(row["id"] for row in response.json()["results"]) == sorted(followup.pk for followup in own)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["overdue", "today", "later", "done", "cancelled"]),
        ({"due": "true"}, ["overdue", "today"]),
        ({"overdue": "true"}, ["overdue"]),
        ({"overdue": "false"}, ["today", "later", "done", "cancelled"]),
        ({"pending": "true"}, ["overdue", "today", "later"]),
    ],
)
def test_followups_api_filters_due_and_overdue(api, caseworker, case, query, expected):
    followups = {
        "overdue": FollowUpFactory(organisation=case.organisation, case=case, due_on=days(-5)),
        "today": FollowUpFactory(organisation=case.organisation, case=case, due_on=days(0)),
        "later": FollowUpFactory(organisation=case.organisation, case=case, due_on=days(20)),
        "done": FollowUpFactory(
            organisation=case.organisation, case=case, due_on=days(-30), done_on=days(-29)
        ),
        "cancelled": FollowUpFactory(
            organisation=case.organisation, case=case, due_on=days(-40), cancelled=True
        ),
    }
    names = {followup.pk: name for name, followup in followups.items()}
    api.force_authenticate(caseworker)

    response = api.get(reverse("api:followup-list"), query)

    assert sorted(names[row["id"]] for row in response.json()["results"]) == sorted(expected)


def test_followups_api_shows_overdue_without_the_outcome_text(api, caseworker, case):
    followup = FollowUpFactory(
        organisation=case.organisation, case=case, due_on=days(-1), outcome="Synthetic"
    )
    api.force_authenticate(caseworker)

    response = api.get(reverse("api:followup-detail", args=[followup.pk]))

    assert (response.json()["is_overdue"], response.json()["has_outcome"]) == (True, True)
    assert "outcome" not in response.json()


@pytest.mark.parametrize(
    ("member", "status"),
    [("caseworker", 200), ("manager", 200), ("shelter_staff", 403), ("coordinator", 403), ("outsider", 404)],
)
def test_followups_api_record_outcome_role_matrix(api, cast, case, member, status):
    followup = FollowUpFactory(organisation=case.organisation, case=case, due_on=days(-2))
    api.force_authenticate(cast[member])

    response = api.patch(
        reverse("api:followup-detail", args=[followup.pk]),
        {"done_on": days(-1).isoformat(), "outcome": "Working at a sewing workshop"},
        format="json",
    )

    assert response.status_code == status
    followup.refresh_from_db()
    assert (followup.done_on, followup.outcome) == (
        (days(-1), "Working at a sewing workshop") if status == 200 else (None, "")
    )
    if status == 200:
        assert (response.json()["done_on"], response.json()["is_overdue"]) == (days(-1).isoformat(), False)
        assert list(
            AuditEntry.unscoped.filter(action="followup.updated").values_list("details", flat=True)
        ) == [{"fields": ["done_on", "outcome"]}]


def test_followups_api_done_in_the_future_is_400(api, caseworker, case):
    followup = FollowUpFactory(organisation=case.organisation, case=case, due_on=days(-2))
    api.force_authenticate(caseworker)

    response = api.patch(
        reverse("api:followup-detail", args=[followup.pk]), {"done_on": days(3).isoformat()}, format="json"
    )

    assert (response.status_code, response.json()["field"]) == (400, "done_on")
    assert FollowUp.unscoped.get(pk=followup.pk).done_on is None


def test_followups_api_cannot_be_created_or_deleted(api, caseworker, case):
    followup = FollowUpFactory(organisation=case.organisation, case=case)
    api.force_authenticate(caseworker)

    created = api.post(reverse("api:followup-list"), {"case": case.pk, "due_on": "2026-05-01"}, format="json")
    deleted = api.delete(reverse("api:followup-detail", args=[followup.pk]))

    assert (created.status_code, deleted.status_code) == (405, 405)
