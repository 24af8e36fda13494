"""Each filter of the change-history page narrows the rows (a filter that is removed fails its test),
and a record id of another organisation or of the wrong type matches nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Role
from accounts.tests.factories import MembershipFactory


@pytest.fixture
def two_memberships(ngo, manager):
    first = MembershipFactory(organisation=ngo, role=Role.CASEWORKER)
    second = MembershipFactory(organisation=ngo, role=Role.CASEWORKER)
    # Only the second was changed by the manager (simple-history records who; factories leave it empty).
    Membership.history.model.unscoped.filter(id=second.pk).update(history_user=manager)
    return first, second


def history_ids(client, **query) -> set[int]:
    response = client.get(reverse("audit:history_list"), {"record_type": "accounts.membership", **query})
    assert response.status_code == 200
    return {row.object_id for row in response.context["page"]}


def test_history_list_filters_by_record_id(client, manager, two_memberships):
    first, second = two_memberships
    client.force_login(manager)

    assert history_ids(client, record_id=str(first.pk)) == {first.pk}
    assert history_ids(client, record_id=str(second.pk)) == {second.pk}


def test_history_list_record_id_of_another_type_or_organisation_matches_nothing(
    client, manager, other_ngo, two_memberships
):
    elsewhere = MembershipFactory(organisation=other_ngo)
    client.force_login(manager)

    assert history_ids(client, record_id="not-a-number") == set()
    assert history_ids(client, record_id=str(elsewhere.pk)) == set()
    assert history_ids(client, record_id="999999") == set()


def test_history_list_filters_by_user(client, manager, two_memberships):
    first, second = two_memberships
    client.force_login(manager)

    assert history_ids(client, by=str(manager.pk)) == {second.pk}
    assert first.pk in history_ids(client)


def test_history_list_filters_by_date(client, manager, two_memberships):
    first, second = two_memberships
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    Membership.history.model.unscoped.filter(id=first.pk).update(history_date=ten_days_ago)
    client.force_login(manager)
    week_ago = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()

    assert history_ids(client, date_from=week_ago) >= {second.pk}
    assert first.pk not in history_ids(client, date_from=week_ago)
    assert first.pk in history_ids(client, date_to=week_ago)
    assert second.pk not in history_ids(client, date_to=week_ago)
