"""Uploading subscribers from a CSV or XLSX file: checked row by row first, imported only when a manager
confirms the report, all rows or none.

The file's columns (a header row; names in any case and order): ``number`` (required), ``language``,
``consent_source``, ``consent_date``. ``SubscriberImport.report`` lists each rejected row as
``{"row", "column", "code", ...}`` (never the number) and notes for accepted rows (an opted-out number is
kept on the list but never sent to); ``rows`` holds the accepted rows, encrypted, until confirmation."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from accounts.backends import require_perm
from audit.services import audit_record
from campaigns.models import OptOut, Subscriber, SubscriberImport, SubscriberList, choices
from campaigns.numbers import number_country, number_hash, number_parse, number_time_zone
from campaigns.services.subscribers import default_region

ADD_SUBSCRIBER = "campaigns.add_subscriber"
COLUMNS = ("number", "language", "consent_source", "consent_date")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y")
MAX_ROWS = 100_000
BATCH = 2_000
# Accepted language values: the codes and the names in English and Russian ("ru", "Russian", "русский").
_LANGUAGE_NAMES = {
    "ru": ("russian", "русский", "рус"),
    "tg": ("tajik", "таджикский", "тоҷикӣ"),
    "uz": ("uzbek", "узбекский", "oʻzbek", "o'zbek"),
    "ky": ("kyrgyz", "киргизский", "кыргызский", "кыргызча"),
    "kk": ("kazakh", "казахский", "қазақ"),
    "tk": ("turkmen", "туркменский", "türkmen"),
    "en": ("english", "английский"),
}
LANGUAGES = {code: code for code in choices.Language.values} | {
    name: code for code, names in _LANGUAGE_NAMES.items() for name in names
}

# What a report entry's code says, for the report page and the API (the row and column are apart).
REASONS = {
    "missing_number": gettext_lazy("No phone number."),
    "invalid_number": gettext_lazy("Not a valid phone number."),
    "unknown_language": gettext_lazy("Unknown language (use ru, tg, uz, ky, kk, tk or en)."),
    "invalid_date": gettext_lazy("Not a date (write it as 2026-01-31 or 31.01.2026)."),
    "future_date": gettext_lazy("The consent date is in the future."),
    "duplicate_in_file": gettext_lazy("The same number as row %(first_row)s of the file."),
    "already_on_list": gettext_lazy("Already on the list."),
    "opted_out": gettext_lazy("Opted out earlier: kept on the list, but it will receive no messages."),
}


class ImportFileError(ValidationError):
    """The file cannot be read at all (not CSV or XLSX, no ``number`` column): nothing is stored."""


def report_reason(entry: dict) -> str:
    """The sentence a report entry stands for, in the active language."""
    reason = REASONS.get(entry.get("code"), entry.get("code", ""))
    return str(reason) % entry if "%(" in str(reason) else str(reason)


def _read_rows(content: bytes, file_name: str):
    """(header, iterator of row tuples) of an XLSX or CSV file; ImportFileError otherwise."""
    if content[:4] == b"PK\x03\x04":
        return _read_xlsx(content)
    if file_name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")) or b"\x00" in content[:4096]:
        raise ImportFileError(_("This file is not a CSV or XLSX file."), code="file_type")
    return _read_csv(content)


def _read_xlsx(content: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError(_("This file is not a CSV or XLSX file."), code="file_type") from None
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = next(rows, None) or ()
    return header, rows


def _read_csv(content: bytes):
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover  (cp1251 decodes almost anything)
        raise ImportFileError(_("This file is not a CSV or XLSX file."), code="file_type")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    header = next(rows, None) or ()
    return header, rows


def _columns(header) -> dict[str, int]:
    names = [str(cell or "").strip().casefold().replace(" ", "_") for cell in header]
    columns = {name: names.index(name) for name in COLUMNS if name in names}
    if "number" not in columns:
        raise ImportFileError(
            _("The file has no “number” column: its first row must name the columns (number, language, …)."),
            code="no_number_column",
        )
    return columns


def _cell(row, index: int | None):
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value.strip() if isinstance(value, str) else value


def _number_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # a spreadsheet's number cell: 992901234567.0
        value = int(value)
    return str(value).strip()


def _date(value, today: datetime.date) -> tuple[datetime.date | None, str]:
    if value in (None, ""):
        return None, ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return (None, "future_date") if value > today else (value, "")
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
        return (None, "future_date") if parsed > today else (parsed, "")
    return None, "invalid_date"


def _check_rows(*, subscriber_list: SubscriberList, header, rows):
    """(accepted rows, report, total rows, hashes seen) of the file's rows."""
    columns = _columns(header)
    region = default_region(subscriber_list.organisation)
    today = timezone.localdate()
    accepted, report, first_row_of = [], [], {}
    total = 0
    for row_number, row in enumerate(rows, start=2):  # row 1 is the header
        if not any(cell not in (None, "") for cell in row):
            continue  # blank lines are not rows
        total += 1
        if total > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS}, code="too_many_rows"
            )
        errors = []
        text = _number_text(_cell(row, columns["number"]))
        e164 = ""
        if not text:
            errors.append({"row": row_number, "column": "number", "code": "missing_number"})
        else:
            try:
                e164 = number_parse(text, default_region=region)
            except ValidationError:
                errors.append({"row": row_number, "column": "number", "code": "invalid_number"})
        language_cell = _cell(row, columns.get("language"))
        language = subscriber_list.language
        if language_cell not in (None, ""):
            language = LANGUAGES.get(str(language_cell).strip().casefold())
            if language is None:
                errors.append({"row": row_number, "column": "language", "code": "unknown_language"})
        consent_date, date_error = _date(_cell(row, columns.get("consent_date")), today)
        if date_error:
            errors.append({"row": row_number, "column": "consent_date", "code": date_error})
        key = number_hash(e164) if e164 else ""
        if key and not errors:
            if key in first_row_of:
                errors.append(
                    {
                        "row": row_number,
                        "column": "number",
                        "code": "duplicate_in_file",
                        "first_row": first_row_of[key],
                    }
                )
            else:
                first_row_of[key] = row_number
        if errors:
            report.extend(errors)
            continue
        source = str(_cell(row, columns.get("consent_source")) or "").strip()[:300]
        accepted.append(
            {
                "row": row_number,
                "number": e164,
                "hash": key,
                "language": language,
                "consent_source": source or subscriber_list.consent_source,
                "consent_date": consent_date.isoformat() if consent_date else None,
            }
        )
    return accepted, report, total


def subscriber_import_check(
    *, subscriber_list: SubscriberList, by, file_name: str, content: bytes
) -> SubscriberImport:
    """Read and check every row of an uploaded file for ``subscriber_list``; nothing is added yet.

    Returns a pending SubscriberImport whose report names each rejected row (a number that is not
    valid, an unknown language, a date that is not one or is in the future, a number twice in the file
    or already on the list) and notes the accepted numbers that opted out earlier. ImportFileError (a
    ValidationError on ``file``) when the file is not CSV or XLSX or has no ``number`` column: then
    nothing is stored. PermissionDenied without ``campaigns.add_subscriber``."""
    require_perm(by, ADD_SUBSCRIBER, subscriber_list)
    try:
        header, rows = _read_rows(content, file_name)
        accepted, report, total = _check_rows(subscriber_list=subscriber_list, header=header, rows=rows)
    except ImportFileError as error:
        raise ImportFileError({"file": error.messages}) from None
    hashes = [row["hash"] for row in accepted]
    # unscoped: which of the file's keys are already on this list, or opted out of its organisation
    # (the caller may add to the list, checked above); one query each, in batches for large files.
    on_list, opted_out = set(), set()
    for start in range(0, len(hashes), BATCH * 5):
        batch = hashes[start : start + BATCH * 5]
        on_list.update(
            Subscriber.unscoped.filter(
                subscriber_list=subscriber_list, number_hash__in=batch, number__isnull=False
            ).values_list("number_hash", flat=True)
        )
        opted_out.update(
            OptOut.unscoped.filter(
                organisation_id=subscriber_list.organisation_id, number_hash__in=batch
            ).values_list("number_hash", flat=True)
        )
    kept = []
    for row in accepted:
        if row["hash"] in on_list:
            report.append({"row": row["row"], "column": "number", "code": "already_on_list"})
            continue
        if row["hash"] in opted_out:
            report.append({"row": row["row"], "column": "number", "code": "opted_out", "note": True})
        kept.append(row)
    report.sort(key=lambda entry: (entry["row"], COLUMNS.index(entry["column"])))
    with transaction.atomic():
        subscriber_import = SubscriberImport.objects.create(
            organisation_id=subscriber_list.organisation_id,
            subscriber_list=subscriber_list,
            file_name=(file_name or "")[-200:],
            total_rows=total,
            accepted_rows=len(kept),
            report=report,
            rows=json.dumps(kept, separators=(",", ":")),
            created_by=by,
        )
        audit_record(
            by=by,
            action="campaigns.subscriber_import_checked",
            obj=subscriber_import,
            details={"list": subscriber_list.pk, "rows": total, "accepted": len(kept)},
        )
    return subscriber_import


def import_rejected(subscriber_import: SubscriberImport) -> list[dict]:
    """The report's rejected rows (notes left out)."""
    return [entry for entry in subscriber_import.report if not entry.get("note")]


def import_notes(subscriber_import: SubscriberImport) -> list[dict]:
    return [entry for entry in subscriber_import.report if entry.get("note")]


def _claim(subscriber_import: SubscriberImport, status: str) -> bool:
    # unscoped: the one import the caller may act on (checked by the caller); the conditional update
    # makes a second confirm (or a confirm after cancel) a no-op.
    return (
        SubscriberImport.unscoped.filter(
            pk=subscriber_import.pk, status=SubscriberImport.Status.PENDING
        ).update(status=status, finished_at=timezone.now())
        == 1
    )


@transaction.atomic
def subscriber_import_confirm(*, subscriber_import: SubscriberImport, by) -> int:
    """Add every accepted row of a pending import to its list in one transaction (all or none), and
    forget the rows. Returns how many subscribers were added; 0 when the import was already confirmed
    or cancelled (nothing changes). A number added to the list since the check is skipped."""
    require_perm(by, ADD_SUBSCRIBER, subscriber_import)
    if not _claim(subscriber_import, SubscriberImport.Status.CONFIRMED):
        return 0
    # unscoped: re-read the claimed import (in the caller's scope) with its encrypted rows.
    subscriber_import = SubscriberImport.unscoped.select_related("subscriber_list").get(
        pk=subscriber_import.pk
    )
    rows = json.loads(subscriber_import.rows or "[]")
    subscriber_list = subscriber_import.subscriber_list
    # unscoped: the list's own rows, to skip numbers added since the check and to put a number removed
    # earlier back on its old row (the list holds a number once).
    listed = Subscriber.unscoped.filter(subscriber_list=subscriber_list)
    present = set(listed.filter(number__isnull=False).values_list("number_hash", flat=True))
    removed = {subscriber.number_hash: subscriber for subscriber in listed.filter(number__isnull=True)}
    subscribers, revived = [], 0
    for row in rows:
        if row["hash"] in present:
            continue
        present.add(row["hash"])
        subscriber = removed.get(row["hash"]) or Subscriber(
            organisation_id=subscriber_list.organisation_id, subscriber_list=subscriber_list
        )
        subscriber.number = row["number"]
        subscriber.number_hash = row["hash"]
        subscriber.country = number_country(row["number"])
        subscriber.time_zone = number_time_zone(row["number"])
        subscriber.language = row["language"]
        subscriber.consent_source = row["consent_source"]
        subscriber.consent_date = (
            datetime.date.fromisoformat(row["consent_date"]) if row["consent_date"] else None
        )
        if subscriber.pk:  # rare: a removed number comes back, one row at a time
            subscriber.save(
                update_fields=["number", "country", "time_zone", "language", "consent_source", "consent_date"]
            )
            revived += 1
        else:
            subscribers.append(subscriber)
    Subscriber.unscoped.bulk_create(subscribers, batch_size=BATCH)
    added = len(subscribers) + revived
    subscriber_import.rows = None
    subscriber_import.save(update_fields=["rows"])
    audit_record(
        by=by,
        action="campaigns.subscriber_import_confirmed",
        obj=subscriber_import,
        details={"list": subscriber_list.pk, "added": added},
    )
    return added


@transaction.atomic
def subscriber_import_cancel(*, subscriber_import: SubscriberImport, by) -> bool:
    """Drop a pending import: nothing is added and its rows are forgotten. False when it was no longer
    pending (nothing changes)."""
    require_perm(by, ADD_SUBSCRIBER, subscriber_import)
    if not _claim(subscriber_import, SubscriberImport.Status.CANCELLED):
        return False
    # unscoped: the claimed import, as above.
    subscriber_import = SubscriberImport.unscoped.get(pk=subscriber_import.pk)
    subscriber_import.rows = None
    subscriber_import.save(update_fields=["rows"])
    audit_record(by=by, action="campaigns.subscriber_import_cancelled", obj=subscriber_import)
    return True
