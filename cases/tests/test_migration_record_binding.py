"""Migrations 0002–0006: rows written before record binding get record keys (history rows their
original's), clear free text becomes encrypted, and old values are re-bound; backwards restores them.
The migrations run once for every data-migration test: amanat/tests/migration_journey.py."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import Screening, Victim
from privacy.crypto import encrypt_text, legacy_field_context, version_of

BEFORE = [("cases", "0001_initial")]
BEFORE_VALUES_REWRITTEN = [("cases", "0004_record_keys_required")]
DETAILS = "Told by neighbour Qzmigration"


def raw(table: str, column: str, where: str, value) -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {connection.ops.quote_name(table)} "  # noqa: S608
            f"WHERE {connection.ops.quote_name(where)} = %s ORDER BY 1",
            [value],
        )
        return [row[0] for row in cursor.fetchall()]


def rows_written_before_record_binding(apps, organisation_id):
    """What an installation of the previous version holds: clear details, v1 names, history rows."""
    case_model, victim_model = apps.get_model("cases", "Case"), apps.get_model("cases", "Victim")
    screening_model = apps.get_model("cases", "Screening")
    history = apps.get_model("cases", "HistoricalScreening")
    day = datetime.date(2026, 1, 15)
    case = case_model.objects.create(
        organisation_id=organisation_id, code="TJ-2026-000777", registered_on=day
    )
    other = case_model.objects.create(
        organisation_id=organisation_id, code="TJ-2026-000778", registered_on=day
    )
    victim = victim_model.objects.create(organisation_id=organisation_id, case=case, blind_index="0" * 64)
    legacy = encrypt_text("Dilnoza", context=legacy_field_context(Victim, "given_name"))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_victim SET given_name = %s WHERE id = %s", [legacy, victim.pk])
    screening = screening_model.objects.create(
        organisation_id=organisation_id, case=case, referral_source_details=DETAILS, screened_on=day
    )
    empty = screening_model.objects.create(organisation_id=organisation_id, case=other, screened_on=day)
    common = {"organisation_id": organisation_id, "case_id": case.pk, "screened_on": day, "history_type": "+"}
    history.objects.create(
        id=screening.pk, referral_source_details=DETAILS, history_date=timezone.now(), **common
    )
    # Two history rows of a screening that no longer exists.
    for _ in range(2):
        history.objects.create(
            id=99999, referral_source_details=DETAILS, history_date=timezone.now(), **common
        )
    return victim.pk, screening.pk, empty.pk


def read_after(rows) -> dict:
    """At the latest version: the values as the product reads them and as they are stored."""
    victim_pk, screening_pk, empty_pk = rows
    screening = Screening.unscoped.get(pk=screening_pk)
    history = Screening.history.model
    kept, gone = history.unscoped.get(id=screening_pk), list(history.unscoped.filter(id=99999))
    details = raw("cases_screening", "referral_source_details", "id", screening_pk)
    history_details = raw("cases_historicalscreening", "referral_source_details", "id", screening_pk)
    return {
        "details": (screening.referral_source_details, kept.referral_source_details),
        "gone": [row.referral_source_details for row in gone],
        "record_keys": (kept.record_key, screening.record_key, [row.record_key for row in gone]),
        "given_name": Victim.unscoped.get(pk=victim_pk).given_name,
        "versions": [version_of(value) for value in details + history_details],
        "empty": raw("cases_screening", "referral_source_details", "id", empty_pk),
        "given_name_version": version_of(raw("cases_victim", "given_name", "id", victim_pk)[0]),
    }


def read_back(rows) -> dict:
    """Back before the values were rewritten (0004): what is stored."""
    victim_pk, screening_pk, empty_pk = rows
    return {
        "details": raw("cases_screening", "referral_source_details", "id", screening_pk),
        "empty": raw("cases_screening", "referral_source_details", "id", empty_pk),
        "given_name_version": version_of(raw("cases_victim", "given_name", "id", victim_pk)[0]),
    }


@pytest.mark.django_db(transaction=True)  # the journey migrates: no test transaction around it
def test_migrations_bind_old_values_and_encrypt_clear_free_text_and_run_backwards(migration_journey):
    # The rows were written at cases 0001, read at the latest version and back at 0004: amanat/tests/
    # migration_journey.py.
    after, back = migration_journey["record_binding"]["after"], migration_journey["record_binding"]["back"]

    assert after["details"] == (DETAILS, DETAILS)
    assert after["gone"] == [DETAILS, DETAILS]
    kept_key, screening_key, gone_keys = after["record_keys"]
    assert kept_key == screening_key
    assert gone_keys[0] == gone_keys[1] != screening_key
    assert after["given_name"] == "Dilnoza"
    assert after["versions"] == ["v2", "v2"]
    assert after["empty"] == [None]
    assert after["given_name_version"] == "v2"

    assert back["details"] == [DETAILS]
    assert back["empty"] == [""]
    assert back["given_name_version"] == "v1"
