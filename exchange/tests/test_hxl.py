"""HXL-tagged aggregates: an indicator's table as CSV with a row of HXL hashtags, small cells hidden."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from cases.tests.factories import CaseFactory, VictimFactory


def registered(organisation, *, sex, count):
    for _number in range(count):
        case = CaseFactory(organisation=organisation, registered_on=datetime.date(2024, 3, 1))
        VictimFactory(case=case, organisation=organisation, sex=sex, citizenship=["TJ"])


def hxl(client, key="victims_registered", **params):
    response = client.get(reverse("exchange:indicator_hxl", args=[key]), params)
    assert response.status_code == 200, response.content
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def victims(ngo):
    registered(ngo, sex="female", count=7)
    registered(ngo, sex="male", count=2)


def test_the_hxl_csv_has_a_header_and_a_hashtag_row(client, analyst, victims):
    client.force_login(analyst)

    rows = hxl(client, by="citizenship")

    assert rows[1] == [
        "#indicator+code",
        "#indicator+name",
        "#country+code+v_iso2+citizenship",
        "#country+name+citizenship",
        "#affected",
        "#meta+suppressed",
        "#meta+total",
    ]
    assert rows[2] == ["victims_registered", "Victims registered", "TJ", "Tajikistan", "9", "0", "0"]
    assert rows[3] == ["victims_registered", "Victims registered", "", "Total", "9", "0", "1"]


def test_a_coordinator_gets_small_cells_empty_and_flagged(client, coordinator, victims):
    client.force_login(coordinator)

    rows = hxl(client, by="sex")

    assert rows[1][2:4] == ["#sex+code", "#sex+name"]
    figures = {row[2]: row[4:6] for row in rows[2:] if row[6] == "0"}
    assert figures["male"] == ["", "1"]
    # Its complement is hidden too, so that the small one cannot be worked out from the total.
    assert figures["female"] == ["", "1"]
    assert all(row[4] != "2" for row in rows[2:])


def test_years_are_tagged_as_dates(client, analyst, victims):
    client.force_login(analyst)

    rows = hxl(client, by="period")

    assert rows[1][2] == "#date+year"
    assert rows[2][2:5] == ["2024", "9", "0"]


def test_an_unknown_breakdown_is_refused_with_the_reason(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("exchange:indicator_hxl", args=["victims_registered"]), {"by": "colour"})

    assert response.status_code == 400
    assert "cannot be broken down by colour" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("coordinator", 200), ("analyst", 200), ("manager", 403), ("caseworker", 403)]
)
def test_hxl_aggregates_are_for_coordinators_and_analysts(client, cast, role, status):
    client.force_login(cast[role])

    assert client.get(reverse("exchange:indicator_hxl", args=["victims_registered"])).status_code == status


def test_the_indicator_page_links_its_hxl_csv_for_a_coordinator(client, coordinator, manager, victims):
    url = reverse("analytics:indicator_detail", args=["victims_registered"])
    hxl_url = reverse("exchange:indicator_hxl", args=["victims_registered"])

    client.force_login(coordinator)
    coordinators = client.get(url, {"by": "sex"}).content.decode()
    client.force_login(manager)
    managers = client.get(url).content.decode()

    assert f'href="{hxl_url}?by=sex"' in coordinators
    assert hxl_url not in managers
