"""Production refuses demo encryption keys: the published test keys and a key file made in DEBUG."""

import base64
from pathlib import Path

from conftest import TEST_KEYS
from privacy import checks, crypto


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def fresh_keys() -> str:
    return f"{crypto.new_key_line('k1')},{crypto.new_key_line(crypto.BLIND_INDEX_KID)}"


def test_published_keys_are_the_test_keys_of_conftest():
    test_keys = {base64.b64decode(entry.partition(":")[2]) for entry in TEST_KEYS.split(",")}

    assert test_keys == checks.PUBLISHED_KEYS


def test_published_test_keys_in_amanat_keys_are_refused(settings):
    settings.AMANAT_KEYS = TEST_KEYS

    assert ids(checks.demo_key_errors()) == ["amanat.E003"]


def test_key_file_created_in_debug_is_refused(settings, tmp_path):
    path = tmp_path / "keys.txt"
    crypto._create_demo_key_file(path)
    settings.AMANAT_KEYS = ""
    settings.AMANAT_KEY_FILE = str(path)

    assert ids(checks.demo_key_errors()) == ["amanat.E004"]


def test_key_file_created_in_debug_before_the_marker_is_refused(settings, tmp_path):
    path = tmp_path / "keys.txt"
    path.write_text(
        f"{checks.DEMO_KEY_FILE_FIRST_LINE}\n# 'python manage.py rotate_keys' has run.\n{fresh_keys()}\n"
    )
    settings.AMANAT_KEYS = ""
    settings.AMANAT_KEY_FILE = str(path)

    assert ids(checks.demo_key_errors()) == ["amanat.E004"]


def test_own_key_file_and_fresh_keys_are_accepted(settings, tmp_path):
    path = Path(tmp_path / "keys.txt")
    path.write_text(fresh_keys().replace(",", "\n"))
    settings.AMANAT_KEYS = ""
    settings.AMANAT_KEY_FILE = str(path)

    from_file = checks.demo_key_errors() + checks.missing_key_errors()
    settings.AMANAT_KEYS = fresh_keys()

    assert (from_file, checks.demo_key_errors() + checks.missing_key_errors()) == ([], [])


def test_missing_keys_are_an_error_in_production(settings, tmp_path):
    settings.DEBUG = False
    settings.AMANAT_KEYS = ""
    settings.AMANAT_KEY_FILE = str(tmp_path / "missing.txt")

    assert ids(checks.missing_key_errors()) == ["amanat.E006"]


def test_keys_without_a_blind_index_key_are_an_error(settings):
    settings.AMANAT_KEYS = crypto.new_key_line("k1")

    assert ids(checks.missing_key_errors()) == ["amanat.E006"]
