"""THE KILL TEST: a real worker process sending through a slow local HTTP gateway is killed with SIGKILL
mid-send and started again; the gateway receives each number at most once and every message ends sent,
failed or unconfirmed (never sent twice: a message claimed before the kill and not answered is counted
as unconfirmed, not resent).

PostgreSQL: the worker processes open the test database. SQLite: the test database lives in memory, so
it is copied to a file (as SQLite is deployed) that the worker processes open and the test reads back."""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from campaigns.models import Broadcast
from campaigns.testing.fake_http_gateway import FakeHttpGateway
from campaigns.tests.sending_support import http_gateway, numbers, sending_broadcast, statuses
from conftest import TEST_KEYS

ROOT = Path(__file__).resolve().parents[2]
COUNT = 60


def _database_url(tmp_path) -> str:
    if connection.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"
        with contextlib.closing(sqlite3.connect(path)) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
        return f"sqlite:///{path}"
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(broadcast_id: int, database_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "AMANAT_KEYS": TEST_KEYS,
        "AMANAT_SMS_BATCH_SIZE": "6",
        "AMANAT_SMS_HTTP_CONNECTIONS": "2",
        "AMANAT_SMS_CLAIM_SECONDS": "2",  # a killed worker's claims count as lost after 2 s
        "AMANAT_SMS_RETRY_SECONDS": "0.1",
        "DJANGO_SETTINGS_MODULE": "amanat.settings",
    }
    return subprocess.Popen(  # noqa: S603 (our own command with fixed arguments)
        [sys.executable, "manage.py", "send_broadcast", str(broadcast_id)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_until(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the worker made no progress in time")
        time.sleep(0.02)


def _outcome(broadcast, database_url: str) -> tuple[dict[str, int], str]:
    """The messages' statuses and the broadcast's, read where the workers wrote them."""
    if not database_url.startswith("sqlite"):
        # unscoped: the test reads its broadcast back.
        return statuses(broadcast), Broadcast.unscoped.get(pk=broadcast.pk).status
    with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as database:
        rows = database.execute(
            "SELECT status, COUNT(*) FROM campaigns_message WHERE broadcast_id = ? GROUP BY status",
            [broadcast.pk],
        ).fetchall()
        (status,) = database.execute(
            "SELECT status FROM campaigns_broadcast WHERE id = ?", [broadcast.pk]
        ).fetchone()
    return dict(rows), status


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_and_restarted_sends_no_number_twice(ngo, tmp_path):
    with FakeHttpGateway(delay=0.03) as fake:
        broadcast = sending_broadcast(ngo, http_gateway(ngo, fake, timeout_seconds=5), COUNT)
        database_url = _database_url(tmp_path)

        first = _worker(broadcast.pk, database_url)
        try:
            _wait_until(lambda: len(fake.received) >= COUNT // 3, seconds=60)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        received_before_restart = len(fake.received)
        second = _worker(broadcast.pk, database_url)
        try:
            output, _ = second.communicate(timeout=90)
        finally:
            second.kill()
        counts, finished = _outcome(broadcast, database_url)

    assert first.returncode == -signal.SIGKILL
    assert COUNT // 3 <= received_before_restart < COUNT
    assert output.decode().strip().splitlines()[-1] == "finished"
    assert fake.duplicates() == {}
    assert set(fake.numbers()) <= set(numbers(COUNT))
    assert set(counts) <= {"sent", "failed", "unconfirmed"}
    assert sum(counts.values()) == COUNT
    assert counts["sent"] + counts.get("unconfirmed", 0) >= len(fake.numbers())
    assert counts.get("unconfirmed", 0) <= 12  # at most the batch out at the kill and the one claimed ahead
    assert finished == "finished"
