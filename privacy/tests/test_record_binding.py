"""Each ciphertext is bound to its record: a value moved to another row fails with a clear error."""

import io

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from cases.models import Story, Victim
from cases.tests.factories import StoryFactory, VictimFactory
from privacy.crypto import encrypt_text, legacy_field_context, version_of
from privacy.fields import RecordBindingError

pytestmark = pytest.mark.django_db


def raw(table: str, column: str, pk_column: str, pk) -> str:
    with connection.cursor() as cursor:
        quoted = [connection.ops.quote_name(name) for name in (column, table, pk_column)]
        cursor.execute("SELECT {} FROM {} WHERE {} = %s".format(*quoted), [pk])  # noqa: S608 (our names)
        return cursor.fetchone()[0]


def raw_set(table: str, column: str, pk_column: str, pk, value) -> None:
    with connection.cursor() as cursor:
        quoted = [connection.ops.quote_name(name) for name in (table, column, pk_column)]
        cursor.execute("UPDATE {} SET {} = %s WHERE {} = %s".format(*quoted), [value, pk])  # noqa: S608


def test_encrypted_value_moved_to_another_record_fails_with_clear_error():
    first, second = VictimFactory(given_name="Dilnoza"), VictimFactory(given_name="Malika")
    table = Victim._meta.db_table
    # What an attacker with write access to the table does: copy one person's name onto another's row.
    raw_set(table, "given_name", "id", second.pk, raw(table, "given_name", "id", first.pk))

    moved = Victim.unscoped.get(pk=second.pk)
    with pytest.raises(RecordBindingError) as raised:
        moved.given_name  # noqa: B018 (reading the attribute decrypts it)

    message = str(raised.value)
    assert (raised.value.model_label, raised.value.field_name) == ("cases.victim", "given_name")
    assert message.startswith("cases.victim.given_name: the value does not decrypt for this record")
    assert "Dilnoza" not in message and "Malika" not in message
    assert Victim.unscoped.get(pk=first.pk).given_name == "Dilnoza"


def test_encrypted_value_moved_between_history_rows_of_two_records_fails():
    first, second = StoryFactory(title="First synthetic title"), StoryFactory(title="Second synthetic title")
    history = Story.history.model
    first_row = history.unscoped.get(id=first.pk)
    second_row = history.unscoped.get(id=second.pk)
    table = history._meta.db_table
    raw_set(
        table,
        "title",
        "history_id",
        second_row.history_id,
        raw(table, "title", "history_id", first_row.history_id),
    )

    with pytest.raises(RecordBindingError, match=r"^cases\.historicalstory\.title: "):
        history.unscoped.get(history_id=second_row.history_id).title  # noqa: B018


def test_encrypted_value_moved_to_another_field_of_the_same_record_fails():
    victim = VictimFactory(given_name="Dilnoza", family_name="Testova")
    table = Victim._meta.db_table
    raw_set(table, "family_name", "id", victim.pk, raw(table, "given_name", "id", victim.pk))

    with pytest.raises(RecordBindingError, match=r"^cases\.victim\.family_name: "):
        Victim.unscoped.get(pk=victim.pk).family_name  # noqa: B018


def test_history_rows_carry_the_record_key_and_still_decrypt():
    story = StoryFactory(title="Home again")
    story.title = "Home, at last"
    story.save(update_fields=["title"])

    rows = list(Story.history.model.unscoped.filter(id=story.pk).order_by("history_id"))

    assert [row.record_key for row in rows] == [story.record_key, story.record_key]
    assert [row.title for row in rows] == ["Home again", "Home, at last"]


def test_every_record_gets_its_own_record_key_before_the_first_save():
    first, second = Victim(), Victim()

    assert first.record_key is not None
    assert first.record_key != second.record_key


def test_legacy_unbound_value_is_refused_until_rotate_keys_binds_it():
    victim = VictimFactory(given_name="Dilnoza")
    legacy = encrypt_text("Dilnoza", context=legacy_field_context(Victim, "given_name"))
    raw_set(Victim._meta.db_table, "given_name", "id", victim.pk, legacy)

    with pytest.raises(RecordBindingError, match="written before record binding"):
        Victim.unscoped.get(pk=victim.pk).given_name  # noqa: B018
    call_command("rotate_keys", stdout=io.StringIO())

    assert version_of(raw(Victim._meta.db_table, "given_name", "id", victim.pk)) == "v2"
    assert Victim.unscoped.get(pk=victim.pk).given_name == "Dilnoza"


def test_encrypted_field_cannot_be_written_by_queryset_update():
    victim = VictimFactory()

    with pytest.raises(FieldError, match=r"cases\.victim\.given_name is encrypted for its record"):
        Victim.unscoped.filter(pk=victim.pk).update(given_name="Farrukh")


def test_unchanged_encrypted_value_is_saved_back_as_it_was():
    victim = VictimFactory(given_name="Dilnoza")
    before = raw(Victim._meta.db_table, "given_name", "id", victim.pk)

    Victim.unscoped.get(pk=victim.pk).save()

    assert raw(Victim._meta.db_table, "given_name", "id", victim.pk) == before
