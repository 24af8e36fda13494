"""Print a new ``kid:base64key`` line for AMANAT_KEYS or the key file (see ``privacy.crypto``)."""

from django.core.management.base import BaseCommand, CommandError

from privacy.crypto import is_blind_index_kid, new_key_line


class Command(BaseCommand):
    help = (
        "Print a new encryption key line. Put it first in AMANAT_KEYS or the key file, keep the older "
        "lines, restart, then run 'rotate_keys'. A new installation also needs a 'blind-index' line "
        "(--kid blind-index); a new blind-index key is named blind-index-<suffix>."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kid", help="key id (default: k<today's date>, e.g. k20260131)")

    def handle(self, *args, kid=None, **options):
        try:
            line = new_key_line(kid)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(line)
        if kid and is_blind_index_kid(kid):
            self.stderr.write(
                "A new blind-index key of an existing installation goes BEFORE the current blind-index "
                "line (keep that line), then run 'recompute_blind_indexes'; remove the old line after."
            )
