"""Loading the CTDC global dataset: ``import_ctdc`` of a 200,000-row format-A file (synthetic rows,
``exchange.synthetic``), beside reading and mapping the same file without a database (not a test; CI does
not run it).

    .venv/bin/python benchmarks/import_ctdc.py --rows 200000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/amanat_bench_ctdc \
        .venv/bin/python benchmarks/import_ctdc.py --rows 200000

What it sets up: a scratch database (by default a new SQLite file in a temporary directory, else the
PostgreSQL database of BENCH_DATABASE_URL, created if missing), migrated, and a CSV of ``--rows`` rows.
It measures:
1. the baseline: ``exchange.ctdc.reading`` reading the file and mapping every row to its fields, no database;
2. the import: ``exchange.reference_data.reference_dataset_import`` of the file (one transaction, batches
   of ``BATCH_SIZE``), then the same again (replacing the dataset: the old rows deleted first).
It prints seconds and rows per second of each and the process's peak resident memory after each step.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="amanat-bench-ctdc-"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{SCRATCH / 'bench.sqlite3'}"
os.environ.update(
    {
        "DATABASE_URL": DATABASE_URL,
        "AMANAT_KEYS": "kbench:YmVuY2hiZW5jaGJlbmNoYmVuY2hiZW5jaGJlbmNoYmU=,"
        "blind-index:aW5kZXhpbmRleGluZGV4aW5kZXhpbmRleGluZGV4aW4=",
        "DEBUG": "0",  # no query log in memory
        "SECURE_SSL_REDIRECT": "0",
        "SECRET_KEY": "benchmark-only-" + uuid.uuid4().hex + uuid.uuid4().hex,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "localhost",
        "DJANGO_SETTINGS_MODULE": "amanat.settings",
    }
)

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


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write(path: Path, count: int) -> None:
    from exchange.ctdc.columns import COLUMNS_A
    from exchange.synthetic import synthetic_rows

    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, COLUMNS_A)
        writer.writeheader()
        writer.writerows(synthetic_rows(count))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    count = parser.parse_args().rows
    _database()
    from exchange.ctdc.reading import read_ctdc, victim_fields
    from exchange.models import GlobalVictim
    from exchange.reference_data import reference_dataset_import

    path = SCRATCH / "The Global Dataset.csv"
    _write(path, count)
    print(f"{count:,} rows, {path.stat().st_size / 1e6:.1f} MB, database {DATABASE_URL.split(':')[0]}")
    print(f"{'step':<36}{'seconds':>10}{'rows/s':>12}{'peak MB':>10}")

    start = time.perf_counter()
    _format, rows = read_ctdc(path)
    mapped = sum(1 for _line, row in rows if victim_fields(row))
    baseline = time.perf_counter() - start
    label = "baseline: read and map, no database"
    print(f"{label:<36}{baseline:>10.1f}{mapped / baseline:>12,.0f}{_peak_mb():>10.0f}")

    for step in ("import_ctdc", "import_ctdc again (replaces)"):
        start = time.perf_counter()
        result = reference_dataset_import(path=path)
        elapsed = time.perf_counter() - start
        print(f"{step:<36}{elapsed:>10.1f}{result.loaded / elapsed:>12,.0f}{_peak_mb():>10.0f}")
    assert GlobalVictim.objects.count() == count, "every row loaded once"


if __name__ == "__main__":
    main()
