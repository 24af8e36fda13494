"""Migrations 0002–0006: rows written before record binding get record keys (history rows their
original's), clear free text becomes encrypted, and old values are re-bound; backwards restores them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cases.models import Screening, Victim
from privacy.crypto import encrypt_text, legacy_field_context, version_of

BEFORE = [("cases", "0001_initial")]
BEFORE_VALUES_REWRITTEN = [("cases", "0004_record_keys_required")]
DETAILS = "Told by neighbour Qzmigration"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


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


@pytest.mark.django_db(transaction=True)
def test_migrations_bind_old_values_and_encrypt_clear_free_text_and_run_backwards(ngo):
    try:
        old_apps = migrate(BEFORE)
        victim_pk, screening_pk, empty_pk = rows_written_before_record_binding(old_apps, ngo.pk)

        migrate_to_latest()

        screening = Screening.unscoped.get(pk=screening_pk)
        history = Screening.history.model
        kept, gone = history.unscoped.get(id=screening_pk), list(history.unscoped.filter(id=99999))
        assert (screening.referral_source_details, kept.referral_source_details) == (DETAILS, DETAILS)
        assert [row.referral_source_details for row in gone] == [DETAILS, DETAILS]
        assert kept.record_key == screening.record_key
        assert gone[0].record_key == gone[1].record_key != screening.record_key
        assert Victim.unscoped.get(pk=victim_pk).given_name == "Dilnoza"
        details = raw("cases_screening", "referral_source_details", "id", screening_pk)
        history_details = raw("cases_historicalscreening", "referral_source_details", "id", screening_pk)
        assert [version_of(value) for value in details + history_details] == ["v2", "v2"]
        assert raw("cases_screening", "referral_source_details", "id", empty_pk) == [None]
        assert version_of(raw("cases_victim", "given_name", "id", victim_pk)[0]) == "v2"

        migrate(BEFORE_VALUES_REWRITTEN)

        assert raw("cases_screening", "referral_source_details", "id", screening_pk) == [DETAILS]
        assert raw("cases_screening", "referral_source_details", "id", empty_pk) == [""]
        assert version_of(raw("cases_victim", "given_name", "id", victim_pk)[0]) == "v1"
    finally:
        migrate_to_latest()
