"""The SMS worker against the local HTTP gateway: every message sent at most once, retries with backoff,
a failing gateway pauses the broadcast and resuming sends the rest without duplicates."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import Broadcast, Message
from campaigns.services.sending import broadcast_send
from campaigns.testing.fake_http_gateway import FakeHttpGateway
from campaigns.tests.factories import GatewayFactory, OptOutFactory
from campaigns.tests.sending_support import (
    http_gateway,
    numbers,
    quick_retries,  # noqa: F401 (a fixture)
    sending_broadcast,
    statuses,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_retries")]


def _messages(broadcast):
    # unscoped: a test reads every message of its broadcast.
    return Message.unscoped.filter(broadcast=broadcast).order_by("pk")


def _reload(broadcast):
    # unscoped: a test reads its broadcast again.
    return Broadcast.unscoped.get(pk=broadcast.pk)


def test_broadcast_send_sends_each_message_once_and_finishes(ngo):
    with FakeHttpGateway() as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake), 10)

        result = broadcast_send(broadcast_id=broadcast.pk)

    assert result == "finished"
    assert sorted(fake.numbers()) == numbers(10)
    assert statuses(broadcast) == {"sent": 10}
    assert all(message.gateway_message_id.startswith("gw-") for message in _messages(broadcast))
    assert _reload(broadcast).status == "finished"
    assert _reload(broadcast).finished_at is not None


def test_broadcast_send_marks_rejected_numbers_failed(ngo):
    with FakeHttpGateway(reject_numbers={numbers(3)[2]}) as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake), 3)

        broadcast_send(broadcast_id=broadcast.pk)

    assert statuses(broadcast) == {"sent": 2, "failed": 1}
    assert _messages(broadcast).get(status="failed").error == "HTTP 400: invalid_number"


def test_broadcast_send_retries_throttled_messages_until_sent(ngo, settings):
    settings.AMANAT_SMS_RETRY_SECONDS = 0.3  # the gateway's window is a second: back off past it
    settings.AMANAT_SMS_PAUSE_AFTER_FAILURES = 10
    with FakeHttpGateway(throttle_above=3) as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake), 8)

        result = broadcast_send(broadcast_id=broadcast.pk)

    assert result == "finished"
    assert statuses(broadcast) == {"sent": 8}
    assert fake.duplicates() == {}
    assert 429 in fake.stats()["answers"]


def test_broadcast_send_keeps_to_the_gateways_rate_limit(ngo):
    with FakeHttpGateway(throttle_above=3) as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake, rate_limit=3), 6)

        broadcast_send(broadcast_id=broadcast.pk)

    assert statuses(broadcast) == {"sent": 6}
    assert fake.stats()["answers"] == {200: 6}


def test_broadcast_send_recovers_after_the_gateway_answered_503(ngo):
    with FakeHttpGateway(fail_first=3) as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake), 6)

        result = broadcast_send(broadcast_id=broadcast.pk)

    assert result == "finished"
    assert statuses(broadcast) == {"sent": 6}
    assert fake.duplicates() == {}
    assert max(message.attempts for message in _messages(broadcast)) == 2


def test_broadcast_send_gives_up_after_the_most_attempts(ngo, settings):
    settings.AMANAT_SMS_MAX_ATTEMPTS = 2
    settings.AMANAT_SMS_PAUSE_AFTER_FAILURES = 10
    with FakeHttpGateway(fail_first=1000) as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake), 2)

        broadcast_send(broadcast_id=broadcast.pk)

    assert statuses(broadcast) == {"failed": 2}
    assert _messages(broadcast).first().error == "HTTP 503: unavailable; gave up after 2 attempts"


def test_broadcast_send_counts_a_timed_out_message_unconfirmed_and_never_resends_it(ngo):
    with FakeHttpGateway(hang_after=2, hang_seconds=2) as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake, timeout_seconds=1), 4)

        broadcast_send(broadcast_id=broadcast.pk)
        Broadcast.unscoped.filter(pk=broadcast.pk).update(status="sending")  # unscoped: a test resumes it
        broadcast_send(broadcast_id=broadcast.pk)

        assert statuses(broadcast) == {"sent": 2, "unconfirmed": 2}
        assert fake.duplicates() == {}
        assert len(fake.received) == 4


def test_broadcast_send_counts_a_dropped_connection_unconfirmed(ngo):
    with FakeHttpGateway(drop_after=1) as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake), 3)

        broadcast_send(broadcast_id=broadcast.pk)

        assert statuses(broadcast) == {"sent": 1, "unconfirmed": 2}
        assert fake.duplicates() == {}


def test_broadcast_send_pauses_when_the_gateway_cannot_be_reached(ngo):
    with FakeHttpGateway() as fake:
        url = fake.url
    gateway = GatewayFactory(organisation=ngo, backend="http", url=url, password="t0ken")
    broadcast = sending_broadcast(ngo, gateway, 3)

    result = broadcast_send(broadcast_id=broadcast.pk)

    broadcast = _reload(broadcast)
    assert result == "paused"
    assert (broadcast.status, broadcast.status_detail) == (
        "paused",
        "Paused: the gateway did not answer (3 attempts). Resume the broadcast when it works again: "
        "nothing is sent twice.",
    )
    assert statuses(broadcast) == {"queued": 3}


def test_broadcast_send_pauses_on_503_and_resume_sends_the_rest_once(ngo):
    with FakeHttpGateway() as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake), 10)
        later = timezone.now() + datetime.timedelta(seconds=1)
        # unscoped: the first four are due now, the rest a moment later, when the gateway fails.
        Message.unscoped.filter(pk__in=list(_messages(broadcast).values_list("pk", flat=True)[4:])).update(
            not_before=later
        )
        fake.fail_first = 4 + 1000
        fake.requests = -4  # the first four requests are answered, every later one 503
        result = broadcast_send(broadcast_id=broadcast.pk)
        paused = _reload(broadcast)

        fake.fail_first = 0
        Broadcast.unscoped.filter(pk=broadcast.pk).update(
            status="sending"
        )  # unscoped: resumed as staff would
        resumed = broadcast_send(broadcast_id=broadcast.pk)

    assert result == "paused"
    assert paused.status_detail.startswith("Paused: the gateway refused to take messages now (3 attempts).")
    assert resumed == "finished"
    assert statuses(broadcast) == {"sent": 10}
    assert sorted(fake.numbers()) == numbers(10)
    assert fake.duplicates() == {}


def test_broadcast_send_cancels_a_message_whose_number_opted_out_after_the_start(ngo):
    with FakeHttpGateway() as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake), 3)
        OptOutFactory(organisation=ngo, number=numbers(3)[1])

        broadcast_send(broadcast_id=broadcast.pk)

    assert statuses(broadcast) == {"sent": 2, "cancelled": 1}
    assert numbers(3)[1] not in fake.numbers()


def test_broadcast_send_counts_a_stale_claim_unconfirmed_and_never_resends_it(ngo, settings):
    settings.AMANAT_SMS_CLAIM_SECONDS = 60
    with FakeHttpGateway() as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake), 3)
        stale = _messages(broadcast).first()
        # unscoped: a worker claimed it two minutes ago and was killed before the answer.
        Message.unscoped.filter(pk=stale.pk).update(
            status="sending", attempts=1, claimed_at=timezone.now() - datetime.timedelta(minutes=2)
        )

        broadcast_send(broadcast_id=broadcast.pk)

    assert statuses(broadcast) == {"sent": 2, "unconfirmed": 1}
    assert _messages(broadcast).get(status="unconfirmed").pk == stale.pk
    assert numbers(3)[0] not in fake.numbers()


def test_broadcast_send_waits_for_messages_not_due_and_enqueues_itself_for_then(ngo, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with FakeHttpGateway() as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake), 2)
        due = timezone.now() + datetime.timedelta(hours=8)
        Message.unscoped.filter(broadcast=broadcast).update(not_before=due)  # unscoped: quiet hours

        result = broadcast_send(broadcast_id=broadcast.pk)

    assert result == "waiting"
    assert statuses(broadcast) == {"queued": 2}
    assert fake.received == []


def test_broadcast_send_does_nothing_for_a_paused_broadcast(ngo):
    with FakeHttpGateway() as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake), 2)
        Broadcast.unscoped.filter(pk=broadcast.pk).update(status="paused")  # unscoped: paused by staff

        result = broadcast_send(broadcast_id=broadcast.pk)

    assert result == "stopped"
    assert statuses(broadcast) == {"queued": 2}
