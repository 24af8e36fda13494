"""python manage.py import_ctdc FILE [--name NAME]: load the CTDC global dataset as reference data."""

from django.core.management.base import BaseCommand, CommandError

from exchange.ctdc.reading import NotCtdc
from exchange.reference_data import import_summary, reference_dataset_import


class Command(BaseCommand):
    help = (
        "Load a CTDC global victim file (format A: the k-anonymised Global Dataset, CSV or .xlsx; format C: "
        "the 2024 Global Synthetic Dataset) as a read-only reference dataset, replacing one of the same name."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--name", default="", help="The dataset's name (default: the file's name).")

    def handle(self, *args, file, name, **options):
        try:
            result = reference_dataset_import(path=file, name=name)
        except FileNotFoundError:
            raise CommandError(f"There is no file {file}.") from None
        except NotCtdc as refused:
            raise CommandError(str(refused)) from None
        for line in import_summary(result):
            self.stdout.write(line)
