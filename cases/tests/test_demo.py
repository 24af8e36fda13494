"""The demo caseload (``load_demo``), loaded once for the module by ``demo_loaded`` (conftest.py)."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, F
from django.urls import reverse

from accounts.models import Membership, User
from cases import demo, reintegration, selectors
from cases.models import (
    Assessment,
    AssistanceService,
    Case,
    Consent,
    FollowUp,
    Referral,
    ReintegrationGoal,
    ReintegrationPlan,
    Screening,
    Story,
    TraffickingExperience,
    Victim,
    choices,
)
from cases.views.base import TABS
from network.models import Organisation

# Every test here reads the demo that ``demo_loaded`` (conftest.py) loads once for the module.


def test_demo_load_creates_the_seed_caseload_once(db, demo_loaded):
    first = demo_loaded  # what load_demo printed, the cases' report among it

    second = demo.load()

    assert Case.unscoped.filter(is_demo=True).count() == demo.HISTORICAL_CASES + demo.RECENT_CASES
    cases = demo.HISTORICAL_CASES + demo.RECENT_CASES
    assert f"\nCases: {cases} synthetic cases" in first
    assert second == f"Cases: demo cases already loaded ({cases})."
    by_country = dict(Case.unscoped.values_list("organisation__country").annotate(n=Count("pk")))
    assert max(by_country, key=by_country.get) == "UZ"
    assert set(Victim.unscoped.values_list("sex", flat=True)) == {"female", "male"}
    internal = TraffickingExperience.unscoped.filter(is_cross_border=False).count()
    assert internal > TraffickingExperience.unscoped.count() / 2
    assert Referral.unscoped.exclude(to_organisation__country=F("organisation__country")).exists()
    assert len(set(Case.unscoped.values_list("code", flat=True))) == demo.HISTORICAL_CASES + demo.RECENT_CASES
    # The referral loop: every state, bodies outside Amanat, transfers, and the Kazakh caseworker's
    # cross-border referral from a Tajik or Uzbek NGO, with the victim's consent covering it.
    statuses = set(Referral.unscoped.values_list("status", flat=True))
    assert {"requested", "accepted", "declined", "completed"} <= statuses
    assert Referral.unscoped.filter(to_organisation__isnull=True).exclude(external_type="").exists()
    assert Referral.unscoped.filter(kind="transfer", status="declined").exists()
    assert Organisation.objects.filter(country="RU", type="ngo").exists()
    assert Organisation.objects.filter(country="KZ", type="ngo").count() >= 2
    waiting = list(selectors.referrals_incoming(user=User.objects.get(username="caseworker_kz")))
    assert [(r.organisation.country in ("UZ", "TJ"), r.is_cross_border) for r in waiting] == [(True, True)]
    assert waiting[0].case.consents.filter(recipient=waiting[0].to_organisation, status="given").exists()
    sources = dict(Screening.unscoped.values_list("referral_source").annotate(n=Count("pk")))
    assert min(sources["hotline"], sources["police"], sources["ngo"]) > 3 * sources["consulate"]


def test_demo_load_gives_a_few_hundred_cases_a_reintegration_measured_over_time(db, demo_loaded):
    report = demo_loaded

    per_case = dict(Assessment.unscoped.values_list("case").annotate(n=Count("pk")))
    assert 200 <= len(per_case) <= 600
    assert set(per_case.values()) == {2, 3, 4}
    assert ReintegrationPlan.unscoped.count() == len(per_case)
    statuses = set(ReintegrationGoal.unscoped.values_list("status", flat=True))
    assert statuses == {"open", "achieved", "dropped"}
    assert not ReintegrationGoal.unscoped.filter(status="achieved", status_changed_on__isnull=True).exists()
    assert 1 <= Assessment.unscoped.filter(retrafficked=True).count() <= 30
    assert f"{Assessment.unscoped.filter(retrafficked=True).count()} re-trafficked." in report
    # Plausible improvement: most people are better at their last assessment than at the first.
    improved = 0
    for case_id in per_case:
        composites = list(
            Assessment.unscoped.filter(case_id=case_id)
            .order_by("assessed_on")
            .values_list("composite", flat=True)
        )
        assert all(Decimal(0) <= score <= Decimal(1) for score in composites)
        improved += composites[-1] > composites[0]
    assert improved > len(per_case) * 0.7
    sample = Assessment.unscoped.filter(followup__isnull=False).first()
    assert reintegration.answer_errors(sample.answers) == {}
    assert sample.followup.done_on == sample.assessed_on


def test_demo_places_of_exploitation_have_regions_of_their_country(db, demo_loaded):
    from cases.models import TraffickingEvent, choices

    exploitation = TraffickingEvent.unscoped.filter(type=choices.EventType.EXPLOITATION)
    with_region = exploitation.filter(region__isnull=False)
    assert with_region.count() > exploitation.count() * 0.75
    assert not with_region.exclude(region__country=F("country")).exists()
    assert with_region.filter(country="RU", region_id="RU-MOW").exists()


# After load_demo, every tab of a demo case has something to show: a person trying the demo opens a case and
# finds each section filled, not the "nothing yet" state.

# What a tab shows when there is nothing in it.
EMPTY_STATES = {
    "case_experience": ["No place recorded yet."],
    "case_consent": ["No consent recorded yet."],
    "case_services": ["No service recorded yet."],
    "case_referrals": ["No referral yet."],
    "case_reintegration": ["No plan yet.", "No goal yet.", "No follow-up scheduled.", "No assessment yet."],
    "case_notes": ["No note yet."],
    "case_attachments": ["No file yet."],
    "case_story": ["No story yet."],
    "case_history": ["Nothing recorded yet."],
}


@pytest.fixture
def demo_case(db, demo_loaded):
    manager = get_user_model().objects.get(username="manager")
    organisation = Membership.unscoped.get(user=manager).organisation
    referred = Referral.unscoped.values("case_id")
    followed_up = FollowUp.unscoped.values("case_id")
    measured = Assessment.unscoped.values("case_id")
    told = Story.unscoped.values("case_id")
    case = (
        Case.unscoped.filter(organisation=organisation, pk__in=referred)
        .filter(pk__in=followed_up)
        .filter(pk__in=measured)
        .filter(pk__in=told)
        .order_by("-registered_on", "pk")
        .first()
    )
    return case, manager


def test_every_tab_of_a_demo_case_has_something_to_show(client, demo_case):
    case, manager = demo_case
    client.force_login(manager)

    empty = {}
    for tab in TABS:
        response = client.get(reverse(f"cases:{tab.url_name}", args=[case.pk]))
        assert response.status_code == 200, tab.url_name
        html = response.content.decode()
        shown = [state for state in EMPTY_STATES.get(tab.url_name, []) if state in html]
        if shown:
            empty[tab.url_name] = shown

    assert empty == {}


# The demo shows follow-ups done and missed, consent to follow-up contact, services with an end and a
# unit, accommodation only where a shelter is run, and the spread of closure reasons.


def test_demo_load_shows_followup_outcomes_consents_services_and_closure_reasons(db, demo_loaded):

    done = FollowUp.unscoped.filter(done_on__isnull=False)
    assert done.exists() and all(followup.outcome for followup in done)
    missed = FollowUp.unscoped.filter(done_on__isnull=True).exclude(outcome="")
    assert missed.filter(cancelled=True).exists()  # given up on long-closed cases
    assert missed.filter(cancelled=False, case__stage__in=["reintegration", "monitoring"]).exists()  # overdue
    with_followups = set(FollowUp.unscoped.values_list("case_id", flat=True))
    consented = set(
        Consent.unscoped.filter(
            purpose=choices.ConsentPurpose.FOLLOW_UP, status=choices.ConsentStatus.GIVEN
        ).values_list("case_id", flat=True)
    )
    assert consented <= with_followups and len(consented) > 0.9 * len(with_followups)
    services = AssistanceService.unscoped.all()
    assert all(service.unit for service in services)
    assert services.filter(ended_on__isnull=False).count() > 0.9 * services.count()
    shelters = set(Organisation.objects.filter(services__code="shelter").values_list("pk", flat=True))
    accommodation = services.filter(type=choices.ServiceType.ACCOMMODATION)
    assert accommodation.exists()
    assert set(accommodation.values_list("provider_id", flat=True)) <= shelters
    assert all(service.unit == "nights" and service.quantity >= 1 for service in accommodation)
    reasons = set(Case.unscoped.filter(stage="closed").values_list("closure_reason", flat=True))
    assert {"reintegrated", "lost_contact", "re_trafficked"} <= reasons and "" not in reasons
