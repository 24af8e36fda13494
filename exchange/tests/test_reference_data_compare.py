"""The network's victims beside the global CTDC dataset: the global_victims indicator, the comparison page
and its CSV, and the upload page; the global rows never counted among the network's."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Membership
from analytics.filters import Filters
from analytics.indicators import INDICATORS, indicator_table
from analytics.scope import analytics_scope
from cases.tests.factories import CaseFactory, VictimFactory
from exchange.models import GlobalVictim, ReferenceDataset
from exchange.tests.ctdc_files import rows_a, write_a

COMPARE = reverse("exchange:reference_compare")
COMPARE_CSV = reverse("exchange:reference_compare_csv")
IMPORT = reverse("exchange:reference_import")


@pytest.fixture
def global_file(tmp_path):
    """40 global victims: 24 women and 6 men citizens of Central Asia, 10 Russian men."""
    rows = rows_a(24, gender="Female", citizenship="UZ") + rows_a(6, gender="Male", citizenship="KG")
    rows += rows_a(10, gender="Male", citizenship="RU")
    return write_a(tmp_path / "global.csv", rows)


@pytest.fixture
def global_data(global_file):
    call_command("import_ctdc", str(global_file), stdout=io.StringIO())
    return ReferenceDataset.objects.get()


def registered(organisation, *, sex, citizenship=("TJ",), count=1):
    for _number in range(count):
        case = CaseFactory(organisation=organisation, registered_on=datetime.date(2024, 3, 1))
        VictimFactory(case=case, organisation=organisation, sex=sex, citizenship=list(citizenship))


def scope_of(user):
    # unscoped: the test's own user's one membership, as the request's active membership would be.
    return analytics_scope(user=user, membership=Membership.unscoped.get(user=user))


@pytest.fixture
def network(ngo):
    """12 victims of the network: 6 women and 6 men, citizens of Tajikistan, one more man Russian."""
    registered(ngo, sex="female", count=6)
    registered(ngo, sex="male", count=6)
    registered(ngo, sex="male", citizenship=("RU",), count=1)


def test_the_global_victims_indicator_counts_the_dataset_by_the_victims_breakdowns(global_data, analyst):
    table = indicator_table("global_victims", scope=scope_of(analyst), filters=Filters(), by="citizenship")

    assert {row.key: table.value(row.key) for row in table.rows} == {"UZ": 24, "RU": 10, "KG": 6}
    assert set(INDICATORS["global_victims"].dimensions) >= {"sex", "age_band", "citizenship", "period"}


def test_the_global_data_never_appear_in_the_networks_indicators(global_data, network, analyst):
    scope = scope_of(analyst)

    registered_total = indicator_table("victims_registered", scope=scope, filters=Filters(), by="sex").total

    assert registered_total == 13
    assert GlobalVictim.objects.count() == 40


def test_the_comparison_shows_both_profiles_as_shares(client, analyst, global_data, network):
    client.force_login(analyst)

    response = client.get(COMPARE, {"by": "sex"})

    shares = {row.key: (row.network.share, row.world.share) for row in response.context["rows"]}
    assert shares["female"] == (46.2, 60.0)
    assert shares["male"] == (53.8, 40.0)
    assert shares["total"] == (100.0, 100.0)
    assert "global.csv (40 records" in response.content.decode()


def test_citizens_of_central_asia_are_compared_on_both_sides(client, analyst, global_data, network):
    client.force_login(analyst)

    response = client.get(COMPARE, {"by": "sex", "central_asia": "on"})

    totals = {row.key: (row.network.value, row.world.value) for row in response.context["rows"]}
    assert totals["total"] == (12, 30)
    assert totals["male"] == (6, 6)


def test_the_comparison_protects_small_cells_for_a_coordinator(client, coordinator, global_data, ngo):
    registered(ngo, sex="female", count=8)
    registered(ngo, sex="male", count=2)
    client.force_login(coordinator)

    response = client.get(COMPARE, {"by": "sex"})

    male = next(row for row in response.context["rows"] if row.key == "male")
    assert (male.network.shown, male.network.value, male.network.share) == ("<5", None, None)
    assert "&lt;5" in response.content.decode()


def test_the_comparison_csv_has_both_sides(client, analyst, global_data, network):
    client.force_login(analyst)

    response = client.get(COMPARE_CSV, {"by": "sex"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Sex",
        "Network: victims",
        "Network: share, %",
        "Global CTDC: victims",
        "Global CTDC: share, %",
    ]
    assert ["Female", "6", "46.2", "24", "60.0"] in rows


@pytest.mark.parametrize(
    ("role", "status"),
    [("analyst", 200), ("coordinator", 200), ("manager", 403), ("caseworker", 403), ("judge", 403)],
)
def test_the_comparison_is_for_analysts_and_coordinators(client, cast, role, status):
    client.force_login(cast[role])

    assert client.get(COMPARE).status_code == status
    assert client.get(COMPARE_CSV).status_code == status


def test_an_analyst_uploads_a_ctdc_file(client, analyst, global_file):
    client.force_login(analyst)

    with open(global_file, "rb") as file:
        response = client.post(IMPORT, {"file": file, "name": "CTDC 2020"})

    assert response.status_code == 302
    dataset = ReferenceDataset.objects.get()
    assert (dataset.name, dataset.row_count, dataset.imported_by) == ("CTDC 2020", 40, analyst)


def test_an_upload_of_another_file_is_refused_with_the_reason(client, analyst, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    client.force_login(analyst)

    with open(path, "rb") as file:
        response = client.post(IMPORT, {"file": file, "name": "wrong"})

    assert response.status_code == 200
    assert "This is not a CTDC file" in response.content.decode()
    assert response.context["form"]["name"].value() == "wrong"
    assert not ReferenceDataset.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("analyst", 200), ("coordinator", 403), ("manager", 403)])
def test_only_analysts_import_reference_data(client, cast, role, status):
    client.force_login(cast[role])

    assert client.get(IMPORT).status_code == status


@pytest.mark.parametrize(
    "by", ["period", "age_band", "citizenship", "exploitation", "labour_sector", "exploitation_country"]
)
def test_every_breakdown_compares_both_totals(client, analyst, global_data, network, by):
    client.force_login(analyst)

    response = client.get(COMPARE, {"by": by, "central_asia": "on"})

    total = response.context["rows"][-1]
    assert (total.network.value, total.world.value) == (12, 30)
