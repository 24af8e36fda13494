"""SMPP 3.4, the carriers' protocol, through smpplib: one ``bind_transceiver`` session per back-end.

Each message goes as ``submit_sm`` with a delivery receipt requested (``registered_delivery``), GSM-7
(``data_coding`` 0) when its text fits the GSM alphabet and UCS-2 (8) otherwise; a long text goes as
concatenated parts (a UDH on each part, ``smpplib.gsm.make_parts``). Up to ``AMANAT_SMS_SMPP_WINDOW``
``submit_sm`` are outstanding at once before their ``submit_sm_resp`` are read (windowing).

What each answer means: ``ESME_ROK`` accepted (``message_id``); ``ESME_RTHROTTLED``, ``ESME_RMSGQFUL``,
``ESME_RSYSERR`` and ``ESME_RX_T_APPN`` (the SMSC is busy or failed, not the message) not taken, send
later; any other status refused for good; no answer within the gateway's time-out, or a lost session:
unconfirmed (never resent). A refused connection or a failed bind: ``GatewayUnavailable``.

The SMSC's ``deliver_sm`` read meanwhile are either delivery receipts (``id:… stat:DELIVRD …``), kept in
``reports`` for the worker to record, or inbound messages (a reply such as STOP), kept in ``inbound``."""

from __future__ import annotations

import dataclasses
import logging
import re
import select
import socket
import time

import smpplib.client
import smpplib.consts as c
import smpplib.exceptions
import smpplib.gsm
import smpplib.smpp
from django.conf import settings

from campaigns.gateways.base import Backend, GatewayUnavailable, Outcome, Outgoing, Status
from campaigns.gateways.pacing import TokenBucket

RETRY_CODES = {c.SMPP_ESME_RTHROTTLED, c.SMPP_ESME_RMSGQFUL, c.SMPP_ESME_RSYSERR, c.SMPP_ESME_RX_T_APPN}
RECEIPT = re.compile(rb"id:(?P<id>\S+).*?stat:(?P<stat>[A-Z]+)(?:.*?err:(?P<err>\w+))?", re.S | re.I)
FINAL_STATES = {b"DELIVRD": "delivered", b"UNDELIV": "failed", b"REJECTD": "failed", b"EXPIRED": "failed"}
FINAL_STATES[b"DELETED"] = "failed"
# smpplib logs every PDU in hex at DEBUG (numbers and texts): never let that level through.
WIRE_LOGGER = "campaigns.gateways.smpp.wire"
logging.getLogger(WIRE_LOGGER).setLevel(logging.WARNING)


@dataclasses.dataclass(frozen=True)
class Report:
    """What a gateway said became of a message it accepted: ``delivered`` or ``failed``."""

    gateway_message_id: str
    status: str
    error: str = ""


@dataclasses.dataclass(frozen=True)
class Inbound:
    number: str
    text: str


def receipt_of(short_message: bytes) -> Report | None:
    match = RECEIPT.search(short_message or b"")
    if match is None or match["stat"].upper() not in FINAL_STATES:
        return None
    status = FINAL_STATES[match["stat"].upper()]
    error = (
        "" if status == "delivered" else f"{match['stat'].decode().upper()} {(match['err'] or b'').decode()}"
    )
    return Report(match["id"].decode(), status, error.strip())


def text_of(pdu) -> str:
    raw = pdu.short_message or b""
    if getattr(pdu, "esm_class", 0) & c.SMPP_GSMFEAT_UDHI and raw:
        raw = raw[1 + raw[0] :]
    if pdu.data_coding == c.SMPP_ENCODING_ISO10646:
        return raw.decode("utf-16-be", "replace")
    try:
        return "".join(smpplib.gsm.GSM_CHARACTER_TABLE[byte] for byte in raw if byte != 0x1B)
    except IndexError:
        return raw.decode("latin-1")


def _str(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value or "")


@dataclasses.dataclass
class _Pending:
    position: int
    part: int
    parts: list
    tries: int = 0


class SmppBackend(Backend):
    client = None

    def open(self) -> None:
        self.reports: list[Report] = []
        self.inbound: list[Inbound] = []
        self.bucket = TokenBucket(self.rate_limit)
        self.window = max(1, settings.AMANAT_SMS_SMPP_WINDOW)
        self._bind()

    def _bind(self) -> None:
        gateway = self.gateway
        client = smpplib.client.Client(
            gateway.host or "127.0.0.1",
            gateway.port or 2775,
            timeout=gateway.timeout_seconds or 10,
            logger_name=WIRE_LOGGER,
            allow_unknown_opt_params=True,
        )
        try:
            client.connect()
            client._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # PDUs leave at once
            client.bind_transceiver(system_id=gateway.username, password=gateway.password or "")
        except (smpplib.exceptions.ConnectionError, smpplib.exceptions.PDUError, OSError) as error:
            client.disconnect()
            code = (
                error.args[1] if isinstance(error, smpplib.exceptions.PDUError) and len(error.args) > 1 else 0
            )
            raise GatewayUnavailable("smpp: bind failed" if code else "smpp: connection refused") from None
        self.client = client

    def close(self) -> None:
        client, self.client = self.client, None
        if client is None:
            return
        try:
            client.send_pdu(smpplib.smpp.make_pdu("unbind", client=client))
            deadline = time.monotonic() + 1
            while time.monotonic() < deadline and self._readable(client, deadline - time.monotonic()):
                pdu = client.read_pdu()
                if pdu.command == "unbind_resp":
                    break
                self._incoming(client, pdu, {})
        except (smpplib.exceptions.ConnectionError, smpplib.exceptions.PDUError, OSError):
            pass
        client.disconnect()

    @staticmethod
    def _readable(client, timeout: float) -> bool:
        return bool(select.select([client._socket], [], [], max(timeout, 0))[0])

    def take_reports(self) -> tuple[list[Report], list[Inbound]]:
        """The receipts and inbound messages read so far (and forgets them)."""
        reports, inbound = self.reports, self.inbound
        self.reports, self.inbound = [], []
        return reports, inbound

    def listen(self, seconds: float) -> None:
        """Read receipts and inbound messages for up to ``seconds`` (returns early when the line is quiet
        for a tenth of a second)."""
        client = self.client
        deadline = time.monotonic() + seconds
        try:
            while client is not None and self._readable(client, min(0.1, deadline - time.monotonic())):
                self._incoming(client, client.read_pdu(), {})
                if time.monotonic() >= deadline:
                    break
        except (TimeoutError, smpplib.exceptions.ConnectionError, OSError):
            self.client = None
            client.disconnect()

    def send(self, batch: list[Outgoing]) -> list[Outcome]:
        if self.client is None:
            self._bind()  # the session was lost in an earlier batch; GatewayUnavailable if it stays lost
        client = self.client
        outcomes: list[Outcome | None] = [None] * len(batch)
        message_ids: dict[int, str] = {}
        waiting: dict[int, _Pending] = {}  # sequence number → the part it carries
        queue = [_Pending(position, 0, self._parts(message)) for position, message in enumerate(batch)]
        handed_over = False
        try:
            while queue or waiting:
                while queue and len(waiting) < self.window:
                    pending = queue.pop(0)
                    self.bucket.take()
                    sequence = self._submit(client, batch[pending.position], pending)
                    handed_over = True
                    waiting[sequence] = pending
                if not self._readable(client, client.timeout):
                    raise TimeoutError
                pdu = client.read_pdu()
                if pdu.command in ("submit_sm_resp", "generic_nack") and pdu.sequence in waiting:
                    self._answered(batch, waiting.pop(pdu.sequence), pdu, outcomes, message_ids, queue)
                else:
                    self._incoming(client, pdu, waiting)
        except (TimeoutError, smpplib.exceptions.ConnectionError, OSError) as error:
            self.client = None
            client.disconnect()
            if not handed_over:
                raise GatewayUnavailable("smpp: connection lost") from None
            reason = (
                "no answer in time"
                if isinstance(error, (TimeoutError, socket.timeout))
                else "connection lost"
            )
            for pending in waiting.values():
                outcomes[pending.position] = Outcome(
                    batch[pending.position].reference, Status.UNKNOWN, error=reason
                )
            for pending in queue:
                if outcomes[pending.position] is None:
                    status = Status.RETRY if pending.part == 0 else Status.UNKNOWN
                    outcomes[pending.position] = Outcome(
                        batch[pending.position].reference, status, error=reason
                    )
        return outcomes

    @staticmethod
    def _parts(message: Outgoing) -> tuple:
        return smpplib.gsm.make_parts(message.body)

    def _submit(self, client, message: Outgoing, pending: _Pending) -> int:
        parts, encoding, esm_class = pending.parts
        sender = self.gateway.sender or ""
        pdu = smpplib.smpp.make_pdu(
            "submit_sm",
            client=client,
            source_addr_ton=c.SMPP_TON_ALNUM if sender and not sender.isdigit() else c.SMPP_TON_INTL,
            source_addr_npi=c.SMPP_NPI_UNK if sender and not sender.isdigit() else c.SMPP_NPI_ISDN,
            source_addr=sender,
            dest_addr_ton=c.SMPP_TON_INTL,
            dest_addr_npi=c.SMPP_NPI_ISDN,
            destination_addr=message.to.lstrip("+"),
            short_message=parts[pending.part],
            data_coding=encoding,
            esm_class=esm_class,
            registered_delivery=c.SMPP_SMSC_DELIVERY_RECEIPT_BOTH,
        )
        client.send_pdu(pdu)
        return pdu.sequence

    def _answered(self, batch, pending: _Pending, pdu, outcomes, message_ids, queue) -> None:
        reference = batch[pending.position].reference
        parts = pending.parts[0]
        if pdu.command == "submit_sm_resp" and pdu.status == c.SMPP_ESME_ROK:
            message_ids.setdefault(pending.position, _str(pdu.message_id))  # the first part names it
            if pending.part + 1 < len(parts):
                queue.insert(0, _Pending(pending.position, pending.part + 1, pending.parts))
            else:
                outcomes[pending.position] = Outcome(
                    reference, Status.ACCEPTED, message_ids[pending.position]
                )
            return
        error = f"SMPP 0x{pdu.status or 0:02X}"
        if pdu.status in RETRY_CODES or pdu.command == "generic_nack":
            if pending.part == 0:
                outcomes[pending.position] = Outcome(reference, Status.RETRY, error=error)
            elif pending.tries < 5:  # a later part: the first is out, so only this part may go again
                time.sleep(0.05 * (pending.tries + 1))
                queue.insert(0, dataclasses.replace(pending, tries=pending.tries + 1))
            else:
                outcomes[pending.position] = Outcome(reference, Status.UNKNOWN, error=f"{error}, incomplete")
            return
        status = Status.REJECTED if pending.part == 0 else Status.UNKNOWN
        outcomes[pending.position] = Outcome(reference, status, error=error)

    def _incoming(self, client, pdu, waiting) -> None:
        if pdu.command == "deliver_sm":
            if pdu.esm_class & 0x04 or getattr(pdu, "receipted_message_id", None):
                report = receipt_of(pdu.short_message)  # None for a state that is not final (ENROUTE)
                if report is not None:
                    self.reports.append(report)
            else:
                self.inbound.append(Inbound("+" + _str(pdu.source_addr).lstrip("+"), text_of(pdu)))
            self._respond(client, "deliver_sm_resp", pdu)
        elif pdu.command == "enquire_link":
            self._respond(client, "enquire_link_resp", pdu)
        elif pdu.command == "unbind":
            self._respond(client, "unbind_resp", pdu)
            raise smpplib.exceptions.ConnectionError("unbound by the SMSC")

    @staticmethod
    def _respond(client, command: str, request) -> None:
        resp = smpplib.smpp.make_pdu(command, client=client)
        resp.sequence = request.sequence  # smpplib takes the client's next number unless told
        client.send_pdu(resp)
