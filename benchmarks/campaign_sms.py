"""SMS broadcast throughput: 100,000 queued messages through the worker to the local HTTP gateway and to
the local SMPP server, beside each gateway's own ceiling (not a test; CI does not run it).

    .venv/bin/python benchmarks/campaign_sms.py --messages 100000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/amanat_bench_sms \
        .venv/bin/python benchmarks/campaign_sms.py --messages 100000

What it sets up: a scratch database (by default a new SQLite file in a temporary directory, else the
PostgreSQL database of BENCH_DATABASE_URL, created if missing), migrated, with one organisation, one
broadcast and ``--messages`` subscribers with synthetic numbers (+99290…, encrypted as always) and one
queued message each, made in bulk. Each local server runs in a process of its own
(``campaigns.testing.processes``), so the worker does not share its interpreter with it.

For each protocol it measures:

1. the ceiling (the better of a run before the worker's and one after): the same back-end
   (``campaigns.gateways.http`` with ``AMANAT_SMS_HTTP_CONNECTIONS``
   connections, ``campaigns.gateways.smpp`` with an ``AMANAT_SMS_SMPP_WINDOW`` window) handed the same
   number of messages in batches of ``AMANAT_SMS_BATCH_SIZE``, with no database at all;
2. the worker: ``campaigns.services.sending.broadcast_send`` on the broadcast, every message queued,
   with all its bookkeeping: claims, decrypting the numbers, outcomes, and (SMPP) the delivery receipts.

It prints messages per second of both and their ratio, and checks that the server received every number
exactly once and that every message ended sent (HTTP) or delivered (SMPP).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="amanat-bench-sms-"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{SCRATCH / 'bench.sqlite3'}"
BENCH_KEYS = (  # fixed benchmark keys: the data is synthetic
    "kbench:YmVuY2hiZW5jaGJlbmNoYmVuY2hiZW5jaGJlbmNoYmU=,"
    "blind-index:aW5kZXhpbmRleGluZGV4aW5kZXhpbmRleGluZGV4aW4="
)
os.environ.update(
    {
        "DATABASE_URL": DATABASE_URL,
        "AMANAT_KEYS": BENCH_KEYS,
        "DEBUG": "0",  # no query log in memory
        "SECURE_SSL_REDIRECT": "0",
        "SECRET_KEY": "benchmark-only-" + uuid.uuid4().hex + uuid.uuid4().hex,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "localhost",
        "DJANGO_SETTINGS_MODULE": "amanat.settings",
    }
)

import django  # noqa: E402

TEXT = "Check any job offer abroad before you travel. Call the hotline 1188 free of charge."


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


def _fixture(count: int):
    """The organisation, the broadcast with ``count`` queued messages and its text (made in bulk)."""
    from accounts.tests.factories import UserFactory
    from campaigns.models import (
        Broadcast,
        BroadcastText,
        Campaign,
        Gateway,
        Message,
        Subscriber,
        SubscriberList,
    )
    from campaigns.numbers import number_hash
    from network.models import Organisation

    organisation, _ = Organisation.objects.get_or_create(name_en="Bench SMS NGO", defaults={"country": "TJ"})
    # unscoped: a benchmark arranges (and empties) its own organisation's rows.
    Message.unscoped.filter(organisation=organisation).delete()
    Broadcast.unscoped.filter(organisation=organisation).delete()
    Subscriber.unscoped.filter(organisation=organisation).delete()
    user = UserFactory(username=f"bench-{uuid.uuid4().hex[:8]}")
    gateway = Gateway.unscoped.create(organisation=organisation, name="Bench console", backend="console")
    campaign = Campaign.unscoped.create(
        organisation=organisation, name="Bench", starts_on="2026-12-01", ends_on="2026-12-31", created_by=user
    )
    subscriber_list = SubscriberList.unscoped.create(
        organisation=organisation, name="Bench list", consent_source="synthetic", created_by=user
    )
    broadcast = Broadcast.unscoped.create(
        organisation=organisation, campaign=campaign, gateway=gateway, name="Bench", created_by=user
    )
    text = BroadcastText.unscoped.create(
        organisation=organisation, broadcast=broadcast, language="en", body=TEXT
    )
    started = time.perf_counter()
    for start in range(0, count, 5000):
        numbers = [f"+99290{index:07d}" for index in range(start, min(start + 5000, count))]
        subscribers = Subscriber.unscoped.bulk_create(
            [
                Subscriber(
                    organisation=organisation,
                    subscriber_list=subscriber_list,
                    number=number,
                    number_hash=number_hash(number),
                    language="en",
                )
                for number in numbers
            ]
        )
        if subscribers[0].pk is None:  # a back-end that does not return ids (none of ours)
            raise SystemExit("bulk_create did not return ids")
        Message.unscoped.bulk_create(
            [
                Message(
                    organisation=organisation,
                    broadcast=broadcast,
                    gateway=gateway,
                    subscriber=subscriber,
                    number_hash=subscriber.number_hash,
                    text=text,
                    segments=1,
                )
                for subscriber in subscribers
            ]
        )
    print(f"{count:,} subscribers and queued messages made in {time.perf_counter() - started:.1f} s")
    return organisation, broadcast


def _gateway(organisation, kind: str, server):
    from campaigns.models import Gateway

    fields = {"backend": kind, "rate_limit": 0, "timeout_seconds": 10, "sender": "AMANAT"}
    if kind == "http":
        fields.update(url=server.url, password="t0ken")  # noqa: S106 (the local server's)
    else:
        fields.update(host="127.0.0.1", port=server.port, username="amanat", password="secret")  # noqa: S106
    # unscoped: the benchmark's own gateway.
    name = f"Bench {kind} {uuid.uuid4().hex[:6]}"
    return Gateway.unscoped.create(organisation=organisation, name=name, **fields)


def _ceiling(gateway, count: int) -> float:
    """Messages per second of the bare back-end: the same client, no database."""
    from django.conf import settings

    from campaigns.gateways import backend_for
    from campaigns.gateways.base import Outgoing

    size = settings.AMANAT_SMS_BATCH_SIZE
    batches = [
        [Outgoing(str(i), f"+99291{i:07d}", TEXT, "AMANAT") for i in range(start, min(start + size, count))]
        for start in range(0, count, size)
    ]
    started = time.perf_counter()
    with backend_for(gateway) as backend:
        for batch in batches:
            backend.send(batch)
            if hasattr(backend, "take_reports"):
                backend.take_reports()
    return count / (time.perf_counter() - started)


def _worker(broadcast, gateway, count: int) -> tuple[float, dict]:
    from campaigns.models import Broadcast, Message
    from campaigns.services.sending import broadcast_send

    # unscoped: the benchmark queues its own broadcast's messages again for this gateway.
    Message.unscoped.filter(broadcast=broadcast).update(
        status="queued", gateway=gateway, gateway_message_id=None, attempts=0, claimed_at=None, sent_at=None
    )
    Broadcast.unscoped.filter(pk=broadcast.pk).update(gateway=gateway, status="sending", finished_at=None)
    started = time.perf_counter()
    result = broadcast_send(broadcast_id=broadcast.pk)
    elapsed = time.perf_counter() - started
    counts: dict[str, int] = {}
    for status in Message.unscoped.filter(broadcast=broadcast).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    counts["result"] = result
    return count / elapsed, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--protocols", nargs="+", default=["http", "smpp"], choices=["http", "smpp"])
    arguments = parser.parse_args()
    _database()
    from django.conf import settings

    from campaigns.testing.processes import ServerProcess

    organisation, broadcast = _fixture(arguments.messages)
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; batch "
        f"{settings.AMANAT_SMS_BATCH_SIZE}, HTTP connections {settings.AMANAT_SMS_HTTP_CONNECTIONS}, "
        f"SMPP window {settings.AMANAT_SMS_SMPP_WINDOW}"
    )
    rows = []
    for kind in arguments.protocols:
        options = {"token": "t0ken"} if kind == "http" else {}
        with ServerProcess(kind, **options) as server:
            before = _ceiling(_gateway(organisation, kind, server), arguments.messages)
        with ServerProcess(kind, **options) as server:
            rate, counts = _worker(broadcast, _gateway(organisation, kind, server), arguments.messages)
            stats = server.stats()
        with ServerProcess(kind, **options) as server:
            after = _ceiling(_gateway(organisation, kind, server), arguments.messages)
        ceiling = max(before, after)  # the machine is shared: the better of a run before and one after
        rows.append((kind, ceiling, rate, counts, stats))
        print(f"{kind}: ceiling {ceiling:,.0f} msg/s, worker {rate:,.0f} msg/s, {counts}, server {stats}")
    print()
    print("| protocol | ceiling (msg/s) | worker with bookkeeping (msg/s) | worker / ceiling | outcome |")
    print("| --- | ---: | ---: | ---: | --- |")
    for kind, ceiling, rate, counts, stats in rows:
        outcome = ", ".join(f"{key} {value:,}" for key, value in counts.items() if key != "result")
        duplicates = stats["duplicates"]
        print(
            f"| {kind.upper()} | {ceiling:,.0f} | {rate:,.0f} | {rate / ceiling:.0%} | {outcome}; "
            f"{stats['received']:,} received, {duplicates} duplicates |"
        )


if __name__ == "__main__":
    main()
