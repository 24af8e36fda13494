"""Run a local gateway server in a process of its own (a benchmark's worker should not share its GIL
with the server it measures). ``ServerProcess("http", delay=0)`` → ``.port``, ``.url``, ``.stats()``."""

from __future__ import annotations

import multiprocessing


def _serve(kind: str, options: dict, pipe) -> None:
    if kind == "http":
        from campaigns.testing.fake_http_gateway import FakeHttpGateway as Server
    else:
        from campaigns.testing.fake_smpp_server import FakeSmppServer as Server
    server = Server(**options).start()
    pipe.send(server.port)
    while True:
        command = pipe.recv()
        if command == "stats":
            pipe.send(server.stats())
        else:
            server.stop()
            pipe.send("stopped")
            return


class ServerProcess:
    def __init__(self, kind: str, **options):
        context = multiprocessing.get_context("spawn")
        self.pipe, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(kind, options, child), daemon=True)
        self.process.start()
        self.port = self.pipe.recv()
        self.url = f"http://127.0.0.1:{self.port}/sms"

    def stats(self) -> dict:
        self.pipe.send("stats")
        return self.pipe.recv()

    def stop(self) -> None:
        self.pipe.send("stop")
        self.pipe.recv()
        self.process.join(timeout=10)

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
