"""``python manage.py export_htcds --organisation <id or short name> --as <username> --format csv|xlsx|json
--output FILE [--personal --passphrase-file F]``: write an organisation's registered cases as HTCDS 2.0 rows,
acting as one of its managers. Without ``--personal`` the personal columns are empty and FILE is the plain
export; with it FILE is an AES-256 zip under the passphrase read from F (a copy of the ``ExportFile`` the
user may also download on the web until it expires). Audited like the web page's exports."""

import shutil
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exchange.files import export_file_open, export_permission_check
from exchange.htcds.export import FORMATS, htcds_export_file, htcds_export_plain
from exchange.management.arguments import acting_user, organisation_given, passphrase_from


class Command(BaseCommand):
    help = "Export an organisation's cases as HTCDS 2.0 rows (CSV, XLSX or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the organisation's id or short name")
        parser.add_argument("--as", dest="username", required=True, help="the acting manager's username")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--output", required=True, type=Path, help="the file to write")
        parser.add_argument("--personal", action="store_true", help="include the personal columns")
        parser.add_argument("--passphrase-file", type=Path, help="the passphrase of the encrypted zip")

    def handle(self, *args, organisation: str, username: str, format: str, output: Path, **options):
        by = acting_user(username)
        target = organisation_given(organisation)
        personal = options["personal"]
        if personal and options.get("passphrase_file") is None:
            raise CommandError(_("--personal needs --passphrase-file: the export is encrypted with it."))
        try:
            export_permission_check(by=by, organisation=target, personal=personal)
            if personal:
                count = self._export_file(by, target, format, output, options["passphrase_file"])
            else:
                count = self._export_plain(by, target, format, output)
        except PermissionDenied:
            raise CommandError(
                _("%(user)s may not export this organisation's cases (or their personal data).")
                % {"user": username}
            ) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except OSError as error:
            message = _("The file cannot be written: %(error)s") % {"error": error.strerror}
            raise CommandError(message) from None
        self.stdout.write(_("%(count)d cases written to %(file)s.") % {"count": count, "file": output})

    def _export_plain(self, by, organisation, format: str, output: Path) -> int:
        with output.open("wb") as handle:
            return htcds_export_plain(handle, by=by, organisation=organisation, format=format)

    def _export_file(self, by, organisation, format: str, output: Path, passphrase_file: Path) -> int:
        passphrase = passphrase_from(passphrase_file)
        export_file = htcds_export_file(
            by=by, organisation=organisation, format=format, personal=True, passphrase=passphrase
        )
        export_file, stored = export_file_open(user=by, pk=export_file.pk)
        with stored, output.open("wb") as handle:
            shutil.copyfileobj(stored, handle)
        return export_file.case_count
