"""Factories for every awards model that belongs to an organisation. Synthetic data only.

A competition starts as a draft, read by its organiser only (a published call is read by every member
of the network: awards/tests/test_scope.py). Its submission deadline is a month away, so that entries are
still open; a test of judging passes a deadline in the past."""

import datetime

import factory
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import MembershipFactory, UserFactory
from awards.models import (
    Assignment,
    CommitteeMember,
    Competition,
    ConflictDeclaration,
    Consultation,
    Criterion,
    Entry,
    EntryFile,
    Nomination,
    Nominee,
    Result,
    Score,
    ScoreSheet,
    Slot,
)
from network.models import OrganisationType
from network.tests.factories import OrganisationFactory
from tenancy.testing import TenantModelFactory


def _in_days(days: int):
    return factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=days))


class CompetitionFactory(TenantModelFactory):
    class Meta:
        model = Competition

    organisation = factory.SubFactory(OrganisationFactory, type=OrganisationType.INTERNATIONAL)
    name_en = factory.Sequence(lambda n: f"Best practice award {n}")
    name_ru = factory.Sequence(lambda n: f"Премия за лучшую практику {n}")
    countries = factory.LazyFunction(lambda: ["KZ", "KG", "TJ", "TM", "UZ"])
    venue = "Bishkek"
    call_opens_on = _in_days(-30)
    consultations_close_on = _in_days(10)
    submission_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    judging_closes_on = _in_days(50)
    forum_starts_on = _in_days(60)
    forum_ends_on = _in_days(61)
    results_on = _in_days(61)
    created_by = factory.SubFactory(UserFactory)


class NominationFactory(TenantModelFactory):
    class Meta:
        model = Nomination

    organisation = factory.SubFactory(OrganisationFactory, type=OrganisationType.INTERNATIONAL)
    competition = factory.SubFactory(CompetitionFactory, organisation=factory.SelfAttribute("..organisation"))
    code = factory.Sequence(lambda n: f"nomination-{n}")
    name_en = factory.Sequence(lambda n: f"Best shelter {n}")
    name_ru = factory.Sequence(lambda n: f"Лучший приют {n}")
    figure_sources = factory.LazyFunction(lambda: ["shelters"])


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    nomination = factory.SubFactory(NominationFactory)
    code = factory.Sequence(lambda n: f"criterion-{n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    name_ru = factory.Sequence(lambda n: f"Критерий {n}")
    weight = 1
    descriptors = factory.LazyFunction(
        lambda: [{"en": f"Level {level}", "ru": f"Уровень {level}"} for level in range(1, 6)]
    )


class ConsultationFactory(TenantModelFactory):
    class Meta:
        model = Consultation
        django_get_or_create = ("competition", "country")

    organisation = factory.SubFactory(OrganisationFactory, type=OrganisationType.INTERNATIONAL)
    competition = factory.SubFactory(CompetitionFactory)
    country = "TJ"
    held_on = _in_days(-10)
    place = "Dushanbe"
    created_by = factory.SubFactory(UserFactory)


class NomineeFactory(TenantModelFactory):
    class Meta:
        model = Nominee

    organisation = factory.SubFactory(OrganisationFactory)
    nomination = factory.SubFactory(NominationFactory)
    consultation = factory.SubFactory(
        ConsultationFactory, competition=factory.SelfAttribute("..nomination.competition")
    )
    put_forward_by = factory.SubFactory(UserFactory)


class EntryFactory(TenantModelFactory):
    class Meta:
        model = Entry

    organisation = factory.SubFactory(OrganisationFactory)
    competition = factory.SubFactory(CompetitionFactory)
    nomination = factory.SubFactory(
        NominationFactory,
        competition=factory.SelfAttribute("..competition"),
        organisation=factory.SelfAttribute("..competition.organisation"),
    )
    nominee = factory.SubFactory(
        NomineeFactory,
        organisation=factory.SelfAttribute("..organisation"),
        nomination=factory.SelfAttribute("..nomination"),
    )
    code = factory.Sequence(lambda n: f"E-{n:03d}")
    title = factory.Sequence(lambda n: f"A safe place to stay {n}")
    summary = "How the shelter works with victims from admission to reintegration."
    created_by = factory.SubFactory(UserFactory)


class EntryFileFactory(TenantModelFactory):
    class Meta:
        model = EntryFile

    organisation = factory.SubFactory(OrganisationFactory)
    entry = factory.SubFactory(EntryFactory, organisation=factory.SelfAttribute("..organisation"))
    title = "Presentation"
    file_name = "presentation.pdf"
    content_type = "application/pdf"
    size = 4
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(UserFactory)


def judge_user(organisation=None, **user_fields):
    """A user with an active judge role (in an organisation of their own unless one is given)."""
    membership = MembershipFactory(
        role=Role.JUDGE,
        organisation=organisation or OrganisationFactory(type=OrganisationType.INTERNATIONAL),
        user=UserFactory(**user_fields),
    )
    return membership.user


class _OrganiserRowFactory(TenantModelFactory):
    """Committee rows belong to the competition's organiser."""

    organisation = factory.SubFactory(OrganisationFactory, type=OrganisationType.INTERNATIONAL)
    competition = factory.SubFactory(CompetitionFactory, organisation=factory.SelfAttribute("..organisation"))


class CommitteeMemberFactory(_OrganiserRowFactory):
    class Meta:
        model = CommitteeMember

    judge = factory.LazyFunction(judge_user)
    added_by = factory.SubFactory(UserFactory)


class ConflictDeclarationFactory(_OrganiserRowFactory):
    class Meta:
        model = ConflictDeclaration

    judge = factory.LazyFunction(judge_user)
    with_organisation = factory.SubFactory(OrganisationFactory)
    reason = "Sits on the board of this organisation."
    declared_by = factory.SelfAttribute("judge")


class AssignmentFactory(_OrganiserRowFactory):
    class Meta:
        model = Assignment

    entry = factory.SubFactory(EntryFactory, competition=factory.SelfAttribute("..competition"))
    judge = factory.LazyFunction(judge_user)


class ScoreSheetFactory(TenantModelFactory):
    class Meta:
        model = ScoreSheet

    organisation = factory.SubFactory(OrganisationFactory, type=OrganisationType.INTERNATIONAL)
    assignment = factory.SubFactory(AssignmentFactory, organisation=factory.SelfAttribute("..organisation"))


class ScoreFactory(TenantModelFactory):
    class Meta:
        model = Score

    organisation = factory.SubFactory(OrganisationFactory, type=OrganisationType.INTERNATIONAL)
    sheet = factory.SubFactory(ScoreSheetFactory, organisation=factory.SelfAttribute("..organisation"))
    criterion = factory.SubFactory(
        CriterionFactory, nomination=factory.SelfAttribute("..sheet.assignment.entry.nomination")
    )
    value = 4


class ResultFactory(_OrganiserRowFactory):
    class Meta:
        model = Result

    entry = factory.SubFactory(EntryFactory, competition=factory.SelfAttribute("..competition"))
    nomination = factory.SelfAttribute("entry.nomination")
    rank = 1
    mean = 4
    judges = 3


class SlotFactory(_OrganiserRowFactory):
    class Meta:
        model = Slot

    day = _in_days(60)
    starts_at = datetime.time(10, 0)
    ends_at = datetime.time(10, 20)
    room = "Hall A"
    title = "Opening"
