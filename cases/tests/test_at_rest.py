"""A copy of the database alone reveals no personal data: names, phones, documents, narratives, and a
canary in every free-text field of every case section, in the tables and their history tables."""

import datetime
import os
import shutil
import subprocess

import pytest
from django.apps import apps
from django.db import connection, models

from cases.models import Victim
from cases.tests import factories
from cases.tests.factories import TraffickingExperienceFactory, VictimFactory
from privacy.fields import EncryptedDateField, EncryptedField, EncryptedJSONField

# Synthetic values that occur nowhere else, so finding one means it was stored in plain text.
GIVEN_NAME = "Qyzgaldaqbibi"
FAMILY_NAME = "Zhuldyzbekqyzy"
PHONE = "+992 55 731 9046"
DOCUMENT_NUMBER = "ZX7730194QT"
NARRATIVE = "Worked at the Sunflower-Quartz brickyard without pay"
SECRETS = [GIVEN_NAME, FAMILY_NAME, PHONE, PHONE.replace(" ", ""), DOCUMENT_NUMBER, NARRATIVE]
CANARY_DATE = datetime.date(1911, 11, 11)

# Free text of the case sections that stays in clear, each with the reason it holds no personal data.
# Any other CharField, TextField or JSONField of a cases model must be encrypted (an EncryptedField).
CLEAR_FREE_TEXT = {
    "cases.case.code": "the case's pseudonym, shown on every page instead of a name",
    "cases.case.intake_steps": "the names of the intake steps saved, from a fixed list",
    "cases.victim.primary_language": "an ISO 639 language code (3 characters)",
    "cases.victim.secondary_language": "an ISO 639 language code (3 characters)",
    "cases.victim.blind_index": "a keyed hash of the name and birth date, not the name",
    "cases.victimsearchtoken.kid": "the id of the blind-index key a search token was derived under",
    "cases.caseaccess.reason": "the code of why a grant was given (cases.opened, shelters.resident)",
    "cases.victim.citizenship": "a list of ISO 3166 country codes, checked against the choices",
    "cases.consent.sections": "a list of section codes the consent covers, checked against the choices",
    "cases.screening.indicators": "a list of indicator codes, checked against the choices",
    "cases.screening.vulnerabilities": "a list of vulnerability codes, checked against the choices",
    "cases.screening.debts": "a list of debt codes, checked against the choices",
    "cases.screening.family_situation": "a list of family situation codes, checked against the choices",
    "cases.traffickingexperience.labour_sector_detail": "an ISIC division or group code (8 characters)",
    "cases.traffickingexperience.exploitation_types": "a list of codes, checked against the choices",
    "cases.traffickingexperience.labour_sectors": "a list of ISIC section codes, checked against the choices",
    "cases.screening.identifying_body_name": "the name of a public body (police, a ministry), not a person",
    "cases.perpetrator.roles": "a list of role codes, checked against the choices",
    "cases.perpetrator.citizenship": "a list of ISO 3166 country codes, checked against the choices",
    "cases.criminalproceeding.compensation_currency": "an ISO 4217 currency code (3 characters)",
    "cases.traffickingexperience.sex_exploitation_types": "a list of codes, checked against the choices",
    "cases.traffickingexperience.recruitment_methods": "a list of codes, checked against the choices",
    "cases.traffickingexperience.recruitment_apps": "a list of codes, checked against the choices",
    "cases.traffickingexperience.exploitation_apps": "a list of codes, checked against the choices",
    "cases.traffickingexperience.means_of_control": "a list of codes, checked against the choices",
    "cases.assistanceservice.currency": "an ISO 4217 currency code (3 characters)",
    "cases.attachment.content_type": "one of four MIME types, read from the file's own bytes",
    "cases.attachment.storage_name": "a random file name",
    "cases.attachment.sha256": "a hash of the file's content",
    "cases.approvalrequest.closure_decisions": "referral ids and a yes/no, written by the closure service",
}


def free_text_fields(model: type[models.Model]) -> list[models.Field]:
    """The model's fields that can hold typed text: text, strings without choices, JSON, encrypted."""
    return [
        field
        for field in model._meta.local_concrete_fields
        if isinstance(field, EncryptedField | models.TextField | models.JSONField)
        or (isinstance(field, models.CharField) and not field.choices)
    ]


def case_section_models() -> list[type[models.Model]]:
    """The cases models (their history tables copy their fields and are scanned with them)."""
    return [
        model
        for model in apps.get_app_config("cases").get_models()
        if free_text_fields(model) and not hasattr(model, "history_object")
    ]


def encrypted_section_fields() -> list[tuple[type[models.Model], EncryptedField]]:
    return [
        (model, field)
        for model in case_section_models()
        for field in free_text_fields(model)
        if isinstance(field, EncryptedField)
    ]


def canary(number: int, edit: str = "") -> str:
    return f"Qzcanary{number:03d}{edit}x"


def canary_value(field: EncryptedField, number: int, edit: str = ""):
    if isinstance(field, EncryptedDateField):
        return CANARY_DATE + datetime.timedelta(days=1 if edit else 0)
    if isinstance(field, EncryptedJSONField):
        return [{"text": canary(number, edit)}]
    return canary(number, edit)


def test_every_free_text_field_of_the_case_sections_is_encrypted_or_allowed_with_a_reason():
    clear = sorted(
        f"{model._meta.label_lower}.{field.name}"
        for model in case_section_models()
        for field in free_text_fields(model)
        if not isinstance(field, EncryptedField)
    )

    unexplained = [name for name in clear if name not in CLEAR_FREE_TEXT]
    assert unexplained == [], (
        f"Free text stored in clear: {unexplained}. Make it a privacy.fields.EncryptedTextField, or add it "
        "to CLEAR_FREE_TEXT with the reason it can never hold personal data."
    )
    assert sorted(CLEAR_FREE_TEXT) == clear  # no stale entries


@pytest.fixture
def canaries():
    """One row of every case section model, a canary in each of its encrypted fields, then edited once
    (two history rows each). The canaries written, for the scans."""
    written = []
    rows = []
    for number, (model, fields) in enumerate(_fields_by_model().items()):
        values = {field.name: canary_value(field, number * 10 + index) for index, field in enumerate(fields)}
        row = getattr(factories, f"{model.__name__}Factory")(**values)
        for index, field in enumerate(fields):
            setattr(row, field.attname, canary_value(field, number * 10 + index, edit="e"))
        row.save(update_fields=[field.name for field in fields])
        rows.append((type(row), row.pk))
        written += [canary(number * 10 + index, edit) for index in range(len(fields)) for edit in ("", "e")]
    return Canaries(written, rows)


class Canaries(list):
    """The canary values written (what the scans look for), and the rows that hold them."""

    def __init__(self, written: list[str], rows: list[tuple[type[models.Model], int]]):
        super().__init__(written)
        self.rows = rows


def _fields_by_model() -> dict[type[models.Model], list[EncryptedField]]:
    by_model = {}
    for model, field in encrypted_section_fields():
        by_model.setdefault(model, []).append(field)
    return by_model


def canaries_in(data: bytes, written: list[str]) -> list[str]:
    lowered = data.lower()
    found = [value for value in written if value.lower().encode() in lowered]
    return found + [str(CANARY_DATE)] * (str(CANARY_DATE).encode() in data)


def history_tables() -> list[str]:
    return [model.history.model._meta.db_table for model, _fields in _fields_by_model().items()]


def test_the_canary_scan_covers_the_fields_named_in_the_issue():
    names = {f"{model._meta.label_lower}.{field.name}" for model, field in encrypted_section_fields()}

    assert names >= {
        "cases.screening.referral_source_details",
        "cases.traffickingevent.city",
        "cases.story.title",
        "cases.story.review_comment",
        "cases.referral.decline_reason",
    }


@pytest.mark.django_db
def test_at_rest_canary_in_every_encrypted_field_is_nowhere_in_the_rows_or_history_rows(canaries):
    data = every_row_as_bytes()

    with connection.cursor() as cursor:
        history_rows = 0
        for table in history_tables():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (ours)
            history_rows += cursor.fetchone()[0]
    assert history_rows >= 2 * len(_fields_by_model())  # the scan did read history rows
    assert canaries_in(data, canaries) == []


@pytest.mark.django_db
def test_at_rest_canaries_still_read_back(canaries):
    read_back = []
    for number, ((model, fields), (_model, pk)) in enumerate(
        zip(_fields_by_model().items(), canaries.rows, strict=True)
    ):
        row = model._base_manager.get(pk=pk)
        read_back += [
            getattr(row, field.attname) == canary_value(field, number * 10 + i, "e")
            for i, field in enumerate(fields)
        ]

    assert all(read_back) and len(read_back) == len(encrypted_section_fields())


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
def test_at_rest_sqlite_database_file_holds_no_personal_data(case_with_personal_data, canaries, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("The database-file scan is the SQLite form of this test; PostgreSQL runs pg_dump.")
    copy = tmp_path / "copy.sqlite3"

    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])

    data = copy.read_bytes()
    assert case_with_personal_data.code.encode() in data
    assert found_in(data) == []
    assert canaries_in(data, canaries) == []


@pytest.mark.django_db(transaction=True)
def test_at_rest_postgresql_dump_holds_no_personal_data(case_with_personal_data, canaries):
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
    assert canaries_in(dump, canaries) == []
