"""Per-field encryption of personal data at rest: AES-256-GCM under keys identified by a key id.

Keys come from ``AMANAT_KEYS`` ("kid:base64key,kid:base64key", the first one encrypts) or from the
key file ``AMANAT_KEY_FILE`` (one "kid:base64key" a line, the first one encrypts). The blind-index
key is the entry named ``blind-index``. In DEBUG, a missing key file is created with fresh keys so
that the demo runs; in production a missing key is a configuration error.

Adding a key: generate a line with ``python manage.py generate_key``, put it FIRST in ``AMANAT_KEYS``
or the key file (new values are then encrypted under it), keep the older lines, restart, and run
``python manage.py rotate_keys``; only when it reports nothing left under an old key id may that
line be removed. The ``blind-index`` key is not rotated this way: every blind index would have to
be recomputed from the decrypted names.

A stored value reads ``v1:<kid>:<base64(nonce || ciphertext+tag)>``; the field's model label and
name are the associated data, so a ciphertext copied into another field does not decrypt (renaming a
model or an encrypted field therefore needs a data migration that re-encrypts it).

Encrypted fields cannot be searched: ``filter(field=value)`` and every other lookup except
``isnull`` (and ``=None``/``=""``, which mean NULL) raise ``FieldError`` instead of silently matching
nothing. Search a person through ``cases.blind_index``.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import os
import re
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured, ValidationError
from django.core.signals import setting_changed
from django.db import models
from django.db.models.lookups import Exact
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

PREFIX = "v1"
BLIND_INDEX_KID = "blind-index"
NONCE_BYTES = 12
KEY_BYTES = 32
KID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
KEY_SETTINGS = {"AMANAT_KEYS", "AMANAT_KEY_FILE", "DEBUG"}
# The first line of a key file created automatically in DEBUG (no comma: entries split on commas);
# production refuses such a file (cases.checks).
DEMO_KEY_FILE_MARKER = "# Demo keys created automatically with DEBUG on: Amanat refuses them in production."


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
            raise DecryptionError(
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
    data_keys = [(kid, key) for kid, key in entries if kid != BLIND_INDEX_KID]
    index_keys = [key for kid, key in entries if kid == BLIND_INDEX_KID]
    if not data_keys or not index_keys:
        raise ImproperlyConfigured(
            f"{source} needs at least one data key and a {BLIND_INDEX_KID!r} key "
            "(generate them with 'python manage.py generate_key')."
        )
    return Keyring(current_kid=data_keys[0][0], keys=dict(data_keys), blind_index_key=index_keys[0])


def reset_keyring() -> None:
    """Forget the cached keys (after the key settings or key file changed)."""
    keyring.cache_clear()


@receiver(setting_changed)
def _reset_keyring_when_key_settings_change(*, setting, **kwargs) -> None:
    if setting in KEY_SETTINGS:
        reset_keyring()


def encrypt_bytes(data: bytes, *, context: str) -> bytes:
    """``v1:<kid>:<base64(nonce || ciphertext+tag)>`` under the current key; ``context`` is bound in."""
    ring = keyring()
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(ring.key(ring.current_kid)).encrypt(nonce, data, context.encode())
    return f"{PREFIX}:{ring.current_kid}:".encode() + base64.b64encode(nonce + sealed)


def decrypt_bytes(token: bytes, *, context: str) -> bytes:
    """The plain bytes; DecryptionError (without any of the data) when the token is not ours,
    its key id is unknown, the key is wrong, the context differs or the token was altered."""
    kid, encoded = _split(token)
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


def _split(token: bytes | str) -> tuple[str, bytes]:
    """The key id and the encoded payload of a stored value."""
    data = token.encode() if isinstance(token, str) else bytes(token)
    parts = data.split(b":", 2)
    if len(parts) != 3 or parts[0] != PREFIX.encode():
        raise DecryptionError("not an encrypted value")
    try:
        kid = parts[1].decode("ascii")
    except UnicodeDecodeError:
        raise DecryptionError("not an encrypted value") from None
    return kid, parts[2]


def encrypt_text(value: str, *, context: str) -> str:
    return encrypt_bytes(value.encode(), context=context).decode()


def decrypt_text(token: str, *, context: str) -> str:
    try:
        return decrypt_bytes(token.encode(), context=context).decode()
    except UnicodeDecodeError:
        raise DecryptionError("decrypted value is not text") from None


def reencrypt(token: str | bytes, *, context: str) -> str | bytes:
    """The same plain value encrypted under the current key (what ``rotate_keys`` stores)."""
    if isinstance(token, str):
        return encrypt_bytes(decrypt_bytes(token.encode(), context=context), context=context).decode()
    return encrypt_bytes(decrypt_bytes(token, context=context), context=context)


def key_id_of(token: str | bytes | None) -> str | None:
    """The key id a stored value was encrypted under, without decrypting it; None if not encrypted."""
    if not token:
        return None
    try:
        return _split(token)[0]
    except DecryptionError:
        return None


def field_context(model: type[models.Model], field_name: str) -> str:
    """The associated data of a model's encrypted field or file: ``app_label.model.field``."""
    return f"{model._meta.label_lower}.{field_name}"


def file_context(model: type[models.Model], stored_name: str) -> str:
    """The associated data of an encrypted file: ``app_label.model.<stored name>``, so a file put in
    the place of another attachment's file does not decrypt."""
    return f"{model._meta.label_lower}.{stored_name}"


class _EncryptedExact(Exact):
    """``field=None`` and ``field=""`` mean NULL (empty values are stored as NULL); anything else
    would compare against a fresh random ciphertext and silently match nothing."""

    def get_prep_lookup(self):
        prepared = super().get_prep_lookup()
        if prepared is not None:
            raise FieldError(
                f"{self.lhs.output_field.__class__.__name__} cannot be searched by value "
                "(it is encrypted); search people through cases.blind_index."
            )
        return prepared


class EncryptedField(models.TextField):
    """A value stored encrypted; Python code sees plain values. Empty values are stored as NULL.

    It cannot be searched or ordered: equality search goes through a blind index."""

    empty_value = None  # what Python sees for an empty value

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs["null"] = True
        super().__init__(*args, **kwargs)

    def _context(self) -> str:
        return field_context(self.model, self.name)

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _EncryptedExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def get_transform(self, lookup_name):
        return None

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
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date") from None

    default_error_messages = {"invalid_date": _("Enter a valid date (YYYY-MM-DD).")}

    def value_to_string(self, obj) -> str:
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""

    def serialise(self, value) -> str:
        return value.isoformat()

    def deserialise(self, text: str):
        return datetime.date.fromisoformat(text)

    def formfield(self, **kwargs):
        from django import forms

        widget = kwargs.get("widget")
        if widget is not None and issubclass(
            widget if isinstance(widget, type) else type(widget), forms.Textarea
        ):
            # The admin maps every TextField (our base class) to a text area.
            del kwargs["widget"]
        return models.Field.formfield(self, form_class=forms.DateField, **kwargs)


class EncryptedJSONField(EncryptedField):
    """Lists and dicts (aliases, documents, family contacts) stored as one encrypted JSON value."""

    default_error_messages = {"invalid_json": _("Enter valid JSON.")}

    def to_python(self, value):
        if isinstance(value, str) and value:
            try:
                return json.loads(value)
            except ValueError:
                raise ValidationError(self.error_messages["invalid_json"], code="invalid_json") from None
        return value

    def value_to_string(self, obj) -> str:
        value = self.value_from_object(obj)
        return json.dumps(value, ensure_ascii=False) if value not in (None, "") else ""

    def serialise(self, value) -> str:
        return json.dumps(value, ensure_ascii=False)

    def deserialise(self, text: str):
        return json.loads(text)

    def formfield(self, **kwargs):
        return None
