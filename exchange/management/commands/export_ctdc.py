"""python manage.py export_ctdc --k 11 --output FILE [--as USERNAME]: the network's counted cases as a
k-anonymised CSV of the CTDC Global Dataset's format A, with retention and information loss printed."""

import os
import tempfile
import time
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from accounts.selectors import membership_list_for_user
from exchange.ctdc.release import (
    DEFAULT_K,
    MAX_K,
    MIN_K,
    ReleaseNotAnonymous,
    ctdc_release,
    ctdc_release_scope,
    ctdc_release_write,
)
from network.models import Organisation


class Command(BaseCommand):
    help = "Export the network's counted cases as a k-anonymised CSV in the CTDC Global Dataset's format A."

    def add_arguments(self, parser):
        parser.add_argument(
            "--k", type=int, default=DEFAULT_K, help="Every combination occurs at least k times."
        )
        parser.add_argument("--output", required=True, help="The CSV file to write (replaced).")
        parser.add_argument(
            "--as",
            dest="username",
            help="Release as this regional analyst (their scope); without it, the whole network.",
        )

    def handle(self, *args, k: int, output: str, username: str | None, **options):
        if not MIN_K <= k <= MAX_K:
            raise CommandError(f"--k must be between {MIN_K} and {MAX_K}, not {k}.")
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"The folder of --output does not exist: {target.parent}")
        organisation_ids = self._organisation_ids(username)
        started = time.monotonic()
        release = ctdc_release(organisation_ids=organisation_ids, k=k)
        written = self._write(release, target)
        for line in release.report.lines():
            self.stdout.write(line)
        self.stdout.write(f"Rows written: {written} to {target} in {time.monotonic() - started:.1f} s")
        if release.report.warning:
            self.stderr.write(self.style.WARNING(release.report.warning))

    def _organisation_ids(self, username: str | None):
        if username is None:
            # The operator's own export: every organisation's counted cases (the analysts' network scope).
            return frozenset(Organisation.objects.values_list("pk", flat=True))
        from accounts.models import User

        user = User.objects.filter(username=username, is_active=True).first()
        memberships = list(membership_list_for_user(user=user)) if user else []
        for membership in memberships:
            try:
                return ctdc_release_scope(user=user, membership=membership)
            except PermissionDenied:
                continue
        raise CommandError(
            f"{username!r} may not release de-identified records: only an active regional analyst may."
        )

    def _write(self, release, target: Path) -> int:
        # Written beside the target and moved into place once checked: a refused file never appears.
        with tempfile.NamedTemporaryFile(
            "w+", encoding="utf-8", newline="", dir=target.parent, suffix=".part", delete=False
        ) as handle:
            try:
                written = ctdc_release_write(release, handle)
            except ReleaseNotAnonymous as error:
                handle.close()
                os.unlink(handle.name)
                raise CommandError(str(error)) from error
        os.replace(handle.name, target)
        return written
