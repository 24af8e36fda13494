"""Per-field encryption: AES-256-GCM under key ids, keys from AMANAT_KEYS or a key file."""

import base64
import stat

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.utils import translation

from cases.models import Victim
from cases.tests.factories import VictimFactory
from privacy.crypto import (
    DecryptionError,
    decrypt_bytes,
    decrypt_text,
    encrypt_bytes,
    encrypt_text,
    key_id_of,
    keyring,
    new_key_line,
    reencrypt,
    reset_keyring,
)

CONTEXT = "cases.victim.given_name"
KEY_A = "ka:" + base64.b64encode(b"a" * 32).decode()
KEY_B = "kb:" + base64.b64encode(b"b" * 32).decode()
INDEX_KEY = "blind-index:" + base64.b64encode(b"i" * 32).decode()


def test_encrypt_text_round_trips():
    token = encrypt_text("Zarina Synthetic-Testova", context=CONTEXT)

    assert decrypt_text(token, context=CONTEXT) == "Zarina Synthetic-Testova"


def test_encrypt_bytes_round_trips_binary_data():
    data = bytes(range(256)) * 4

    assert (
        decrypt_bytes(encrypt_bytes(data, context="cases.attachment.file"), context="cases.attachment.file")
        == data
    )


def test_encrypt_text_differs_each_time():
    first = encrypt_text("same value", context=CONTEXT)
    second = encrypt_text("same value", context=CONTEXT)

    assert first != second
    assert "same value" not in first


def test_encrypt_text_stores_format_and_key_id_only():
    token = encrypt_text("+992 900 000 001", context=CONTEXT)

    assert token.split(":")[:2] == ["v1", "ktest"]
    assert key_id_of(token) == "ktest"


def test_decrypt_text_refuses_value_moved_to_another_field():
    token = encrypt_text("Zarina", context="cases.victim.given_name")

    with pytest.raises(DecryptionError):
        decrypt_text(token, context="cases.victim.family_name")


def test_decrypt_text_refuses_value_moved_to_another_model():
    token = encrypt_text("Zarina", context="cases.victim.given_name")

    with pytest.raises(DecryptionError):
        decrypt_text(token, context="hotline.caller.given_name")


@pytest.mark.parametrize("position", [10, 20, -5])
def test_decrypt_text_refuses_tampered_value(position):
    token = encrypt_text("Zarina", context=CONTEXT)
    replacement = "A" if token[position] != "A" else "B"
    tampered = token[:position] + replacement + token[position:][1:]

    with pytest.raises(DecryptionError):
        decrypt_text(tampered, context=CONTEXT)


@pytest.mark.parametrize(
    "token", ["plain text", "v1:ktest:not base64!", "v1:ktest:QUJD", "v2:ktest:QUJD", ""]
)
def test_decrypt_text_refuses_values_that_are_not_ours(token):
    with pytest.raises(DecryptionError):
        decrypt_text(token, context=CONTEXT)


def test_decrypt_text_names_unknown_key_id(settings):
    token = encrypt_text("Zarina", context=CONTEXT)
    settings.AMANAT_KEYS = f"{KEY_A},{INDEX_KEY}"

    with pytest.raises(DecryptionError) as raised:
        decrypt_text(token, context=CONTEXT)

    assert str(raised.value) == (
        "unknown key id 'ktest': add its key to AMANAT_KEYS or the key file (known key ids: ka)"
    )


def test_decryption_error_never_contains_the_value():
    token = encrypt_text("Zarina Unique-Marker", context=CONTEXT)

    with pytest.raises(DecryptionError) as raised:
        decrypt_text(token, context="cases.victim.family_name")

    assert "Zarina" not in str(raised.value)
    assert token not in str(raised.value)


def test_keyring_reads_keys_from_setting(settings):
    settings.AMANAT_KEYS = f"{KEY_B},{KEY_A},{INDEX_KEY}"

    ring = keyring()

    assert (ring.current_kid, sorted(ring.keys), ring.blind_index_key) == ("kb", ["ka", "kb"], b"i" * 32)


def test_keyring_reads_key_file_with_comments(settings, tmp_path):
    key_file = tmp_path / "keys.txt"
    key_file.write_text(f"# new key first\n{KEY_B}\n\n{KEY_A}\n{INDEX_KEY}\n")
    settings.AMANAT_KEYS = ""
    settings.AMANAT_KEY_FILE = str(key_file)

    ring = keyring()

    assert (ring.current_kid, sorted(ring.keys)) == ("kb", ["ka", "kb"])


def test_keyring_new_key_in_front_encrypts_and_old_key_still_decrypts(settings):
    settings.AMANAT_KEYS = f"{KEY_A},{INDEX_KEY}"
    old = encrypt_text("Zarina", context=CONTEXT)
    settings.AMANAT_KEYS = f"{KEY_B},{KEY_A},{INDEX_KEY}"

    new = encrypt_text("Zarina", context=CONTEXT)

    assert (key_id_of(old), key_id_of(new)) == ("ka", "kb")
    assert decrypt_text(old, context=CONTEXT) == decrypt_text(new, context=CONTEXT) == "Zarina"
    assert key_id_of(reencrypt(old, context=CONTEXT)) == "kb"


def test_keyring_creates_missing_key_file_in_debug_readable_by_owner_only(settings, tmp_path):
    key_file = tmp_path / "var" / "keys.txt"
    settings.DEBUG = True
    settings.AMANAT_KEYS = ""
    settings.AMANAT_KEY_FILE = str(key_file)

    ring = keyring()

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert ring.current_kid.startswith("k")
    assert len(ring.keys[ring.current_kid]) == 32
    assert len(ring.blind_index_key) == 32


def test_keyring_keeps_created_key_file_on_next_start(settings, tmp_path):
    key_file = tmp_path / "keys.txt"
    settings.DEBUG = True
    settings.AMANAT_KEYS = ""
    settings.AMANAT_KEY_FILE = str(key_file)
    token = encrypt_text("Zarina", context=CONTEXT)

    reset_keyring()

    assert decrypt_text(token, context=CONTEXT) == "Zarina"


def test_keyring_without_keys_in_production_is_a_configuration_error(settings, tmp_path):
    key_file = tmp_path / "keys.txt"
    settings.DEBUG = False
    settings.AMANAT_KEYS = ""
    settings.AMANAT_KEY_FILE = str(key_file)

    with pytest.raises(ImproperlyConfigured) as raised:
        keyring()

    assert str(raised.value).startswith(
        f"Personal data is encrypted and needs keys, but the key file {key_file} does not exist."
    )
    assert not key_file.exists()


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (INDEX_KEY, "AMANAT_KEYS needs at least one data key and a 'blind-index' key"),
        (KEY_A, "AMANAT_KEYS needs at least one data key and a 'blind-index' key"),
        (
            f"ka:{base64.b64encode(b'short').decode()},{INDEX_KEY}",
            "AMANAT_KEYS: the key 'ka' must be 32 bytes",
        ),
        (f"ka:not*base64,{INDEX_KEY}", "AMANAT_KEYS: the key 'ka' is not valid base64."),
        (f"{KEY_A},{KEY_A},{INDEX_KEY}", "AMANAT_KEYS: the key id 'ka' appears twice."),
        (f"no separator,{INDEX_KEY}", "AMANAT_KEYS, entry 1: expected 'kid:base64key'"),
    ],
)
def test_keyring_explains_bad_keys_without_showing_them(settings, keys, message):
    settings.AMANAT_KEYS = keys

    with pytest.raises(ImproperlyConfigured) as raised:
        keyring()

    assert str(raised.value).startswith(message)
    assert base64.b64encode(b"a" * 32).decode() not in str(raised.value)


def test_new_key_line_is_a_usable_key(settings):
    line = new_key_line("k2031")
    settings.AMANAT_KEYS = f"{line},{INDEX_KEY}"

    token = encrypt_text("Zarina", context=CONTEXT)

    assert key_id_of(token) == "k2031"
    assert decrypt_text(token, context=CONTEXT) == "Zarina"


def test_new_key_line_refuses_key_id_with_separator():
    with pytest.raises(ValueError):
        new_key_line("k:1")


def test_generate_key_prints_a_new_key_line(capsys, settings):
    call_command("generate_key", "--kid", "k2032")

    line = capsys.readouterr().out.strip()
    settings.AMANAT_KEYS = f"{line},{INDEX_KEY}"
    assert keyring().current_kid == "k2032"


def test_key_id_of_plain_or_empty_value_is_none():
    assert [key_id_of(None), key_id_of(""), key_id_of("plain"), key_id_of(b"v1:k1:QUJD")] == [
        None,
        None,
        None,
        "k1",
    ]


@pytest.mark.django_db
def test_encrypted_field_search_by_value_is_refused():
    with pytest.raises(FieldError):
        list(Victim.unscoped.filter(given_name="Dilnoza"))
    with pytest.raises(FieldError):
        list(Victim.unscoped.filter(given_name__icontains="Dil"))


@pytest.mark.django_db
def test_encrypted_field_empty_value_is_stored_as_null_and_searchable():
    victim = VictimFactory(middle_name="")

    assert list(Victim.unscoped.filter(middle_name="").values_list("pk", flat=True)) == [victim.pk]
    assert list(Victim.unscoped.filter(middle_name__isnull=True).values_list("pk", flat=True)) == [victim.pk]
    assert Victim.unscoped.get(pk=victim.pk).middle_name == ""


def test_encrypted_date_field_explains_invalid_date_in_russian():
    with translation.override("ru"), pytest.raises(ValidationError) as raised:
        Victim._meta.get_field("birth_date").clean("31.02.2020", None)

    with translation.override("ru"):
        assert raised.value.messages == ["Введите правильную дату (ГГГГ-ММ-ДД)."]
