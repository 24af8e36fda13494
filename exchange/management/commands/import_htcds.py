"""``python manage.py import_htcds FILE --organisation <id or short name> --as <username> [--dry-run]``:
import an HTCDS file (the standard's Excel templates, our XLSX or CSV exports, or one of them in an
AES-encrypted zip with ``--passphrase-file``) into one organisation, acting as one of its managers.
Prints every problem (row, column, value, reason) and the totals; exits non-zero when the file is refused."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exchange.htcds.importer import htcds_import
from exchange.htcds.runs import import_run_finish, import_run_record
from exchange.management.arguments import acting_user, organisation_given, passphrase_from


class Command(BaseCommand):
    help = "Import cases from an HTCDS 2.0 file (XLSX, XLSM or CSV) into one organisation."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organisation", required=True, help="the organisation's id or short name")
        parser.add_argument("--as", dest="username", required=True, help="the acting manager's username")
        parser.add_argument("--dry-run", action="store_true", help="check everything, save nothing")
        parser.add_argument("--passphrase-file", type=Path, help="the passphrase of an encrypted zip")

    def handle(self, *args, file: Path, organisation: str, username: str, dry_run: bool, **options):
        by = acting_user(username)
        target = organisation_given(organisation)
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(_("The file cannot be read: %(error)s") % {"error": error.strerror}) from None
        passphrase = passphrase_from(options.get("passphrase_file"))
        try:
            run = import_run_record(by=by, organisation=target, file_name=file.name, dry_run=dry_run)
            report = htcds_import(
                by=by,
                organisation=target,
                content=content,
                dry_run=dry_run,
                passphrase=passphrase,
                on_progress=self._progress,
                run=None if dry_run else run,
            )
        except PermissionDenied:
            raise CommandError(
                _("%(user)s may not import cases into this organisation.") % {"user": username}
            ) from None
        import_run_finish(run=run, report=report)
        self._print(report)
        if not report.ok:
            raise CommandError(_("Nothing was imported."))

    def _progress(self, done: int, total: int) -> None:
        self.stderr.write(_("%(done)d of %(total)d rows") % {"done": done, "total": total}, ending="\r")

    def _print(self, report) -> None:
        if report.refusal:
            self.stdout.write(_("Refused: %(reason)s") % {"reason": report.refusal})
        for notice in report.notices:
            self.stdout.write(_("Note: %(notice)s") % {"notice": notice})
        for problem in report.problems:
            self.stdout.write(
                _("Row %(row)s, %(column)s%(value)s: %(reason)s")
                % {
                    "row": problem.row or _("the file"),
                    "column": problem.column or "—",
                    "value": f" “{problem.value}”" if problem.value else "",
                    "reason": problem.reason,
                }
            )
        totals = {"rows": report.rows_total, "created": report.created, "unchanged": report.unchanged}
        totals["problems"] = len(report.problems)
        if report.dry_run:
            message = _(
                "Dry run: %(rows)d rows, %(created)d would be created, %(unchanged)d unchanged, "
                "%(problems)d problems; nothing saved."
            )
        else:
            message = _("%(rows)d rows: %(created)d created, %(unchanged)d unchanged, %(problems)d problems.")
        self.stdout.write(message % totals)
