"""The SMPP back-end against the local SMSC (real sockets, SMPP 3.4 PDUs): bind, submit_sm and what each
status becomes, GSM-7 and UCS-2, long texts as concatenated parts, windowing, receipts and replies."""

import pytest
import smpplib.consts as c

from campaigns.gateways import backend_for
from campaigns.gateways.base import GatewayUnavailable, Outgoing, Status
from campaigns.gateways.smpp import receipt_of
from campaigns.services.sending import broadcast_send
from campaigns.testing.fake_smpp_server import FakeSmppServer
from campaigns.tests.factories import GatewayFactory
from campaigns.tests.sending_support import (
    numbers,
    quick_retries,  # noqa: F401 (a fixture)
    sending_broadcast,
    smpp_gateway,
    statuses,
)

pytestmark = pytest.mark.django_db

NUMBERS = numbers(3)


def _batch(numbers=NUMBERS, text="Check a job offer before you go."):
    return [
        Outgoing(reference=str(index), to=number, body=text, sender="AMANAT")
        for index, number in enumerate(numbers)
    ]


def _send(smsc, batch, **fields):
    with backend_for(_gateway(smsc, **fields)) as backend:
        outcomes = backend.send(batch)
        backend.listen(0.3)
        return outcomes, backend.take_reports()


def _gateway(smsc, **fields):
    return GatewayFactory(
        backend="smpp",
        host="127.0.0.1",
        port=smsc.port,
        username=smsc.system_id,
        password=smsc.password,
        **fields,
    )


def test_smpp_accepts_each_message_with_the_smscs_id_and_a_receipt():
    with FakeSmppServer() as smsc:
        outcomes, (reports, inbound) = _send(smsc, _batch())

    assert [outcome.status for outcome in outcomes] == [Status.ACCEPTED] * 3
    assert [outcome.gateway_message_id for outcome in outcomes] == ["smsc-1", "smsc-2", "smsc-3"]
    assert sorted((report.gateway_message_id, report.status) for report in reports) == [
        ("smsc-1", "delivered"),
        ("smsc-2", "delivered"),
        ("smsc-3", "delivered"),
    ]
    assert sorted(smsc.numbers()) == NUMBERS
    assert inbound == []


def test_smpp_sends_gsm_text_as_data_coding_0_and_cyrillic_as_ucs2():
    with FakeSmppServer() as smsc:
        _send(smsc, _batch(NUMBERS[:1], text="Hello"))
        _send(smsc, _batch(NUMBERS[1:2], text="Привет"))

    assert [(message.data_coding, message.text) for message in smsc.received] == [
        (c.SMPP_ENCODING_DEFAULT, "Hello"),
        (c.SMPP_ENCODING_ISO10646, "Привет"),
    ]


def test_smpp_sends_a_long_text_as_concatenated_parts_named_by_the_first():
    text = "Проверьте предложение о работе до отъезда. " * 4  # 172 characters: three UCS-2 parts

    with FakeSmppServer() as smsc:
        outcomes, _ = _send(smsc, _batch(NUMBERS[:1], text=text))

    assert [(message.part, message.parts) for message in smsc.received] == [(1, 3), (2, 3), (3, 3)]
    assert "".join(message.text for message in smsc.received) == text
    assert (outcomes[0].status, outcomes[0].gateway_message_id) == (Status.ACCEPTED, "smsc-1")


def test_smpp_rejects_an_invalid_destination_for_good():
    with FakeSmppServer(reject_numbers={NUMBERS[1]}) as smsc:
        outcomes, _ = _send(smsc, _batch())

    assert [outcome.status for outcome in outcomes] == [Status.ACCEPTED, Status.REJECTED, Status.ACCEPTED]
    assert outcomes[1].error == "SMPP 0x0B"


def test_smpp_throttled_and_system_errors_are_to_be_retried():
    with FakeSmppServer(fail_first=1, throttle_above=2) as smsc:
        outcomes, _ = _send(smsc, _batch(numbers(4)))

    assert [(outcome.status, outcome.error) for outcome in outcomes] == [
        (Status.RETRY, "SMPP 0x08"),
        (Status.ACCEPTED, ""),
        (Status.ACCEPTED, ""),
        (Status.RETRY, "SMPP 0x58"),
    ]


def test_smpp_no_answer_in_time_is_unknown():
    with FakeSmppServer(hang_after=1) as smsc:
        outcomes, _ = _send(smsc, _batch(), timeout_seconds=1)

    assert [outcome.status for outcome in outcomes] == [Status.ACCEPTED, Status.UNKNOWN, Status.UNKNOWN]
    assert outcomes[1].error == "no answer in time"


def test_smpp_lost_session_makes_the_outstanding_unknown_and_the_rest_retried(settings):
    settings.AMANAT_SMS_SMPP_WINDOW = 1
    with FakeSmppServer(drop_after=1) as smsc:
        outcomes, _ = _send(smsc, _batch())

    assert [outcome.status for outcome in outcomes] == [Status.ACCEPTED, Status.UNKNOWN, Status.RETRY]


def test_smpp_bind_with_wrong_credentials_is_unavailable():
    with FakeSmppServer(password="right") as smsc:
        gateway = GatewayFactory(
            backend="smpp", host="127.0.0.1", port=smsc.port, username="amanat", password="wrong"
        )

        with pytest.raises(GatewayUnavailable, match="bind failed"):
            backend_for(gateway).open()


def test_smpp_refused_connection_is_unavailable():
    with FakeSmppServer() as smsc:
        port = smsc.port
    gateway = GatewayFactory(
        backend="smpp", host="127.0.0.1", port=port, username="amanat", password="secret"
    )

    with pytest.raises(GatewayUnavailable, match="connection refused"):
        backend_for(gateway).open()


def test_smpp_reads_a_reply_that_is_not_a_receipt_as_inbound():
    with FakeSmppServer() as smsc, backend_for(_gateway(smsc)) as backend:
        smsc.send_inbound(NUMBERS[0], "STOP")
        backend.listen(0.5)
        reports, inbound = backend.take_reports()

    assert reports == []
    assert [(message.number, message.text) for message in inbound] == [(NUMBERS[0], "STOP")]


def test_smpp_receipt_text_is_parsed_for_final_states_only():
    assert receipt_of(b"id:abc sub:001 dlvrd:001 stat:DELIVRD err:000 text:").status == "delivered"
    assert receipt_of(b"id:abc sub:001 dlvrd:000 stat:EXPIRED err:012 text:").error == "EXPIRED 012"
    assert receipt_of(b"id:abc sub:001 dlvrd:000 stat:ENROUTE err:000 text:") is None


@pytest.mark.usefixtures("quick_retries")
def test_broadcast_through_smpp_with_a_failing_smsc_pauses_and_resumes_without_duplicates(ngo):
    from campaigns.models import Broadcast

    with FakeSmppServer(fail_first=10**6) as smsc:
        broadcast = sending_broadcast(ngo, smpp_gateway(ngo, smsc), 6)
        paused = broadcast_send(broadcast_id=broadcast.pk)
        smsc.fail_first = 0
        Broadcast.unscoped.filter(pk=broadcast.pk).update(status="sending")  # unscoped: resumed by staff
        resumed = broadcast_send(broadcast_id=broadcast.pk)

    assert (paused, resumed) == ("paused", "finished")
    assert statuses(broadcast) == {"delivered": 6}
    assert sorted(smsc.numbers()) == numbers(6)
    assert smsc.duplicates() == {}
