"""Factories for every cases model that belongs to an organisation. Synthetic data only."""

import datetime
from decimal import Decimal

import factory

from accounts.tests.factories import UserFactory
from cases.models import (
    ApprovalRequest,
    Assessment,
    AssistanceService,
    Attachment,
    Case,
    CaseAccess,
    Consent,
    CriminalProceeding,
    FollowUp,
    Note,
    Perpetrator,
    Referral,
    ReintegrationGoal,
    ReintegrationPlan,
    Screening,
    Story,
    TraffickingEvent,
    TraffickingExperience,
    Victim,
    VictimSearchToken,
    choices,
)
from network.tests.factories import OrganisationFactory
from privacy.blind_index import blind_index
from tenancy.testing import TenantModelFactory


class CaseFactory(TenantModelFactory):
    class Meta:
        model = Case

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"TJ-2026-{n + 900000:06d}")
    registered_on = datetime.date(2026, 1, 15)


class _CaseChildFactory(TenantModelFactory):
    """A row of a case; the organisation is the case's owner unless given."""

    organisation = factory.SubFactory(OrganisationFactory)
    case = factory.SubFactory(CaseFactory, organisation=factory.SelfAttribute("..organisation"))


class VictimFactory(_CaseChildFactory):
    class Meta:
        model = Victim
        skip_postgeneration_save = True

    given_name = factory.Iterator(["Dilnoza", "Farrukh", "Malika", "Rustam", "Zarina"])
    family_name = factory.Iterator(["Testova", "Primerov", "Sinteva", "Fiktivov", "Obraztsova"])
    sex = choices.Sex.FEMALE
    gender = choices.Gender.FEMININE
    birth_date = datetime.date(1995, 4, 12)
    citizenship = factory.LazyFunction(lambda: ["TJ"])
    blind_index = factory.LazyAttribute(
        lambda victim: blind_index(
            given_name=victim.given_name, family_name=victim.family_name, birth_date=victim.birth_date
        )
    )

    @factory.post_generation
    def search_tokens(victim, create, extracted, **kwargs):
        # As the services do: a victim is found by name search from the moment it is saved.
        if create:
            victim.search_tokens_sync()


class VictimSearchTokenFactory(_CaseChildFactory):
    class Meta:
        model = VictimSearchToken

    token = factory.Sequence(lambda n: n + 1)
    kid = "blind-index"


class ScreeningFactory(_CaseChildFactory):
    class Meta:
        model = Screening

    referral_source = choices.ReferralSource.HOTLINE
    screened_on = datetime.date(2026, 1, 15)
    indicators = factory.LazyFunction(lambda: [choices.Indicator.DOCUMENTS_WITHHELD])


class TraffickingExperienceFactory(_CaseChildFactory):
    class Meta:
        model = TraffickingExperience

    exploitation_types = factory.LazyFunction(lambda: [choices.Exploitation.FORCED_LABOUR])
    labour_sectors = factory.LazyFunction(lambda: [choices.Industry.F])


class TraffickingEventFactory(_CaseChildFactory):
    class Meta:
        model = TraffickingEvent

    type = choices.EventType.EXPLOITATION
    country = "RU"
    started_on = datetime.date(2025, 3, 1)
    ended_on = datetime.date(2025, 9, 1)


class PerpetratorFactory(_CaseChildFactory):
    class Meta:
        model = Perpetrator

    roles = factory.LazyFunction(lambda: [choices.PerpetratorRole.RECRUITER])
    name = factory.Iterator(["Vymyshlen Agentov", "Primer Verbovshchikov"])
    sex = choices.Sex.MALE
    age = 40
    citizenship = factory.LazyFunction(lambda: ["RU"])
    relation_to_victim = choices.RecruiterRelation.ACQUAINTED
    recorded_by = factory.SubFactory(UserFactory)


class CriminalProceedingFactory(_CaseChildFactory):
    class Meta:
        model = CriminalProceeding

    authority = "Fictional District Prosecutor"
    country = "RU"
    stage = choices.ProceedingStage.INVESTIGATION
    victim_is_witness = True
    recorded_by = factory.SubFactory(UserFactory)


class ConsentFactory(_CaseChildFactory):
    class Meta:
        model = Consent

    purpose = choices.ConsentPurpose.ASSISTANCE
    status = choices.ConsentStatus.GIVEN
    method = choices.ConsentMethod.WRITTEN
    given_on = datetime.date(2026, 1, 15)
    recorded_by = factory.SubFactory(UserFactory)


class AssistanceServiceFactory(_CaseChildFactory):
    class Meta:
        model = AssistanceService

    type = choices.ServiceType.MEDICAL
    provider = factory.SelfAttribute("organisation")
    started_on = datetime.date(2026, 1, 20)
    recorded_by = factory.SubFactory(UserFactory)


class ReferralFactory(_CaseChildFactory):
    class Meta:
        model = Referral

    to_organisation = factory.SubFactory(OrganisationFactory)
    service_needed = choices.ServiceType.LEGAL_AID
    share_screening = True
    requested_by = factory.SubFactory(UserFactory)


class SharedReferralFactory(ReferralFactory):
    """An accepted referral together with the victim's consent to sharing with the receiving organisation,
    covering exactly the sections the referral shares (``consent__expires_on=…`` etc. adjust the consent)."""

    status = choices.ReferralStatus.ACCEPTED

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def consent(self, create, extracted, **fields):
        if not create:
            return
        ConsentFactory(
            organisation=self.organisation,
            case=self.case,
            purpose=choices.ConsentPurpose.SHARING,
            recipient=self.to_organisation,
            **{"sections": self.shared_sections, **fields},
        )


class ApprovalRequestFactory(_CaseChildFactory):
    class Meta:
        model = ApprovalRequest

    action = choices.ApprovalAction.CLOSE
    closure_reason = choices.ClosureReason.REINTEGRATED
    requested_by = factory.SubFactory(UserFactory)


class ReintegrationPlanFactory(_CaseChildFactory):
    class Meta:
        model = ReintegrationPlan

    type = choices.SupportPlanType.LIVELIHOOD
    starts_on = datetime.date(2026, 2, 1)
    created_by = factory.SubFactory(UserFactory)


class ReintegrationGoalFactory(_CaseChildFactory):
    class Meta:
        model = ReintegrationGoal

    plan = factory.SubFactory(
        ReintegrationPlanFactory,
        organisation=factory.SelfAttribute("..organisation"),
        case=factory.SelfAttribute("..case"),
    )
    dimension = choices.Dimension.ECONOMIC
    description = "Open a small tailoring workshop"


class FollowUpFactory(_CaseChildFactory):
    class Meta:
        model = FollowUp

    due_on = datetime.date(2026, 3, 1)
    months_after_return = 1


def rss_answers(**changes) -> dict:
    """A plausible Reintegration Sustainability Survey, one answer per indicator (codes of its scale)."""
    return {
        "economic_satisfaction": 3,
        "food_reduction": 3,
        "can_borrow": 1,
        "debt": 2,
        "employment_access": 3,
        "housing": 4,
        "schooling": 1,
        "justice": 3,
        "documents": 1,
        "health_care": 4,
        "social_activities": 3,
        "support_network": 4,
        "feels_safe": 2,
        "discrimination": 4,
        "distress": 3,
        **changes,
    }


class AssessmentFactory(_CaseChildFactory):
    class Meta:
        model = Assessment

    assessed_on = datetime.date(2026, 3, 1)
    answers = factory.LazyFunction(rss_answers)
    # The scores of rss_answers() (see test_reintegration_scoring.py for how they are computed).
    economic = Decimal("0.6")
    social = Decimal("0.8")
    psychosocial = Decimal("0.65")
    composite = Decimal("0.683")
    assessed_by = factory.SubFactory(UserFactory)


class CaseAccessFactory(_CaseChildFactory):
    class Meta:
        model = CaseAccess

    user = factory.SubFactory(UserFactory)
    reason = "cases.opened"


class NoteFactory(_CaseChildFactory):
    class Meta:
        model = Note

    text = "Synthetic note: follow-up call went well."
    author = factory.SubFactory(UserFactory)


class AttachmentFactory(_CaseChildFactory):
    class Meta:
        model = Attachment

    file_name = "synthetic.pdf"
    content_type = "application/pdf"
    size = 0
    sha256 = "0" * 64
    uploaded_by = factory.SubFactory(UserFactory)


class StoryFactory(_CaseChildFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"Synthetic story {n}")
    text = "A synthetic testimony used in tests."
    submitted_by = factory.SubFactory(UserFactory)
