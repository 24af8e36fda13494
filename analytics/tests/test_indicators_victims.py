"""Victims registered, identified and assisted: every breakdown the issue names, one-way and crossed,
checked against counts worked out here in plain Python from the rows this module made (``SPECS``)."""

import datetime
import itertools

import pytest

from accounts.models import Membership
from accounts.roles import Role
from accounts.tests.factories import user_with_role
from analytics.dimensions import AGE_BANDS, UNKNOWN
from analytics.filters import Filters
from analytics.indicators import INDICATORS, indicator_table
from analytics.scope import analytics_scope
from analytics.tables import TOTAL
from analytics.tests.module_rows import rows_for_module
from cases.models import choices
from cases.tests.factories import (
    AssistanceServiceFactory,
    CaseFactory,
    ConsentFactory,
    ScreeningFactory,
    TraffickingEventFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)
from network.tests.factories import OrganisationFactory, ProgrammeFactory

LABOUR, SEXUAL, BEGGING = (
    choices.Exploitation.FORCED_LABOUR,
    choices.Exploitation.SEXUAL_EXPLOITATION,
    choices.Exploitation.CHILD_LABOUR,
)
BUILDING, FARMING = choices.Industry.F, choices.Industry.A
FEMALE, MALE = choices.Sex.FEMALE, choices.Sex.MALE
IDENTIFIED, PRESUMED = choices.TraffickingStatus.IDENTIFIED, choices.TraffickingStatus.PRESUMED

# The victims, by the organisation (a, b in TJ; c in UZ) that registered them. ``places``: the country and
# region of each exploitation event; ``experience`` None: none recorded; ``victim`` False: no victim row.
SPECS = [
    {
        "org": "a",
        "on": datetime.date(2013, 2, 10),
        "sex": FEMALE,
        "age": 25,
        "citizenship": ["TJ"],
        "forms": [LABOUR, SEXUAL],
        "sectors": [BUILDING],
        "cross_border": True,
        "places": [("RU", None), ("KZ", "KZ-75")],
        "status": IDENTIFIED,
        "served": True,
    },
    {
        "org": "a",
        "on": datetime.date(2013, 5, 3),
        "sex": MALE,
        "age": 40,
        "citizenship": ["TJ", "RU"],
        "forms": [LABOUR],
        "sectors": [BUILDING, FARMING],
        "cross_border": True,
        "places": [("RU", None)],
        "status": PRESUMED,
        "served": True,
    },
    {
        "org": "a",
        "on": datetime.date(2012, 11, 30),
        "sex": MALE,
        "age": None,
        "estimated": 16,
        "citizenship": ["UZ"],
        "forms": [BEGGING],
        "sectors": [],
        "cross_border": False,
        "places": [("TJ", "TJ-SU")],
        "status": IDENTIFIED,
        "served": False,
    },
    {
        "org": "b",
        "on": datetime.date(2013, 5, 20),
        "sex": FEMALE,
        "age": 19,
        "citizenship": [],
        "forms": [SEXUAL],
        "sectors": [],
        "cross_border": False,
        "places": [("TJ", "TJ-DU"), ("TJ", "TJ-SU")],
        "status": IDENTIFIED,
        "served": True,
    },
    {
        "org": "b",
        "on": datetime.date(2013, 12, 31),
        "sex": FEMALE,
        "age": None,
        "citizenship": ["TJ"],
        "experience": None,
        "status": None,
        "served": False,
    },
    {
        "org": "c",
        "on": datetime.date(2013, 8, 1),
        "sex": MALE,
        "age": 50,
        "citizenship": ["UZ"],
        "forms": [LABOUR],
        "sectors": [FARMING],
        "cross_border": True,
        "places": [],
        "status": IDENTIFIED,
        "served": True,
    },
    {
        "org": "c",
        "on": datetime.date(2014, 1, 2),
        "victim": False,
        "forms": [LABOUR],
        "sectors": [FARMING],
        "cross_border": False,
        "places": [("UZ", "UZ-TO")],
        "status": PRESUMED,
        "served": True,
    },
]
DEFAULT_PLACES = [("RU", None)]
# Made too, and never counted: a refused statistics consent, a withdrawn one, a draft.
NOT_COUNTED = [
    {"org": "a", "on": datetime.date(2013, 3, 1), "consent": choices.ConsentStatus.REFUSED},
    {"org": "b", "on": datetime.date(2013, 3, 1), "consent": choices.ConsentStatus.WITHDRAWN},
    {"org": "c", "on": datetime.date(2013, 3, 1), "draft": True},
]


def make_case(organisation, spec):
    case = CaseFactory(organisation=organisation, registered_on=spec["on"], is_draft=spec.get("draft", False))
    if spec.get("victim", True):
        VictimFactory(
            case=case,
            organisation=organisation,
            sex=spec.get("sex", FEMALE),
            age_at_registration=spec.get("age", 30),
            estimated_age=spec.get("estimated"),
            citizenship=spec.get("citizenship", ["TJ"]),
        )
    if spec.get("experience", True) is not None:
        TraffickingExperienceFactory(
            case=case,
            organisation=organisation,
            exploitation_types=spec.get("forms", [LABOUR]),
            labour_sectors=spec.get("sectors", []),
            is_cross_border=spec.get("cross_border", False),
        )
    for country, region in spec.get("places", DEFAULT_PLACES):
        TraffickingEventFactory(case=case, organisation=organisation, country=country, region_id=region)
    # A place of recruitment is not a place of exploitation.
    TraffickingEventFactory(
        case=case,
        organisation=organisation,
        type=choices.EventType.RECRUITMENT,
        country="KG",
        region_id="KG-C",
    )
    if spec.get("status"):
        ScreeningFactory(case=case, organisation=organisation, identification_status=spec["status"])
    if spec.get("served", True):
        AssistanceServiceFactory(case=case, organisation=organisation)
        AssistanceServiceFactory(case=case, organisation=organisation, type=choices.ServiceType.LEGAL_AID)
    if spec.get("consent"):
        ConsentFactory(
            case=case,
            organisation=organisation,
            purpose=choices.ConsentPurpose.STATISTICS,
            status=spec["consent"],
        )
    return case


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    def build():
        programme = ProgrammeFactory()
        organisations = {
            "a": OrganisationFactory(country="TJ", region_id="TJ-SU"),
            "b": OrganisationFactory(country="TJ", region_id="TJ-DU"),
            "c": OrganisationFactory(country="UZ", region_id="UZ-TO"),
        }
        organisations["b"].programmes.add(programme)
        for spec in SPECS + NOT_COUNTED:
            make_case(organisations[spec["org"]], spec)
        office = OrganisationFactory(country="TJ")
        analyst = user_with_role(Role.ANALYST, office, username="victims-analyst")
        return {"organisations": organisations, "programme": programme, "analyst": analyst}

    with rows_for_module(django_db_blocker, tmp_path_factory, build) as rows:
        yield rows


@pytest.fixture
def network(db, world):
    analyst = world["analyst"]
    return analytics_scope(user=analyst, membership=Membership.unscoped.get(user=analyst))


# What each indicator counts, and the categories of a victim in each breakdown, by hand.
COUNTED_BY = {
    "victims_registered": lambda spec: True,
    "victims_identified": lambda spec: spec.get("status") == IDENTIFIED,
    "victims_assisted": lambda spec: spec.get("served", True),
}


def band_of(age):
    if age is None:
        return UNKNOWN
    return next(key for key, low, high in AGE_BANDS if low <= age <= high)


def categories(spec, key, world, granularity="year"):
    """The categories ``spec``'s victim is in, for the breakdown ``key``."""
    has_victim = spec.get("victim", True)
    has_experience = spec.get("experience", True) is not None
    day = spec["on"]
    places = spec.get("places", DEFAULT_PLACES)
    if key == "period":
        return {
            "year": {str(day.year)},
            "quarter": {f"{day.year}-Q{(day.month - 1) // 3 + 1}"},
            "month": {f"{day.year}-{day.month:02d}"},
        }[granularity]
    if key == "organisation":
        return {str(world["organisations"][spec["org"]].pk)}
    if key == "country":
        return {world["organisations"][spec["org"]].country}
    if key == "sex":
        return {spec["sex"]} if has_victim else {UNKNOWN}
    if key == "age_band":
        if not has_victim:
            return {UNKNOWN}
        age = spec.get("age")
        return {band_of(age if age is not None else spec.get("estimated"))}
    if key == "citizenship":
        return {spec["citizenship"][0]} if has_victim and spec["citizenship"] else {UNKNOWN}
    if key == "exploitation":
        return set(spec["forms"]) if has_experience else set()
    if key == "labour_sector":
        return set(spec["sectors"]) if has_experience else set()
    if key == "border":
        return {str(spec["cross_border"])} if has_experience else {UNKNOWN}
    if key == "exploitation_country":
        return {country for country, _region in places} or {UNKNOWN}
    if key == "exploitation_region":
        return {region or UNKNOWN for _country, region in places} or {UNKNOWN}
    raise AssertionError(key)


def expected_one_way(indicator, key, world, granularity="year", specs=SPECS):
    counted = [spec for spec in specs if COUNTED_BY[indicator](spec)]
    found = {}
    for spec in counted:
        for category in categories(spec, key, world, granularity):
            found[category] = found.get(category, 0) + 1
    return found, len(counted)


PLACES = ("exploitation_country", "exploitation_region")


def pairs_of(spec, by, across, world):
    if {by, across} == set(PLACES):
        # Both read the same place of exploitation: a region goes with its own country.
        places = [(country, region or UNKNOWN) for country, region in spec.get("places", DEFAULT_PLACES)]
        places = places or [(UNKNOWN, UNKNOWN)]
        return {place if by == PLACES[0] else place[::-1] for place in places}
    return set(itertools.product(categories(spec, by, world), categories(spec, across, world)))


def expected_cells(indicator, by, across, world):
    cells = {}
    for spec in SPECS:
        if COUNTED_BY[indicator](spec):
            for pair in pairs_of(spec, by, across, world):
                cells[pair] = cells.get(pair, 0) + 1
    return cells


def one_way(table):
    return {row.key: table.value(row.key) for row in table.rows}


BREAKDOWNS = INDICATORS["victims_registered"].dimensions


def test_every_breakdown_the_issue_names_is_offered():
    assert set(BREAKDOWNS) == {
        "period",
        "organisation",
        "country",
        "sex",
        "age_band",
        "citizenship",
        "exploitation",
        "labour_sector",
        "border",
        "exploitation_country",
        "exploitation_region",
    }
    for key in COUNTED_BY:
        assert INDICATORS[key].dimensions == BREAKDOWNS and INDICATORS[key].definition


@pytest.mark.parametrize("indicator", list(COUNTED_BY))
@pytest.mark.parametrize("by", BREAKDOWNS)
def test_victims_by_each_breakdown_match_a_count_by_hand(network, world, indicator, by):
    table = indicator_table(indicator, scope=network, filters=Filters(), by=by)

    found, total = expected_one_way(indicator, by, world)
    assert one_way(table) == found
    assert table.value(TOTAL) == total


@pytest.mark.parametrize("granularity", ["year", "quarter", "month"])
def test_victims_by_year_quarter_and_month_in_order(network, world, granularity):
    table = indicator_table(
        "victims_registered", scope=network, filters=Filters(granularity=granularity), by="period"
    )

    found, _total = expected_one_way("victims_registered", "period", world, granularity)
    assert one_way(table) == found
    assert [row.key for row in table.rows] == sorted(found)


CROSSED = {
    "victims_registered": list(itertools.permutations(BREAKDOWNS, 2)),
    # The same tables of fewer victims: each breakdown once against sex, age band and form of exploitation.
    "victims_identified": [
        (by, a) for by in BREAKDOWNS for a in ("sex", "age_band", "exploitation") if by != a
    ],
    "victims_assisted": [
        (a, by) for by in BREAKDOWNS for a in ("period", "border", "labour_sector") if by != a
    ],
}


@pytest.mark.parametrize("indicator", list(COUNTED_BY))
def test_victims_crossed_by_pairs_of_breakdowns_match_a_count_by_hand(network, world, indicator):
    for by, across in CROSSED[indicator]:
        table = indicator_table(indicator, scope=network, filters=Filters(), by=by, across=across)

        cells = expected_cells(indicator, by, across, world)
        shown = {
            (row.key, column.key): table.value(row.key, column.key)
            for row in table.rows
            for column in table.columns
            if table.value(row.key, column.key)
        }
        assert shown == cells, (by, across)
        assert one_way(table) == expected_one_way(indicator, by, world)[0], (by, across)
        columns = {column.key: table.value(TOTAL, column.key) for column in table.columns}
        assert columns == expected_one_way(indicator, across, world)[0], (by, across)


def test_labels_name_each_category(network, world):
    regions = indicator_table(
        "victims_registered", scope=network, filters=Filters(), by="exploitation_region"
    )
    sexes = indicator_table("victims_registered", scope=network, filters=Filters(), by="sex")
    borders = indicator_table("victims_registered", scope=network, filters=Filters(), by="border")
    countries = indicator_table("victims_registered", scope=network, filters=Filters(), by="citizenship")

    assert {row.key: row.label for row in regions.rows}["TJ-SU"] == "Sughd Region"
    # A victim whose sex is not recorded is in the category "unknown", as one recorded as unknown.
    assert [row.label for row in sexes.rows] == ["Female", "Male", "Unknown"]
    assert [row.label for row in borders.rows] == ["Within the country", "Across a border", "Not recorded"]
    assert {row.key: row.label for row in countries.rows}["UZ"] == "Uzbekistan"


@pytest.mark.parametrize(
    "filters, kept",
    [
        (Filters(sex=MALE), lambda spec: spec.get("victim", True) and spec["sex"] == MALE),
        (Filters(age_band="9-17"), lambda spec: spec.get("estimated") == 16),
        (
            Filters(age_band=UNKNOWN),
            lambda spec: (
                not spec.get("victim", True) or (spec["age"] is None and spec.get("estimated") is None)
            ),
        ),
        (Filters(exploitation=SEXUAL), lambda spec: SEXUAL in spec.get("forms", [])),
        (
            Filters(date_from=datetime.date(2013, 5, 3), date_to=datetime.date(2013, 8, 1)),
            lambda spec: datetime.date(2013, 5, 3) <= spec["on"] <= datetime.date(2013, 8, 1),
        ),
        (Filters(country="UZ"), lambda spec: spec["org"] == "c"),
    ],
)
def test_filters_keep_only_the_chosen_victims(network, world, filters, kept):
    table = indicator_table("victims_assisted", scope=network, filters=filters, by="exploitation")

    specs = [spec for spec in SPECS if kept(spec)]
    assert one_way(table) == expected_one_way("victims_assisted", "exploitation", world, specs=specs)[0]
    assert table.value(TOTAL) == expected_one_way("victims_assisted", "exploitation", world, specs=specs)[1]


def test_organisation_and_programme_filters(network, world):
    b = world["organisations"]["b"]

    by_organisation = indicator_table(
        "victims_registered", scope=network, filters=Filters(organisation_id=b.pk), by="sex"
    )
    by_programme = indicator_table(
        "victims_registered", scope=network, filters=Filters(programme_id=world["programme"].pk), by="sex"
    )

    assert one_way(by_organisation) == one_way(by_programme) == {FEMALE: 2}


def test_a_manager_counts_only_their_own_organisation(db, world):
    a = world["organisations"]["a"]
    manager = user_with_role(Role.MANAGER, a, username="victims-manager")
    scope = analytics_scope(user=manager, membership=Membership.unscoped.get(user=manager))

    table = indicator_table("victims_registered", scope=scope, filters=Filters(), by="organisation")

    assert one_way(table) == {str(a.pk): 3}
