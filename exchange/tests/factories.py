"""The exchange's factories: synthetic rows only."""

import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from exchange.models import ExportFile
from network.tests.factories import OrganisationFactory
from tenancy.testing import TenantModelFactory


class ExportFileFactory(TenantModelFactory):
    """A row without a stored file (``exchange.files.export_file_create`` makes real ones)."""

    class Meta:
        model = ExportFile

    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)
    format = ExportFile.Format.CSV
    storage_name = factory.Sequence(lambda n: f"htcds-exports/synthetic-{n}.zip")
    download_name = "htcds-export.zip"
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
