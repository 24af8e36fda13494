"""Starting a broadcast: refused before anything is queued for a text over the limit, a list without
consent source, no text, nobody to send to or a switched-off gateway; otherwise one message per distinct
number that may receive, each due outside the quiet hours of its recipient's time zone, and never twice.
Then pause, resume and cancel; the pages' role matrices."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from campaigns.models import Broadcast, Message
from campaigns.services import broadcasts as services
from campaigns.tests.factories import (
    BroadcastFactory,
    BroadcastTextFactory,
    CampaignFactory,
    GatewayFactory,
    MessageFactory,
    OptOutFactory,
    SmsPolicyFactory,
    SubscriberFactory,
    SubscriberListFactory,
)

UTC = datetime.UTC


@pytest.fixture
def sms_list(ngo):
    return SubscriberListFactory(organisation=ngo, name="Job fair sign-ups")


@pytest.fixture
def broadcast(ngo, sms_list):
    broadcast = BroadcastFactory(organisation=ngo)
    broadcast.lists.add(sms_list)
    BroadcastTextFactory(organisation=ngo, broadcast=broadcast, language="ru", body="Звоните 1414.")
    for n in range(3):
        SubscriberFactory(organisation=ngo, subscriber_list=sms_list, number=f"+99290000000{n}")
    return broadcast


def _messages(broadcast):
    # unscoped: the test reads every message of the one broadcast.
    return Message.unscoped.filter(broadcast=broadcast)


def _status(broadcast):
    return Broadcast.unscoped.get(pk=broadcast.pk).status


# Refusals ---------------------------------------------------------------------------------------------


def test_broadcast_start_refuses_a_text_over_the_segment_limit_before_anything_is_queued(
    ngo, broadcast, manager
):
    SmsPolicyFactory(organisation=ngo, max_segments=1)
    broadcast.texts.update(body="ж" * 10)  # with the link: 74 code units, 2 segments

    with pytest.raises(ValidationError) as refused:
        services.broadcast_start(broadcast=broadcast, by=manager)

    assert list(refused.value.message_dict) == ["texts"]
    assert "takes 2 segments" in refused.value.message_dict["texts"][0]
    assert not _messages(broadcast).exists()
    assert _status(broadcast) == "draft"


def test_broadcast_start_refuses_a_list_without_consent_source(ngo, broadcast, manager):
    unconsented = SubscriberListFactory(organisation=ngo, name="Bought numbers", consent_source="")
    broadcast.lists.add(unconsented)

    with pytest.raises(ValidationError) as refused:
        services.broadcast_start(broadcast=broadcast, by=manager)

    assert list(refused.value.message_dict) == ["lists"]
    assert "“Bought numbers” has no consent source" in refused.value.message_dict["lists"][0]
    assert not _messages(broadcast).exists()


def test_broadcast_start_refuses_a_broadcast_without_texts(broadcast, manager):
    broadcast.texts.all().delete()

    with pytest.raises(ValidationError) as refused:
        services.broadcast_start(broadcast=broadcast, by=manager)

    assert list(refused.value.message_dict) == ["texts"]


def test_broadcast_start_refuses_a_broadcast_nobody_can_receive(ngo, manager):
    broadcast = BroadcastFactory(organisation=ngo)
    broadcast.lists.add(SubscriberListFactory(organisation=ngo))
    BroadcastTextFactory(organisation=ngo, broadcast=broadcast)

    with pytest.raises(ValidationError) as refused:
        services.broadcast_start(broadcast=broadcast, by=manager)

    assert list(refused.value.message_dict) == ["lists"]


def test_broadcast_start_refuses_a_switched_off_gateway(broadcast, manager):
    broadcast.gateway.is_active = False
    broadcast.gateway.save()

    with pytest.raises(ValidationError) as refused:
        services.broadcast_start(broadcast=broadcast, by=manager)

    assert list(refused.value.message_dict) == ["gateway"]
    assert not _messages(broadcast).exists()


def test_broadcast_start_refuses_when_the_lists_changed_since_the_preview(ngo, sms_list, broadcast, manager):
    seen = services.broadcast_preview(broadcast=broadcast).fingerprint
    SubscriberFactory(organisation=ngo, subscriber_list=sms_list, number="+992900000009")

    with pytest.raises(ValidationError) as refused:
        services.broadcast_start(broadcast=broadcast, by=manager, seen=seen)

    assert list(refused.value.message_dict) == ["preview"]
    assert not _messages(broadcast).exists()


@pytest.mark.parametrize("role", ["caseworker", "hotline_operator", "outsider"])
def test_broadcast_services_refuse_who_may_not_send(request, broadcast, role):
    user = request.getfixturevalue(role)

    for service in (services.broadcast_start, services.broadcast_pause, services.broadcast_cancel):
        with pytest.raises(PermissionDenied):
            service(broadcast=broadcast, by=user)
    assert not _messages(broadcast).exists()


# Queueing ---------------------------------------------------------------------------------------------


def test_broadcast_start_queues_one_message_per_number_and_none_for_the_opted_out(
    ngo, sms_list, broadcast, manager
):
    other_list = SubscriberListFactory(organisation=ngo)
    broadcast.lists.add(other_list)
    SubscriberFactory(organisation=ngo, subscriber_list=other_list, number="+992900000000")  # on both lists
    OptOutFactory(organisation=ngo, number="+992900000001")
    seen = services.broadcast_preview(broadcast=broadcast).fingerprint

    started = services.broadcast_start(broadcast=broadcast, by=manager, seen=seen)

    messages = list(_messages(broadcast).order_by("pk"))
    assert len(messages) == 2
    assert {message.subscriber.number for message in messages} == {"+992900000000", "+992900000002"}
    # "Звоните 1414." and the opt-out link: 77 UTF-16 code units, two segments.
    assert {(message.status, message.segments) for message in messages} == {("queued", 2)}
    assert (started.status, started.started_by) == ("sending", manager)
    entry = AuditEntry.objects.visible_to(manager).get(action="campaigns.broadcast_started")
    assert (entry.details["recipients"], entry.details["opted_out"], entry.details["duplicates"]) == (2, 1, 1)


def test_broadcast_start_twice_creates_no_second_message(broadcast, manager):
    services.broadcast_start(broadcast=broadcast, by=manager)

    with pytest.raises(ValidationError) as refused:
        services.broadcast_start(broadcast=broadcast, by=manager)

    assert list(refused.value.message_dict) == ["status"]
    assert _messages(broadcast).count() == 3


def test_broadcast_messages_are_unique_per_number_even_when_queued_again(broadcast, manager):
    services.broadcast_start(broadcast=broadcast, by=manager)
    # A retry of the queueing step (the status check bypassed) skips the numbers already queued.
    Broadcast.unscoped.filter(pk=broadcast.pk).update(status="draft")

    services.broadcast_start(broadcast=broadcast, by=manager)

    assert _messages(broadcast).count() == 3


def test_broadcast_start_enqueues_the_send_on_commit(broadcast, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        services.broadcast_start(broadcast=broadcast, by=manager)

    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        # 16:30 UTC is 21:30 in Dushanbe (UTC+5): quiet until 09:00 there, 04:00 UTC the next day.
        ("Asia/Dushanbe", (1, datetime.time(4, 0))),
        # Almaty is UTC+5 too since 2024; in Bishkek (UTC+6) it is 22:30: quiet until 03:00 UTC.
        ("Asia/Bishkek", (1, datetime.time(3, 0))),
        # 16:30 UTC is 19:30 in Moscow: not quiet, sent as scheduled.
        ("Europe/Moscow", (0, datetime.time(16, 30))),
    ],
)
def test_broadcast_messages_wait_for_the_end_of_quiet_hours_in_the_recipients_zone(
    ngo, manager, zone, expected
):
    # A day to come (none of these zones changes its offset in the year): a fixed date became "now" the day
    # it was reached, and the broadcast then started at the test's own moment.
    day = timezone.now().date() + datetime.timedelta(days=30)
    scheduled = datetime.datetime.combine(day, datetime.time(16, 30), tzinfo=UTC)
    sms_list = SubscriberListFactory(organisation=ngo)
    SubscriberFactory(organisation=ngo, subscriber_list=sms_list, number="+992900000001", time_zone=zone)
    broadcast = BroadcastFactory(organisation=ngo, scheduled_for=scheduled)
    broadcast.lists.add(sms_list)
    BroadcastTextFactory(organisation=ngo, broadcast=broadcast)

    services.broadcast_start(broadcast=broadcast, by=manager)

    days_later, at = expected
    not_before = datetime.datetime.combine(day + datetime.timedelta(days=days_later), at, tzinfo=UTC)
    assert _messages(broadcast).get().not_before == not_before


def test_broadcast_quiet_hours_differ_between_dushanbe_and_almaty_only_by_their_offsets(ngo, manager):
    from zoneinfo import ZoneInfo

    from campaigns.services.sms_policy import quiet_hours_end

    policy = SmsPolicyFactory(organisation=ngo)
    # 03:30 UTC is 08:30 in Dushanbe (UTC+5) and 08:30 in Almaty (UTC+5 since March 2024).
    moment = datetime.datetime(2026, 12, 2, 3, 30, tzinfo=UTC)

    assert quiet_hours_end(policy, moment, ZoneInfo("Asia/Dushanbe")) == datetime.datetime(
        2026, 12, 2, 4, 0, tzinfo=UTC
    )
    # Before March 2024 Almaty was UTC+6: the same instant was 09:30 there, outside quiet hours.
    earlier = datetime.datetime(2023, 12, 2, 3, 30, tzinfo=UTC)
    assert quiet_hours_end(policy, earlier, ZoneInfo("Asia/Almaty")) == earlier
    assert quiet_hours_end(policy, earlier, ZoneInfo("Asia/Dushanbe")) == datetime.datetime(
        2023, 12, 2, 4, 0, tzinfo=UTC
    )


def test_broadcast_recipient_without_zone_takes_the_organisations_countrys(ngo, manager):
    scheduled = timezone.now() + datetime.timedelta(days=2)
    scheduled = scheduled.replace(hour=17, minute=0, second=0, microsecond=0)  # 22:00 in Dushanbe
    sms_list = SubscriberListFactory(organisation=ngo)
    SubscriberFactory(organisation=ngo, subscriber_list=sms_list, number="+992900000001", time_zone="")
    broadcast = BroadcastFactory(organisation=ngo, scheduled_for=scheduled)
    broadcast.lists.add(sms_list)
    BroadcastTextFactory(organisation=ngo, broadcast=broadcast)

    started = services.broadcast_start(broadcast=broadcast, by=manager)

    assert started.status == "scheduled"
    expected = (scheduled + datetime.timedelta(days=1)).replace(hour=4)  # 09:00 the next day in Dushanbe
    assert _messages(broadcast).get().not_before == expected


def test_broadcast_start_of_a_scheduled_broadcast_enqueues_its_start_on_commit(
    ngo, sms_list, broadcast, manager, django_capture_on_commit_callbacks
):
    Broadcast.unscoped.filter(pk=broadcast.pk).update(
        scheduled_for=timezone.now() + datetime.timedelta(hours=3)
    )

    with django_capture_on_commit_callbacks() as callbacks:
        started = services.broadcast_start(broadcast=broadcast, by=manager)

    assert (started.status, len(callbacks)) == ("scheduled", 1)
    assert services.broadcast_due(broadcast_id=broadcast.pk) is False  # not due yet


def test_broadcast_due_turns_a_scheduled_broadcast_to_sending_when_its_time_has_come(broadcast, manager):
    Broadcast.unscoped.filter(pk=broadcast.pk).update(
        status="scheduled", scheduled_for=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert services.broadcast_due(broadcast_id=broadcast.pk) is True
    assert _status(broadcast) == "sending"
    assert services.broadcast_due(broadcast_id=broadcast.pk) is False


# Pause, resume, cancel --------------------------------------------------------------------------------


def test_broadcast_pause_and_resume_keep_the_messages(broadcast, manager):
    services.broadcast_start(broadcast=broadcast, by=manager)

    paused = services.broadcast_pause(
        broadcast=broadcast, by=manager, detail="The gateway answered 503 five times"
    )
    assert (paused.status, paused.status_detail) == ("paused", "The gateway answered 503 five times")
    resumed = services.broadcast_resume(broadcast=broadcast, by=manager)

    assert (resumed.status, resumed.status_detail) == ("sending", "")
    assert _messages(broadcast).filter(status="queued").count() == 3


def test_broadcast_cancel_cancels_the_queued_messages_only(broadcast, manager):
    services.broadcast_start(broadcast=broadcast, by=manager)
    sent = _messages(broadcast).first()
    _messages(broadcast).filter(pk=sent.pk).update(status="sent")

    cancelled = services.broadcast_cancel(broadcast=broadcast, by=manager)

    assert cancelled.status == "cancelled"
    assert sorted(_messages(broadcast).values_list("status", flat=True)) == ["cancelled", "cancelled", "sent"]


def test_broadcast_resume_refuses_a_broadcast_that_is_not_paused(broadcast, manager):
    with pytest.raises(ValidationError) as refused:
        services.broadcast_resume(broadcast=broadcast, by=manager)

    assert list(refused.value.message_dict) == ["status"]


# Composing --------------------------------------------------------------------------------------------


def test_broadcast_create_saves_a_draft_with_its_texts_in_order(ngo, sms_list, manager):
    campaign = CampaignFactory(organisation=ngo)
    gateway = GatewayFactory(organisation=ngo)

    broadcast = services.broadcast_create(
        organisation=ngo,
        by=manager,
        campaign=campaign,
        name=" Spring ",
        gateway=gateway,
        lists=[sms_list],
        texts=[
            {"language": "tg", "body": "Ba 1414 zang zaned."},
            {"language": "ru", "body": "Звоните 1414."},
        ],
    )

    assert (broadcast.name, broadcast.status, list(broadcast.lists.all())) == ("Spring", "draft", [sms_list])
    assert list(broadcast.texts.values_list("language", "position")) == [("tg", 0), ("ru", 1)]
    assert AuditEntry.objects.visible_to(manager).filter(action="campaigns.broadcast_created").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("campaign", "campaign"),
        ("gateway", "gateway"),
        ("lists", "lists"),
        ("no_texts", "texts"),
        ("same_language", "texts"),
    ],
)
def test_broadcast_create_refuses_what_is_not_the_organisations(
    ngo, other_ngo, sms_list, manager, change, field
):
    values = {
        "campaign": CampaignFactory(organisation=ngo),
        "gateway": GatewayFactory(organisation=ngo),
        "lists": [sms_list],
        "texts": [{"language": "ru", "body": "Звоните 1414."}],
    }
    if change == "campaign":
        values["campaign"] = CampaignFactory(organisation=other_ngo)
    elif change == "gateway":
        values["gateway"] = GatewayFactory(organisation=other_ngo)
    elif change == "lists":
        values["lists"] = [SubscriberListFactory(organisation=other_ngo)]
    elif change == "no_texts":
        values["texts"] = [{"language": "ru", "body": "  "}]
    else:
        values["texts"] = [{"language": "ru", "body": "a"}, {"language": "ru", "body": "b"}]

    with pytest.raises(ValidationError) as refused:
        services.broadcast_create(organisation=ngo, by=manager, name="Spring", **values)

    assert list(refused.value.message_dict) == [field]
    assert not Broadcast.objects.visible_to(manager).exists()


def test_broadcast_update_refuses_a_started_broadcast(broadcast, manager):
    services.broadcast_start(broadcast=broadcast, by=manager)

    with pytest.raises(ValidationError) as refused:
        services.broadcast_update(broadcast=broadcast, by=manager, name="Renamed")

    assert list(refused.value.message_dict) == ["status"]


# Pages ------------------------------------------------------------------------------------------------


def _login(client, request, role, manager):
    if role == "password_only":
        client = Client()
        Client.force_login(client, manager)  # the plain login, without the second factor
    elif role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


PAGES = [
    "campaigns:broadcast_list",
    "campaigns:broadcast_create",
    "campaigns:broadcast_detail",
    "campaigns:broadcast_update",
    "campaigns:campaign_broadcast_list",
]


def _url(name, broadcast):
    if name == "campaigns:campaign_broadcast_list":
        return reverse(name, args=[broadcast.campaign_id])
    if name in ("campaigns:broadcast_detail", "campaigns:broadcast_update"):
        return reverse(name, args=[broadcast.pk])
    return reverse(name)


@pytest.mark.parametrize(
    ("role", "statuses"),
    [
        ("manager", (200, 200, 200, 200, 200)),
        # They read campaigns but not broadcasts: the broadcast is out of sight, the campaign's list refused.
        ("caseworker", (403, 403, 404, 404, 403)),
        ("hotline_operator", (403, 403, 404, 404, 403)),
        ("shelter_staff", (403, 403, 404, 404, 404)),
        ("outsider", (403, 403, 404, 404, 404)),
        ("password_only", (302, 302, 302, 302, 302)),
        ("anonymous", (302, 302, 302, 302, 302)),
    ],
)
def test_broadcast_page_role_matrix(client, request, broadcast, manager, role, statuses):
    client = _login(client, request, role, manager)

    responses = [client.get(_url(name, broadcast)) for name in PAGES]

    assert tuple(response.status_code for response in responses) == statuses
    if role == "password_only":
        second_factor = reverse("accounts:two_factor")
        assert all(response["Location"].startswith(f"{second_factor}?next=") for response in responses)


ACTIONS = ["broadcast_start", "broadcast_pause", "broadcast_resume", "broadcast_cancel"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 302),
        ("caseworker", 404),
        ("hotline_operator", 404),
        ("outsider", 404),
        ("password_only", 302),
        ("anonymous", 302),
    ],
)
def test_broadcast_action_role_matrix(client, request, broadcast, manager, role, status):
    client = _login(client, request, role, manager)

    responses = [client.post(reverse(f"campaigns:{name}", args=[broadcast.pk])) for name in ACTIONS]

    assert [response.status_code for response in responses] == [status] * len(ACTIONS)
    if role == "manager":
        assert _status(broadcast) == "cancelled"
    else:
        assert _status(broadcast) == "draft"
        assert not _messages(broadcast).exists()


def test_broadcast_actions_refuse_get(client, broadcast, manager):
    client.force_login(manager)

    assert [
        client.get(reverse(f"campaigns:{name}", args=[broadcast.pk])).status_code for name in ACTIONS
    ] == [405] * len(ACTIONS)


def test_broadcast_start_page_sends_back_to_the_preview_when_the_lists_changed(
    client, ngo, sms_list, broadcast, manager
):
    client.force_login(manager)
    seen = (
        client.get(reverse("campaigns:broadcast_preview", args=[broadcast.pk])).context["preview"].fingerprint
    )
    SubscriberFactory(organisation=ngo, subscriber_list=sms_list, number="+992900000009")

    response = client.post(reverse("campaigns:broadcast_start", args=[broadcast.pk]), {"preview": seen})

    assert response.url == reverse("campaigns:broadcast_preview", args=[broadcast.pk])
    assert not _messages(broadcast).exists()
    followed = client.get(response.url)
    assert b"changed since you saw the preview" in followed.content


def test_broadcast_start_page_starts_with_the_fingerprint_the_user_saw(client, broadcast, manager):
    client.force_login(manager)
    seen = (
        client.get(reverse("campaigns:broadcast_preview", args=[broadcast.pk])).context["preview"].fingerprint
    )

    response = client.post(reverse("campaigns:broadcast_start", args=[broadcast.pk]), {"preview": seen})

    assert response.url == broadcast.get_absolute_url()
    assert _messages(broadcast).count() == 3
    assert _status(broadcast) == "sending"


def test_broadcast_create_page_saves_a_draft_with_the_fallback_text_first(client, ngo, sms_list, manager):
    campaign = CampaignFactory(organisation=ngo)
    gateway = GatewayFactory(organisation=ngo)
    client.force_login(manager)
    data = {
        "campaign": campaign.pk,
        "name": "Spring",
        "lists": [sms_list.pk],
        "gateway": gateway.pk,
        "fallback_language": "tg",
        "text_ru": "Звоните 1414.",
        "text_tg": "Ba 1414 zang zaned.",
    }

    response = client.post(reverse("campaigns:broadcast_create"), data)

    broadcast = Broadcast.objects.visible_to(manager).get()
    assert response.url == reverse("campaigns:broadcast_preview", args=[broadcast.pk])
    assert list(broadcast.texts.values_list("language", flat=True)) == ["tg", "ru"]


def test_broadcast_create_page_keeps_the_input_when_no_text_is_written(client, ngo, sms_list, manager):
    client.force_login(manager)
    data = {
        "campaign": CampaignFactory(organisation=ngo).pk,
        "name": "Spring campaign SMS",
        "lists": [sms_list.pk],
        "gateway": GatewayFactory(organisation=ngo).pk,
        "fallback_language": "ru",
        "text_ru": "   ",
    }

    response = client.post(reverse("campaigns:broadcast_create"), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Write the message in at least one language."]
    assert b'value="Spring campaign SMS"' in response.content
    assert not Broadcast.objects.visible_to(manager).exists()


def test_broadcast_form_offers_only_the_organisations_lists_gateways_and_campaigns(
    client, ngo, other_ngo, sms_list, manager
):
    SubscriberListFactory(organisation=other_ngo)
    GatewayFactory(organisation=other_ngo)
    CampaignFactory(organisation=other_ngo)
    own_gateway = GatewayFactory(organisation=ngo)
    client.force_login(manager)

    fields = client.get(reverse("campaigns:broadcast_create")).context["form"].fields

    assert list(fields["lists"].queryset) == [sms_list]
    assert list(fields["gateway"].queryset) == [own_gateway]
    assert not fields["campaign"].queryset.exclude(organisation=ngo).exists()


def test_broadcast_detail_shows_the_counts_by_status_and_the_pause_detail(client, ngo, broadcast, manager):
    text = broadcast.texts.get()
    subscribers = list(broadcast.lists.get().subscribers.all())
    for subscriber, status in zip(subscribers, ["delivered", "failed", "unconfirmed"], strict=True):
        MessageFactory(organisation=ngo, broadcast=broadcast, subscriber=subscriber, text=text, status=status)
    Broadcast.unscoped.filter(pk=broadcast.pk).update(
        status="paused", status_detail="The gateway answered 503 five times"
    )
    client.force_login(manager)

    response = client.get(broadcast.get_absolute_url())

    counts = {status: count for status, _label, count in response.context["counts"]}
    assert counts == {
        "queued": 0,
        "sending": 0,
        "sent": 0,
        "delivered": 1,
        "failed": 1,
        "unconfirmed": 1,
        "cancelled": 0,
    }
    assert b"Paused</strong>: The gateway answered 503 five times" in response.content
    assert reverse("campaigns:broadcast_resume", args=[broadcast.pk]).encode() in response.content
    assert reverse("campaigns:broadcast_pause", args=[broadcast.pk]).encode() not in response.content


@pytest.mark.parametrize("rows", [1, 3])
def test_broadcast_list_shows_the_organisations_broadcasts_in_the_same_queries(
    client, ngo, other_ngo, manager, django_assert_num_queries, rows
):
    BroadcastFactory(organisation=other_ngo, name="Foreign broadcast")
    broadcasts = [BroadcastFactory(organisation=ngo) for _ in range(rows)]
    for broadcast in broadcasts:
        MessageFactory(organisation=ngo, broadcast=broadcast, status="delivered")
    client.force_login(manager)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("campaigns:broadcast_list"))

    assert [b.pk for b in response.context["broadcasts"]] == [b.pk for b in reversed(broadcasts)]
    assert [b.delivered_count for b in response.context["broadcasts"]] == [1] * rows
    assert b"Foreign broadcast" not in response.content


LIST_QUERIES = 6


def test_campaign_broadcast_list_shows_only_that_campaigns_broadcasts(client, ngo, broadcast, manager):
    BroadcastFactory(organisation=ngo, name="Another campaign's")
    client.force_login(manager)

    response = client.get(reverse("campaigns:campaign_broadcast_list", args=[broadcast.campaign_id]))

    assert [b.pk for b in response.context["broadcasts"]] == [broadcast.pk]


def test_broadcast_start_queues_in_batches_without_losing_a_number(monkeypatch, broadcast, manager):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)  # three recipients: one full batch and the rest

    services.broadcast_start(broadcast=broadcast, by=manager)

    assert _messages(broadcast).count() == 3


@pytest.mark.parametrize(
    ("subscriber_zone", "country", "expected"),
    [
        ("Asia/Almaty", "TJ", "Asia/Almaty"),  # the subscriber's own zone first
        ("", "KG", "Asia/Bishkek"),  # else the organisation's country's
        ("", "GE", "Asia/Tbilisi"),  # a country outside the table: its numbers' one zone
        ("Not/AZone", "", "Asia/Tashkent"),  # else the installation's (settings.TIME_ZONE)
    ],
)
def test_broadcast_recipient_zone_falls_back_from_subscriber_to_country_to_installation(
    ngo, settings, subscriber_zone, country, expected
):
    settings.TIME_ZONE = "Asia/Tashkent"
    ngo.country = country
    subscriber = SubscriberFactory.build(time_zone=subscriber_zone)

    assert services.recipient_zone(subscriber, organisation=ngo).key == expected


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "  "}, "name"),
        ({"texts": [{"language": "xx", "body": "Hello"}]}, "texts"),
        ({"scheduled_for": datetime.datetime(2026, 12, 24, 10, 0)}, "scheduled_for"),  # naive
        ({"lists": []}, "lists"),
    ],
)
def test_broadcast_update_refuses_bad_values_on_the_field(broadcast, manager, values, field):
    with pytest.raises(ValidationError) as refused:
        services.broadcast_update(broadcast=broadcast, by=manager, **values)

    assert list(refused.value.message_dict) == [field]


def test_broadcast_edit_page_replaces_the_texts_of_a_draft(client, ngo, sms_list, broadcast, manager):
    client.force_login(manager)
    data = {
        "campaign": broadcast.campaign_id,
        "name": "Renamed",
        "lists": [sms_list.pk],
        "gateway": broadcast.gateway_id,
        "fallback_language": "ky",
        "text_ky": "1414 номерине чалыңыз.",
    }

    response = client.post(reverse("campaigns:broadcast_update", args=[broadcast.pk]), data)

    assert response.url == reverse("campaigns:broadcast_preview", args=[broadcast.pk])
    assert list(broadcast.texts.values_list("language", flat=True)) == ["ky"]
    assert Broadcast.unscoped.get(pk=broadcast.pk).name == "Renamed"
    assert AuditEntry.objects.visible_to(manager).filter(action="campaigns.broadcast_updated").count() == 1


def test_broadcast_edit_page_of_a_started_broadcast_keeps_the_input_and_says_why(client, broadcast, manager):
    services.broadcast_start(broadcast=broadcast, by=manager)
    client.force_login(manager)
    form = client.get(reverse("campaigns:broadcast_update", args=[broadcast.pk])).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data["name"] = "Too late"

    response = client.post(reverse("campaigns:broadcast_update", args=[broadcast.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Only a draft can be changed; this broadcast has been started."
    ]
    assert b'value="Too late"' in response.content


def test_broadcast_tasks_start_a_due_broadcast_and_send_it(broadcast):
    from campaigns import tasks

    Broadcast.unscoped.filter(pk=broadcast.pk).update(
        status="scheduled", scheduled_for=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert tasks.broadcast_due_task.call(broadcast_id=broadcast.pk) is True
    # Nothing was queued for this broadcast: the worker finds nothing to send and finishes it.
    assert tasks.broadcast_send_task.call(broadcast_id=broadcast.pk) == "finished"


def test_broadcast_detail_shows_the_cost_estimate_of_the_queued_messages(client, ngo, broadcast, manager):
    from campaigns.tests.factories import OperatorPriceFactory

    OperatorPriceFactory(
        organisation=ngo, gateway=broadcast.gateway, prefix="+99290", price_per_segment="0.0300"
    )
    client.force_login(manager)
    draft_cost = client.get(broadcast.get_absolute_url()).context["cost"]
    services.broadcast_start(broadcast=broadcast, by=manager)
    _messages(broadcast).filter(pk=_messages(broadcast).first().pk).update(status="cancelled")

    started_cost = client.get(broadcast.get_absolute_url()).context["cost"]

    # Three recipients (two segments each) as a draft; two once one message is cancelled.
    assert (str(draft_cost.totals["USD"]), draft_cost.priced) == ("0.1800", 3)
    assert (str(started_cost.totals["USD"]), started_cost.priced, started_cost.unknown) == ("0.1200", 2, 0)


def test_broadcast_form_wants_a_text_in_the_fallback_language(client, ngo, sms_list, manager):
    client.force_login(manager)
    data = {
        "campaign": CampaignFactory(organisation=ngo).pk,
        "name": "Spring",
        "lists": [sms_list.pk],
        "gateway": GatewayFactory(organisation=ngo).pk,
        "fallback_language": "tg",
        "text_ru": "Звоните 1414.",
    }

    response = client.post(reverse("campaigns:broadcast_create"), data)

    assert list(response.context["form"].errors) == ["fallback_language"]
    assert not Broadcast.objects.visible_to(manager).exists()
