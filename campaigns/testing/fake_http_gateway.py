"""A local HTTP SMS gateway that speaks the protocol of ``campaigns.gateways.http`` on 127.0.0.1.

    with FakeHttpGateway(token="t0ken", reject_numbers={"+992900000013"}) as gateway:
        gateway.url  # http://127.0.0.1:<random port>/sms

It records every message it receives (``received``; ``duplicates()`` names any number that arrived twice)
and behaves as asked: ``reject_numbers`` (400), ``fail_first`` (503 for the first N requests),
``throttle_above`` (429 above N requests a second), ``hang_after`` (after N messages, take each one and
never answer: the client times out), ``drop_after`` (after N messages, take one and close the connection
without answering), ``delay`` (seconds before each answer: a slow gateway)."""

from __future__ import annotations

import collections
import dataclasses
import http.server
import itertools
import json
import threading
import time


@dataclasses.dataclass(frozen=True)
class Received:
    number: str
    text: str
    reference: str
    answer: int  # the HTTP status it got (0: none, the connection hung or was dropped)

    @property
    def may_have_gone_out(self) -> bool:
        return self.answer in (0, 200, 201)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    wbufsize = 65536  # an answer leaves in one write (flushed after each request), not headers then body
    disable_nagle_algorithm = True

    def log_message(self, *args) -> None:  # the request lines hold nothing useful; keep test output clean
        pass

    def do_POST(self) -> None:
        gateway: FakeHttpGateway = self.server.gateway
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("Authorization") != f"Bearer {gateway.token}":
            return self._answer(401, {"error": "unauthorised"})
        try:
            data = json.loads(body)
            number, text, reference = data["to"], data["text"], str(data.get("reference", ""))
        except (ValueError, KeyError, TypeError):
            return self._answer(400, {"error": "bad_request"})
        status, answer = gateway.decide(number)
        gateway.record(Received(number, text, reference, status))
        if status == 0:
            if gateway.hanging:
                time.sleep(gateway.hang_seconds)
            self.close_connection = True
            return None
        if gateway.delay:
            time.sleep(gateway.delay)
        return self._answer(status, answer)

    def _answer(self, status: int, data: dict) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


class FakeHttpGateway:
    def __init__(
        self,
        *,
        token: str = "t0ken",  # noqa: S107 (a local test server's token)
        reject_numbers=(),
        fail_first: int = 0,
        throttle_above: int = 0,
        hang_after: int | None = None,
        hang_seconds: float = 5.0,
        drop_after: int | None = None,
        delay: float = 0.0,
        port: int = 0,
    ):
        self.token = token
        self.reject_numbers = set(reject_numbers)
        self.fail_first = fail_first
        self.throttle_above = throttle_above
        self.hang_after = hang_after
        self.hang_seconds = hang_seconds
        self.drop_after = drop_after
        self.delay = delay
        self.hanging = False
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.requests = 0
        self.taken = 0
        self.ids = itertools.count(1)
        self.window_start, self.window_count = time.monotonic(), 0
        self.server = _Server(("127.0.0.1", port), _Handler)
        self.server.gateway = self
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.daemon = True

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sms"

    def start(self) -> FakeHttpGateway:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeHttpGateway:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def decide(self, number: str) -> tuple[int, dict]:
        """The answer to the next message: (status, body); status 0 means none (hang or drop)."""
        with self.lock:
            self.requests += 1
            if self.requests <= self.fail_first:
                return 503, {"error": "unavailable"}
            if self.throttle_above:
                now = time.monotonic()
                if now - self.window_start >= 1:
                    self.window_start, self.window_count = now, 0
                self.window_count += 1
                if self.window_count > self.throttle_above:
                    return 429, {"error": "throttled"}
            if self.hang_after is not None and self.taken >= self.hang_after:
                self.hanging = True
                return 0, {}
            if self.drop_after is not None and self.taken >= self.drop_after:
                self.hanging = False
                return 0, {}
            if number in self.reject_numbers:
                return 400, {"error": "invalid_number"}
            self.taken += 1
            return 200, {"id": f"gw-{next(self.ids)}"}

    def record(self, message: Received) -> None:
        with self.lock:
            self.received.append(message)

    def numbers(self) -> list[str]:
        """The numbers of the messages that may have gone out (taken, or taken and never answered)."""
        with self.lock:
            return [message.number for message in self.received if message.may_have_gone_out]

    def duplicates(self) -> dict[str, int]:
        return {number: n for number, n in collections.Counter(self.numbers()).items() if n > 1}

    def stats(self) -> dict:
        with self.lock:
            answers = collections.Counter(message.answer for message in self.received)
        return {
            "received": sum(answers.values()),
            "answers": dict(answers),
            "duplicates": len(self.duplicates()),
        }


def main() -> None:  # python -m campaigns.testing.fake_http_gateway --port 8025
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--token", default="t0ken")
    parser.add_argument("--delay", type=float, default=0.0)
    arguments = parser.parse_args()
    gateway = FakeHttpGateway(token=arguments.token, delay=arguments.delay, port=arguments.port)
    print(f"Listening on {gateway.url}", flush=True)
    gateway.server.serve_forever()


if __name__ == "__main__":
    main()
