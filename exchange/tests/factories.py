"""Factories of the exchange's tenant models (accounts/tests/test_tenancy.py builds one of each)."""

import factory

from accounts.tests.factories import UserFactory
from cases.tests.factories import CaseFactory
from exchange.models import ImportedRecord, ImportRun
from network.tests.factories import OrganisationFactory
from tenancy.testing import TenantModelFactory


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
