"""rotate_keys: everything under an older key id is re-encrypted under the current one, resumably."""

import base64
import collections
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from cases.models import Attachment, Victim
from cases.tests.factories import AttachmentFactory, VictimFactory
from privacy.crypto import (
    decrypt_bytes,
    encrypt_bytes,
    encrypt_text,
    file_context,
    key_id_of,
    legacy_field_context,
)

KEY_A = "ka:" + base64.b64encode(b"a" * 32).decode()
KEY_B = "kb:" + base64.b64encode(b"b" * 32).decode()
INDEX_KEY = "blind-index:" + base64.b64encode(b"i" * 32).decode()
VICTIM_COLUMNS = ["given_name", "family_name", "birth_date", "mobile_phone"]

pytestmark = pytest.mark.django_db


def raw_key_ids() -> collections.Counter:
    """Key ids of the stored values of the victims and their history, read without decrypting."""
    counts = collections.Counter()
    with connection.cursor() as cursor:
        for table in [Victim._meta.db_table, Victim.history.model._meta.db_table]:
            for column in VICTIM_COLUMNS:
                quoted = (connection.ops.quote_name(column), connection.ops.quote_name(table))
                cursor.execute("SELECT {} FROM {}".format(*quoted))  # noqa: S608 (names from our models)
                counts.update(key_id_of(value) for (value,) in cursor.fetchall())
    return counts


def rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def victims_under_key_a(settings):
    settings.AMANAT_KEYS = f"{KEY_A},{INDEX_KEY}"
    victims = VictimFactory.create_batch(3, given_name="Dilnoza", mobile_phone="+992 00 000 0001")
    settings.AMANAT_KEYS = f"{KEY_B},{KEY_A},{INDEX_KEY}"
    return victims


def test_rotate_keys_reencrypts_everything_under_the_new_key(victims_under_key_a):
    before = raw_key_ids()

    output = rotate()

    assert before == {"ka": 24}
    assert raw_key_ids() == {"kb": 24}
    assert "Total re-encrypted: 24" in output.splitlines()
    victim = Victim.unscoped.get(pk=victims_under_key_a[0].pk)
    assert (victim.given_name, victim.birth_date, victim.mobile_phone) == (
        "Dilnoza",
        datetime.date(1995, 4, 12),
        "+992 00 000 0001",
    )


def test_rotate_keys_second_run_changes_nothing(victims_under_key_a):
    rotate()

    output = rotate()

    assert "Total re-encrypted: 0" in output.splitlines()
    assert raw_key_ids() == {"kb": 24}


def test_rotate_keys_reports_counts_per_field_never_values(victims_under_key_a):
    output = rotate()

    assert "cases.victim.given_name: 3 re-encrypted" in output.splitlines()
    assert "cases.historicalvictim.mobile_phone: 3 re-encrypted" in output.splitlines()
    assert ("Dilnoza" in output, "+992" in output, "1995" in output) == (False, False, False)


def test_rotate_keys_dry_run_counts_and_changes_nothing(victims_under_key_a):
    output = rotate("--dry-run")

    assert "cases.victim.family_name: 3 to re-encrypt" in output.splitlines()
    assert "Total to re-encrypt: 24" in output.splitlines()
    assert raw_key_ids() == {"ka": 24}


def test_rotate_keys_interrupted_run_resumes_where_it_stopped(victims_under_key_a):
    first = rotate("--batch-size", "2", "--max-batches", "3")
    after_first = raw_key_ids()

    second = rotate("--batch-size", "2")

    assert "Stopped after 3 batches; run rotate_keys again to continue." in first.splitlines()
    assert after_first == {"ka": 19, "kb": 5}  # batches of 2 and 1 for one field, then 2 of the next
    assert "Total re-encrypted: 19" in second.splitlines()
    assert raw_key_ids() == {"kb": 24}


def test_rotate_keys_leaves_values_of_unknown_key_and_fails(victims_under_key_a, settings):
    settings.AMANAT_KEYS = f"{KEY_B},{INDEX_KEY}"

    with pytest.raises(CommandError) as raised:
        rotate()

    assert str(raised.value).startswith("24 values could not be decrypted")
    assert raw_key_ids() == {"ka": 24}


def test_rotate_keys_leaves_values_edited_meanwhile_under_current_key(victims_under_key_a):
    victim = Victim.unscoped.get(pk=victims_under_key_a[0].pk)
    victim.given_name = "Malika"
    victim.save(update_fields=["given_name"])

    rotate()

    assert Victim.unscoped.get(pk=victim.pk).given_name == "Malika"


@pytest.fixture
def attachment_under_key_a(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # The contract rotate_keys reads (see its docstring); set here in case the model does not declare it yet.
    monkeypatch.setattr(Attachment, "encrypted_file_fields", ("storage_name",), raising=False)
    settings.AMANAT_KEYS = f"{KEY_A},{INDEX_KEY}"
    attachment = AttachmentFactory()
    name = default_storage.save(
        attachment.storage_name,
        ContentFile(
            encrypt_bytes(b"%PDF-1.4 synthetic", context=file_context(Attachment, attachment.storage_name))
        ),
    )
    settings.AMANAT_KEYS = f"{KEY_B},{KEY_A},{INDEX_KEY}"
    return attachment, name


def test_rotate_keys_reencrypts_attachment_files_in_place(attachment_under_key_a):
    attachment, name = attachment_under_key_a

    output = rotate()

    with default_storage.open(name, "rb") as file:
        stored = file.read()
    assert key_id_of(stored) == "kb"
    assert (
        decrypt_bytes(stored, context=file_context(Attachment, attachment.storage_name))
        == b"%PDF-1.4 synthetic"
    )
    assert "cases.attachment.storage_name (files): 1 re-encrypted" in output.splitlines()
    assert "Total re-encrypted: 0" in rotate().splitlines()


def test_rotate_keys_binds_old_format_values_under_an_old_key_to_their_record(settings):
    settings.AMANAT_KEYS = f"{KEY_A},{INDEX_KEY}"
    victim = VictimFactory(given_name="Dilnoza")
    history_row = Victim.history.model.unscoped.get(id=victim.pk)
    legacy = encrypt_text("Dilnoza", context=legacy_field_context(Victim, "given_name"))
    legacy_history = encrypt_text("Dilnoza", context=legacy_field_context(Victim.history.model, "given_name"))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_victim SET given_name = %s WHERE id = %s", [legacy, victim.pk])
        cursor.execute(
            "UPDATE cases_historicalvictim SET given_name = %s WHERE history_id = %s",
            [legacy_history, history_row.history_id],
        )
    settings.AMANAT_KEYS = f"{KEY_B},{KEY_A},{INDEX_KEY}"

    rotate()

    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name FROM cases_victim WHERE id = %s", [victim.pk])
        stored = cursor.fetchone()[0]
    assert stored.split(":")[:2] == ["v2", "kb"]
    assert Victim.unscoped.get(pk=victim.pk).given_name == "Dilnoza"
    assert Victim.history.model.unscoped.get(history_id=history_row.history_id).given_name == "Dilnoza"
