"""Broadcasts ready to send, as ``broadcast_start`` leaves them (status sending, one queued message per
number), for the worker's tests. Synthetic numbers only."""

from __future__ import annotations

import pytest

from campaigns.models import Broadcast, Message
from campaigns.tests.factories import (
    BroadcastFactory,
    BroadcastTextFactory,
    GatewayFactory,
    MessageFactory,
    SubscriberFactory,
)


def numbers(count: int, *, start: int = 0) -> list[str]:
    return [f"+99290{start + index:07d}" for index in range(count)]


def sending_broadcast(organisation, gateway, count: int, *, body: str = "Check a job offer before you go."):
    broadcast = BroadcastFactory(organisation=organisation, gateway=gateway, status=Broadcast.Status.SENDING)
    text = BroadcastTextFactory(organisation=organisation, broadcast=broadcast, body=body)
    for number in numbers(count):
        subscriber = SubscriberFactory(organisation=organisation, number=number)
        MessageFactory(organisation=organisation, broadcast=broadcast, subscriber=subscriber, text=text)
    return broadcast


def http_gateway(organisation, fake, **fields):
    return GatewayFactory(
        organisation=organisation, backend="http", url=fake.url, password=fake.token, **fields
    )


def smpp_gateway(organisation, smsc, **fields):
    return GatewayFactory(
        organisation=organisation,
        backend="smpp",
        host="127.0.0.1",
        port=smsc.port,
        username=smsc.system_id,
        password=smsc.password,
        **fields,
    )


def statuses(broadcast) -> dict[str, int]:
    counts: dict[str, int] = {}
    # unscoped: a test reads every message of its broadcast.
    for status in Message.unscoped.filter(broadcast=broadcast).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


@pytest.fixture
def quick_retries(settings):
    """Retries and waits in hundredths of a second, so the tests run in seconds."""
    settings.AMANAT_SMS_RETRY_SECONDS = 0.01
    settings.AMANAT_SMS_WAIT_SECONDS = 5
    settings.AMANAT_SMS_PAUSE_AFTER_FAILURES = 3
    settings.AMANAT_SMS_BATCH_SIZE = 4
    settings.AMANAT_SMS_HTTP_CONNECTIONS = 2
    settings.AMANAT_SMS_SMPP_WINDOW = 3
    return settings
