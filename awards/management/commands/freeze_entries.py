"""Freeze the figures of the entries whose submission deadline passed (what the hourly task does)."""

from django.core.management.base import BaseCommand

from awards.services import entries


class Command(BaseCommand):
    help = "Freeze the figures of award entries whose submission deadline passed."

    def handle(self, *args, **options):
        frozen = entries.entries_freeze_due()
        self.stdout.write(f"{frozen} entries frozen.")
