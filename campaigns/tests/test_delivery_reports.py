"""Delivery reports: the signed HTTP webhook and SMPP delivery receipts update each message's status; a
forged report (wrong signature, unknown webhook or message id) answers 403 or 404 and changes nothing."""

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Message, OptOut
from campaigns.numbers import number_hash
from campaigns.services.sending import broadcast_send
from campaigns.testing.fake_smpp_server import FakeSmppServer
from campaigns.tests.factories import GatewayFactory, MessageFactory
from campaigns.tests.sending_support import (
    numbers,
    quick_retries,  # noqa: F401 (a fixture)
    sending_broadcast,
    smpp_gateway,
    statuses,
)
from campaigns.webhooks import SIGNATURE_HEADER, signature_of

pytestmark = pytest.mark.django_db


def _post(gateway, payload, *, secret=None, webhook_id=None):
    body = json.dumps(payload).encode()
    signature = signature_of(body, secret if secret is not None else gateway.webhook_secret)
    return Client().post(
        reverse("campaigns:delivery_webhook", args=[webhook_id or gateway.webhook_id]),
        body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature},
    )


def _sent(ngo, gateway_message_id="gw-1"):
    gateway = GatewayFactory(organisation=ngo, backend="http")
    message = MessageFactory(
        organisation=ngo, broadcast__gateway=gateway, status="sent", gateway_message_id=gateway_message_id
    )
    return gateway, message


def _state(message):
    # unscoped: a test reads its message back.
    message = Message.unscoped.get(pk=message.pk)
    return message.status, message.error, message.delivered_at is not None


def test_delivery_webhook_marks_a_message_delivered(ngo):
    gateway, message = _sent(ngo)

    response = _post(gateway, {"id": "gw-1", "status": "delivered"})

    assert (response.status_code, response.json()) == (200, {"changed": 1})
    assert _state(message) == ("delivered", "", True)


def test_delivery_webhook_marks_a_message_failed_with_the_gateways_error(ngo):
    gateway, message = _sent(ngo)

    _post(gateway, {"id": "gw-1", "status": "failed", "error": "EXPIRED"})

    assert _state(message) == ("failed", "EXPIRED", False)


def test_delivery_webhook_is_idempotent(ngo):
    gateway, message = _sent(ngo)
    _post(gateway, {"id": "gw-1", "status": "delivered"})

    again = _post(gateway, {"id": "gw-1", "status": "delivered"})
    late_failure = _post(gateway, {"id": "gw-1", "status": "failed"})

    assert (again.status_code, again.json(), late_failure.json()) == (200, {"changed": 0}, {"changed": 0})
    assert _state(message) == ("delivered", "", True)


def test_delivery_webhook_refuses_a_wrong_signature_and_changes_nothing(ngo):
    gateway, message = _sent(ngo)

    response = _post(gateway, {"id": "gw-1", "status": "delivered"}, secret="forged")

    assert response.status_code == 403
    assert _state(message) == ("sent", "", False)


def test_delivery_webhook_refuses_a_missing_signature(ngo):
    gateway, message = _sent(ngo)

    response = Client().post(
        reverse("campaigns:delivery_webhook", args=[gateway.webhook_id]),
        json.dumps({"id": "gw-1", "status": "delivered"}),
        content_type="application/json",
    )

    assert response.status_code == 403
    assert _state(message) == ("sent", "", False)


def test_delivery_webhook_answers_404_for_an_unknown_webhook(ngo):
    gateway, message = _sent(ngo)

    response = _post(gateway, {"id": "gw-1", "status": "delivered"}, webhook_id=uuid.uuid4())

    assert response.status_code == 404
    assert _state(message) == ("sent", "", False)


def test_delivery_webhook_answers_404_for_an_unknown_message_id(ngo):
    gateway, message = _sent(ngo)

    response = _post(gateway, {"id": "gw-999", "status": "delivered"})

    assert response.status_code == 404
    assert _state(message) == ("sent", "", False)


def test_delivery_webhook_does_not_reach_another_gateways_message(ngo, other_ngo):
    _gateway, message = _sent(ngo)
    other_gateway = GatewayFactory(organisation=other_ngo, backend="http")

    response = _post(other_gateway, {"id": "gw-1", "status": "delivered"})

    assert response.status_code == 404
    assert _state(message) == ("sent", "", False)


@pytest.mark.parametrize(
    "payload",
    [{"status": "delivered"}, {"id": "gw-1", "status": "read"}, ["gw-1"]],
    ids=["no id", "bad", "list"],
)
def test_delivery_webhook_refuses_a_report_it_cannot_read(ngo, payload):
    gateway, message = _sent(ngo)

    response = _post(gateway, payload)

    assert response.status_code == 400
    assert _state(message) == ("sent", "", False)


@pytest.mark.usefixtures("quick_retries")
def test_smpp_delivery_receipts_mark_messages_delivered_or_failed(ngo):
    with FakeSmppServer(undeliverable_numbers={numbers(3)[1]}) as smsc:
        broadcast = sending_broadcast(ngo, smpp_gateway(ngo, smsc), 3)

        broadcast_send(broadcast_id=broadcast.pk)

    assert statuses(broadcast) == {"delivered": 2, "failed": 1}
    # unscoped: the test reads its broadcast's failed message.
    assert Message.unscoped.get(broadcast=broadcast, status="failed").error == "UNDELIV 001"


@pytest.mark.usefixtures("quick_retries")
def test_smpp_reply_with_a_stop_word_opts_the_number_out(ngo, settings):
    settings.AMANAT_SMS_BATCH_SIZE = 1
    with FakeSmppServer() as smsc:
        broadcast = sending_broadcast(ngo, smpp_gateway(ngo, smsc), 2)
        smsc.receipts = False
        original = smsc.submitted

        def reply_after_the_first(session, pdu):
            answer = original(session, pdu)
            if len(smsc.received) == 1:
                smsc.send_inbound(numbers(2)[0], "СТОП")
            return answer

        smsc.submitted = reply_after_the_first
        broadcast_send(broadcast_id=broadcast.pk)

    # unscoped: the test reads its organisation's opt-outs.
    assert list(OptOut.unscoped.filter(organisation=ngo).values_list("number_hash", flat=True)) == [
        number_hash(numbers(2)[0])
    ]
