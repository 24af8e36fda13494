"""Print a new ``kid:base64key`` line for AMANAT_KEYS or the key file (see ``cases.crypto``)."""

from django.core.management.base import BaseCommand, CommandError

from cases.crypto import BLIND_INDEX_KID, new_key_line


class Command(BaseCommand):
    help = (
        "Print a new encryption key line. Put it first in AMANAT_KEYS or the key file, keep the older "
        "lines, restart, then run 'rotate_keys'. A new installation also needs a 'blind-index' line "
        "(--kid blind-index)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kid", help="key id (default: k<today's date>, e.g. k20260131)")

    def handle(self, *args, kid=None, **options):
        try:
            line = new_key_line(kid)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(line)
        if kid == BLIND_INDEX_KID:
            self.stderr.write(
                "Changing the blind-index key of an existing installation needs every blind index "
                "recomputed; use it only for a new installation."
            )
