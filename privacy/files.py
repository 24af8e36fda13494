"""Encrypted files (attachments): the bytes are a ``v1`` ciphertext whose associated data is the model
and the file's stored name, which is random and unique per record (see ``privacy.crypto``).

Contract for a model with encrypted files: it lists in ``encrypted_file_fields = ("storage_name",)`` its
fields that name a stored file — a ``FileField`` (its own storage) or a ``CharField`` holding a name in
``default_storage``. ``rotate_keys`` re-encrypts those files in place."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _

from privacy.crypto import decrypt_bytes, encrypt_bytes, file_context

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def content_type_sniff(data: bytes) -> str | None:
    """The content type by the file's own bytes (never by its name): PDF, JPEG, PNG or DOCX."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def attachment_content_check(content: bytes) -> str:
    """The attachment rules every upload follows (case attachments, campaign materials): at most
    ``AMANAT_ATTACHMENT_MAX_BYTES`` and a PDF, JPEG, PNG or DOCX by its bytes. Returns the content type;
    ValidationError on ``file`` otherwise."""
    if len(content) > settings.AMANAT_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(size)s MB.")
                % {"size": settings.AMANAT_ATTACHMENT_MAX_BYTES // 2**20}
            },
            code="too_large",
        )
    content_type = content_type_sniff(content)
    if content_type is None:
        raise ValidationError(
            {"file": _("Only PDF, JPEG, PNG and DOCX files are accepted.")}, code="file_type"
        )
    return content_type


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
