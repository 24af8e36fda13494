"""Factories for every campaigns model that belongs to an organisation. Synthetic data only."""

import datetime

import factory

from accounts.tests.factories import UserFactory
from campaigns.models import (
    Activity,
    Airing,
    Broadcast,
    BroadcastText,
    Campaign,
    Gateway,
    Material,
    Message,
    OperatorPrice,
    OptOut,
    Participation,
    SmsPolicy,
    Subscriber,
    SubscriberImport,
    SubscriberList,
    choices,
)
from hotline.callers import caller_hash
from network.tests.factories import OrganisationFactory
from tenancy.testing import TenantModelFactory


def same_organisation(factory_class, **fields):
    return factory.SubFactory(factory_class, organisation=factory.SelfAttribute("..organisation"), **fields)


class CampaignFactory(TenantModelFactory):
    class Meta:
        model = Campaign

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Safe migration campaign {n}")
    starts_on = datetime.date(2026, 3, 1)
    ends_on = datetime.date(2026, 5, 31)
    target_groups = factory.LazyFunction(lambda: [choices.TargetGroup.YOUNG_PEOPLE])
    languages = factory.LazyFunction(lambda: ["ru", "tg"])
    channels = factory.LazyFunction(lambda: [choices.Channel.TV, choices.Channel.SMS])
    key_messages = "Check a job offer before you travel."
    created_by = factory.SubFactory(UserFactory)


class _CampaignPartFactory(TenantModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    campaign = same_organisation(CampaignFactory)


class MaterialFactory(_CampaignPartFactory):
    class Meta:
        model = Material

    title = "Poster"
    file_name = "poster.pdf"
    content_type = "application/pdf"
    size = 4
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(UserFactory)


class ActivityFactory(_CampaignPartFactory):
    class Meta:
        model = Activity

    channel = choices.Channel.TV
    title = factory.Sequence(lambda n: f"TV spot {n}")
    outlet = "Test TV"
    audience_estimate = 50000
    estimate_source = "Broadcaster's figures"
    created_by = factory.SubFactory(UserFactory)


class AiringFactory(_CampaignPartFactory):
    class Meta:
        model = Airing

    activity = factory.SubFactory(
        ActivityFactory,
        organisation=factory.SelfAttribute("..organisation"),
        campaign=factory.SelfAttribute("..campaign"),
    )
    aired_at = datetime.datetime(2026, 3, 2, 19, 30, tzinfo=datetime.UTC)


class ParticipationFactory(_CampaignPartFactory):
    class Meta:
        model = Participation

    activity = factory.SubFactory(
        ActivityFactory,
        organisation=factory.SelfAttribute("..organisation"),
        campaign=factory.SelfAttribute("..campaign"),
        channel=choices.Channel.EVENT,
    )
    sex = choices.Sex.FEMALE
    age_band = choices.AgeBand.AGE_18_24
    count = 12


class SubscriberListFactory(TenantModelFactory):
    class Meta:
        model = SubscriberList

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Subscribers {n}")
    consent_source = "Sign-up form at a job fair"
    created_by = factory.SubFactory(UserFactory)


class SubscriberFactory(TenantModelFactory):
    class Meta:
        model = Subscriber

    organisation = factory.SubFactory(OrganisationFactory)
    subscriber_list = same_organisation(SubscriberListFactory)
    number = factory.Sequence(lambda n: f"+99290{n:07d}")
    number_hash = factory.LazyAttribute(lambda o: caller_hash(o.number))
    country = "TJ"
    time_zone = "Asia/Dushanbe"
    language = "ru"
    consent_date = datetime.date(2026, 1, 15)


class OptOutFactory(TenantModelFactory):
    class Meta:
        model = OptOut

    class Params:
        number = factory.Sequence(lambda n: f"+99291{n:07d}")

    organisation = factory.SubFactory(OrganisationFactory)
    number_hash = factory.LazyAttribute(lambda o: caller_hash(o.number))
    via = choices.OptOutVia.KEYWORD
    keyword = "STOP"


class SubscriberImportFactory(TenantModelFactory):
    class Meta:
        model = SubscriberImport

    organisation = factory.SubFactory(OrganisationFactory)
    subscriber_list = same_organisation(SubscriberListFactory)
    file_name = "subscribers.csv"
    rows = "[]"
    created_by = factory.SubFactory(UserFactory)


class GatewayFactory(TenantModelFactory):
    class Meta:
        model = Gateway

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Gateway {n}")
    backend = choices.Backend.CONSOLE
    sender = "AMANAT"


class OperatorPriceFactory(TenantModelFactory):
    class Meta:
        model = OperatorPrice

    organisation = factory.SubFactory(OrganisationFactory)
    gateway = same_organisation(GatewayFactory)
    operator = "Test Mobile"
    prefix = factory.Sequence(lambda n: f"+9929{n % 10}")
    price_per_segment = "0.0200"


class SmsPolicyFactory(TenantModelFactory):
    class Meta:
        model = SmsPolicy
        django_get_or_create = ("organisation",)

    organisation = factory.SubFactory(OrganisationFactory)


class BroadcastFactory(TenantModelFactory):
    class Meta:
        model = Broadcast

    organisation = factory.SubFactory(OrganisationFactory)
    campaign = same_organisation(CampaignFactory)
    gateway = same_organisation(GatewayFactory)
    name = factory.Sequence(lambda n: f"Broadcast {n}")
    created_by = factory.SubFactory(UserFactory)


class BroadcastTextFactory(TenantModelFactory):
    class Meta:
        model = BroadcastText

    organisation = factory.SubFactory(OrganisationFactory)
    broadcast = same_organisation(BroadcastFactory)
    language = "ru"
    body = "Проверьте предложение о работе: позвоните на горячую линию."


class MessageFactory(TenantModelFactory):
    class Meta:
        model = Message

    organisation = factory.SubFactory(OrganisationFactory)
    broadcast = same_organisation(BroadcastFactory)
    gateway = factory.SelfAttribute("broadcast.gateway")
    subscriber = same_organisation(SubscriberFactory)
    number_hash = factory.SelfAttribute("subscriber.number_hash")
    text = factory.SubFactory(
        BroadcastTextFactory,
        organisation=factory.SelfAttribute("..organisation"),
        broadcast=factory.SelfAttribute("..broadcast"),
    )
    segments = 1
