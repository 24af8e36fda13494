"""Protected export files: a record-level export kept for the user who asked for it, and for no one else.

``export_file_create`` writes the export into an AES-256 zip (WinZip AES, readable by 7-Zip and most zip
tools) under the user's passphrase, which is never stored, keeps it under a random name in the default
storage until ``AMANAT_EXPORT_RETENTION_DAYS`` have passed, and records the creation in the audit trail.
``export_file_open`` gives the file back to its creator alone (``ExportFile.visible_to``), writing the
download to the audit trail and, when it holds personal data, to the access log through the privacy
layer. ``export_files_expire`` (hourly, ``exchange.tasks``) deletes the expired files and their rows."""

from __future__ import annotations

import datetime
import secrets
import tempfile
from collections.abc import Callable
from typing import BinaryIO

import pyzipper
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from exchange.models import ExportFile
from privacy.access import personal_data_read

PASSPHRASE_MIN_LENGTH = 15
STORAGE_FOLDER = "htcds-exports"
EXPORT_PERMISSION = "exchange.export_cases"
PERSONAL_PERMISSION = "exchange.export_personal_data"
CONTENT_TYPES = {
    ExportFile.Format.CSV: "text/csv; charset=utf-8",
    ExportFile.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFile.Format.JSON: "application/json",
}

# Writes the export into the open zip member; returns the number of cases written.
Writer = Callable[[BinaryIO], int]


class ExportFileExpired(Exception):
    """The export file's time is over: its file is deleted (or about to be)."""


def passphrase_check(passphrase: str) -> None:
    """ValidationError on ``passphrase`` unless it has at least ``PASSPHRASE_MIN_LENGTH`` characters."""
    if len(passphrase or "") < PASSPHRASE_MIN_LENGTH:
        raise ValidationError(
            {
                "passphrase": _(
                    "The passphrase must have at least %(count)d characters: a few words you will "
                    "remember, written down nowhere near the file."
                )
                % {"count": PASSPHRASE_MIN_LENGTH}
            },
            code="passphrase_too_short",
        )


def retention() -> datetime.timedelta:
    return datetime.timedelta(days=settings.AMANAT_EXPORT_RETENTION_DAYS)


def export_permission_check(*, by, organisation, personal: bool) -> None:
    """PermissionDenied unless ``by`` may export ``organisation``'s cases (and their personal data)."""
    if not by.has_perm(EXPORT_PERMISSION, organisation):
        raise PermissionDenied
    if personal and not by.has_perm(PERSONAL_PERMISSION, organisation):
        raise PermissionDenied


def _zip_write(handle: BinaryIO, *, inner_name: str, passphrase: str, write: Writer) -> int:
    with pyzipper.AESZipFile(
        handle, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(passphrase.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        with archive.open(inner_name, "w", force_zip64=True) as member:
            return write(member)


def export_file_create(
    *,
    by,
    organisation,
    format: str,
    personal: bool,
    passphrase: str,
    base_name: str,
    write: Writer,
) -> ExportFile:
    """Write an export into a new passphrase-encrypted zip kept for ``by`` alone.

    ``write`` streams the export (``base_name.<format>`` inside the zip) and returns its case count.
    PermissionDenied without the export permission (and the personal data one when ``personal``);
    ValidationError for a passphrase that is too short or an unknown format. Audited as
    ``exchange.export_file_created`` (format, cases, personal: no values)."""
    export_permission_check(by=by, organisation=organisation, personal=personal)
    if format not in ExportFile.Format.values:
        raise ValidationError({"format": _("Choose CSV, XLSX or JSON.")}, code="format")
    passphrase_check(passphrase)
    with tempfile.TemporaryFile() as handle:
        inner_name = f"{base_name}.{format}"
        case_count = _zip_write(handle, inner_name=inner_name, passphrase=passphrase, write=write)
        size = handle.tell()
        handle.seek(0)
        stored = default_storage.save(f"{STORAGE_FOLDER}/{secrets.token_hex(16)}.zip", File(handle))
    try:
        return _export_file_record(
            by=by,
            organisation=organisation,
            format=format,
            personal=personal,
            stored=stored,
            download_name=f"{base_name}.zip",
            size=size,
            case_count=case_count,
        )
    except BaseException:
        default_storage.delete(stored)
        raise


@transaction.atomic
def _export_file_record(*, by, organisation, stored: str, **fields) -> ExportFile:
    export_file = ExportFile.objects.create(
        organisation=organisation,
        created_by=by,
        storage_name=stored,
        expires_at=timezone.now() + retention(),
        **fields,
    )
    audit_record(
        by=by,
        action="exchange.export_file_created",
        obj=export_file,
        details={
            "format": export_file.format,
            "personal": export_file.personal,
            "cases": export_file.case_count,
        },
    )
    return export_file


def export_file_list(*, user):
    """The user's own export files that have not expired, newest first."""
    return ExportFile.objects.visible_to(user).filter(expires_at__gt=timezone.now())


def export_file_is_expired(export_file: ExportFile, *, now: datetime.datetime | None = None) -> bool:
    return export_file.expires_at <= (now or timezone.now())


def export_file_open(*, user, pk: int, request=None) -> tuple[ExportFile, BinaryIO]:
    """The user's own export file and its stored zip, open for reading.

    ExportFile.DoesNotExist for another user's file (or none); ExportFileExpired once its time is over
    (the file is then deleted at once). Writes ``exchange.export_file_downloaded`` to the audit trail and,
    for a file with personal data, one access-log entry (through ``privacy.access``)."""
    export_file = ExportFile.objects.visible_to(user).get(pk=pk)
    if export_file_is_expired(export_file):
        export_file_delete(export_file=export_file)
        raise ExportFileExpired
    if export_file.personal:
        export_file = personal_data_read(
            ExportFile.objects.visible_to(user),
            by=user,
            purpose="exchange.export_file_download",
            label=f"export-{export_file.pk}",
            request=request,
            pk=pk,
        )
    audit_record(
        by=user,
        action="exchange.export_file_downloaded",
        obj=export_file,
        details={"format": export_file.format, "personal": export_file.personal},
    )
    return export_file, default_storage.open(export_file.storage_name, "rb")


def export_file_delete(*, export_file: ExportFile) -> None:
    """Delete the stored zip and the row."""
    default_storage.delete(export_file.storage_name)
    # unscoped: the row is already the caller's (its own file, or an expired one the hourly task found).
    ExportFile.unscoped.filter(pk=export_file.pk).delete()


def export_files_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete every export file past its time, file and row; the number deleted."""
    now = now or timezone.now()
    # unscoped: the hourly task acts for no user and must find every creator's expired files.
    due = ExportFile.unscoped.filter(expires_at__lte=now).only("pk", "storage_name")
    count = 0
    for export_file in due.iterator():
        export_file_delete(export_file=export_file)
        count += 1
    return count
