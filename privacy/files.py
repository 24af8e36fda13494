"""Encrypted files (attachments): the bytes are a ``v1`` ciphertext whose associated data is the model
and the file's stored name, which is random and unique per record (see ``privacy.crypto``).

Contract for a model with encrypted files: it lists in ``encrypted_file_fields = ("storage_name",)`` its
fields that name a stored file — a ``FileField`` (its own storage) or a ``CharField`` holding a name in
``default_storage``. ``rotate_keys`` re-encrypts those files in place."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models

from privacy.crypto import decrypt_bytes, encrypt_bytes, file_context


def encrypted_file_save(*, model: type[models.Model], name: str, content: bytes, storage=None) -> str:
    """Store ``content`` encrypted under ``name``; the stored name (which the context binds)."""
    storage = storage or default_storage
    sealed = encrypt_bytes(content, context=file_context(model, name))
    stored = storage.save(name, ContentFile(sealed))
    if stored != name:  # the storage renamed it: the ciphertext names the requested name
        storage.delete(stored)
        raise FileExistsError("an encrypted file of that name already exists")
    return stored


def encrypted_file_read(*, model: type[models.Model], name: str, storage=None) -> bytes:
    """The decrypted content of a stored file; DecryptionError if it is not this record's file."""
    storage = storage or default_storage
    with storage.open(name, "rb") as handle:
        return decrypt_bytes(handle.read(), context=file_context(model, name))


def encrypted_file_fields() -> list[tuple[type[models.Model], models.Field]]:
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for name in getattr(model, "encrypted_file_fields", ()):
            found.append((model, model._meta.get_field(name)))
    return found
