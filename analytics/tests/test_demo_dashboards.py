"""On the demo data each role's dashboard and routes page show the seed's picture: over a thousand
victims assisted network-wide, most trafficked within their own country (above all in Uzbekistan), the
others mostly to Russia and Kazakhstan, for labour and/or sexual exploitation. The coordinator sees
Tajikistan only, the manager their organisation only. The figures read from the HTML are checked against
the test's own counts (ORM, ``Case.unscoped``), and the regions of exploitation against the bundled map.

One module: loading the demo costs ~20 s (``demo_loaded``)."""

import html
import json
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from analytics import geo
from cases.models import AssistanceService, Case, Consent, TraffickingEvent, choices
from conftest import Client2FA
from network.models import Organisation, Region

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    """The page's visible words, tags and scripts removed, white space collapsed."""
    content = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content))).strip()


def figure(number: int) -> str:
    return f"{number:,}"


def opened(username: str, view: str, language: str = "en"):
    client = Client2FA()
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(view))
    assert response.status_code == 200
    return response


def assisted_cases(**scope):
    """The test's independent count of the victims assisted: the demo's registered cases with a service
    and a current statistics consent given (the consent rule, written out again here)."""
    # unscoped: the test counts across organisations on purpose, independently of the analytics code.
    served = AssistanceService.unscoped.filter(case=OuterRef("pk"))
    # unscoped: correlated to the counted case.
    consented = Consent.unscoped.filter(
        case=OuterRef("pk"),
        purpose=choices.ConsentPurpose.STATISTICS,
        superseded_by__isnull=True,
        status=choices.ConsentStatus.GIVEN,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate()))
    # unscoped: the test's independent count, filtered by the scope passed in.
    return Case.unscoped.filter(Exists(served), Exists(consented), is_draft=False, **scope)


def exploited_in(cases) -> dict[str, int]:
    """Victims by country of exploitation (a victim once per country), the test's independent count."""
    # unscoped: the events of the cases counted above.
    rows = (
        TraffickingEvent.unscoped.filter(case__in=cases, type=choices.EventType.EXPLOITATION)
        .values("country")
        .annotate(victims=Count("case", distinct=True))
    )
    return {row["country"]: row["victims"] for row in rows}


def in_forced_labour(cases):
    """The cases trafficked for forced labour (among other forms), the test's independent count."""
    return cases.filter(experience__exploitation_types__has_item=choices.Exploitation.FORCED_LABOUR)


def internal(cases) -> int:
    return cases.filter(experience__is_cross_border=False).count()


def test_analysts_dashboard_shows_the_seeds_picture_of_the_network(db, demo_loaded):
    cases = assisted_cases()
    total = cases.count()
    places = exploited_in(cases)
    assert total > 1000
    # The seed's shape: most inside their own country, above all Uzbekistan; abroad Russia, Kazakhstan.
    assert internal(cases) * 2 > total
    assert sorted(places, key=places.get, reverse=True)[:3] == ["RU", "UZ", "KZ"]

    text = page_text(opened("analyst", "analytics:dashboard"))

    assert "Dashboard: The whole network" in text
    assert f"{figure(total)} victims assisted" in text
    assert f"Over {figure(total // 100 * 100)} victims were assisted." in text
    forms = re.search(r"Main forms of exploitation: forced labour \( (\d+) \) and sexual exploitation", text)
    # unscoped: the test's independent count of the forms (a victim once per form).
    labour = in_forced_labour(cases)
    assert forms and int(forms.group(1)) == labour.count()
    within = round(100 * internal(cases) / total)
    assert f"Most were exploited within their own country ( {within}% )" in text
    for country, name in (("RU", "Russian Federation"), ("UZ", "Uzbekistan"), ("KZ", "Kazakhstan")):
        assert f"{name} {figure(places[country])}" in text


def test_analysts_summary_names_uzbekistan_and_russia_and_kazakhstan(db, demo_loaded):
    text = page_text(opened("analyst", "analytics:dashboard"))

    assert "especially in Uzbekistan." in text
    assert "The other main countries of exploitation: Russian Federation" in text
    assert "and Kazakhstan" in text


def test_analysts_summary_says_over_1100_victims(db, demo_loaded):
    assert "Over 1,100 victims were assisted." in page_text(opened("analyst", "analytics:dashboard"))


def test_analysts_summary_reads_in_russian(db, demo_loaded):
    total = assisted_cases().count()
    text = page_text(opened("analyst", "analytics:dashboard", language="ru"))

    labour = in_forced_labour(assisted_cases())
    over = f"{total // 100 * 100:,}".replace(",", " ")  # white space collapsed by page_text
    assert f"Более {over} пострадавших получили помощь." in text
    assert f"Основные формы эксплуатации: принудительный труд ( {labour.count()} ) и сексуальная" in text
    assert "Over " not in text


def test_analysts_routes_page_shows_uzbekistan_first_within_and_russia_and_kazakhstan_abroad(db, demo_loaded):
    cases = assisted_cases()
    places = exploited_in(cases)
    # The test's independent count of victims exploited within their own country, by that country.
    internal_by_country = dict(
        cases.filter(experience__is_cross_border=False)
        .values_list("organisation__country")
        .annotate(victims=Count("pk"))
        .values_list("organisation__country", "victims")
    )
    leading = max(internal_by_country, key=internal_by_country.get)
    assert leading == "UZ"

    text = page_text(opened("analyst", "analytics:routes"))

    assert (
        f"Internal trafficking was most often recorded in Uzbekistan (victims: {internal_by_country['UZ']})."
        in text
    )
    assert (
        f"The main countries of exploitation: Russian Federation ({places['RU']}), "
        f"Uzbekistan ({places['UZ']}), Kazakhstan ({places['KZ']})." in text
    )


def test_demos_places_of_exploitation_agree_with_the_border_and_the_map(db, demo_loaded):
    # unscoped: the demo's cases, every organisation.
    demo = Case.unscoped.filter(is_demo=True)
    # unscoped: the demo's exploitation events.
    events = TraffickingEvent.unscoped.filter(case__in=demo, type=choices.EventType.EXPLOITATION)
    # Cross-border exactly when the place of exploitation is outside the organisation's country.
    crossing = events.filter(case__experience__is_cross_border=True)
    assert not crossing.filter(country=F("case__organisation__country")).exists()
    within = events.filter(case__experience__is_cross_border=False)
    assert not within.exclude(country=F("case__organisation__country")).exists()
    # Most places of exploitation in the five republics have a region, each drawn by a map feature.
    in_republics = events.filter(country__in=geo.FIVE_REPUBLICS)
    assert in_republics.filter(region__isnull=False).count() > 0.8 * in_republics.count()
    assert not in_republics.filter(region__isnull=False).exclude(region__country=F("country")).exists()
    features = map_features()
    for code, map_code in Region.objects.filter(pk__in=in_republics.values("region_id")).values_list(
        "code", "map_code"
    ):
        assert geo.feature_of_region(code, map_code) in features, code


def map_features() -> set[str]:
    with open(finders.find("analytics/geo/central-asia-admin1.geojson"), encoding="utf-8") as geojson:
        features = json.load(geojson)["features"]
    return {
        geo.FEATURE_RENAMES.get(str(feature["properties"]["ne_id"]), feature["properties"]["iso_3166_2"])
        for feature in features
    }


def test_analysts_map_of_exploitation_draws_regions_of_the_bundled_geojson(db, demo_loaded):
    response = opened("analyst", "analytics:routes")
    data = json.loads(
        re.search(
            r'<script id="exploitation-map-data" type="application/json">(.*?)</script>',
            response.content.decode(),
            re.S,
        ).group(1)
    )
    features = map_features()
    drawn = [value for value in data["values"] if value["name"] in features]

    assert len(drawn) > 30
    assert sum(value["value"] or 0 for value in drawn) > 500


def test_coordinator_sees_tajikistan_only(db, demo_loaded):
    tajik = assisted_cases(organisation__country="TJ")
    places = exploited_in(tajik)

    dashboard = page_text(opened("coordinator", "analytics:dashboard"))
    routes = page_text(opened("coordinator", "analytics:routes"))

    assert "Dashboard: Tajikistan" in dashboard
    assert f"{figure(tajik.count())} victims assisted" in dashboard
    assert "Country All Tajikistan Organisation" in dashboard  # the filter offers Tajikistan alone
    by_country = dashboard.split("Victims assisted by country of exploitation · all years", 1)[1]
    by_country = by_country.split(" One victim", 1)[0]
    names = {"TJ": "Tajikistan", "RU": "Russian Federation", "KZ": "Kazakhstan"}
    ranked = sorted(places, key=lambda code: (-places[code], code))  # largest first, as the dashboard ranks
    listed = " ".join(f"{names[code]} {places[code]}" for code in ranked)
    assert by_country.split() == (f"Country of exploitation victims {listed} Total {tajik.count()}".split())
    assert ", ".join(f"{names[code]} ({places[code]})" for code in ranked) + "." in routes
    assert set(places) == {"TJ", "RU", "KZ"}


def test_manager_sees_their_organisation_only(db, demo_loaded):
    organisation = Organisation.objects.get(name_en="Women and Society")
    own = assisted_cases(organisation=organisation)
    places = exploited_in(own)

    dashboard = page_text(opened("manager", "analytics:dashboard"))
    routes = page_text(opened("manager", "analytics:routes"))

    assert "Dashboard: Women and Society" in dashboard
    assert f"{own.count()} victims assisted" in dashboard
    assert f"{own.count()} victims were assisted." in dashboard
    assert f"Russian Federation ( {places['RU']} )" in dashboard
    assert f"of {own.count()} whose places" in routes
