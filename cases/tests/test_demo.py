from decimal import Decimal

from django.db.models import Count, F

from accounts import demo as accounts_demo
from accounts.models import User
from cases import demo, reintegration, selectors
from cases.models import (
    Assessment,
    Case,
    Referral,
    ReintegrationGoal,
    ReintegrationPlan,
    Screening,
    TraffickingExperience,
    Victim,
)
from network import demo as network_demo
from network.models import Organisation


def test_demo_load_creates_the_seed_caseload_once(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    network_demo.load()
    accounts_demo.load()

    first = demo.load()
    second = demo.load()

    assert Case.unscoped.filter(is_demo=True).count() == demo.HISTORICAL_CASES + demo.RECENT_CASES
    assert first.startswith("Cases: 1100 synthetic cases")
    assert second == "Cases: demo cases already loaded (1100)."
    by_country = dict(Case.unscoped.values_list("organisation__country").annotate(n=Count("pk")))
    assert max(by_country, key=by_country.get) == "UZ"
    assert set(Victim.unscoped.values_list("sex", flat=True)) == {"female", "male"}
    internal = TraffickingExperience.unscoped.filter(is_cross_border=False).count()
    assert internal > TraffickingExperience.unscoped.count() / 2
    assert Referral.unscoped.exclude(to_organisation__country=F("organisation__country")).exists()
    assert len(set(Case.unscoped.values_list("code", flat=True))) == 1100
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


def test_demo_load_gives_a_few_hundred_cases_a_reintegration_measured_over_time(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    network_demo.load()
    accounts_demo.load()

    report = demo.load()

    per_case = dict(Assessment.unscoped.values_list("case").annotate(n=Count("pk")))
    assert 200 <= len(per_case) <= 500
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


def test_demo_places_of_exploitation_have_regions_of_their_country(db, settings):
    from cases.models import TraffickingEvent, choices

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    network_demo.load()
    accounts_demo.load()

    demo.load()

    exploitation = TraffickingEvent.unscoped.filter(type=choices.EventType.EXPLOITATION)
    with_region = exploitation.filter(region__isnull=False)
    assert with_region.count() > exploitation.count() * 0.75
    assert not with_region.exclude(region__country=F("country")).exists()
    assert with_region.filter(country="RU", region_id="RU-MOW").exists()
