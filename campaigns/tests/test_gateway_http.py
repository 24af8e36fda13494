"""The HTTP back-end against the local HTTP gateway (real sockets): what each answer of the gateway
becomes; and the console and file back-ends."""

import json
import logging

import pytest

from campaigns.gateways import backend_for
from campaigns.gateways.base import GatewayUnavailable, Outgoing, Status
from campaigns.testing.fake_http_gateway import FakeHttpGateway
from campaigns.tests.factories import GatewayFactory

pytestmark = pytest.mark.django_db

NUMBERS = ["+992900000001", "+992900000002", "+992900000003"]


@pytest.fixture(autouse=True)
def two_connections(settings):
    settings.AMANAT_SMS_HTTP_CONNECTIONS = 2


def _batch(numbers=NUMBERS, text="Check a job offer before you go."):
    return [
        Outgoing(reference=str(index), to=number, body=text, sender="AMANAT")
        for index, number in enumerate(numbers)
    ]


def _send(fake, batch, **fields):
    gateway = GatewayFactory(backend="http", url=fake.url, password=fake.token, **fields)
    with backend_for(gateway) as backend:
        return backend.send(batch)


def test_http_gateway_accepts_each_message_with_its_id():
    with FakeHttpGateway() as fake:
        outcomes = _send(fake, _batch())

    assert [outcome.status for outcome in outcomes] == [Status.ACCEPTED] * 3
    assert sorted(outcome.gateway_message_id for outcome in outcomes) == ["gw-1", "gw-2", "gw-3"]
    assert sorted(message.number for message in fake.received) == NUMBERS
    assert {message.reference for message in fake.received} == {"0", "1", "2"}


def test_http_gateway_posts_the_protocols_json_with_the_bearer_token():
    with FakeHttpGateway(token="s3cret") as fake:
        outcomes = _send(fake, _batch(NUMBERS[:1], text="Привет"))

    assert outcomes[0].status is Status.ACCEPTED
    assert (fake.received[0].number, fake.received[0].text) == (NUMBERS[0], "Привет")


def test_http_gateway_rejects_an_invalid_number_for_good():
    with FakeHttpGateway(reject_numbers={NUMBERS[1]}) as fake:
        outcomes = _send(fake, _batch())

    assert [outcome.status for outcome in outcomes] == [Status.ACCEPTED, Status.REJECTED, Status.ACCEPTED]
    assert outcomes[1].error == "HTTP 400: invalid_number"


def test_http_gateway_throttled_messages_are_to_be_retried():
    with FakeHttpGateway(throttle_above=1) as fake:
        outcomes = _send(fake, _batch())

    assert sorted(outcome.status.value for outcome in outcomes) == ["accepted", "retry", "retry"]
    assert {outcome.error for outcome in outcomes if outcome.status is Status.RETRY} == {
        "HTTP 429: throttled"
    }


def test_http_gateway_503_is_to_be_retried():
    with FakeHttpGateway(fail_first=3) as fake:
        outcomes = _send(fake, _batch())

    assert [outcome.status for outcome in outcomes] == [Status.RETRY] * 3
    assert outcomes[0].error == "HTTP 503: unavailable"


def test_http_gateway_wrong_credentials_are_to_be_retried_not_failed():
    with FakeHttpGateway(token="right") as fake:
        gateway = GatewayFactory(backend="http", url=fake.url, password="wrong")
        with backend_for(gateway) as backend:
            outcomes = backend.send(_batch())

    assert {(outcome.status, outcome.error) for outcome in outcomes} == {
        (Status.RETRY, "HTTP 401: unauthorised")
    }


def test_http_gateway_no_answer_in_time_is_unknown():
    with FakeHttpGateway(hang_after=0, hang_seconds=2) as fake:
        outcomes = _send(fake, _batch(NUMBERS[:2]), timeout_seconds=1)

    assert {(outcome.status, outcome.error) for outcome in outcomes} == {
        (Status.UNKNOWN, "no answer in time")
    }
    assert len(fake.received) == 2


def test_http_gateway_connection_dropped_after_the_request_is_unknown():
    with FakeHttpGateway(drop_after=0) as fake:
        outcomes = _send(fake, _batch(NUMBERS[:1]))

    assert (outcomes[0].status, outcomes[0].error) == (Status.UNKNOWN, "connection lost")


def test_http_gateway_refused_connection_is_unavailable():
    with FakeHttpGateway() as fake:
        url = fake.url
    gateway = GatewayFactory(backend="http", url=url, password="t0ken")

    with pytest.raises(GatewayUnavailable):
        backend_for(gateway).open()


def test_http_gateway_reconnects_when_the_gateway_closed_a_kept_alive_connection():
    with FakeHttpGateway() as fake:
        gateway = GatewayFactory(backend="http", url=fake.url, password=fake.token)
        with backend_for(gateway) as backend:
            first = backend.send(_batch(NUMBERS[:2]))
            for connection in backend.connections:
                if connection.sock is not None:
                    connection.sock.shutdown(2)  # as a gateway closing an idle connection would look
            second = backend.send(_batch(NUMBERS[2:]))

    assert [outcome.status for outcome in first + second] == [Status.ACCEPTED] * 3


def test_console_backend_logs_segments_without_the_number_or_text(caplog):
    gateway = GatewayFactory(backend="console")
    caplog.set_level(logging.INFO, logger="campaigns.sms")

    with backend_for(gateway) as backend:
        outcomes = backend.send(_batch(NUMBERS[:1], text="Проверьте предложение о работе"))

    assert outcomes[0].status is Status.ACCEPTED
    assert caplog.messages == ["SMS to +992••• (1 segments)"]
    assert "900000001" not in caplog.text


def test_file_backend_appends_one_json_line_per_message(settings, tmp_path):
    settings.AMANAT_SMS_FILE_PATH = str(tmp_path / "outbox.jsonl")
    gateway = GatewayFactory(backend="file", sender="AMANAT")

    with backend_for(gateway) as backend:
        outcomes = backend.send(_batch(NUMBERS[:2]))

    lines = [json.loads(line) for line in (tmp_path / "outbox.jsonl").read_text().splitlines()]
    assert [(line["to"], line["from"], line["reference"]) for line in lines] == [
        (NUMBERS[0], "AMANAT", "0"),
        (NUMBERS[1], "AMANAT", "1"),
    ]
    assert [line["id"] for line in lines] == [outcome.gateway_message_id for outcome in outcomes]
