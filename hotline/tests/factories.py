"""Factories for every hotline model that belongs to an organisation. Synthetic data only."""

import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from hotline.callers import caller_hash
from hotline.models import (
    Answer,
    AnswerTopic,
    AnswerVersion,
    CallerFlag,
    Contact,
    Line,
    OperatorExtension,
    TelephonyAccount,
)
from hotline.models.knowledge import answer_search_text
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


# Operations (knowledge base, telephony) ---------------------------------------------------------------


class AnswerFactory(TenantModelFactory):
    """An answer without a live version (a draft); ``AnswerVersionFactory`` writes its versions."""

    class Meta:
        model = Answer

    organisation = factory.SubFactory(OrganisationFactory)
    topic = AnswerTopic.DOCUMENTS


class AnswerVersionFactory(TenantModelFactory):
    class Meta:
        model = AnswerVersion

    organisation = factory.SubFactory(OrganisationFactory)
    answer = factory.SubFactory(AnswerFactory, organisation=factory.SelfAttribute("..organisation"))
    number = factory.Sequence(lambda n: n + 1)
    title_en = "If your passport was taken"
    title_ru = "Если у вас забрали паспорт"
    body_en = "Nobody may keep your passport. Ask for it back in writing and call the consulate."
    body_ru = "Никто не вправе удерживать ваш паспорт. Потребуйте его письменно и позвоните в консульство."
    search_text = factory.LazyAttribute(
        lambda version: answer_search_text(
            version.title_en, version.title_ru, version.body_en, version.body_ru
        )
    )
    created_by = factory.SubFactory(UserFactory)


class TelephonyAccountFactory(TenantModelFactory):
    class Meta:
        model = TelephonyAccount

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    name = "Office PBX"
    token_prefix = "amtel_test"
    token_digest = factory.Sequence(lambda n: f"{n:064x}")


class OperatorExtensionFactory(TenantModelFactory):
    class Meta:
        model = OperatorExtension

    organisation = factory.SubFactory(OrganisationFactory)
    line = factory.SubFactory(LineFactory, organisation=factory.SelfAttribute("..organisation"))
    extension = factory.Sequence(lambda n: str(100 + n))
    operator = factory.SubFactory(UserFactory)


def live_answer(organisation, **version_fields) -> Answer:
    """An answer whose first version a manager approved: what operators read."""
    version = AnswerVersionFactory(organisation=organisation, number=1, **version_fields)
    version.approved_by = UserFactory()
    version.approved_at = timezone.now()
    version.save(update_fields=["approved_by", "approved_at"])
    answer = version.answer
    answer.live_version = version
    answer.save(update_fields=["live_version"])
    return answer
