"""A copy of the database alone reveals no personal data: names, phones, documents, narratives."""

import os
import shutil
import subprocess

import pytest
from django.db import connection

from cases.models import Victim
from cases.tests.factories import TraffickingExperienceFactory, VictimFactory

# Synthetic values that occur nowhere else, so finding one means it was stored in plain text.
GIVEN_NAME = "Qyzgaldaqbibi"
FAMILY_NAME = "Zhuldyzbekqyzy"
PHONE = "+992 55 731 9046"
DOCUMENT_NUMBER = "ZX7730194QT"
NARRATIVE = "Worked at the Sunflower-Quartz brickyard without pay"
SECRETS = [GIVEN_NAME, FAMILY_NAME, PHONE, PHONE.replace(" ", ""), DOCUMENT_NUMBER, NARRATIVE]


@pytest.fixture
def case_with_personal_data():
    victim = VictimFactory(
        given_name=GIVEN_NAME,
        family_name=FAMILY_NAME,
        mobile_phone=PHONE,
        identity_documents=[{"type": "passport", "number": DOCUMENT_NUMBER, "country": "TJ"}],
    )
    victim.home_phone = PHONE
    victim.save(update_fields=["home_phone"])  # a second history row
    TraffickingExperienceFactory(organisation=victim.organisation, case=victim.case, narrative=NARRATIVE)
    return victim.case


def found_in(data: bytes) -> list[str]:
    lowered = data.lower()
    return [secret for secret in SECRETS if secret.lower().encode() in lowered]


def every_row_as_bytes() -> bytes:
    """Every value of every table, as text, read with plain SQL (no decryption)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our table names)
            chunks += [repr(row) for row in cursor.fetchall()]
    return "\n".join(chunks).encode()


@pytest.mark.django_db
def test_at_rest_database_rows_hold_no_personal_data(case_with_personal_data):
    data = every_row_as_bytes()

    assert case_with_personal_data.code.encode() in data  # the scan does see the case's rows
    assert found_in(data) == []


@pytest.mark.django_db
def test_at_rest_encrypted_values_still_read_back(case_with_personal_data):
    victim = Victim.unscoped.get(case=case_with_personal_data)

    assert (victim.given_name, victim.mobile_phone, victim.identity_documents[0]["number"]) == (
        GIVEN_NAME,
        PHONE,
        DOCUMENT_NUMBER,
    )
    assert case_with_personal_data.experience.narrative == NARRATIVE


@pytest.mark.django_db(transaction=True)
def test_at_rest_sqlite_database_file_holds_no_personal_data(case_with_personal_data, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("The database-file scan is the SQLite form of this test; PostgreSQL runs pg_dump.")
    copy = tmp_path / "copy.sqlite3"

    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])

    data = copy.read_bytes()
    assert case_with_personal_data.code.encode() in data
    assert found_in(data) == []


@pytest.mark.django_db(transaction=True)
def test_at_rest_postgresql_dump_holds_no_personal_data(case_with_personal_data):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump needs PostgreSQL (DATABASE_URL=postgres://…); SQLite scans its database file.")
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed (apt-get install -y postgresql-client).")
    database = connection.settings_dict
    command = ["pg_dump", "--no-owner", "--dbname", database["NAME"]]
    for option, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")]:
        if database.get(key):
            command += [option, str(database[key])]
    environment = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}

    dump = subprocess.run(command, capture_output=True, check=True, env=environment).stdout  # noqa: S603

    assert case_with_personal_data.code.encode() in dump
    assert found_in(dump) == []
