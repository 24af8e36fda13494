"""Factories of the exchange's tenant models, synthetic rows only (accounts/tests/test_tenancy.py builds
one of each)."""

import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cases.tests.factories import CaseFactory
from exchange.models import ExportFile, ImportedRecord, ImportRun
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


class ImportRunFactory(TenantModelFactory):
    class Meta:
        model = ImportRun

    organisation = factory.SubFactory(OrganisationFactory)
    by = factory.SubFactory(UserFactory)
    file_name = "synthetic.xlsx"
    status = ImportRun.Status.DONE


class ImportedRecordFactory(TenantModelFactory):
    class Meta:
        model = ImportedRecord

    organisation = factory.SubFactory(OrganisationFactory)
    external_id = factory.Sequence(lambda n: f"synthetic-{n}")
    case = factory.SubFactory(CaseFactory, organisation=factory.SelfAttribute("..organisation"))
