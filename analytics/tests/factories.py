import factory

from accounts.tests.factories import MembershipFactory, UserFactory
from analytics.models import DonorReport, IndicatorStory, ReportSettings
from cases.models import choices
from cases.tests.factories import CaseFactory, ConsentFactory, StoryFactory
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


def published_story(organisation, *, title="A road home", expires_on=None):
    """A story published under the victim's current publication consent (``expires_on`` may end it)."""
    case = CaseFactory(organisation=organisation)
    publication = choices.ConsentPurpose.PUBLICATION
    ConsentFactory(case=case, organisation=organisation, purpose=publication, expires_on=expires_on)
    return StoryFactory(
        case=case, organisation=organisation, title=title, status=choices.StoryStatus.PUBLISHED
    )


def attached_story(organisation, *, indicator="victims_assisted") -> IndicatorStory:
    """A published story of the organisation shown beside ``indicator``."""
    return IndicatorStoryFactory(
        organisation=organisation, story=published_story(organisation), indicator=indicator
    )
