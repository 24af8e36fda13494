"""Read an HTCDS file: the three Excel templates of the standard (single select xlsx, multi select xlsm,
plain xlsx), our own XLSX, CSV and JSON exports, and any of them inside a passphrase-encrypted zip (AES, as
``export_htcds`` writes personal exports).

``sheet_read(content, passphrase=None) -> Sheet`` finds the sheet and its header row (HTCDS field names;
the templates put them in row 1 and their labels in row 2, which is skipped, after a leading row-number
column without a header), and gives the data rows as ``(row number in the file, {column name: cell})``.
A file that cannot be imported raises ``FileRefused`` with a translated message saying why: not a
spreadsheet, no sheet with HTCDS field names, a column twice. The columns registering needs that the
header lacks are listed in ``Sheet.missing_columns`` (the importer reports them beside the rows' problems)."""

import csv
import io
import json
import warnings
import zipfile
from dataclasses import dataclass, field

import openpyxl
import pyzipper
from django.utils.translation import gettext as _

from exchange.htcds.columns import SEPARATOR, Column, column_for, column_for_label

XLSX, XLSM, CSV, JSON = "xlsx", "xlsm", "csv", "json"
CASE_SHEET = "Case Sheet"
HEADER_ROWS_SEARCHED = 5
# The columns a registered case needs (intake's REGISTER_NEEDS and consent): each group is one need,
# met by any of its columns (sex comes from prs_Gender when x_Sex is absent; age may stand for birth date).
REQUIRED_COLUMNS = (
    ("prs_FirstName",),
    ("prs_SecondName",),
    ("prs_Birthdate", "x_EstimatedAge"),
    ("prs_Gender", "x_Sex"),
    ("prs_Citizenship",),
    ("vic_TypeOfExploitation",),
    ("con_Consent",),
)


class FileRefused(ValueError):
    """The file as a whole cannot be imported; the message (translated) says why."""


@dataclass
class Sheet:
    """What a file holds: its format, the columns found (by position; None for a column we do not know),
    the headers we do not know, and the data rows."""

    format: str
    columns: list[Column | None]
    unknown_headers: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict]] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns if column is not None]


def sheet_read(content: bytes, *, passphrase: str | None = None) -> Sheet:
    """The sheet of an HTCDS file (see the module's docstring); FileRefused when it is none."""
    if content.startswith(b"PK\x03\x04"):
        return _zip_read(content, passphrase=passphrase)
    return _text_read(content)


def _text_read(content: bytes) -> Sheet:
    """A JSON export (``{"records": [...]}``) or a CSV."""
    if content.lstrip()[:1] in (b"{", b"["):
        return _json_read(content)
    return _csv_read(content)


def _zip_read(content: bytes, *, passphrase: str | None) -> Sheet:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            encrypted = any(info.flag_bits & 0x1 for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileRefused(_("This file is damaged: it cannot be opened as a spreadsheet.")) from None
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return _workbook_read(content, XLSM if "xl/vbaProject.bin" in names else XLSX)
    if not encrypted:
        raise FileRefused(_("This archive is not an encrypted HTCDS export: upload the spreadsheet itself."))
    return _sheet_of_archive(content, passphrase=passphrase)


def _sheet_of_archive(content: bytes, *, passphrase: str | None) -> Sheet:
    if not passphrase:
        raise FileRefused(_("This file is encrypted: give its passphrase."))
    with pyzipper.AESZipFile(io.BytesIO(content)) as archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) != 1:
            raise FileRefused(_("The encrypted archive must hold exactly one HTCDS file."))
        try:
            inner = archive.read(members[0], pwd=passphrase.encode())
        except RuntimeError:
            raise FileRefused(_("The passphrase does not open this file.")) from None
    if inner.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(inner)) as workbook:
                names = workbook.namelist()
        except zipfile.BadZipFile:
            raise FileRefused(_("This file is damaged: it cannot be opened as a spreadsheet.")) from None
        if "xl/workbook.xml" in names:
            return _workbook_read(inner, XLSM if "xl/vbaProject.bin" in names else XLSX)
    return _text_read(inner)


def _workbook_read(content: bytes, format: str) -> Sheet:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Data Validation extension is not supported": we read values only
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:
            raise FileRefused(_("This file is damaged: it cannot be opened as a spreadsheet.")) from None
    try:
        for worksheet in _sheets_in_order(workbook):
            sheet = _rows_read(worksheet.iter_rows(values_only=True), format)
            if sheet is not None:
                return sheet
    finally:
        workbook.close()
    raise FileRefused(
        _(
            "No sheet of this workbook has HTCDS field names (such as prs_FirstName) in its first rows: "
            "use the “Case Sheet” of an HTCDS template."
        )
    )


def _sheets_in_order(workbook):
    """The templates' “Case Sheet” first, then the others in order."""
    return sorted(workbook.worksheets, key=lambda worksheet: worksheet.title != CASE_SHEET)


def _csv_read(content: bytes) -> Sheet:
    if b"\x00" in content[:4096]:
        raise FileRefused(_("This is not a spreadsheet: upload an HTCDS XLSX, XLSM or CSV file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(_("This is not a spreadsheet: upload an HTCDS XLSX, XLSM or CSV file.")) from None
    sheet = _rows_read(csv.reader(io.StringIO(text), delimiter=_delimiter(text)), CSV)
    if sheet is None:
        raise FileRefused(
            _("This file has no header of HTCDS field names (such as prs_FirstName) in its first rows.")
        )
    return sheet


def _json_read(content: bytes) -> Sheet:
    """Our JSON export: ``records``, a list of objects keyed by HTCDS field names (lists as JSON lists).
    The rows are numbered as in the CSV export: the first record is row 2."""
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise FileRefused(_("This JSON file cannot be read: it is not valid JSON.")) from None
    records = document.get("records") if isinstance(document, dict) else document
    if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
        raise FileRefused(_("This JSON file has no “records”: a list of objects keyed by HTCDS field names."))
    header = list(dict.fromkeys(name for record in records for name in record))
    rows = [[_json_cell(record.get(name)) for name in header] for record in records]
    sheet = _rows_read([header, *rows], JSON)
    if sheet is None:
        raise FileRefused(_("This JSON file's records have no HTCDS field names (such as prs_FirstName)."))
    return sheet


def _json_cell(value):
    """A JSON value as the cell of a sheet: lists joined as in the CSV export, booleans as TRUE/FALSE."""
    if isinstance(value, list):
        return SEPARATOR.join(str(item) for item in value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return value


def _delimiter(text: str) -> str:
    """The CSV's delimiter, from its first line: HTCDS names hold none of them (cells hold ``;`` lists)."""
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def _rows_read(rows, format: str) -> Sheet | None:
    """The sheet of these rows, or None when none of their first rows is a header of HTCDS names."""
    rows = iter(rows)
    first = []
    header_index = None
    for index, row in enumerate(rows):
        first.append(list(row))
        if _known_count(row) >= 2:
            header_index = index
            break
        if index + 1 >= HEADER_ROWS_SEARCHED:
            return None
    if header_index is None:
        return None
    header = first[header_index]
    columns = [column_for(cell) for cell in header]
    row_number = header_index + 1
    pending = next(rows, None)
    if pending is not None and _is_labels_row(pending, columns):
        # A header cell left empty under a label of the standard (the templates' reason for outgoing
        # referral) takes the column of that label.
        columns = [column or _label_column(header[i], pending, i) for i, column in enumerate(columns)]
        row_number += 1
        pending = None
    missing = _check_columns(columns)
    unknown = [
        str(cell).strip()
        for cell, column in zip(header, columns, strict=True)
        if column is None and not _blank(cell)
    ]
    sheet = Sheet(format=format, columns=columns, unknown_headers=unknown, missing_columns=missing)
    if pending is not None:
        rows = _chain(pending, rows)
    for row in rows:
        row_number += 1
        cells = {
            column.name: cell
            for column, cell in zip(columns, row, strict=False)
            if column and not _blank(cell)
        }
        if cells:
            sheet.rows.append((row_number, cells))
    return sheet


def _chain(first, rest):
    yield first
    yield from rest


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _known_count(row) -> int:
    return sum(1 for cell in row if column_for(cell) is not None)


def _is_labels_row(row, columns) -> bool:
    """Whether a row under the header is the templates' row of labels (most of its cells are labels)."""
    filled = [cell for cell in row if not _blank(cell)]
    labels = [cell for cell in filled if column_for_label(cell) is not None]
    return bool(filled) and 2 * len(labels) >= len(filled)


def _label_column(header_cell, labels_row, index: int) -> Column | None:
    if not _blank(header_cell) or index >= len(labels_row):
        return None
    return column_for_label(labels_row[index])


def _check_columns(columns: list[Column | None]) -> list[str]:
    """FileRefused for a column given twice; the required columns missing (the first of each group)."""
    names = [column.name for column in columns if column is not None]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise FileRefused(
            _("These columns appear more than once: %(columns)s. Keep one of each.")
            % {"columns": ", ".join(twice)}
        )
    return [group[0] for group in REQUIRED_COLUMNS if not set(group) & set(names)]
