"""Sustained call detail records per second on POST /api/v1/hotline/calls/ (not a test; CI does not run it).

    .venv/bin/python benchmarks/hotline_calls.py --seconds 20 --clients 4
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/amanat_bench_calls \
        .venv/bin/python benchmarks/hotline_calls.py --seconds 20 --clients 4

What it sets up: a scratch database (by default a new SQLite file in a temporary directory, else the
PostgreSQL database of BENCH_DATABASE_URL, created if missing, its hotline contacts emptied), migrated,
with one organisation, one line, one operator extension and one telephony integration account made by
the real service (``hotline.services.telephony_account_create``). Then gunicorn with 2 sync workers on
loopback (DEBUG off, as in production), and ``--clients`` threads of this process that each keep
sending requests for ``--seconds``:

1. ``POST /api/v1/hotline/calls/``: a new call id each time (so every request stores a draft contact),
   the caller's number hashed on arrival, the integration token authenticated;
2. replays of those records (the same call ids again: 200, nothing stored);
3. ``GET /healthz``: the minimal view on the same server, the baseline of the same run.

It prints requests per second and the median and 95th-percentile latency of each, and checks that the
database holds exactly one contact per 201 answer.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="amanat-bench-calls-"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{SCRATCH / 'bench.sqlite3'}"
BENCH_KEYS = (  # fixed benchmark keys: the data is synthetic
    "kbench:YmVuY2hiZW5jaGJlbmNoYmVuY2hiZW5jaGJlbmNoYmU=,"
    "blind-index:aW5kZXhpbmRleGluZGV4aW5kZXhpbmRleGluZGV4aW4="
)
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "AMANAT_KEYS": BENCH_KEYS,
    "DEBUG": "0",
    "SECURE_SSL_REDIRECT": "0",
    "SECRET_KEY": "benchmark-only-" + uuid.uuid4().hex + uuid.uuid4().hex,
    # Production refuses a console mail backend; nothing is mailed here (a local relay that is not used).
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "localhost",
    "DJANGO_SETTINGS_MODULE": "amanat.settings",
}
os.environ.update(SERVER_ENV)

import django  # noqa: E402


def _database() -> None:
    if DATABASE_URL.startswith("postgres"):
        import psycopg

        base, _, name = DATABASE_URL.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                admin.execute(f'CREATE DATABASE "{name}"')
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fixture() -> tuple[int, str]:
    """The line's id and a fresh integration token."""
    from accounts.roles import Role
    from accounts.tests.factories import user_with_role
    from hotline import services
    from hotline.models import Contact, Line, OperatorExtension
    from network.models import Organisation

    organisation, _ = Organisation.objects.get_or_create(
        name_en="Bench hotline NGO", defaults={"country": "TJ", "city": "Khujand"}
    )
    # unscoped: a benchmark arranges its own organisation's rows.
    Contact.unscoped.filter(organisation=organisation).delete()
    line, _ = Line.unscoped.get_or_create(organisation=organisation, name="Bench line")
    operator = user_with_role(Role.HOTLINE_OPERATOR, organisation, username=f"bench-{uuid.uuid4().hex[:8]}")
    line.operators.add(operator)
    OperatorExtension.unscoped.update_or_create(
        line=line, extension="101", defaults={"organisation": organisation, "operator": operator}
    )
    _account, token = services.telephony_account_create(organisation=organisation, name="Bench PBX", by=None)
    return line.pk, token


def _server(port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
        [
            str(gunicorn),
            "amanat.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def _run(port: int, clients: int, seconds: float, make_request) -> tuple[list[float], dict[int, int]]:
    """Every client sends requests one after the other until the time is up; latencies and statuses."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(number: int) -> None:
        sent = 0
        while time.monotonic() < stop_at:
            method, path, body, headers = make_request(number, sent)
            started = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            elapsed = time.perf_counter() - started
            sent += 1
            with lock:
                latencies.append(elapsed)
                statuses[response.status] = statuses.get(response.status, 0) + 1

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses


def _report(label: str, latencies: list[float], statuses: dict[int, int], seconds: float) -> None:
    ordered = sorted(latencies)
    p95 = ordered[int(len(ordered) * 0.95)] if ordered else 0
    print(
        f"| {label} | {len(latencies) / seconds:,.0f} | {statistics.median(ordered) * 1000:.1f} | "
        f"{p95 * 1000:.1f} | {', '.join(f'{code}: {count}' for code, count in sorted(statuses.items()))} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=18731)
    options = parser.parse_args()

    _database()
    line_id, token = _fixture()
    run_id = uuid.uuid4().hex[:8]
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def call(number: int, sent: int):
        body = {
            "call_id": f"bench-{run_id}-{number}-{sent}",
            "line": line_id,
            "started_at": "2026-12-01T09:15:00+05:00",
            "duration_seconds": 120 + sent % 300,
            "caller_number": f"+992 00 {number:03d} {sent % 10000:04d}",
            "operator_extension": "101",
        }
        return "POST", "/api/v1/hotline/calls/", json.dumps(body), headers

    created: list[tuple[int, int]] = []

    def replay(number: int, sent: int):
        own = [pair for pair in created if pair[0] == number] or created
        client_number, sent_before = own[sent % len(own)]
        method, path, body, replay_headers = call(client_number, sent_before)
        return method, path, body, replay_headers

    def healthz(number: int, sent: int):
        return "GET", "/healthz", None, {}

    server = _server(options.port)
    try:
        print(
            f"Database: {DATABASE_URL.split('@')[-1]}; gunicorn 2 sync workers; {options.clients} clients; "
            f"{options.seconds:g} s each\n"
        )
        print("| requests | per second | median ms | p95 ms | answers |")
        print("| --- | ---: | ---: | ---: | --- |")
        latencies, statuses = _run(options.port, options.clients, options.seconds, healthz)
        _report("`GET /healthz` (baseline)", latencies, statuses, options.seconds)

        sent_counts: dict[int, int] = {}
        original_call = call

        def counting_call(number: int, sent: int):
            sent_counts[number] = sent + 1
            return original_call(number, sent)

        latencies, statuses = _run(options.port, options.clients, options.seconds, counting_call)
        _report("`POST /api/v1/hotline/calls/` (new records)", latencies, statuses, options.seconds)
        created.extend((number, sent) for number, count in sent_counts.items() for sent in range(count))
        latencies_replay, statuses_replay = _run(options.port, options.clients, options.seconds, replay)
        _report("`POST /api/v1/hotline/calls/` (replays)", latencies_replay, statuses_replay, options.seconds)
    finally:
        server.terminate()
        server.wait(10)

    from hotline.models import Contact

    # unscoped: the benchmark counts what it stored.
    stored = Contact.unscoped.filter(telephony_call_id__startswith=f"bench-{run_id}-").count()
    print(f"\nStored {stored} contacts for {statuses.get(201, 0)} answers 201 (must be equal).")
    shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
