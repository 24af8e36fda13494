"""Per-field encryption of personal data at rest: AES-256-GCM under keys identified by a key id.

Keys come from ``AMANAT_KEYS`` ("kid:base64key,kid:base64key", the first one encrypts) or from the
key file ``AMANAT_KEY_FILE`` (one "kid:base64key" a line, the first one encrypts). The blind-index
key is the entry named ``blind-index``. In DEBUG, a missing key file is created with fresh keys so
that the demo runs; in production a missing key is a configuration error.

A stored value reads ``v1:<kid>:<base64(nonce || ciphertext+tag)>``; the field's model label and
name are the associated data, so a ciphertext copied into another field does not decrypt.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "v1"
BLIND_INDEX_KID = "blind-index"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be decrypted (unknown key id, wrong key or tampered data)."""


@dataclass(frozen=True)
class Keyring:
    current_kid: str
    keys: dict[str, bytes]
    blind_index_key: bytes

    def key(self, kid: str) -> bytes:
        try:
            return self.keys[kid]
        except KeyError:
            raise DecryptionError(f"unknown key id {kid!r}") from None


def _parse_entries(text: str) -> list[tuple[str, bytes]]:
    entries = []
    for raw in text.replace(",", "\n").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kid, _, encoded = line.partition(":")
        key = base64.b64decode(encoded.strip())
        if len(key) != 32:
            raise ImproperlyConfigured(f"Encryption key {kid.strip()!r} must be 32 bytes (AES-256).")
        entries.append((kid.strip(), key))
    return entries


def new_key_line(kid: str) -> str:
    return f"{kid}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


def _create_demo_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    kid = datetime.date.today().strftime("k%Y%m%d")
    path.write_text(f"{new_key_line(kid)}\n{new_key_line(BLIND_INDEX_KID)}\n")
    os.chmod(path, 0o600)


@cache
def keyring() -> Keyring:
    text = settings.AMANAT_KEYS
    if not text:
        path = Path(settings.AMANAT_KEY_FILE)
        if not path.exists():
            if not settings.DEBUG:
                raise ImproperlyConfigured("Set AMANAT_KEYS or AMANAT_KEY_FILE: personal data needs keys.")
            _create_demo_key_file(path)
        text = path.read_text()
    entries = _parse_entries(text)
    data_keys = [(kid, key) for kid, key in entries if kid != BLIND_INDEX_KID]
    index_keys = [key for kid, key in entries if kid == BLIND_INDEX_KID]
    if not data_keys or not index_keys:
        raise ImproperlyConfigured(f"The keys need at least one data key and a {BLIND_INDEX_KID!r} key.")
    return Keyring(current_kid=data_keys[0][0], keys=dict(data_keys), blind_index_key=index_keys[0])


def reset_keyring() -> None:
    """Forget the cached keys (after the key settings or key file changed)."""
    keyring.cache_clear()


def encrypt_bytes(data: bytes, *, context: str) -> bytes:
    ring = keyring()
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(ring.key(ring.current_kid)).encrypt(nonce, data, context.encode())
    return f"{PREFIX}:{ring.current_kid}:".encode() + base64.b64encode(nonce + sealed)


def decrypt_bytes(token: bytes, *, context: str) -> bytes:
    try:
        prefix, kid, encoded = token.split(b":", 2)
    except ValueError:
        raise DecryptionError("not an encrypted value") from None
    if prefix.decode() != PREFIX:
        raise DecryptionError("unknown format")
    raw = base64.b64decode(encoded)
    try:
        key = keyring().key(kid.decode())
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except InvalidTag:
        raise DecryptionError("wrong key or tampered value") from None


def encrypt_text(value: str, *, context: str) -> str:
    return encrypt_bytes(value.encode(), context=context).decode()


def decrypt_text(token: str, *, context: str) -> str:
    return decrypt_bytes(token.encode(), context=context).decode()


def key_id_of(token: str | bytes | None) -> str | None:
    if not token:
        return None
    text = token.decode() if isinstance(token, bytes) else token
    parts = text.split(":", 2)
    return parts[1] if len(parts) == 3 and parts[0] == PREFIX else None


class EncryptedField(models.TextField):
    """A value stored encrypted; Python code sees plain values. Empty values are stored as NULL.

    It cannot be searched or ordered: equality search goes through a blind index."""

    empty_value = None  # what Python sees for an empty value

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs["null"] = True
        super().__init__(*args, **kwargs)

    def _context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def serialise(self, value) -> str:
        return str(value)

    def deserialise(self, text: str):
        return text

    def from_db_value(self, value, expression, connection):
        if value is None:
            return self.empty_value
        return self.deserialise(decrypt_text(value, context=self._context()))

    def get_prep_value(self, value):
        value = self.to_python(value)
        if value in (None, "", [], {}):
            return None
        return encrypt_text(self.serialise(value), context=self._context())


class EncryptedTextField(EncryptedField):
    """Text; ``long=True`` for narratives (a text area in forms)."""

    empty_value = ""

    def __init__(self, *args, long: bool = False, **kwargs):
        self.long = long
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return value if value is None else str(value)

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("widget", forms.Textarea if self.long else forms.TextInput)
        return super().formfield(**kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.long:
            kwargs["long"] = True
        return name, path, args, kwargs


class EncryptedDateField(EncryptedField):
    def to_python(self, value):
        if value in (None, "") or isinstance(value, datetime.date):
            return value or None
        return datetime.date.fromisoformat(str(value))

    def serialise(self, value) -> str:
        return value.isoformat()

    def deserialise(self, text: str):
        return datetime.date.fromisoformat(text)

    def formfield(self, **kwargs):
        from django import forms

        return models.Field.formfield(self, form_class=forms.DateField, **kwargs)


class EncryptedJSONField(EncryptedField):
    """Lists and dicts (aliases, documents, family contacts) stored as one encrypted JSON value."""

    def to_python(self, value):
        if isinstance(value, str) and value:
            return json.loads(value)
        return value

    def serialise(self, value) -> str:
        return json.dumps(value, ensure_ascii=False)

    def deserialise(self, text: str):
        return json.loads(text)

    def formfield(self, **kwargs):
        return None
