"""How long a name search takes at 100k and 1M victims on PostgreSQL (not a test; CI does not run it).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/amanat_bench \
        .venv/bin/python benchmarks/search_names.py --victims 100000 1000000

What it generates (in a scratch database it creates and migrates; its cases tables are emptied first):
10 organisations; for each victim a bare case row (INSERT … SELECT generate_series: code, organisation,
defaults) and the victim's search-token rows, derived with the real derivation
(``privacy.search_tokens.search_tokens``) from a synthetic given and family name (drawn from 60 × 80
Central Asian names, in Cyrillic or Latin) and a birth date, loaded with COPY. No Victim rows (their
encrypted fields would take hours to generate at 1M and the search never reads them). The searching
caseworker belongs to organisation 1, which holds a tenth of the victims.

What it measures, with PostgreSQL's JIT on (its default) and off, each the median of 5 runs after a
warm-up, through the selectors the pages use:
the first page (25 rows) and the count of ``selectors.case_name_search`` for several queries, beside a
baseline from the same run: the case list filtered by a full case code (an indexed equality, the
lookup the blind index also is) through the same ``case_list_rows`` selector.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/amanat_bench"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
os.environ.setdefault(  # fixed benchmark keys: the data is synthetic
    "AMANAT_KEYS",
    "kbench:YmVuY2hiZW5jaGJlbmNoYmVuY2hiZW5jaGJlbmNoYmU=,"
    "blind-index:aW5kZXhpbmRleGluZGV4aW5kZXhpbmRleGluZGV4aW4=",
)

import django  # noqa: E402

GIVEN = str.split(
    "Gulnora Гулнора Dilnoza Дильноза Malika Малика Zarina Зарина Nodira Нодира Madina Мадина Aziza Азиза "
    "Shahnoza Шахноза Feruza Феруза Mohira Мохира Sevara Севара Nilufar Нилуфар Kamola Камола Umida Умида "
    "Rustam Рустам Farrukh Фаррух Bakhodir Баходир Sherzod Шерзод Jamshid Джамшид Otabek Отабек Timur Тимур "
    "Aibek Айбек Nurlan Нурлан Yerlan Ерлан Daniyar Данияр Azamat Азамат Bekzod Бекзод Ulugbek Улугбек"
)
FAMILY = str.split(
    "Rakhimov Рахимов Karimov Каримов Usmonov Усмонов Nazarov Назаров Yusupov Юсупов Tursunov Турсунов "
    "Saidov Саидов Aliev Алиев Rasulov Расулов Ismoilov Исмоилов Khasanov Хасанов Mirzoev Мирзоев "
    "Sharipov Шарипов Abdullaev Абдуллаев Ergashev Эргашев Kholmatov Холматов Safarov Сафаров Jurayev "
    "Жураев Nurmatov Нурматов Sultanov Султанов Akhmedov Ахмедов Bobojonov Бобожонов Kurbanov Курбанов "
    "Zakirov Закиров Umarov Умаров Olimov Олимов Davletov Давлетов Abdurakhmonov Абдурахмонов Toshmatov "
    "Тошматов Mamatov Маматов Valiev Валиев Boboev Бобоев Sattorov Сатторов Fayzullaev Файзуллаев "
    "Kadyrov Кадыров Tokhtarov Тохтаров Omarov Омаров Zhumabaev Жумабаев"
)
ORGANISATIONS = 10
QUERIES = [
    ("рахим", {}),
    ("rakhim", {}),
    ("Gulnora Rakhimova", {}),
    ("Rakhinova (typo)", {}),
    ("ra", {}),
    ("rakhim + year", {"birth_year": 1990}),
]


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


def _organisations_and_user():
    from accounts.models import Membership, User
    from accounts.roles import Role
    from network.models import Organisation

    organisations = []
    for number in range(ORGANISATIONS):
        organisation, _ = Organisation.objects.get_or_create(
            name_en=f"Bench NGO {number}", defaults={"country": "TJ", "city": "Bench"}
        )
        organisations.append(organisation)
    user, _ = User.objects.get_or_create(username="bench-caseworker")
    # The caseworker's organisation holds every tenth victim (those numbered 1, 11, 21 …).
    Membership.unscoped.get_or_create(user=user, organisation=organisations[1], role=Role.CASEWORKER)
    return organisations, user


def _reset(connection):
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE cases_victimsearchtoken, cases_historicalcase RESTART IDENTITY")
        cursor.execute("TRUNCATE cases_case RESTART IDENTITY CASCADE")


def _insert_cases(connection, victims: int, organisation_ids: list[int]) -> int:
    """Bare case rows; every column the model defines gets its default (so new fields need no edit)."""
    from cases.models import Case

    special = {
        "record_key": "gen_random_uuid()",
        "organisation_id": f"(ARRAY{organisation_ids})[1 + n %% {len(organisation_ids)}]",
        "code": "'BN-' || n",
        "registered_on": "DATE '2025-06-01'",
        "created_at": "now()",
        "updated_at": "now()",
    }
    columns, values, params = [], [], []
    for field in Case._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.column in special:
            values.append(special[field.column])
        else:
            values.append("%s")
            default = field.get_default() if field.has_default() or not field.null else None
            params.append(field.get_db_prep_save(default, connection))
    # Column names come from the model, values are parameters.
    sql = (
        f"INSERT INTO cases_case ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(values)} FROM generate_series(1, {victims}) AS n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute("SELECT min(id) FROM cases_case")
        return cursor.fetchone()[0]


def _insert_tokens(connection, victims: int, first_case_id: int, organisation_ids: list[int]) -> int:
    from privacy.search_tokens import search_tokens

    rng = random.Random(8)
    name_tokens: dict[tuple[str, str], set[int]] = {}
    birth_tokens: dict[datetime.date, set[int]] = {}
    kid = search_tokens([])[0]
    start = datetime.date(1960, 1, 1)
    rows = 0
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS victimsearchtoken_token_case")
        # A scratch database: no foreign-key checks row by row while loading (the ids are generated).
        cursor.execute("SET session_replication_role = replica")
        raw = cursor.cursor
        with raw.copy(
            "COPY cases_victimsearchtoken (organisation_id, case_id, token, kid) FROM STDIN"
        ) as copy:
            buffer = io.StringIO()
            for number in range(1, victims + 1):
                given, family = rng.choice(GIVEN), rng.choice(FAMILY)
                if rng.random() < 0.55:
                    family += "a"
                born = start + datetime.timedelta(days=rng.randrange(16000))
                if (given, family) not in name_tokens:
                    name_tokens[given, family] = search_tokens([given, family])[1]
                if born not in birth_tokens:
                    birth_tokens[born] = search_tokens([], birth_date=born)[1]
                organisation = organisation_ids[number % len(organisation_ids)]
                case_id = first_case_id + number - 1
                for token in name_tokens[given, family] | birth_tokens[born]:
                    buffer.write(f"{organisation}\t{case_id}\t{token}\t{kid}\n")
                    rows += 1
                if number % 20000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        cursor.execute(
            "CREATE INDEX victimsearchtoken_token_case"
            " ON cases_victimsearchtoken (token, organisation_id, case_id)"
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        # As autovacuum would: statistics, and the visibility map that lets the index answer alone.
        cursor.execute("VACUUM ANALYZE cases_victimsearchtoken")
        cursor.execute("VACUUM ANALYZE cases_case")
    return rows


def _median_ms(function, runs: int = 5) -> float:
    function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _measure(user) -> list[tuple[str, float, float, int]]:
    from cases import selectors
    from cases.models import Case

    # unscoped: the benchmark picks a code of the user's own organisation for the baseline.
    code = (
        Case.unscoped.filter(organisation__name_en="Bench NGO 1")
        .order_by("pk")
        .values_list("code", flat=True)[0]
    )
    results = []
    baseline = selectors.case_list_rows(user=user).filter(code=code)
    results.append(
        (
            "baseline: full case code",
            _median_ms(lambda: list(baseline[:25])),
            _median_ms(baseline.count),
            baseline.count(),
        )
    )
    for label, criteria in QUERIES:
        name = label.split(" (")[0].split(" + ")[0]
        found = selectors.case_name_search(user=user, name=name, **criteria)
        results.append(
            (
                f"search {label!r}",
                _median_ms(lambda f=found: list(f[:25])),
                _median_ms(found.count),
                found.count(),
            )
        )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--victims", type=int, nargs="+", default=[100_000, 1_000_000])
    arguments = parser.parse_args()
    _setup()
    from django.db import connection

    organisations, user = _organisations_and_user()
    organisation_ids = [organisation.pk for organisation in organisations]
    for victims in arguments.victims:
        _reset(connection)
        started = time.perf_counter()
        first = _insert_cases(connection, victims, organisation_ids)
        tokens = _insert_tokens(connection, victims, first, organisation_ids)
        loaded = time.perf_counter() - started
        visible = victims // ORGANISATIONS
        print(f"\n{victims:,} victims ({visible:,} visible), {tokens:,} tokens, loaded in {loaded:.0f} s")
        # PostgreSQL's JIT compiles a query whose estimated cost is high; for short OLTP queries such
        # as these it costs more than it saves, so both settings are measured.
        for jit in ("on", "off"):
            with connection.cursor() as cursor:
                cursor.execute(f"SET jit = {jit}")
            print(f"{'query (jit ' + jit + ')':38} {'first page ms':>14} {'count ms':>10} {'matches':>9}")
            for label, page_ms, count_ms, matches in _measure(user):
                print(f"{label:38} {page_ms:14.1f} {count_ms:10.1f} {matches:9,}")


if __name__ == "__main__":
    main()
