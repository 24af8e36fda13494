"""The broadcasts API: compose with texts, read with counts, preview, start and the other actions,
messages without numbers; the SMS policy. Role matrices with the password-only row."""

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from campaigns.models import Broadcast, Message, SmsPolicy
from campaigns.tests.factories import (
    BroadcastFactory,
    BroadcastTextFactory,
    CampaignFactory,
    GatewayFactory,
    MessageFactory,
    OptOutFactory,
    SubscriberFactory,
    SubscriberListFactory,
)

API = "/api/v1/campaigns/broadcasts/"
POLICY = "/api/v1/campaigns/sms-policies/"


@pytest.fixture
def broadcast(ngo):
    sms_list = SubscriberListFactory(organisation=ngo)
    broadcast = BroadcastFactory(organisation=ngo)
    broadcast.lists.add(sms_list)
    BroadcastTextFactory(organisation=ngo, broadcast=broadcast, language="ru", body="Звоните 1414.")
    for n in range(2):
        SubscriberFactory(organisation=ngo, subscriber_list=sms_list, number=f"+99290000000{n}")
    return broadcast


@pytest.fixture
def other_manager(other_ngo):
    return user_with_role(Role.MANAGER, other_ngo, username="other_manager")


def _client(api, request, role, manager):
    if role == "password_only":
        client = APIClient()
        client.force_authenticate(manager)  # authenticated, second factor not passed
        return client
    if role != "anonymous":
        api.force_authenticate(request.getfixturevalue(role))
    return api


def _messages(broadcast):
    # unscoped: every message of the one broadcast, whoever's.
    return Message.unscoped.filter(broadcast=broadcast)


def test_broadcast_api_creates_a_draft_with_its_texts(api, ngo, manager):
    campaign, gateway = CampaignFactory(organisation=ngo), GatewayFactory(organisation=ngo)
    sms_list = SubscriberListFactory(organisation=ngo)
    api.force_authenticate(manager)

    response = api.post(
        API,
        {
            "campaign": campaign.pk,
            "name": "Spring",
            "gateway": gateway.pk,
            "lists": [sms_list.pk],
            "texts": [
                {"language": "tg", "body": "Ba 1414 zang zaned."},
                {"language": "ru", "body": "Звоните."},
            ],
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["texts"][0]["language"], body["counts"]["queued"]) == ("draft", "tg", 0)
    assert Broadcast.objects.visible_to(manager).get().organisation == ngo


def test_broadcast_api_refuses_another_organisations_list_as_an_unknown_id(api, ngo, other_ngo, manager):
    api.force_authenticate(manager)

    response = api.post(
        API,
        {
            "campaign": CampaignFactory(organisation=ngo).pk,
            "name": "Spring",
            "gateway": GatewayFactory(organisation=ngo).pk,
            "lists": [SubscriberListFactory(organisation=other_ngo).pk],
            "texts": [{"language": "ru", "body": "Звоните."}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "lists"


def test_broadcast_api_preview_then_start_queues_the_messages(api, ngo, broadcast, manager):
    OptOutFactory(organisation=ngo, number="+992900000001")
    api.force_authenticate(manager)

    preview = api.get(f"{API}{broadcast.pk}/preview/").json()
    started = api.post(f"{API}{broadcast.pk}/start/", {"preview": preview["fingerprint"]}, format="json")

    assert (preview["recipients"], preview["opted_out"], preview["cost"]["unknown"]) == (1, 1, 1)
    assert started.status_code == 200
    assert (started.json()["status"], started.json()["counts"]["queued"]) == ("sending", 1)


def test_broadcast_api_start_refusal_names_the_field(api, ngo, broadcast, manager):
    broadcast.lists.add(SubscriberListFactory(organisation=ngo, consent_source=""))
    api.force_authenticate(manager)

    response = api.post(f"{API}{broadcast.pk}/start/", {}, format="json")

    assert response.status_code == 400
    assert response.json()["field"] == "lists"
    assert "no consent source" in response.json()["error"]
    assert not _messages(broadcast).exists()


def test_broadcast_api_messages_show_the_status_and_never_a_number(api, ngo, broadcast, manager):
    MessageFactory(organisation=ngo, broadcast=broadcast, text=broadcast.texts.get(), status="delivered")
    api.force_authenticate(manager)

    response = api.get(f"{API}{broadcast.pk}/messages/")

    rows = response.json()["results"]
    assert [row["status"] for row in rows] == ["delivered"]
    assert set(rows[0]) == {
        "id",
        "text",
        "segments",
        "status",
        "not_before",
        "sent_at",
        "delivered_at",
        "attempts",
    }
    assert "+992" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "statuses"),
    [
        # list, retrieve, preview, messages, pause (not sending yet: refused on status), cancel
        ("manager", (200, 200, 200, 200, 400, 200)),
        ("caseworker", (403, 404, 404, 404, 404, 404)),
        ("hotline_operator", (403, 404, 404, 404, 404, 404)),
        ("outsider", (403, 404, 404, 404, 404, 404)),
        ("password_only", (403, 403, 403, 403, 403, 403)),
        ("anonymous", (401, 401, 401, 401, 401, 401)),
    ],
)
def test_broadcast_api_role_matrix(api, request, broadcast, manager, role, statuses):
    client = _client(api, request, role, manager)

    responses = [
        client.get(API),
        client.get(f"{API}{broadcast.pk}/"),
        client.get(f"{API}{broadcast.pk}/preview/"),
        client.get(f"{API}{broadcast.pk}/messages/"),
        client.post(f"{API}{broadcast.pk}/pause/"),
        client.post(f"{API}{broadcast.pk}/cancel/"),
    ]

    assert tuple(response.status_code for response in responses) == statuses
    if role not in ("manager",):
        assert Broadcast.unscoped.get(pk=broadcast.pk).status == "draft"


def test_broadcast_api_list_shows_only_the_organisations_broadcasts(api, ngo, other_ngo, broadcast, manager):
    BroadcastFactory(organisation=other_ngo)
    api.force_authenticate(manager)

    assert [row["id"] for row in api.get(API).json()["results"]] == [broadcast.pk]


@pytest.mark.parametrize(
    ("role", "statuses"),
    [
        ("manager", (200, 200)),
        ("caseworker", (403, 403)),
        ("outsider", (403, 403)),
        # Another NGO's manager reads their own policy only; ngo is an unknown id to them.
        ("other_manager", (200, 400)),
        ("password_only", (403, 403)),
        ("anonymous", (401, 401)),
    ],
)
def test_sms_policy_api_role_matrix(api, request, ngo, other_ngo, manager, role, statuses):
    client = _client(api, request, role, manager)

    read = client.get(POLICY)
    changed = client.post(POLICY, {"organisation": ngo.pk, "max_segments": 3}, format="json")

    assert (read.status_code, changed.status_code) == statuses
    if role == "manager":
        assert read.json() == [
            {"organisation": ngo.pk, "max_segments": 2, "quiet_from": "21:00", "quiet_until": "09:00"}
        ]
        assert changed.json()["max_segments"] == 3
    elif statuses[0] == 200:
        assert [row["organisation"] for row in read.json()] == [other_ngo.pk]
    if statuses[1] == 400:
        assert changed.json()["field"] == "organisation"
    # unscoped: whether any organisation's policy was written.
    assert SmsPolicy.unscoped.exists() is (role == "manager")


def test_sms_policy_api_refuses_a_limit_out_of_range_on_the_field(api, ngo, manager):
    api.force_authenticate(manager)

    response = api.post(POLICY, {"organisation": ngo.pk, "max_segments": 50}, format="json")

    assert (response.status_code, response.json()["field"]) == (400, "max_segments")
