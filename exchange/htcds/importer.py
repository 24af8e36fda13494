"""Import the cases of an HTCDS file into one organisation, all or nothing.

``htcds_import(by=, organisation=, content=, dry_run=, passphrase=, on_progress=, run=) -> ImportReport``
reads the file (``exchange.htcds.reader``), checks every cell of every row against the column catalogue
(``exchange.htcds.columns``) and what registering needs, and creates each new row's case through the one
intake service (``cases.services.intake.case_intake``), so that personal fields are encrypted on arrival
like any other. Everything runs in one transaction: any problem, or ``dry_run``, leaves nothing saved.

Each row has a stable id (``x_ExternalId``, or a keyed hash of its values under the privacy layer's blind
index key, which reveals nothing): a row whose id the organisation already imported is counted unchanged
and left alone, so importing the same file again creates nothing.

The report lists every problem as (row, column, value, reason): the row as the spreadsheet numbers it,
the column's HTCDS name, the value only for columns that are not personal, and a translated reason."""

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.services.intake import case_intake
from exchange.htcds import columns as catalogue
from exchange.htcds.reader import FileRefused, Sheet, sheet_read
from exchange.models import ImportedRecord
from exchange.models.imports import IMPORT_PERMISSION
from privacy.crypto import keyring

SOURCE = "htcds"
MAX_EXTERNAL_ID = 128
PROGRESS_EVERY = 25
# The column that answers for an intake field in the report (the first of the catalogue that fills it).
FIELD_COLUMNS = {}
for _column in catalogue.COLUMNS:
    if _column.field:
        FIELD_COLUMNS.setdefault(_column.field, _column.name)
del _column


@dataclass
class Problem:
    """One thing that stops the import: ``row`` 0 for the file as a whole."""

    row: int
    column: str
    value: str
    reason: str


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    dry_run: bool
    rows_total: int = 0
    created: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    refusal: str = ""

    @property
    def ok(self) -> bool:
        return not self.refusal and not self.problems

    @property
    def counts(self) -> dict:
        return {"created": self.created, "unchanged": self.unchanged, "problems": len(self.problems)}

    def as_json(self) -> dict:
        """The report for ``ImportRun.report``: no personal value (see ``Problem``)."""
        return {
            "problems": [asdict(problem) for problem in self.problems],
            "notices": list(self.notices),
            "refusal": self.refusal,
        }


@dataclass
class _Row:
    number: int
    external_id: str
    fields: dict
    cells: dict
    registered_on: object = None


def htcds_import(
    *,
    by,
    organisation,
    content: bytes,
    dry_run: bool = False,
    passphrase: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    run=None,
) -> ImportReport:
    """Import ``content`` (an HTCDS XLSX/XLSM/CSV file, or one in an AES zip opened with ``passphrase``)
    into ``organisation`` as ``by``; ``on_progress(done, total)`` is called as rows are processed and
    ``run`` (an ``ImportRun``) is recorded on each imported record. A refused file gives a report with
    ``refusal`` set. PermissionDenied without ``exchange.import_cases`` in the organisation."""
    if not by.has_perm(IMPORT_PERMISSION, organisation):
        raise PermissionDenied
    report = ImportReport(dry_run=dry_run)
    try:
        sheet = sheet_read(content, passphrase=passphrase)
    except FileRefused as refusal:
        report.refusal = str(refusal)
        return report
    report.rows_total = len(sheet.rows)
    report.notices = _notices(sheet)
    for name in sheet.missing_columns:
        reason = _("The file lacks this column, which a case needs to be registered.")
        report.problems.append(Problem(0, name, "", reason))
    rows = _rows_checked(sheet, report)
    if sheet.missing_columns:
        return report  # no row could be registered: the cells are checked, the intake is not asked
    _rows_import(rows, by=by, organisation=organisation, report=report, on_progress=on_progress, run=run)
    return report


def _notices(sheet: Sheet) -> list[str]:
    """What the file holds that the import does not keep: unknown columns, columns Amanat keeps elsewhere."""
    notices = []
    for header in sheet.unknown_headers:
        notices.append(
            _("Column “%(column)s” is not an HTCDS field Amanat knows: it is not read.") % {"column": header}
        )
    for column in sheet.columns:
        if column is None or column.field or column is catalogue.EXTERNAL_ID:
            continue
        filled = sum(1 for _number, cells in sheet.rows if column.name in cells)
        if filled:
            notices.append(
                _("Column %(column)s (%(count)d rows) is not imported: record it on the case's own tabs.")
                % {"column": column.name, "count": filled}
            )
    return notices


def _shown(column: catalogue.Column | None, cell) -> str:
    """A cell as the report may show it: never the value of a personal column."""
    if column is None or column.personal or cell is None:
        return ""
    return str(cell)[:200]


def _rows_checked(sheet: Sheet, report: ImportReport) -> list[_Row]:
    """Every row parsed and checked; its problems added to the report."""
    rows, seen = [], {}
    for number, cells in sheet.rows:
        row = _row_parsed(number, cells, report, missing=set(sheet.missing_columns))
        if row is None:
            continue
        if row.external_id in seen:
            report.problems.append(
                Problem(
                    number,
                    catalogue.EXTERNAL_ID.name if catalogue.EXTERNAL_ID.name in cells else "",
                    "",
                    _("The same case as row %(row)d: keep one of them.") % {"row": seen[row.external_id]},
                )
            )
            continue
        seen[row.external_id] = number
        rows.append(row)
    return rows


def _row_parsed(number: int, cells: dict, report: ImportReport, *, missing: set[str]) -> _Row | None:
    fields, problems = {}, []
    for name, cell in cells.items():
        column = catalogue.BY_NAME[name]
        if not column.field:
            continue
        try:
            value = column.parse(cell)
        except ValueError as error:
            problems.append(Problem(number, name, _shown(column, cell), str(error)))
            continue
        if value not in (None, "", []):
            fields[column.field] = value
    if "sex" not in fields:
        fields["sex"] = catalogue.sex_from_gender(fields.get("gender"))
    problems += _register_needs(number, cells, fields, problems, missing=missing)
    external_id = _external_id(cells)
    if len(external_id) > MAX_EXTERNAL_ID:
        problems.append(
            Problem(number, catalogue.EXTERNAL_ID.name, "", _("Keep the id to 128 characters at most."))
        )
    report.problems += problems
    if problems:
        return None
    registered_on = fields.pop("registered_on", None)
    return _Row(number, external_id, fields, cells, registered_on)


def _register_needs(
    number: int, cells: dict, fields: dict, problems: list[Problem], *, missing: set[str]
) -> list[Problem]:
    """What registering needs that the row lacks (a cell already reported, or a column the file lacks,
    is not reported again)."""
    reported = {problem.column for problem in problems} | missing
    needs = []

    def need(column: str, reason, *, present: bool) -> None:
        if not present and column not in reported:
            needs.append(
                Problem(number, column, _shown(catalogue.BY_NAME[column], cells.get(column)), str(reason))
            )

    required = _("Needed to register the case.")
    need("prs_FirstName", required, present=bool(fields.get("given_name")))
    need("prs_SecondName", required, present=bool(fields.get("family_name")))
    need(
        "prs_Birthdate",
        _("Give the birth date, or the estimated age in x_EstimatedAge."),
        present="birth_date" in fields or "estimated_age" in fields or "x_EstimatedAge" in reported,
    )
    need(
        "x_Sex" if "x_Sex" in cells else "prs_Gender",
        _("Give the sex in x_Sex, or a gender from which it follows (Feminine, Masculine)."),
        present=fields["sex"] != "unknown",
    )
    need("prs_Citizenship", required, present=bool(fields.get("citizenship")))
    need("vic_TypeOfExploitation", required, present=bool(fields.get("exploitation_types")))
    need(
        "con_Consent",
        _("A case is registered only with consent to assistance: write TRUE."),
        present=fields.get("consent_assistance") == "given",
    )
    return needs


def _external_id(cells: dict) -> str:
    """The row's stable id: ``x_ExternalId``, or a keyed hash of its values (case and spaces ignored)."""
    given = cells.get(catalogue.EXTERNAL_ID.name)
    if given is not None and str(given).strip():
        return catalogue.parse_text(given)
    values = {
        name: " ".join(catalogue.parse_text(cell).split()).casefold() for name, cell in sorted(cells.items())
    }
    message = json.dumps(values, sort_keys=True, ensure_ascii=False).encode()
    return "h-" + hmac.new(keyring().blind_index_key, b"htcds-row|" + message, hashlib.sha256).hexdigest()


def _rows_import(rows: list[_Row], *, by, organisation, report: ImportReport, on_progress, run) -> None:
    """Create the new rows' cases in one transaction, undone on any problem or for a dry run."""
    total = report.rows_total
    done = total - len(rows)  # rows already reported
    known = set(
        # unscoped: the importing organisation's own ids (its permission checked above).
        ImportedRecord.unscoped.filter(
            organisation=organisation, external_id__in=[row.external_id for row in rows]
        ).values_list("external_id", flat=True)
    )
    with transaction.atomic():
        for index, row in enumerate(rows, start=1):
            if row.external_id in known:
                report.unchanged += 1
            else:
                _row_import(row, by=by, organisation=organisation, report=report, run=run)
            if on_progress and (index % PROGRESS_EVERY == 0 or index == len(rows)):
                on_progress(done + index, total)
        if report.problems or report.dry_run:
            transaction.set_rollback(True)
    if report.problems:
        report.created = 0


def _row_import(row: _Row, *, by, organisation, report: ImportReport, run) -> None:
    try:
        case = case_intake(
            by=by, organisation=organisation, register=True, registered_on=row.registered_on, **row.fields
        )
    except ValidationError as error:
        report.problems += _problems_of(row, error)
        return
    ImportedRecord.objects.create(
        organisation=organisation, source=SOURCE, external_id=row.external_id, case_id=case.pk, run=run
    )
    report.created += 1


def _problems_of(row: _Row, error: ValidationError) -> list[Problem]:
    """The intake's errors under the HTCDS columns of its field names."""
    error_dict = error.error_dict if hasattr(error, "error_dict") else {"__all__": error.error_list}
    problems = []
    for name, errors in error_dict.items():
        column = FIELD_COLUMNS.get(name, "")
        shown = _shown(catalogue.BY_NAME.get(column), row.cells.get(column))
        for message in ValidationError(errors).messages:
            problems.append(Problem(row.number, column, shown, message))
    return problems
