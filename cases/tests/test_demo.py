from django.db.models import Count, F

from accounts import demo as accounts_demo
from cases import demo
from cases.models import Case, Referral, TraffickingExperience, Victim
from network import demo as network_demo


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
