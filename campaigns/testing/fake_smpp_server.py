"""A local SMSC that speaks SMPP 3.4 on 127.0.0.1 (smpplib's PDU classes encode and decode it).

    with FakeSmppServer(system_id="amanat", password="secret") as smsc:
        smsc.port

It answers ``bind_transceiver`` (``ESME_RBINDFAIL`` for wrong credentials), ``submit_sm`` (with a
``deliver_sm`` delivery receipt after each accepted message when ``receipts``), ``enquire_link`` and
``unbind``; ``send_inbound(number, text)`` sends a subscriber's reply to the bound clients. It records
every ``submit_sm`` (``received``; ``duplicates()`` names any number that arrived twice) and behaves as
asked: ``reject_numbers`` (``ESME_RINVDSTADR``), ``undeliverable_numbers`` (accepted, then an ``UNDELIV``
receipt), ``fail_first`` (``ESME_RSYSERR`` for the first N), ``throttle_above`` (``ESME_RTHROTTLED`` above
N a second), ``hang_after`` (after N messages, takes each one and never answers), ``drop_after`` (after N
messages, takes one and closes the connection)."""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import itertools
import socket
import socketserver
import struct
import threading
import time

import smpplib.consts as c
import smpplib.smpp


@dataclasses.dataclass(frozen=True)
class Received:
    number: str  # E.164
    part: int  # 1-based part of a concatenated message (1 for a single one)
    parts: int
    data_coding: int
    short_message: bytes
    status: int | None  # what it answered (None: nothing, it hung or dropped)

    @property
    def may_have_gone_out(self) -> bool:
        return self.status in (None, c.SMPP_ESME_ROK)

    @property
    def text(self) -> str:
        body = self.short_message[6:] if self.parts > 1 else self.short_message
        if self.data_coding == c.SMPP_ENCODING_ISO10646:
            return body.decode("utf-16-be")
        from smpplib.gsm import GSM_CHARACTER_TABLE

        return "".join(GSM_CHARACTER_TABLE[byte] for byte in body if byte != 0x1B)


class _Sequence:
    """What smpplib's PDU classes ask of a client: sequence numbers."""

    def __init__(self):
        self.sequence = 0

    def next_sequence(self) -> int:
        self.sequence += 1
        return self.sequence


class _Session(socketserver.BaseRequestHandler):
    def setup(self) -> None:
        self.smsc: FakeSmppServer = self.server.smsc
        self.sequence = _Sequence()
        self.bound = False
        self.write_lock = threading.Lock()
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self) -> None:
        buffer = b""
        with self.smsc.lock:
            self.smsc.sessions.append(self)
        try:
            while True:
                chunk = self.request.recv(65536)
                if not chunk:
                    return
                buffer += chunk
                out = []
                while len(buffer) >= 4:
                    (length,) = struct.unpack(">L", buffer[:4])
                    if len(buffer) < length:
                        break
                    raw, buffer = buffer[:length], buffer[length:]
                    answer = self.answer(raw)
                    if answer is _DROP:
                        self.write(b"".join(out))
                        self.request.shutdown(socket.SHUT_RDWR)
                        return
                    out.extend(answer)
                if out:
                    self.write(b"".join(out))
        except OSError:
            return
        finally:
            with self.smsc.lock:
                self.smsc.sessions.remove(self)

    def write(self, data: bytes) -> None:
        if data:
            with self.write_lock:
                self.request.sendall(data)

    def make(self, command: str, **fields):
        return smpplib.smpp.make_pdu(command, client=self.sequence, **fields)

    def reply(self, command: str, request, status: int = c.SMPP_ESME_ROK, **fields) -> bytes:
        pdu = self.make(command, status=status, **fields)
        pdu.sequence = request.sequence
        return pdu.generate()

    def answer(self, raw: bytes):
        pdu = smpplib.smpp.parse_pdu(raw, client=self.sequence, allow_unknown_opt_params=True)
        smsc = self.smsc
        if pdu.command == "bind_transceiver":
            ok = (pdu.system_id or b"").decode() == smsc.system_id and (pdu.password or b"").decode() == (
                smsc.password
            )
            self.bound = ok
            status = c.SMPP_ESME_ROK if ok else c.SMPP_ESME_RBINDFAIL
            return [self.reply("bind_transceiver_resp", pdu, status, system_id="FAKESMSC")]
        if pdu.command == "enquire_link":
            return [self.reply("enquire_link_resp", pdu)]
        if pdu.command == "unbind":
            return [self.reply("unbind_resp", pdu)]
        if pdu.command in ("deliver_sm_resp", "enquire_link_resp"):
            return []
        if pdu.command != "submit_sm":
            return [self.reply("generic_nack", pdu, c.SMPP_ESME_RINVCMDID)]
        if not self.bound:
            return [self.reply("submit_sm_resp", pdu, c.SMPP_ESME_RINVBNDSTS, message_id="")]
        return smsc.submitted(self, pdu)


_DROP = object()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


class FakeSmppServer:
    def __init__(
        self,
        *,
        system_id: str = "amanat",
        password: str = "secret",  # noqa: S107 (a local test server's password)
        receipts: bool = True,
        reject_numbers=(),
        undeliverable_numbers=(),
        fail_first: int = 0,
        throttle_above: int = 0,
        hang_after: int | None = None,
        drop_after: int | None = None,
        port: int = 0,
    ):
        self.system_id, self.password, self.receipts = system_id, password, receipts
        self.reject_numbers = set(reject_numbers)
        self.undeliverable_numbers = set(undeliverable_numbers)
        self.fail_first, self.throttle_above = fail_first, throttle_above
        self.hang_after, self.drop_after = hang_after, drop_after
        self.received: list[Received] = []
        self.sessions: list[_Session] = []
        self.lock = threading.Lock()
        self.submits = 0
        self.taken = 0
        self.ids = itertools.count(1)
        self.window_start, self.window_count = time.monotonic(), 0
        self.server = _Server(("127.0.0.1", port), _Session)
        self.server.smsc = self
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.daemon = True

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def start(self) -> FakeSmppServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        with self.lock:
            sessions = list(self.sessions)
        for session in sessions:
            with contextlib.suppress(OSError):
                session.request.shutdown(socket.SHUT_RDWR)
        self.server.server_close()

    def __enter__(self) -> FakeSmppServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _decide(self, number: str) -> int | object | None:
        with self.lock:
            self.submits += 1
            if self.submits <= self.fail_first:
                return c.SMPP_ESME_RSYSERR
            if self.throttle_above:
                now = time.monotonic()
                if now - self.window_start >= 1:
                    self.window_start, self.window_count = now, 0
                self.window_count += 1
                if self.window_count > self.throttle_above:
                    return c.SMPP_ESME_RTHROTTLED
            if self.hang_after is not None and self.taken >= self.hang_after:
                return None
            if self.drop_after is not None and self.taken >= self.drop_after:
                return _DROP
            if number in self.reject_numbers:
                return c.SMPP_ESME_RINVDSTADR
            self.taken += 1
            return c.SMPP_ESME_ROK

    def submitted(self, session: _Session, pdu):
        number = "+" + pdu.destination_addr.decode().lstrip("+")
        message = pdu.short_message or b""
        part, parts = 1, 1
        if pdu.esm_class & c.SMPP_GSMFEAT_UDHI and len(message) >= 6 and message[:3] == b"\x05\x00\x03":
            parts, part = message[4], message[5]
        status = self._decide(number)
        recorded = None if status is _DROP else status
        with self.lock:
            self.received.append(Received(number, part, parts, pdu.data_coding, message, recorded))
        if status is _DROP:
            return _DROP
        if status is None:
            return []
        if status != c.SMPP_ESME_ROK:
            return [session.reply("submit_sm_resp", pdu, status, message_id="")]
        message_id = f"smsc-{next(self.ids)}"
        out = [session.reply("submit_sm_resp", pdu, message_id=message_id)]
        if self.receipts and pdu.registered_delivery:
            state, error = ("UNDELIV", "001") if number in self.undeliverable_numbers else ("DELIVRD", "000")
            text = (
                f"id:{message_id} sub:001 dlvrd:001 submit date:2612021000 done date:2612021000 "
                f"stat:{state} err:{error} text:"
            )
            receipt = session.make(
                "deliver_sm",
                source_addr=pdu.destination_addr.decode(),
                destination_addr=(pdu.source_addr or b"").decode(),
                esm_class=0x04,
                short_message=text.encode(),
                receipted_message_id=message_id,
            )
            out.append(receipt.generate())
        return out

    def send_inbound(self, number: str, text: str) -> None:
        """A subscriber's reply (a mobile-originated ``deliver_sm``) to every bound client."""
        with self.lock:
            sessions = [session for session in self.sessions if session.bound]
        for session in sessions:
            try:
                short_message, coding = text.encode("ascii"), c.SMPP_ENCODING_DEFAULT
            except UnicodeEncodeError:
                short_message, coding = text.encode("utf-16-be"), c.SMPP_ENCODING_ISO10646
            pdu = session.make(
                "deliver_sm",
                source_addr=number.lstrip("+"),
                destination_addr="AMANAT",
                esm_class=0,
                data_coding=coding,
                short_message=short_message,
            )
            session.write(pdu.generate())

    def numbers(self) -> list[str]:
        """The numbers of the messages (first parts) that may have gone out."""
        with self.lock:
            return [m.number for m in self.received if m.part == 1 and m.may_have_gone_out]

    def duplicates(self) -> dict[str, int]:
        return {number: n for number, n in collections.Counter(self.numbers()).items() if n > 1}

    def stats(self) -> dict:
        with self.lock:
            answers = collections.Counter(m.status for m in self.received)
        return {
            "received": sum(answers.values()),
            "answers": dict(answers),
            "duplicates": len(self.duplicates()),
        }
