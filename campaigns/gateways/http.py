"""An HTTP gateway, the protocol most SMS aggregators speak in some dialect. Amanat's dialect:

    POST <gateway.url>
    Authorization: Bearer <gateway.password>
    Content-Type: application/json

    {"to": "+992900000001", "from": "<gateway.sender>", "text": "…", "reference": "<Amanat's message id>"}

answers:

- ``200``/``201`` with ``{"id": "<the gateway's message id>"}``: accepted (delivery reports name that id);
- ``400``/``422`` (any other 4xx but those below) with ``{"error": "<code>"}``: refused for good (failed);
- ``401``/``403``: the credentials are wrong: nothing was taken, try later (the broadcast pauses when
  every message of a batch answers so);
- ``429`` (throttled) and ``5xx``: not taken now, safe to send later;
- no answer within ``gateway.timeout_seconds``, or the connection reset after the request went out: the
  message may have been taken, so it is never sent again (unconfirmed);
- the connection refused (nothing went out): ``GatewayUnavailable`` when it holds for the whole batch.

Delivery reports come back to ``/campaigns/webhooks/<webhook_id>/delivery/`` (``campaigns.webhooks``).

Connections are kept alive (HTTP/1.1) and ``AMANAT_SMS_HTTP_CONNECTIONS`` of them post in parallel, each
from its own thread; the gateway's rate limit holds across all of them."""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import re
import select
import socket
import urllib.parse

from django.conf import settings

from campaigns.gateways.base import Backend, GatewayUnavailable, Outcome, Outgoing, Status
from campaigns.gateways.pacing import TokenBucket

RETRY_STATUSES = {401, 403, 408, 425, 429}
ERROR_CODE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,39}")


class _NotHandedOver(Exception):
    """The connection could not be made: the message did not leave."""


class HttpBackend(Backend):
    connections = None

    def open(self) -> None:
        url = urllib.parse.urlsplit(self.gateway.url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise GatewayUnavailable("http: no gateway URL")
        self.path = (url.path or "/") + (f"?{url.query}" if url.query else "")
        connection_class = (
            http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        )
        timeout = self.gateway.timeout_seconds or 10
        count = max(1, settings.AMANAT_SMS_HTTP_CONNECTIONS)
        self.connections = [connection_class(url.hostname, url.port, timeout=timeout) for _ in range(count)]
        self.headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {self.gateway.password or ''}",
            "Host": url.netloc,
        }
        self.bucket = TokenBucket(self.rate_limit)
        try:
            self._connect(self.connections[0])
        except _NotHandedOver:
            self.close()
            raise GatewayUnavailable("http: connection refused") from None
        self.pool = concurrent.futures.ThreadPoolExecutor(count, thread_name_prefix="sms-http")

    def close(self) -> None:
        for connection in self.connections or []:
            connection.close()
        self.connections = None
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.shutdown(wait=True)
            self.pool = None

    def send(self, batch: list[Outgoing]) -> list[Outcome]:
        count = len(self.connections)
        outcomes: list[Outcome | None] = [None] * len(batch)

        def post_slice(index: int) -> None:
            connection = self.connections[index]
            for position in range(index, len(batch), count):
                outcomes[position] = self._post(connection, batch[position])

        list(self.pool.map(post_slice, range(count)))
        if all(outcome.error == "connection refused" for outcome in outcomes):
            raise GatewayUnavailable("http: connection refused")
        return outcomes

    def _post(self, connection: http.client.HTTPConnection, message: Outgoing) -> Outcome:
        body = json.dumps(
            {"to": message.to, "from": message.sender, "text": message.body, "reference": message.reference},
            ensure_ascii=False,
        ).encode()
        self.bucket.take()
        try:
            self._connect(connection)
        except _NotHandedOver:
            return Outcome(message.reference, Status.RETRY, error="connection refused")
        try:
            connection.request("POST", self.path, body, self.headers)
            response = connection.getresponse()
            answer = response.read()
        except TimeoutError:
            connection.close()
            return Outcome(message.reference, Status.UNKNOWN, error="no answer in time")
        except (OSError, http.client.HTTPException):
            connection.close()
            return Outcome(message.reference, Status.UNKNOWN, error="connection lost")
        if response.will_close:
            connection.close()
        return self._outcome(message, response.status, answer)

    @staticmethod
    def _connect(connection: http.client.HTTPConnection) -> None:
        """Open the connection if needed; a kept-alive connection the gateway has closed meanwhile (it is
        readable: the end of the stream) is opened anew before anything is written to it."""
        if connection.sock is not None and select.select([connection.sock], [], [], 0)[0]:
            connection.close()
        if connection.sock is None:
            try:
                connection.connect()
                connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                connection.close()
                raise _NotHandedOver from None

    @staticmethod
    def _outcome(message: Outgoing, status: int, answer: bytes) -> Outcome:
        try:
            data = json.loads(answer or b"{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        if status in (200, 201, 202):
            return Outcome(message.reference, Status.ACCEPTED, str(data.get("id") or "")[:100])
        error = f"HTTP {status}"
        code = data.get("error")
        if isinstance(code, str) and ERROR_CODE.fullmatch(code):  # a code, never a number or a text
            error = f"{error}: {code}"
        if status in RETRY_STATUSES or status >= 500:
            return Outcome(message.reference, Status.RETRY, error=error)
        if 400 <= status < 500:
            return Outcome(message.reference, Status.REJECTED, error=error)
        return Outcome(message.reference, Status.UNKNOWN, error=error)
