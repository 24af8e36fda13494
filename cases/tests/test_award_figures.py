"""The case-work figures an award entry cites: counts of one organisation's services, referrals and
reintegration, without the cases whose victims refused inclusion in statistics."""

import datetime
from decimal import Decimal

from cases import selectors
from cases.models import Referral, choices
from cases.tests.factories import (
    AssessmentFactory,
    AssistanceServiceFactory,
    CaseFactory,
    ConsentFactory,
    ReferralFactory,
    ReintegrationGoalFactory,
    ReintegrationPlanFactory,
)

PERIOD = {"date_from": datetime.date(2026, 1, 1), "date_to": datetime.date(2026, 3, 31)}
Type = choices.ServiceType


def _referral(case, status, day):
    referral = ReferralFactory(organisation=case.organisation, case=case, status=status)
    moment = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=datetime.UTC)
    Referral.unscoped.filter(pk=referral.pk).update(requested_at=moment)


def test_award_figures_count_services_referrals_and_reintegration(ngo, other_ngo):
    first, second, earlier = (CaseFactory(organisation=ngo) for _ in range(3))
    AssistanceServiceFactory(
        organisation=ngo, case=first, type=Type.MEDICAL, started_on=datetime.date(2026, 1, 20)
    )
    # Started before the period, still running in it: the case was assisted, the service not started.
    AssistanceServiceFactory(
        organisation=ngo, case=first, type=Type.LEGAL_AID, started_on=datetime.date(2025, 12, 1)
    )
    AssistanceServiceFactory(
        organisation=ngo, case=second, type=Type.ACCOMMODATION, started_on=datetime.date(2026, 2, 10)
    )
    AssistanceServiceFactory(
        organisation=ngo,
        case=earlier,
        started_on=datetime.date(2025, 11, 1),
        ended_on=datetime.date(2025, 12, 15),
    )
    AssistanceServiceFactory(organisation=other_ngo, started_on=datetime.date(2026, 1, 20))
    _referral(first, choices.ReferralStatus.ACCEPTED, datetime.date(2026, 2, 1))
    _referral(second, choices.ReferralStatus.COMPLETED, datetime.date(2026, 3, 1))
    _referral(second, choices.ReferralStatus.DECLINED, datetime.date(2026, 3, 2))
    _referral(first, choices.ReferralStatus.AWAITING_APPROVAL, datetime.date(2026, 3, 3))  # not sent yet
    _referral(first, choices.ReferralStatus.ACCEPTED, datetime.date(2026, 5, 1))  # after the period
    plan = ReintegrationPlanFactory(organisation=ngo, case=first, starts_on=datetime.date(2026, 2, 1))
    ReintegrationGoalFactory(
        organisation=ngo,
        case=first,
        plan=plan,
        status=choices.GoalStatus.ACHIEVED,
        status_changed_on=datetime.date(2026, 3, 1),
    )
    ReintegrationGoalFactory(organisation=ngo, case=first, plan=plan)  # still open
    AssessmentFactory(
        organisation=ngo, case=first, assessed_on=datetime.date(2026, 1, 10), composite=Decimal("0.400")
    )
    AssessmentFactory(
        organisation=ngo, case=first, assessed_on=datetime.date(2026, 3, 1), composite=Decimal("0.683")
    )
    AssessmentFactory(
        organisation=ngo, case=first, assessed_on=datetime.date(2026, 5, 1), composite=Decimal("0.9")
    )
    AssessmentFactory(
        organisation=ngo, case=second, assessed_on=datetime.date(2026, 2, 1), composite=Decimal("0.5")
    )

    figures = selectors.organisation_award_figures(organisation_id=ngo.pk, **PERIOD)

    assert figures == {
        "victims_assisted": 2,
        "services": 2,
        "service_types": 2,
        "referrals_made": 3,
        "referrals_accepted": 2,
        "reintegration_plans": 1,
        "goals_achieved": 1,
        "assessments": 3,
        "assessed_cases": 1,  # the second case has one assessment only: nothing to compare
        "score_change": 0.283,  # 0.683 − 0.400 (the assessment after the period left out)
    }


def test_award_figures_leave_out_cases_whose_victim_refused_inclusion_in_statistics(ngo):
    counted, refused = CaseFactory(organisation=ngo), CaseFactory(organisation=ngo)
    ConsentFactory(
        organisation=ngo,
        case=refused,
        purpose=choices.ConsentPurpose.STATISTICS,
        status=choices.ConsentStatus.REFUSED,
    )
    for case in (counted, refused):
        AssistanceServiceFactory(organisation=ngo, case=case, started_on=datetime.date(2026, 2, 1))

    figures = selectors.organisation_award_figures(organisation_id=ngo.pk, **PERIOD)

    assert (figures["victims_assisted"], figures["services"]) == (1, 1)
