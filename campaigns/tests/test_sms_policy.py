"""The SMS policy: a manager sets the most segments per message and the quiet hours; nobody else can."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from campaigns.models import SmsPolicy
from campaigns.services.sms_policy import quiet_hours_end, sms_policy_of, sms_policy_update
from campaigns.tests.factories import SmsPolicyFactory

UTC = datetime.UTC
DUSHANBE = datetime.timezone(datetime.timedelta(hours=5))


def test_sms_policy_of_an_organisation_without_one_has_the_defaults(ngo):
    policy = sms_policy_of(organisation=ngo)

    assert (policy.pk, policy.max_segments, str(policy.quiet_from), str(policy.quiet_until)) == (
        None,
        2,
        "21:00",
        "09:00",
    )


def test_sms_policy_update_creates_the_policy_and_an_audit_entry(ngo, manager):
    sms_policy_update(
        organisation=ngo,
        by=manager,
        max_segments=3,
        quiet_from=datetime.time(22, 0),
        quiet_until=datetime.time(8, 0),
    )

    policy = SmsPolicy.objects.visible_to(manager).get()
    assert (policy.max_segments, policy.quiet_from, policy.quiet_until) == (
        3,
        datetime.time(22, 0),
        datetime.time(8, 0),
    )
    entry = AuditEntry.objects.visible_to(manager).get(action="campaigns.sms_policy_updated")
    assert entry.details == {"max_segments": 3, "quiet_from": "22:00", "quiet_until": "08:00"}


@pytest.mark.parametrize("segments", [0, 11])
def test_sms_policy_update_refuses_a_limit_out_of_range(ngo, manager, segments):
    with pytest.raises(ValidationError) as refused:
        sms_policy_update(
            organisation=ngo, by=manager, max_segments=segments, quiet_from="21:00", quiet_until="09:00"
        )

    assert list(refused.value.message_dict) == ["max_segments"]


@pytest.mark.parametrize("role", ["caseworker", "hotline_operator", "shelter_staff", "outsider"])
def test_sms_policy_update_refuses_who_does_not_manage_the_organisation(request, ngo, role):
    with pytest.raises(PermissionDenied):
        sms_policy_update(
            organisation=ngo,
            by=request.getfixturevalue(role),
            max_segments=5,
            quiet_from="21:00",
            quiet_until="09:00",
        )


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("20:59", "20:59"),  # before the quiet hours: sent at once
        ("21:00", "09:00+1"),  # the evening part: the next morning
        ("23:30", "09:00+1"),
        ("00:10", "09:00"),  # the morning part: the same morning
        ("08:59", "09:00"),
        ("09:00", "09:00"),  # the quiet hours are over
        ("14:00", "14:00"),
    ],
)
def test_quiet_hours_end_moves_a_moment_in_quiet_hours_to_their_end(ngo, local, expected):
    policy = SmsPolicyFactory(organisation=ngo)
    day = datetime.date(2026, 12, 2)
    moment = datetime.datetime.combine(day, datetime.time.fromisoformat(local), tzinfo=DUSHANBE)
    time, _plus, days = expected.partition("+")
    wanted = datetime.datetime.combine(
        day + datetime.timedelta(days=int(days or 0)), datetime.time.fromisoformat(time), tzinfo=DUSHANBE
    )

    assert quiet_hours_end(policy, moment.astimezone(UTC), DUSHANBE) == wanted


def test_quiet_hours_within_one_day_and_none_at_all(ngo):
    policy = SmsPolicyFactory(
        organisation=ngo, quiet_from=datetime.time(13, 0), quiet_until=datetime.time(15, 0)
    )
    at = datetime.datetime(2026, 12, 2, 14, 0, tzinfo=DUSHANBE)

    assert quiet_hours_end(policy, at, DUSHANBE) == datetime.datetime(2026, 12, 2, 15, 0, tzinfo=DUSHANBE)
    assert quiet_hours_end(policy, at.replace(hour=16), DUSHANBE) == at.replace(hour=16)
    policy.quiet_until = policy.quiet_from
    assert quiet_hours_end(policy, at, DUSHANBE) == at


# The page ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("caseworker", 403),
        ("hotline_operator", 403),
        ("shelter_staff", 403),
        ("outsider", 403),
        ("password_only", 302),
        ("anonymous", 302),
    ],
)
def test_sms_policy_page_role_matrix(client, request, manager, role, status):
    if role == "password_only":
        client = Client()
        Client.force_login(client, manager)
    elif role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    get = client.get(reverse("campaigns:sms_policy_edit"))
    post = client.post(
        reverse("campaigns:sms_policy_edit"),
        {"max_segments": 4, "quiet_from": "22:00", "quiet_until": "08:00"},
    )

    assert (get.status_code, post.status_code) == (status, 302 if status == 200 else status)
    # unscoped: whether any organisation's policy was written.
    assert SmsPolicy.unscoped.exists() is (role == "manager")


def test_sms_policy_page_saves_and_keeps_the_input_on_error(client, ngo, manager):
    client.force_login(manager)

    refused = client.post(
        reverse("campaigns:sms_policy_edit"),
        {"max_segments": 40, "quiet_from": "22:30", "quiet_until": "08:00"},
    )
    saved = client.post(
        reverse("campaigns:sms_policy_edit"),
        {"max_segments": 3, "quiet_from": "22:30", "quiet_until": "08:00"},
    )

    assert refused.status_code == 200
    assert list(refused.context["form"].errors) == ["max_segments"]
    assert b'value="22:30"' in refused.content
    assert saved.status_code == 302
    assert SmsPolicy.objects.visible_to(manager).get().max_segments == 3
