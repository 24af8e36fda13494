"""Rows made once for a whole test module (the indicators' tests read the same few cases in every test).

The rows are made in a transaction opened before the module's first test and rolled back after its last;
each test runs inside it in its own savepoint (``db``), as ``demo_loaded`` in conftest.py does."""

import contextlib

from django.db import transaction
from django.test.utils import override_settings

from conftest import TEST_KEYS, reference_data_load
from privacy.crypto import reset_keyring


@contextlib.contextmanager
def rows_for_module(django_db_blocker, tmp_path_factory, build):
    """Yield what ``build()`` made, inside a transaction rolled back when the module is done."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            AMANAT_KEYS=TEST_KEYS,
            AMANAT_KEY_FILE=str(tmp_path_factory.getbasetemp() / "no-key-file.txt"),
        ),
    ):
        reset_keyring()
        made = transaction.atomic()
        made.__enter__()
        try:
            reference_data_load()
            rows = build()
        except BaseException:
            transaction.set_rollback(True)
            made.__exit__(None, None, None)
            raise
        finally:
            reset_keyring()
    try:
        yield rows
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            made.__exit__(None, None, None)
