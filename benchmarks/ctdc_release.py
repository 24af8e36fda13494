"""Retention, information loss and time of the CTDC-format k-anonymised release (not a test; CI does not
run it), on the demo data and on synthetic rows, beside the naive baselines of the same run.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/amanat_bench_ctdc \
        .venv/bin/python benchmarks/ctdc_release.py --k 11 --synthetic 1000000

What it does: in a scratch database it creates and migrates, ``load_demo --force`` (the seed's scenario;
a second run changes nothing), then the release of the whole network's counted cases exactly as
``export_ctdc`` makes it (``exchange.ctdc.release``: rows from the database, the lattice search, the
second pass writing the CSV and the checker reading it back). Then the same search and second pass on
``exchange.synthetic.synthetic_rows(N)`` (streamed, never in memory).

Each line prints records in, retention, NCP, the levels chosen and the time, beside two baselines from the
same counts: naive k-anonymity (suppression only, no generalisation, over the same QIs) and the same
without the year of registration.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/amanat_bench_ctdc"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
os.environ.setdefault(  # fixed benchmark keys: the data is synthetic
    "AMANAT_KEYS",
    "kbench:YmVuY2hiZW5jaGJlbmNoYmVuY2hiZW5jaGJlbmNoYmU=,"
    "blind-index:aW5kZXhpbmRleGluZGV4aW5kZXhpbmRleGluZGV4aW4=",
)

import django  # noqa: E402


def _setup():
    import psycopg

    url = os.environ["DATABASE_URL"]
    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    call_command("load_demo", "--force", stdout=io.StringIO())
    print(f"demo loaded in {time.monotonic() - started:.0f} s")


def _baselines(source, k: int) -> tuple[float, float]:
    """Naive retention (suppression only) over all QIs, and without the year."""
    from exchange.ctdc import kanon

    qis = kanon.quasi_identifiers()
    counts = kanon.count_combinations(source(), qis)
    without_year = kanon.count_combinations(source(), qis[1:])
    return (
        kanon.retention_without_generalisation(counts, k=k),
        kanon.retention_without_generalisation(without_year, k=k),
    )


def _measure(label: str, source, k: int) -> None:
    from exchange.ctdc import kanon
    from exchange.ctdc.release import ctdc_release_write

    naive, naive_without_year = _baselines(source, k)
    started = time.monotonic()
    release = kanon.anonymise(source, k=k)
    searched = time.monotonic() - started
    # Written to a temporary file and read back by the checker, as the command does.
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as handle:
        written = ctdc_release_write(release, handle)
    total = time.monotonic() - started
    report = release.report
    levels = ", ".join(f"{qi}: {level}" for qi, level in report.levels)
    print(
        f"{label}: {report.records_in:,} records in; kept {report.records_kept:,} "
        f"({100 * report.retention:.1f}%), NCP {report.ncp:.3f}; levels {levels}; "
        f"search {searched:.1f} s, search + CSV + check {total:.1f} s ({written:,} rows checked)"
    )
    print(
        f"{label} baselines: naive k = {k} (suppression only) keeps {100 * naive:.1f}%; "
        f"naive without year keeps {100 * naive_without_year:.1f}%"
    )
    if report.warning:
        print(f"{label} WARNING: {report.warning}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--k", type=int, default=11)
    parser.add_argument("--synthetic", type=int, nargs="*", default=[1_000_000])
    parser.add_argument("--no-demo", action="store_true", help="Synthetic rows only (no database).")
    arguments = parser.parse_args()
    if arguments.no_demo:
        django.setup()
    else:
        _setup()
    from exchange.ctdc.records import ctdc_rows
    from exchange.synthetic import synthetic_rows
    from network.models import Organisation

    if not arguments.no_demo:
        organisation_ids = frozenset(Organisation.objects.values_list("pk", flat=True))
        _measure("demo", lambda: ctdc_rows(organisation_ids=organisation_ids), arguments.k)
    for count in arguments.synthetic:
        _measure(f"synthetic {count:,}", lambda count=count: synthetic_rows(count), arguments.k)


if __name__ == "__main__":
    main()
