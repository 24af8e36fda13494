"""python manage.py load_demo [--force]: the seed's scenario, idempotent, in one transaction."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

# Each app adds its demo data with one line: a function that takes no argument, creates or updates
# its rows by natural key (so a second run changes nothing) and returns a text to print, or None.
STEPS = [
    "network.demo.load",
    "accounts.demo.load",
    "cases.demo.load",
    "shelters.demo.load",
    "hotline.demo.load",
    "campaigns.demo.load",
    "awards.demo.load",
]


class Command(BaseCommand):
    help = "Load the demo scenario (NGOs of the five Central Asian republics, IOM, USAID, demo users)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on a production database)."
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a production system, and load_demo creates users with a "
                "published password. Run with --force if this really is a demo system."
            )
        with transaction.atomic():
            reports = [import_string(step)() for step in STEPS]
        for report in reports:
            if report:
                self.stdout.write(report)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
