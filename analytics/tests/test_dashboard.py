"""The dashboards by role and the indicators' pages: each reader sees the figures of their own scope (a
manager's organisation, a coordinator's country, an analyst's network), narrowed by the filters, drawn
from ``indicator_table`` with a table and a CSV beside every chart; bad input gets a message."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from analytics import panels
from analytics.definitions import DEFINITIONS, definition_of
from analytics.presentation import chart_data, csv_rows
from analytics.tables import TOTAL, Category, Hidden, Table
from cases.models import choices
from cases.tests.factories import (
    AssistanceServiceFactory,
    CaseFactory,
    TraffickingEventFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)
from network.countries import country_name
from network.tests.factories import OrganisationFactory

LABOUR, SEXUAL = choices.Exploitation.FORCED_LABOUR, choices.Exploitation.SEXUAL_EXPLOITATION
DASHBOARD = reverse("analytics:dashboard")
NO_DATA = "No data for the chosen period and filters."
# The panels of the indicators on main when this was written: the query count must not move when the
# other modules' indicators (and their panels) land.
VICTIM_PANELS = tuple(panel for panel in panels.PANELS if panel.key.startswith("victims_"))


def assisted(
    organisation,
    *,
    sex=choices.Sex.FEMALE,
    age=25,
    forms=(LABOUR,),
    country="RU",
    year=2013,
    citizenship=("TJ",),
):
    """A victim registered by ``organisation`` in ``year``, exploited in ``country``, with one service."""
    case = CaseFactory(organisation=organisation, registered_on=datetime.date(year, 3, 1))
    VictimFactory(
        case=case, organisation=organisation, sex=sex, age_at_registration=age, citizenship=list(citizenship)
    )
    TraffickingExperienceFactory(
        case=case, organisation=organisation, exploitation_types=list(forms), is_cross_border=country != "TJ"
    )
    TraffickingEventFactory(case=case, organisation=organisation, country=country)
    AssistanceServiceFactory(case=case, organisation=organisation)
    return case


def panel_of(response, slug: str) -> dict:
    return next(panel for panel in response.context["panels"] if panel["id"] == slug)


def row_labels(response, slug: str) -> list[str]:
    return [row.label for row in panel_of(response, slug)["table"].rows]


def headline(response, index: int = 0) -> str:
    return response.context["headlines"][index].shown


@pytest.fixture
def no_suppression(settings):
    """Small cells shown to de-identified readers too: the figures of a few rows can be compared."""
    settings.AMANAT_SMALL_CELL_THRESHOLD = 1


@pytest.fixture
def kyrgyz_ngo(db):
    return OrganisationFactory(country="KG", region_id=None, name_en="Kyrgyz NGO", name_ru="НКО Кыргызстана")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("coordinator", 200),
        ("analyst", 200),
        ("caseworker", 403),
        ("hotline_operator", 403),
        ("shelter_staff", 403),
        ("judge", 403),
        ("outsider", 403),  # no object is named: another NGO's caseworker is refused like ours
    ],
)
def test_dashboard_opens_for_managers_coordinators_and_analysts_only(client, cast, ngo, role, status):
    assisted(ngo)
    client.force_login(cast[role])

    pages = [
        client.get(DASHBOARD),
        client.get(reverse("analytics:indicator_detail", args=["victims_assisted"])),
        client.get(reverse("analytics:indicator_csv", args=["victims_assisted"])),
    ]

    assert [page.status_code for page in pages] == [status, status, status]


def test_dashboard_sends_an_anonymous_visitor_to_the_login(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_dashboard_asks_a_password_only_manager_for_the_second_factor(manager, ngo):
    assisted(ngo)
    visitor = Client()  # the plain login: password only
    visitor.force_login(manager)

    response = visitor.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))


def test_each_role_sees_the_figures_of_its_own_scope(
    client, manager, coordinator, analyst, ngo, other_ngo, kyrgyz_ngo, no_suppression
):
    assisted(ngo, country="RU")
    assisted(other_ngo, country="TR")
    assisted(kyrgyz_ngo, country="KZ")
    seen = {}

    for role, user in (("manager", manager), ("coordinator", coordinator), ("analyst", analyst)):
        client.force_login(user)
        response = client.get(DASHBOARD)
        seen[role] = (row_labels(response, "victims_assisted-exploitation_country"), headline(response))

    russia, turkey, kazakhstan = (country_name(code) for code in ("RU", "TR", "KZ"))
    assert seen["manager"] == ([russia], "1")
    assert sorted(seen["coordinator"][0]) == sorted([russia, turkey])
    assert seen["coordinator"][1] == "2"
    assert sorted(seen["analyst"][0]) == sorted([russia, turkey, kazakhstan])
    assert seen["analyst"][1] == "3"


@pytest.mark.parametrize(
    ("chosen", "left_out"),
    [
        ({"sex": choices.Sex.FEMALE}, {"sex": choices.Sex.MALE}),
        ({"age_band": "24-26"}, {"age": 40}),
        ({"exploitation": SEXUAL}, {"forms": (LABOUR,)}),
        ({"year": "2013"}, {"year": 2012}),
        ({"date_from": "2013-01-01", "date_to": "2013-12-31"}, {"year": 2014}),
        ({"country": "TJ"}, {"organisation": "kyrgyz"}),
        ({"organisation": "ngo"}, {"organisation": "other"}),
    ],
    ids=["sex", "age band", "form of exploitation", "year", "period", "country", "organisation"],
)
def test_a_filter_narrows_every_figure(
    client, analyst, ngo, other_ngo, kyrgyz_ngo, no_suppression, chosen, left_out
):
    organisations = {"ngo": ngo, "other": other_ngo, "kyrgyz": kyrgyz_ngo}
    kept = {"forms": (SEXUAL,)} if "exploitation" in chosen else {}
    assisted(ngo, **kept)
    assisted(organisations[left_out.pop("organisation", "ngo")], **{**kept, **left_out})
    query = {name: str(ngo.pk) if value == "ngo" else value for name, value in chosen.items()}
    client.force_login(analyst)

    everyone = client.get(DASHBOARD)
    narrowed = client.get(DASHBOARD, query)

    assert headline(everyone) == "2"
    assert headline(narrowed) == "1"
    assert panel_of(narrowed, "victims_assisted-period")["table"].value(TOTAL) == 1


def test_a_period_ending_before_it_starts_is_the_forms_error(client, manager, ngo):
    assisted(ngo)
    client.force_login(manager)

    response = client.get(DASHBOARD, {"date_from": "2014-01-01", "date_to": "2013-01-01"})

    assert response.status_code == 200
    assert response.context["form"].errors["date_to"] == [
        "The period ends before it starts: choose an end after 01.01.2014."
    ]
    assert response.context["panels"] == []
    assert "Correct the filters to see the figures." in response.content.decode()


def test_a_period_without_cases_says_so_in_every_panel(client, manager, ngo):
    assisted(ngo, year=2013)
    client.force_login(manager)

    response = client.get(DASHBOARD, {"year": "2010"})

    content = response.content.decode()
    assert len(response.context["panels"]) == len(panels.dashboard_panels())
    assert content.count(NO_DATA) == len(response.context["panels"])
    assert "data-chart=" not in content
    assert headline(response) == "0"


def test_each_chart_has_its_data_table_and_csv_link(client, manager, ngo):
    assisted(ngo, country="RU")
    client.force_login(manager)

    response = client.get(DASHBOARD)

    content = response.content.decode()
    panel = panel_of(response, "victims_assisted-exploitation_country")
    assert f'data-chart="{panel["chart_id"]}"' in content
    assert f'<script id="{panel["chart_id"]}" type="application/json">' in content
    assert panel["chart"]["series"][0]["data"] == [1]
    assert f'<th scope="row">{country_name("RU")}</th>' in content
    assert panel["csv_url"] == reverse("analytics:indicator_csv", args=["victims_assisted"]) + (
        "?by=exploitation_country"
    )
    assert reverse("analytics:dashboard") in str(client.get(reverse("home")).content)


def test_indicator_page_shows_its_definition_and_breakdowns_of_its_own(client, manager, ngo):
    assisted(ngo)
    client.force_login(manager)
    url = reverse("analytics:indicator_detail", args=["victims_assisted"])

    response = client.get(url, {"by": "sex", "across": "age_band"})
    same_twice = client.get(url, {"by": "sex", "across": "sex"})
    unknown = client.get(url, {"by": "shoe_size"})

    content = response.content.decode()
    assert "Victims assisted: cases registered in the period with at least one assistance service" in content
    assert response.context["panel"]["table"].value(choices.Sex.FEMALE, "24-26") == 1
    breakdowns = [code for code, _label in response.context["breakdown"].fields["by"].choices]
    assert breakdowns == list(panels.INDICATORS["victims_assisted"].dimensions)
    assert same_twice.context["breakdown"].errors["across"] == ["Choose two different breakdowns."]
    assert "panel" not in unknown.context and "by" in unknown.context["breakdown"].errors
    assert client.get(reverse("analytics:indicator_detail", args=["no_such_thing"])).status_code == 404


def test_csv_export_neutralises_formulas_and_names_nothing_personal(client, analyst, no_suppression):
    assisted(OrganisationFactory(name_en="=HYPERLINK(evil)", name_ru="=HYPERLINK(evil)"))
    assisted(OrganisationFactory(name_en="@SUM(A1)", name_ru="@SUM(A1)"))
    client.force_login(analyst)

    response = client.get(
        reverse("analytics:indicator_csv", args=["victims_assisted"]), {"by": "organisation", "year": "2013"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"] == 'attachment; filename="victims_assisted-organisation-2013.csv"'
    assert rows[0] == ["Organisation", "victims"]
    assert sorted(rows[1:3]) == [["'=HYPERLINK(evil)", "1"], ["'@SUM(A1)", "1"]]
    assert rows[3] == ["Total", "2"]


def test_csv_export_of_a_bad_period_answers_400_with_the_message(client, manager):
    client.force_login(manager)

    response = client.get(
        reverse("analytics:indicator_csv", args=["victims_assisted"]),
        {"date_from": "2014-01-01", "date_to": "2013-01-01"},
    )

    assert response.status_code == 400
    assert response.content.decode() == "The period ends before it starts: choose an end after 01.01.2014."


def hidden_table() -> Table:
    """A crafted table: Sexual exploitation (3) below the threshold, Forced labour hidden beside it."""
    return Table(
        title="Victims assisted",
        rows=[Category("labour", "-Forced labour"), Category("sexual", "Sexual exploitation")],
        columns=[],
        cells={},
        row_totals={"labour": 12, "sexual": 3},
        column_totals={},
        total=15,
        row_title="Form of exploitation",
        unit="victims",
        hidden={("sexual", TOTAL): Hidden.PRIMARY, ("labour", TOTAL): Hidden.COMPLEMENTARY},
        threshold=5,
    )


def test_hidden_figures_are_gaps_in_the_chart_and_shown_as_in_the_table_in_the_csv():
    table = hidden_table()

    chart = chart_data(table, kind="pie")
    rows = csv_rows(table)

    assert chart["kind"] == "hbar"  # a pie cannot leave a gap
    assert chart["series"][0]["data"] == [None, None]
    assert chart["series"][0]["notes"] == [
        "hidden so that a small figure cannot be worked out from the others",
        "fewer than 5: hidden to protect the people counted",
    ]
    assert rows == [
        ["Form of exploitation", "victims"],
        ["'-Forced labour", "–"],
        ["Sexual exploitation", "<5"],
        ["Total", 15],
    ]


def _dashboard_queries(client, user, count: int, organisation) -> int:
    for _index in range(count):
        assisted(organisation)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return len(queries)


# The queries of one dashboard of the victims' panels: session, user, membership and navigation, the
# form's choices, two counts for each table of a one-way panel (four for the cross-tab) and the headlines.
# The summary reads further tables where the figures are shown (a manager sees them exactly).
DASHBOARD_QUERIES = {"manager": 40, "coordinator": 30, "analyst": 30}


@pytest.mark.parametrize("role", sorted(DASHBOARD_QUERIES))
@pytest.mark.parametrize("cases", [1, 3])
def test_dashboard_queries_do_not_grow_with_the_cases(
    client, cast, ngo, role, cases, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(panels, "PANELS", VICTIM_PANELS)
    for _index in range(cases):
        assisted(ngo)
    client.force_login(cast[role])

    with django_assert_num_queries(DASHBOARD_QUERIES[role]):
        client.get(DASHBOARD)


def test_every_panel_landed_costs_the_same_queries_for_1_and_3_cases(client, analyst, ngo):
    """Whatever indicators have landed, none of their panels reads row by row."""
    one = _dashboard_queries(client, analyst, 1, ngo)
    three = _dashboard_queries(client, analyst, 2, ngo)

    assert one == three


def test_csv_export_reads_in_russian(client, manager, ngo, settings):
    assisted(ngo)
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = client.get(reverse("analytics:indicator_csv", args=["victims_assisted"]), {"by": "sex"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["Пол", "пострадавшие"], ["Женский", "1"], ["Всего", "1"]]


def test_every_translated_definition_is_an_indicators_docstring():
    docstrings = {key: definition_of(indicator) for key, indicator in panels.INDICATORS.items()}
    with translation.override("ru"):
        untranslated = [key for key, text in docstrings.items() if translation.gettext(text) == text]

    # A new indicator (or a docstring changed) needs its entry in analytics/definitions.py and its Russian.
    assert sorted(set(docstrings.values()) - set(DEFINITIONS)) == []
    assert sorted(set(DEFINITIONS) - set(docstrings.values())) == []
    assert untranslated == []


def test_victims_are_counted_by_their_first_citizenship(client, manager, ngo):
    for citizenship in (["UZ", "RU"], ["UZ"], ["TJ"]):
        assisted(ngo, citizenship=citizenship)
    client.force_login(manager)

    response = client.get(DASHBOARD)

    table = panel_of(response, "victims_assisted-citizenship")["table"]
    assert {row.key: table.value(row.key) for row in table.rows} == {"UZ": 2, "TJ": 1}


def test_every_breakdown_of_every_indicator_is_named_in_russian():
    breakdowns = sorted({key for indicator in panels.INDICATORS.values() for key in indicator.dimensions})
    with translation.override("en"):
        english = {key: panels.dimension_label(key) for key in breakdowns}
    with translation.override("ru"):
        unnamed = [key for key in breakdowns if panels.dimension_label(key) == english[key]]

    assert unnamed == []
