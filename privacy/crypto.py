"""Encryption of personal data at rest: AES-256-GCM under keys identified by a key id.

Keys come from ``AMANAT_KEYS`` ("kid:base64key,kid:base64key", the first one encrypts) or from the
key file ``AMANAT_KEY_FILE`` (one "kid:base64key" a line, the first one encrypts). Blind-index keys
are the entries named ``blind-index`` or ``blind-index-<suffix>``: the first one listed computes new
indexes, the others are only still searched while ``recompute_blind_indexes`` runs (see
``privacy.blind_index``). In DEBUG, a missing key file is created with fresh keys so that the demo
runs; in production a missing key is a configuration error.

Adding a data key: generate a line with ``python manage.py generate_key``, put it FIRST in
``AMANAT_KEYS`` or the key file (new values are then encrypted under it), keep the older lines,
restart, and run ``python manage.py rotate_keys``; only when it reports nothing left under an old key
id may that line be removed.

Ciphertext format — a stored value reads ``<version>:<kid>:<base64(nonce || ciphertext+tag)>``, with a
12-byte random nonce and the 16-byte GCM tag; the version names what the associated data is:

``v2`` (every encrypted field value written now)
    associated data ``v2|<app_label.model>|<field name>|<record key>``, where the record key is the
    row's ``record_key`` UUID (``privacy.models.EncryptedRecord``), random, set before the first save and
    never changed. A value copied into another field, another model or another record does not decrypt
    (``privacy.fields.RecordBindingError`` names the model and field). History rows of
    django-simple-history carry the record key of their original row and encrypt under their own
    model label (``cases.historicalvictim``).
``v1`` (encrypted files; field values written before record binding)
    associated data is the context string as given: ``<app_label.model>.<field name>`` for old field
    values (migration ``cases.0006`` and ``rotate_keys`` re-bind them as ``v2``; fields refuse to read
    them), ``<app_label.model>.<stored name>`` for a file, whose stored name is random and unique per
    attachment, so a file is bound to its record by its name.

Renaming a model or an encrypted field therefore needs a data migration that re-encrypts it.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import os
import re
import secrets
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver

V1 = "v1"
V2 = "v2"
VERSIONS = (V1, V2)
PREFIX = V1  # files and the legacy field format
BLIND_INDEX_KID = "blind-index"
# The first line of a key file created automatically in DEBUG (no comma: entries split on commas);
# production refuses such a file (privacy.checks).
DEMO_KEY_FILE_MARKER = "# Demo keys created automatically with DEBUG on: Amanat refuses them in production."
NONCE_BYTES = 12
KEY_BYTES = 32
KID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
KEY_SETTINGS = {"AMANAT_KEYS", "AMANAT_KEY_FILE", "DEBUG"}


class DecryptionError(Exception):
    """A stored value could not be decrypted (unknown key id, wrong key or tampered data)."""


class UnknownKeyError(DecryptionError):
    """The value names a key id that is not in the keyring."""


def is_blind_index_kid(kid: str) -> bool:
    return kid == BLIND_INDEX_KID or kid.startswith(f"{BLIND_INDEX_KID}-")


@dataclass(frozen=True)
class Keyring:
    current_kid: str
    keys: dict[str, bytes]
    blind_index_key: bytes
    # Older blind-index keys, still searched until recompute_blind_indexes has run under the first one.
    previous_blind_index_keys: tuple[bytes, ...] = ()
    # Their key ids, in the same order: search tokens store the id of the key they were derived under.
    blind_index_kid: str = BLIND_INDEX_KID
    previous_blind_index_kids: tuple[str, ...] = ()

    def key(self, kid: str) -> bytes:
        try:
            return self.keys[kid]
        except KeyError:
            raise UnknownKeyError(
                f"unknown key id {kid!r}: add its key to AMANAT_KEYS or the key file "
                f"(known key ids: {', '.join(self.keys)})"
            ) from None


def _parse_entries(text: str, *, source: str) -> list[tuple[str, bytes]]:
    """``kid:base64key`` entries separated by commas or lines; ``#`` starts a comment line.

    Error messages name the source and the key id, never the key."""
    entries = []
    for number, raw in enumerate(text.replace(",", "\n").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kid, separator, encoded = (part.strip() for part in line.partition(":"))
        if not separator or not KID_PATTERN.fullmatch(kid):
            raise ImproperlyConfigured(
                f"{source}, entry {number}: expected 'kid:base64key' with a key id of letters, digits, "
                "'.', '_' or '-' (generate one with 'python manage.py generate_key')."
            )
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(f"{source}: the key {kid!r} is not valid base64.") from None
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(f"{source}: the key {kid!r} must be {KEY_BYTES} bytes (AES-256).")
        if kid in dict(entries):
            raise ImproperlyConfigured(f"{source}: the key id {kid!r} appears twice.")
        entries.append((kid, key))
    return entries


def new_key_line(kid: str | None = None) -> str:
    """A fresh ``kid:base64key`` line; the key id defaults to today's date (``k20260131``)."""
    kid = kid or datetime.date.today().strftime("k%Y%m%d")
    if not KID_PATTERN.fullmatch(kid):
        raise ValueError("A key id is letters, digits, '.', '_' or '-' (at most 64 characters).")
    return f"{kid}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"


def _create_demo_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: never overwrite a key file another process has just written (its keys may be in use);
    # mode 0600 from the first byte, so the keys are never readable by other users.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w") as file:
        file.write(
            f"{DEMO_KEY_FILE_MARKER}\n"
            "# Amanat field-encryption keys: the first data key encrypts; keep older keys until\n"
            "# 'python manage.py rotate_keys' has run. Back this file up apart from the database.\n"
            f"{new_key_line()}\n{new_key_line(BLIND_INDEX_KID)}\n"
        )
    os.chmod(path, 0o600)  # in case the umask removed bits we asked for (never adds any)


def _key_text() -> tuple[str, str]:
    if settings.AMANAT_KEYS:
        return settings.AMANAT_KEYS, "AMANAT_KEYS"
    if not settings.AMANAT_KEY_FILE:
        raise ImproperlyConfigured(
            "Personal data is encrypted and needs keys: set AMANAT_KEYS or AMANAT_KEY_FILE "
            "(generate keys with 'python manage.py generate_key')."
        )
    path = Path(settings.AMANAT_KEY_FILE)
    if not path.exists():
        if not settings.DEBUG:
            raise ImproperlyConfigured(
                f"Personal data is encrypted and needs keys, but the key file {path} does not exist. "
                "Set AMANAT_KEYS, or AMANAT_KEY_FILE to an existing key file (one 'kid:base64key' a line, "
                f"the data key first, plus a '{BLIND_INDEX_KID}' line; 'python manage.py generate_key' "
                "prints one). Only with DEBUG on is a key file created automatically."
            )
        _create_demo_key_file(path)
    if not path.is_file():
        raise ImproperlyConfigured(f"AMANAT_KEY_FILE {path} is not a file.")
    return path.read_text(), f"key file {path}"


@cache
def keyring() -> Keyring:
    text, source = _key_text()
    entries = _parse_entries(text, source=source)
    data_keys = [(kid, key) for kid, key in entries if not is_blind_index_kid(kid)]
    index_entries = [(kid, key) for kid, key in entries if is_blind_index_kid(kid)]
    index_keys = [key for _kid, key in index_entries]
    if not data_keys or not index_keys:
        raise ImproperlyConfigured(
            f"{source} needs at least one data key and a {BLIND_INDEX_KID!r} key "
            "(generate them with 'python manage.py generate_key')."
        )
    return Keyring(
        current_kid=data_keys[0][0],
        keys=dict(data_keys),
        blind_index_key=index_keys[0],
        previous_blind_index_keys=tuple(index_keys[1:]),
        blind_index_kid=index_entries[0][0],
        previous_blind_index_kids=tuple(kid for kid, _key in index_entries[1:]),
    )


def reset_keyring() -> None:
    """Forget the cached keys (after the key settings or key file changed)."""
    keyring.cache_clear()


@receiver(setting_changed)
def _reset_keyring_when_key_settings_change(*, setting, **kwargs) -> None:
    if setting in KEY_SETTINGS:
        reset_keyring()


def encrypt_bytes(data: bytes, *, context: str, version: str = V1) -> bytes:
    """``<version>:<kid>:<base64(nonce || ciphertext+tag)>`` under the current key; ``context`` is the
    associated data (for ``v2`` the caller's context already names the record, see the module)."""
    if version not in VERSIONS:
        raise ValueError(f"unknown ciphertext version {version!r}")
    ring = keyring()
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(ring.key(ring.current_kid)).encrypt(nonce, data, context.encode())
    return f"{version}:{ring.current_kid}:".encode() + base64.b64encode(nonce + sealed)


def decrypt_bytes(token: bytes, *, context: str) -> bytes:
    """The plain bytes; DecryptionError (without any of the data) when the token is not ours,
    its key id is unknown, the key is wrong, the context differs or the token was altered."""
    _version, kid, encoded = _split(token)
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise DecryptionError("damaged encrypted value (not base64)") from None
    if len(raw) < NONCE_BYTES + 16:
        raise DecryptionError("damaged encrypted value (too short)")
    key = keyring().key(kid)
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except InvalidTag:
        raise DecryptionError(f"wrong key or tampered value (key id {kid!r}, {context})") from None


def _split(token: bytes | str) -> tuple[str, str, bytes]:
    """The version, the key id and the encoded payload of a stored value."""
    data = token.encode() if isinstance(token, str) else bytes(token)
    parts = data.split(b":", 2)
    if len(parts) != 3 or parts[0].decode("ascii", "replace") not in VERSIONS:
        raise DecryptionError("not an encrypted value")
    try:
        kid = parts[1].decode("ascii")
    except UnicodeDecodeError:
        raise DecryptionError("not an encrypted value") from None
    return parts[0].decode("ascii"), kid, parts[2]


def encrypt_text(value: str, *, context: str, version: str = V1) -> str:
    return encrypt_bytes(value.encode(), context=context, version=version).decode()


def decrypt_text(token: str, *, context: str) -> str:
    try:
        return decrypt_bytes(token.encode(), context=context).decode()
    except UnicodeDecodeError:
        raise DecryptionError("decrypted value is not text") from None


def reencrypt(token: str | bytes, *, context: str) -> str | bytes:
    """The same plain value, in the same format version, encrypted under the current key."""
    version = _split(token)[0]
    if isinstance(token, str):
        plain = decrypt_bytes(token.encode(), context=context)
        return encrypt_bytes(plain, context=context, version=version).decode()
    return encrypt_bytes(decrypt_bytes(token, context=context), context=context, version=version)


def key_id_of(token: str | bytes | None) -> str | None:
    """The key id a stored value was encrypted under, without decrypting it; None if not encrypted."""
    if not token:
        return None
    try:
        return _split(token)[1]
    except DecryptionError:
        return None


def version_of(token: str | bytes | None) -> str | None:
    """The format version of a stored value (``v1``, ``v2``), without decrypting it; None if not ours."""
    if not token:
        return None
    try:
        return _split(token)[0]
    except DecryptionError:
        return None


def legacy_field_context(model: type[models.Model], field_name: str) -> str:
    """The associated data of a ``v1`` field value (before record binding): ``app_label.model.field``."""
    return f"{model._meta.label_lower}.{field_name}"


def field_context(model: type[models.Model], field_name: str, record_key: uuid.UUID) -> str:
    """The associated data of a ``v2`` field value: the version, the model, the field and the record."""
    return f"{V2}|{model._meta.label_lower}|{field_name}|{record_key.hex}"


def file_context(model: type[models.Model], stored_name: str) -> str:
    """The associated data of an encrypted file: ``app_label.model.<stored name>``, so a file put in
    the place of another attachment's file does not decrypt."""
    return f"{model._meta.label_lower}.{stored_name}"
