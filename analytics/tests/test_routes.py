"""Routes: where victims were recruited and where they were exploited, as a flow table, a Sankey chart and
two maps of the five republics' regions, with the share of internal trafficking and the main destinations.

The indicator's figures are checked against counts the test works out itself from the victims it made
(``VICTIMS``: a plain description of each victim's places)."""

import datetime
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from analytics.filters import Filters
from analytics.indicators import indicator_table
from analytics.indicators.routes import internal_share, main_destinations
from analytics.scope import analytics_scope
from analytics.tables import TOTAL
from cases.models import choices
from cases.tests.factories import CaseFactory, TraffickingEventFactory, VictimFactory
from network.tests.factories import OrganisationFactory

RECRUITMENT, EXPLOITATION = choices.EventType.RECRUITMENT, choices.EventType.EXPLOITATION
REPUBLICS = {"KG", "KZ", "TJ", "TM", "UZ"}

# Each victim: recruited at (country, region) or None; home region; citizenship; exploited at [(country,
# region)]. Regions are ISO 3166-2 codes, None where not recorded.
VICTIMS = [
    {"recruited": ("UZ", "UZ-SA"), "exploited": [("UZ", "UZ-TK")]},
    {"recruited": ("UZ", "UZ-FA"), "exploited": [("RU", "RU-MOW")]},
    {"recruited": ("UZ", None), "exploited": [("UZ", "UZ-TK")]},
    # Exploited in two countries: in both columns, once in the totals.
    {"recruited": ("TJ", "TJ-SU"), "exploited": [("RU", None), ("KZ", "KZ-75")]},
    # No recruitment event: the home region (Abai, drawn within East Kazakhstan on the map).
    {"recruited": None, "home": "KZ-10", "citizenship": ["KG"], "exploited": [("KZ", None)]},
    # Neither recruitment event nor home region: the first citizenship.
    {"recruited": None, "citizenship": ["KG", "RU"], "exploited": [("RU", None)]},
    # No place of exploitation recorded: neither internal nor cross-border.
    {"recruited": ("TJ", "TJ-DU"), "exploited": []},
]


def make_victim(organisation, spec, *, year=2013):
    case = CaseFactory(organisation=organisation, registered_on=datetime.date(year, 3, 1))
    VictimFactory(
        case=case,
        organisation=organisation,
        citizenship=spec.get("citizenship", ["TJ"]),
        home_region_id=spec.get("home"),
    )
    if spec["recruited"]:
        country, region = spec["recruited"]
        TraffickingEventFactory(
            case=case, organisation=organisation, type=RECRUITMENT, country=country, region_id=region
        )
    for country, region in spec["exploited"]:
        TraffickingEventFactory(
            case=case, organisation=organisation, type=EXPLOITATION, country=country, region_id=region
        )
    return case


def origin_of(spec) -> tuple[str, str | None]:
    if spec["recruited"]:
        return spec["recruited"]
    if spec.get("home"):
        return spec["home"][:2], spec["home"]
    return spec["citizenship"][0], None


def place_key(country, region) -> str:
    return region if country in REPUBLICS and region else country


def expected_flows(key) -> Counter:
    """(origin, exploitation) → victims, each victim once per distinct pair."""
    flows = Counter()
    for spec in VICTIMS:
        origin = key(*origin_of(spec))
        places = {key(*place) for place in spec["exploited"]} or {"unknown"}
        for place in places:
            flows[(origin, place)] += 1
    return flows


def membership_of(user) -> Membership:
    return Membership.unscoped.get(user=user)


@pytest.fixture
def victims(ngo, other_ngo):
    made = [make_victim(ngo, spec) for spec in VICTIMS]
    # Another organisation's victim: not in the manager's figures.
    make_victim(other_ngo, {"recruited": ("UZ", "UZ-SA"), "exploited": [("UZ", "UZ-SA")]})
    return made


@pytest.fixture
def own_scope(manager, victims):
    # The manager reads at record level: nothing suppressed, so every figure can be compared.
    return analytics_scope(user=manager, membership=membership_of(manager))


def cells_of(table) -> dict[tuple[str, str], int]:
    return {
        (row.key, column.key): table.value(row.key, column.key)
        for row in table.rows
        for column in table.columns
        if table.value(row.key, column.key)
    }


def test_flows_between_countries_match_the_victims_made(own_scope):
    table = indicator_table(
        "routes", scope=own_scope, filters=Filters(), by="origin_country", across="exploitation_country"
    )

    expected = expected_flows(lambda country, region: country)
    assert cells_of(table) == dict(expected)
    assert {row.key: table.value(row.key) for row in table.rows} == dict(
        Counter(origin_of(spec)[0] for spec in VICTIMS)
    )
    # The victim exploited in Russia and Kazakhstan is in both columns and once in the total.
    assert (table.value(TOTAL, "RU"), table.value(TOTAL, "KZ")) == (3, 2)
    assert table.value(TOTAL) == len(VICTIMS)
    assert table.rows_exclusive and not table.columns_exclusive


def test_flows_between_regions_keep_regions_in_the_republics_and_countries_elsewhere(own_scope):
    table = indicator_table(
        "routes", scope=own_scope, filters=Filters(), by="origin_region", across="exploitation_place"
    )

    assert cells_of(table) == dict(expected_flows(place_key))
    labels = {row.key: row.label for row in table.rows}
    assert labels["KZ-10"] == "Abai Region"
    assert labels["UZ"] == "Uzbekistan, region not recorded"
    assert labels["KG"] == "Kyrgyzstan, region not recorded"
    assert {column.key: column.label for column in table.columns}["RU"] == "Russian Federation"


def test_internal_trafficking_and_main_destinations(own_scope):
    route = indicator_table("routes", scope=own_scope, filters=Filters(), by="route")
    share = internal_share(scope=own_scope, filters=Filters())
    destinations = main_destinations(scope=own_scope, filters=Filters())

    internal = [
        spec
        for spec in VICTIMS
        if spec["exploited"] and all(country == origin_of(spec)[0] for country, _r in spec["exploited"])
    ]
    unknown = [spec for spec in VICTIMS if not spec["exploited"]]
    cross = len(VICTIMS) - len(internal) - len(unknown)
    assert {row.key: route.value(row.key) for row in route.rows} == {
        "internal": len(internal),
        "cross_border": cross,
        "unknown": len(unknown),
    }
    assert (share.internal, share.known, share.percent) == ("3", "6", 50)
    assert (share.leading_country, share.leading_internal) == ("Uzbekistan", "2")
    assert [(d.label, d.shown, d.percent) for d in destinations] == [
        ("Russian Federation", "3", 43),
        ("Kazakhstan", "2", 29),
        ("Uzbekistan", "2", 29),
    ]


def test_map_areas_fold_new_regions_into_the_features_that_draw_them(own_scope):
    exploitation = indicator_table("routes", scope=own_scope, filters=Filters(), by="exploitation_area")
    origin = indicator_table("routes", scope=own_scope, filters=Filters(), by="origin_area")

    assert {row.key: exploitation.value(row.key) for row in exploitation.rows} == {
        "UZ-TK": 2,
        "RU": 3,
        "KZ-ALA-CITY": 1,
        "KZ": 1,
        "unknown": 1,
    }
    origins = {row.key: origin.value(row.key) for row in origin.rows}
    assert origins == {"UZ-SA": 1, "UZ-FA": 1, "UZ": 1, "TJ-SU": 1, "TJ-DU": 1, "KZ-VOS": 1, "KG": 1}
    assert {row.key: row.label for row in origin.rows}["KZ-VOS"] == "East Kazakhstan Region, Abai Region"


def test_the_period_filter_narrows_the_routes(own_scope, ngo):
    make_victim(ngo, {"recruited": ("TM", "TM-S"), "exploited": [("TR", None)]}, year=2020)
    chosen = Filters(date_from=datetime.date(2020, 1, 1))

    table = indicator_table("routes", scope=own_scope, filters=chosen, by="origin_area", across="route")

    assert cells_of(table) == {("TM-A", "cross_border"): 1}


# The page -------------------------------------------------------------------------------------------

ROLE_STATUS = [
    ("manager", 200),
    ("coordinator", 200),
    ("analyst", 200),
    ("caseworker", 403),
    ("hotline_operator", 403),
    ("judge", 403),
    ("password_only", 302),  # a manager signed in with the password only: sent to the second factor
]


@pytest.mark.parametrize("url_name", ["analytics:routes", "analytics:routes_csv"])
@pytest.mark.parametrize(("role", "status"), ROLE_STATUS)
def test_routes_role_matrix(client, cast, role, status, url_name):
    if role == "password_only":
        client = Client()
        client.force_login(cast["manager"])
    else:
        client.force_login(cast[role])

    response = client.get(reverse(url_name), {"table": "flows"})

    assert response.status_code == status


def json_data(content: str, element_id: str):
    """The data a page hands its script in a json_script element."""
    found = re.search(rf'id="{element_id}" type="application/json">(.*?)</script>', content)
    return json.loads(found.group(1))


@pytest.fixture
def abroad(victims):
    """A Kyrgyz NGO's victim exploited in Turkey: outside the Tajik coordinator's country."""
    make_victim(OrganisationFactory(country="KG"), {"recruited": ("KG", "KG-O"), "exploited": [("TR", None)]})


def test_the_page_says_the_internal_share_and_main_destinations(client, manager, victims):
    client.force_login(manager)

    response = client.get(reverse("analytics:routes"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "50 %" in content
    assert "3 of 6 whose places are known" in content
    assert "Internal trafficking was most often recorded in Uzbekistan (victims: 2)." in content
    assert (
        "The main countries of exploitation: Russian Federation (3), Kazakhstan (2), Uzbekistan (2)."
    ) in content
    sankey = json_data(content, "sankey-data")
    assert {"source": "Uzbekistan →", "target": "→ Uzbekistan", "value": 2} in sankey["links"]
    assert len(sankey["links"]) == len(expected_flows(lambda country, region: country))


def test_a_coordinator_sees_their_country_only_and_the_analyst_the_network(
    client, coordinator, analyst, abroad
):
    client.force_login(coordinator)
    national = client.get(reverse("analytics:routes")).content.decode()
    client.force_login(analyst)
    network = client.get(reverse("analytics:routes")).content.decode()

    assert "Türkiye" not in national and "Russian Federation" in national
    assert "Türkiye" in network


def test_the_region_flows_and_their_csv(client, manager, victims):
    client.force_login(manager)

    page = client.get(reverse("analytics:routes"), {"level": "region"}).content.decode()
    response = client.get(reverse("analytics:routes_csv"), {"table": "flows", "level": "region"})

    assert "Abai Region" in page
    rows = response.content.decode().lstrip("\ufeff").splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0].startswith("Region of origin,")
    # Russia, Tashkent, Kazakhstan (no region), Almaty, not recorded; seven victims.
    assert rows[-1] == "Total,3,2,1,1,1,7"


def test_no_data_and_a_period_ending_before_it_starts_are_said(client, coordinator, victims):
    client.force_login(coordinator)

    empty = client.get(reverse("analytics:routes"), {"year": "2006"}).content.decode()
    backwards = client.get(
        reverse("analytics:routes"), {"date_from": "2013-05-01", "date_to": "2013-01-01"}
    ).content.decode()

    assert "No data for the chosen period and filters." in empty
    assert "data-sankey" not in empty
    assert "The period ends before it starts: choose an end after 01.05.2013." in backwards
    assert "data-sankey" not in backwards


def test_the_map_is_drawn_from_our_own_static_files(client, manager, victims):
    client.force_login(manager)

    content = client.get(reverse("analytics:routes")).content.decode()

    geojson = finders.find("analytics/geo/central-asia-admin1.geojson")
    features = json.loads(Path(geojson).read_text())["features"]
    codes = {feature["properties"]["iso_3166_2"] for feature in features}
    assert codes >= {"UZ-TK", "KZ-VOS", "KZ-ALA"}
    data = json_data(content, "exploitation-map-data")
    assert data["geojson"] == f"{settings.STATIC_URL}analytics/geo/central-asia-admin1.geojson"
    assert {"UZ-TK", "KZ-ALA-CITY"} <= {item["name"] for item in data["values"]}
    assert not re.search(r'(src|href)="(https?:)?//', content)
    for name in ("analytics/routes.js", "analytics/routes.css"):
        assert "http" not in Path(finders.find(name)).read_text()


def _routes_page_queries(client, user, cases: int, organisation) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _index in range(cases):
        make_victim(organisation, {"recruited": ("UZ", None), "exploited": [("RU", None), ("KZ", None)]})
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("analytics:routes")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["manager", "coordinator"])
def test_the_routes_page_reads_no_row_by_row(client, cast, ngo, role):
    """The flows, maps and headline facts are aggregates: one victim or three, the same queries."""
    one = _routes_page_queries(client, cast[role], 1, ngo)
    three = _routes_page_queries(client, cast[role], 2, ngo)

    assert one == three
