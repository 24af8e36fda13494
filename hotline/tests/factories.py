"""Factories for every hotline model that belongs to an organisation. Synthetic data only."""

import datetime

import factory
from django.utils import timezone

from hotline.callers import caller_hash
from hotline.models import CallerFlag, Contact, Line
from network.tests.factories import OrganisationFactory
from tenancy.testing import TenantModelFactory


class LineFactory(TenantModelFactory):
    class Meta:
        model = Line
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Helpline {n}")
    public_number = "+992 00 000 00 00"
    languages = ["ru", "tg"]

    @factory.post_generation
    def operators(self, create, extracted, **kwargs):
        if create and extracted:
            self.operators.set(extracted)


class ContactFactory(TenantModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    line = factory.SubFactory(LineFactory, organisation=factory.SelfAttribute("..organisation"))
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=10))
    duration_seconds = 180
    channel = Contact.Channel.PHONE
    language = "ru"
    caller_type = Contact.CallerType.PROSPECTIVE_MIGRANT
    caller_country = "TJ"
    country_of_concern = "RU"
    topics = ["job_offer_check"]
    outcome = Contact.Outcome.INFORMATION
    is_draft = False


class CallerFlagFactory(TenantModelFactory):
    class Meta:
        model = CallerFlag

    organisation = factory.SubFactory(OrganisationFactory)
    # A made-up number of the reserved test range: never a real person's.
    caller_hash = factory.LazyFunction(lambda: caller_hash("+992 00 000 00 01"))
    kind = CallerFlag.Kind.PRANK
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
