import factory

from accounts.tests.factories import MembershipFactory, UserFactory
from analytics.models import DonorReport, IndicatorStory, ReportSettings
from cases.tests.factories import StoryFactory
from network.tests.factories import OrganisationFactory, ProgrammeFactory
from tenancy.testing import TenantModelFactory


class IndicatorStoryFactory(TenantModelFactory):
    class Meta:
        model = IndicatorStory

    organisation = factory.SubFactory(OrganisationFactory)
    story = factory.SubFactory(StoryFactory, organisation=factory.SelfAttribute("..organisation"))
    indicator = "victims_assisted"
    attached_by = factory.SubFactory(UserFactory)


class DonorReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DonorReport

    requested_by = factory.SubFactory(UserFactory)
    membership = factory.SubFactory(MembershipFactory, user=factory.SelfAttribute("..requested_by"))


class ReportSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSettings

    programme = factory.SubFactory(ProgrammeFactory)
