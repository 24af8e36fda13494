"""The indicators' API: who may read which figures (a manager their own organisation's, a coordinator
their country's, an analyst the network's), the table as the dashboards read it (``indicator_table``),
and bad input answered in the API's error envelope."""

import datetime

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import Membership
from analytics.filters import Filters
from analytics.indicators import INDICATORS, indicator_table
from analytics.scope import analytics_scope
from analytics.tables import TOTAL
from cases.models import choices
from cases.tests.factories import CaseFactory, TraffickingExperienceFactory, VictimFactory
from network.tests.factories import OrganisationFactory

LIST = reverse("api:analytics-indicator-list")
FEMALE, MALE = choices.Sex.FEMALE, choices.Sex.MALE


def detail(key="victims_registered"):
    return reverse("api:analytics-indicator-detail", kwargs={"key": key})


def victim(organisation, *, sex=FEMALE, year=2013):
    case = CaseFactory(organisation=organisation, registered_on=datetime.date(year, 4, 1))
    VictimFactory(case=case, organisation=organisation, sex=sex, age_at_registration=30)
    TraffickingExperienceFactory(case=case, organisation=organisation)
    return case


@pytest.fixture
def cases(ngo, other_ngo):
    return [
        victim(ngo),
        victim(ngo, sex=MALE, year=2014),
        victim(other_ngo),
        victim(OrganisationFactory(country="UZ")),
    ]


def figures(body):
    return {row["key"]: row["total"]["value"] for row in body["rows"]}


@pytest.mark.parametrize(
    "role, status",
    [
        ("manager", 200),
        ("coordinator", 200),
        ("analyst", 200),
        ("caseworker", 403),
        ("hotline_operator", 403),
        ("shelter_staff", 403),
        ("judge", 403),
        ("outsider", 403),
        ("system_admin", 403),
    ],
)
def test_who_may_read_the_indicators(api, cast, cases, role, status):
    api.force_login(cast[role])

    listed = api.get(LIST)
    table = api.get(detail(), {"by": "sex"})

    assert (listed.status_code, table.status_code) == (status, status)
    if status == 403:
        assert "rows" not in table.json() and table.json()["field"] is None


def test_anonymous_visitors_are_asked_to_sign_in(db, cases):
    client = APIClient()

    assert (client.get(LIST).status_code, client.get(detail()).status_code) == (401, 401)


def test_password_only_gets_no_figures(manager, cases):
    client = APIClient()
    client.force_login(manager)  # the second factor not passed

    answers = [client.get(LIST), client.get(detail(), {"by": "sex"})]

    assert [answer.status_code for answer in answers] == [403, 403]
    assert [answer.json() for answer in answers] == [{"error": "Second factor required.", "field": None}] * 2


def test_a_manager_counts_their_own_organisation_only(api, manager, cases):
    api.force_login(manager)

    body = api.get(detail(), {"by": "sex", "across": "period"}).json()

    assert figures(body) == {FEMALE: 1, MALE: 1}
    assert body["total"] == {"value": 2, "shown": "2", "hidden": None}
    assert [column["key"] for column in body["columns"]] == ["2013", "2014"]
    assert body["rows"][0]["cells"] == [
        {"column": "2013", "value": 1, "shown": "1", "hidden": None},
        {"column": "2014", "value": 0, "shown": "0", "hidden": None},
    ]
    assert body["definition"] == INDICATORS["victims_registered"].definition
    assert (body["by"], body["across"], body["threshold"], body["hidden"]) == ("sex", "period", 0, [])


def test_a_coordinator_reads_the_table_the_dashboards_read(api, coordinator, cases):
    api.force_login(coordinator)
    scope = analytics_scope(user=coordinator, membership=Membership.unscoped.get(user=coordinator))

    body = api.get(detail(), {"by": "organisation", "year": "2013"}).json()

    table = indicator_table(
        "victims_registered",
        scope=scope,
        filters=Filters(date_from=datetime.date(2013, 1, 1), date_to=datetime.date(2013, 12, 31)),
        by="organisation",
    )
    assert [(row["key"], row["label"]) for row in body["rows"]] == [
        (row.key, row.label) for row in table.rows
    ]
    assert [(row["total"]["value"], row["total"]["shown"]) for row in body["rows"]] == [
        (table.shown_value(row.key), table.shown(row.key)) for row in table.rows
    ]
    assert body["total"]["shown"] == table.shown(TOTAL)
    assert body["threshold"] == table.threshold > 0
    # The Uzbek NGO's victim is outside a Tajik coordinator's country.
    assert set(figures(body)) == {str(cases[0].organisation_id), str(cases[2].organisation_id)}


def test_the_list_names_each_indicator_with_its_definition(api, analyst, cases):
    api.force_login(analyst)

    listed = {item["key"]: item for item in api.get(LIST).json()}

    assert set(listed) == set(INDICATORS)
    assert listed["victims_assisted"]["definition"] == INDICATORS["victims_assisted"].definition != ""
    assert "exploitation_region" in listed["victims_assisted"]["dimensions"]
    assert listed["services_delivered"]["default_by"] == "service_type"


@pytest.mark.parametrize(
    "query, field",
    [
        ({"by": "shoe_size"}, "by"),
        ({"by": "sex", "across": "shoe_size"}, "across"),
        ({"by": "sex", "across": "sex"}, "across"),
        ({"date_from": "2014-01-01", "date_to": "2013-01-01"}, "date_to"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"sex": "dragon"}, "sex"),
        ({"granularity": "decade"}, "granularity"),
    ],
)
def test_bad_input_names_the_field_at_fault(api, analyst, cases, query, field):
    api.force_login(analyst)

    answer = api.get(detail(), query)

    assert answer.status_code == 400
    assert answer.json()["field"] == field and answer.json()["error"]


def test_an_unknown_indicator_is_not_found(api, analyst, cases):
    api.force_login(analyst)

    answer = api.get(detail("shoe_sizes"))

    assert (answer.status_code, answer.json()["field"]) == (404, None)


def test_an_empty_period_says_there_is_no_data(api, analyst, cases):
    api.force_login(analyst)

    body = api.get(detail(), {"year": "2009"}).json()

    assert (body["rows"], body["total"]["value"]) == ([], 0)
    assert body["message"] == "No data for the chosen period and filters."


def test_the_schema_describes_the_indicators(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    table = schema["paths"]["/api/v1/analytics/indicators/{key}/"]["get"]
    assert {parameter["name"] for parameter in table["parameters"]} >= {"key", "by", "across", "year", "sex"}
    assert set(table["responses"]) == {"200", "400", "403", "404"}
    assert "/api/v1/analytics/indicators/" in schema["paths"]


def test_an_organisation_outside_the_scope_answers_as_one_that_does_not_exist(api, coordinator, cases):
    api.force_login(coordinator)
    uzbek = cases[3].organisation_id

    outside = api.get(detail(), {"organisation": uzbek})
    missing = api.get(detail(), {"organisation": uzbek + 1000})

    # The message names the value asked for, and nothing else.
    assert outside.status_code == missing.status_code == 400
    assert outside.json()["field"] == missing.json()["field"] == "organisation"
    assert outside.json()["error"].replace(str(uzbek), "#") == missing.json()["error"].replace(
        str(uzbek + 1000), "#"
    )
    assert api.get(detail(), {"organisation": cases[0].organisation_id}).status_code == 200
