import factory

from accounts.tests.factories import UserFactory
from audit.models import AccessLogEntry, AuditEntry
from network.tests.factories import OrganisationFactory
from tenancy.testing import TenantModelFactory


class AuditEntryFactory(TenantModelFactory):
    class Meta:
        model = AuditEntry

    organisation = factory.SubFactory(OrganisationFactory)
    actor = factory.SubFactory(UserFactory)
    action = "case.closed"
    object_type = "cases.case"
    object_id = factory.Sequence(str)


class AccessLogEntryFactory(TenantModelFactory):
    class Meta:
        model = AccessLogEntry

    organisation = factory.SubFactory(OrganisationFactory)
    actor = factory.SubFactory(UserFactory)
    object_type = "cases.victim"
    object_id = factory.Sequence(str)
    object_label = factory.Sequence(lambda n: f"TJ-2025-{n:04d}")
    purpose = "victim.personal_data"
    ip_address = "203.0.113.7"
