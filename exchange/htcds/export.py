"""``export_htcds``: an organisation's registered cases as HTCDS 2.0 rows, one per case, in CSV, XLSX or JSON.

The columns, their order, names and the way each value is written come from the one catalogue
(``exchange.htcds.columns``), so that what we export ``import_htcds`` reads back. Every case is a row whose
``x_ExternalId`` is the case code. Personal columns are present but empty unless ``personal`` is asked for:
that needs ``exchange.export_personal_data`` in the organisation and a passphrase, reads the personal data
through the privacy layer (the access log names every case read) and delivers an encrypted, expiring
``ExportFile`` instead of a plain download. Rows are read and written in batches, never all at once.

- ``htcds_export_stream(by=…, organisation=…, format=…)``: the bytes of a non-personal export, in chunks,
  for a direct download; ``htcds_export_plain(handle, …)`` writes the same into a file. Both audited.
- ``htcds_export_file(by=…, organisation=…, format=…, personal=…, passphrase=…)``: an ``ExportFile``.
- ``htcds_export_write(handle, by=…, …)``: write an export into an open binary file; the case count."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from audit.services import audit_record
from cases import selectors as case_selectors
from cases.services.intake import PLACES
from exchange import files
from exchange.htcds import columns as htcds
from exchange.models import ExportFile

FORMAT_NAME = "HTCDS 2.0"
SHEET_TITLE = "Case Sheet"
FORMATS = tuple(ExportFile.Format.values)
BATCH_SIZE = 500
# A text cell a spreadsheet would run as a formula (CSV injection); phone numbers (+7 …) are left as they are.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_LIKE = re.compile(r"[+-]?[\d\s().-]*\d[\d\s().-]*")
# Columns that no intake field fills but our cases know.
CASE_VALUES = {
    "x_ExternalId": lambda record: record.case.code,
    "cas_Status": lambda record: record.case.htcds_status,
}
# The intake's place fields → (event type, the event's field).
PLACE_SOURCES = {name: (type, field) for type, names in PLACES.items() for field, name in names.items()}


def header() -> list[str]:
    """The HTCDS full names of the columns, in the order every format writes them."""
    return [column.name for column in htcds.COLUMNS]


def _attribute(row, name: str):
    if row is None or name in row.get_deferred_fields():
        return None
    return getattr(row, name, None)


def _field_value(record: case_selectors.CaseExportRecord, field: str):
    """The value of an intake field (``cases.services.intake.STEP_FIELDS``, or ``registered_on``)."""
    if field == "registered_on":
        return record.case.registered_on
    if field in PLACE_SOURCES:
        event_type, event_field = PLACE_SOURCES[field]
        event = next((event for event in record.events if event.type == event_type), None)
        return _attribute(event, event_field)
    if field.startswith("consent_"):
        consent = record.consents.get(field.removeprefix("consent_"))
        return consent.status if consent is not None else None
    for row in (record.victim, record.screening, record.experience):
        if row is not None and hasattr(type(row), field):
            return _attribute(row, field)
    return None


def record_values(record: case_selectors.CaseExportRecord, *, personal: bool) -> dict[str, object]:
    """The case's value of each column (the intake's values; None or [] when empty). Personal columns
    stay empty unless ``personal``."""
    values = {}
    for column in htcds.COLUMNS:
        if column.personal and not personal:
            value = None
        elif column.name in CASE_VALUES:
            value = CASE_VALUES[column.name](record)
        elif column.field is not None:
            value = _field_value(record, column.field)
        else:
            value = None
        values[column.name] = htcds.EMPTY[column.kind] if value is None else value
    return values


def row_cells(values: dict[str, object]) -> list[str]:
    """The cells of one CSV or XLSX row: value names, ``;``-joined lists, ISO dates and countries."""
    return [column.format(values[column.name]) for column in htcds.COLUMNS]


def row_json(values: dict[str, object]) -> dict[str, object]:
    """One JSON record: lists as JSON lists of their written items, other values as written (null when
    empty)."""
    record = {}
    for column in htcds.COLUMNS:
        value = values[column.name]
        if column.kind in htcds.LIST_KINDS:
            record[column.name] = [item for item in column.format(value).split(htcds.SEPARATOR) if item]
        else:
            record[column.name] = column.format(value) or None
    return record


def _csv_safe(cell: str) -> str:
    if cell.startswith(FORMULA_STARTS) and not NUMBER_LIKE.fullmatch(cell):
        return f"'{cell}"
    return cell


def _values(*, by, organisation, personal: bool, request=None) -> Iterator[dict[str, object]]:
    records = case_selectors.case_export_records(
        user=by, organisation=organisation, personal=personal, request=request, batch_size=BATCH_SIZE
    )
    for record in records:
        yield record_values(record, personal=personal)


def csv_chunks(rows: Iterable[dict[str, object]], counter: list[int]) -> Iterator[bytes]:
    """UTF-8 CSV (no BOM): the header, then one line per case, flushed every ``BATCH_SIZE`` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header())
    for values in rows:
        writer.writerow([_csv_safe(cell) for cell in row_cells(values)])
        counter[0] += 1
        if counter[0] % BATCH_SIZE == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def json_chunks(rows: Iterable[dict[str, object]], counter: list[int], *, organisation) -> Iterator[bytes]:
    """``{"format": "HTCDS 2.0", "organisation": …, "records": [{column: value}, …]}``, a record at a time."""
    head = json.dumps({"format": FORMAT_NAME, "organisation": organisation.name_en}, ensure_ascii=False)
    yield (head[:-1] + ', "records": [').encode("utf-8")
    for values in rows:
        separator = ",\n" if counter[0] else "\n"
        yield (separator + json.dumps(row_json(values), ensure_ascii=False)).encode("utf-8")
        counter[0] += 1
    yield b"\n]}\n"


def _text_cell(sheet, cell: str) -> WriteOnlyCell:
    written = WriteOnlyCell(sheet, value=cell)
    written.data_type = "s"  # never a formula, whatever the text starts with
    return written


def xlsx_write(handle: BinaryIO, rows: Iterable[dict[str, object]], counter: list[int]) -> None:
    """A write-only workbook with one sheet, "Case Sheet": row 1 the HTCDS names, one row per case."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.append(header())
    for values in rows:
        sheet.append([_text_cell(sheet, cell) if cell else None for cell in row_cells(values)])
        counter[0] += 1
    workbook.save(handle)


def htcds_export_write(
    handle: BinaryIO, *, by, organisation, format: str, personal: bool = False, request=None
) -> int:
    """Write the export into ``handle``; the number of cases written. The caller checks permissions."""
    counter = [0]
    rows = _values(by=by, organisation=organisation, personal=personal, request=request)
    if format == ExportFile.Format.XLSX:
        xlsx_write(handle, rows, counter)
        return counter[0]
    chunks = (
        csv_chunks(rows, counter)
        if format == ExportFile.Format.CSV
        else json_chunks(rows, counter, organisation=organisation)
    )
    for chunk in chunks:
        handle.write(chunk)
    return counter[0]


def _format_check(format: str) -> None:
    if format not in FORMATS:
        raise ValidationError({"format": _("Choose CSV, XLSX or JSON.")}, code="format")


def base_name(organisation) -> str:
    """The file's name without its extension: the organisation's id and today's date, nothing personal."""
    return f"htcds-{organisation.pk}-{timezone.localdate().isoformat()}"


def _plain_export_audit(*, by, organisation, format: str) -> None:
    files.export_permission_check(by=by, organisation=organisation, personal=False)
    _format_check(format)
    audit_record(
        by=by,
        action="exchange.htcds_exported",
        organisation=organisation,
        details={"format": format, "personal": False},
    )


def htcds_export_stream(*, by, organisation, format: str, request=None) -> Iterator[bytes]:
    """The chunks of a non-personal export for a direct download (personal columns empty).

    PermissionDenied without ``exchange.export_cases`` in ``organisation``; ValidationError for an
    unknown format. Audited as ``exchange.htcds_exported`` when asked."""
    _plain_export_audit(by=by, organisation=organisation, format=format)
    counter = [0]
    rows = _values(by=by, organisation=organisation, personal=False, request=request)
    if format == ExportFile.Format.CSV:
        return csv_chunks(rows, counter)
    if format == ExportFile.Format.JSON:
        return json_chunks(rows, counter, organisation=organisation)
    buffer = io.BytesIO()
    xlsx_write(buffer, rows, counter)  # a zip of its own: openpyxl writes it whole
    return iter([buffer.getvalue()])


def htcds_export_plain(handle: BinaryIO, *, by, organisation, format: str) -> int:
    """Write a non-personal export into ``handle`` (the command's file); the number of cases.
    Checked and audited as ``htcds_export_stream``."""
    _plain_export_audit(by=by, organisation=organisation, format=format)
    return htcds_export_write(handle, by=by, organisation=organisation, format=format, personal=False)


def htcds_export_file(
    *, by, organisation, format: str, personal: bool, passphrase: str, request=None
) -> ExportFile:
    """The export as an ``ExportFile``: an AES-256 zip under ``passphrase``, kept for ``by`` alone until it
    expires. ``personal`` fills the personal columns (access-logged per case read).

    PermissionDenied without ``exchange.export_cases`` (and ``exchange.export_personal_data`` when
    ``personal``) in ``organisation``; ValidationError for an unknown format or a short passphrase."""
    files.export_permission_check(by=by, organisation=organisation, personal=personal)
    _format_check(format)
    files.passphrase_check(passphrase)
    return files.export_file_create(
        by=by,
        organisation=organisation,
        format=format,
        personal=personal,
        passphrase=passphrase,
        base_name=base_name(organisation),
        write=lambda handle: htcds_export_write(
            handle, by=by, organisation=organisation, format=format, personal=personal, request=request
        ),
    )


CONTENT_TYPES = files.CONTENT_TYPES
