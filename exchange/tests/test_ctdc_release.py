"""The CTDC-format k-anonymised release: its rows, its anonymity, its consent, its page and command."""

import csv
import datetime
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from cases.models import choices
from cases.tests.factories import (
    CaseFactory,
    ConsentFactory,
    TraffickingEventFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)
from exchange.ctdc import kanon
from exchange.ctdc.columns import AGE_BROAD, COLUMNS_A, MISSING
from exchange.ctdc.records import ctdc_rows
from exchange.ctdc.release import ctdc_release, ctdc_release_write
from exchange.synthetic import synthetic_rows

K = 11


def counted_case(
    organisation, *, consent=choices.ConsentStatus.GIVEN, sex=choices.Sex.FEMALE, age=24, **experience
):
    """A case with a victim, an experience, a place of exploitation and a statistics consent answer
    (``consent=None``: not asked yet)."""
    case = CaseFactory(organisation=organisation, registered_on=datetime.date(2025, 3, 1))
    VictimFactory(case=case, organisation=organisation, sex=sex, age_at_registration=age, citizenship=["TJ"])
    TraffickingExperienceFactory(case=case, organisation=organisation, **experience)
    TraffickingEventFactory(case=case, organisation=organisation, country="RU")
    if consent is not None:
        ConsentFactory(
            case=case, organisation=organisation, purpose=choices.ConsentPurpose.STATISTICS, status=consent
        )
    return case


def small_network(ngo, other_ngo):
    """24 counted cases, a few rare ones among them, and 3 refusals of statistics."""
    for _number in range(12):
        counted_case(ngo, means_of_control=[choices.MeansOfControl.WITHHOLDS_DOCUMENTS])
    for _number in range(9):
        counted_case(other_ngo, sex=choices.Sex.MALE, age=33)
    counted_case(other_ngo, sex=choices.Sex.MALE, age=61)
    counted_case(ngo, age=15, exploitation_types=[choices.Exploitation.SEXUAL_EXPLOITATION])
    counted_case(ngo, age=40, exploitation_types=[choices.Exploitation.FORCED_MARRIAGE])
    for _number in range(3):
        counted_case(ngo, consent=choices.ConsentStatus.REFUSED, age=70)


def release_csv(release) -> list[dict]:
    handle = io.StringIO()
    ctdc_release_write(release, handle)
    handle.seek(0)
    return list(csv.DictReader(handle))


def test_release_of_a_small_network_passes_the_checker(ngo, other_ngo):
    small_network(ngo, other_ngo)

    release = ctdc_release(organisation_ids=[ngo.pk, other_ngo.pk], k=K)
    rows = release_csv(release)

    assert kanon.check_k_anonymity(rows, kanon.QUASI_IDENTIFIER_COLUMNS, K) == {}
    assert release.report.records_in == 24
    assert len(rows) == release.report.records_kept >= K


def test_checker_names_the_rare_combinations_of_a_hand_made_table():
    common = {"yearOfRegistration": "2020", "gender": "Female", "ageBroad": "24--26"}
    rare = {"yearOfRegistration": "2021", "gender": "Male", "ageBroad": "48+"}
    table = [common] * 11 + [rare] * 2

    offending = kanon.check_k_anonymity(table, ("yearOfRegistration", "gender", "ageBroad"), K)

    assert offending == {("2021", "Male", "48+"): 2}


def test_cases_without_statistics_consent_never_appear(ngo, settings):
    # Aggregates count the cases nobody asked yet; a record leaves only with the consent given.
    settings.AMANAT_COUNT_CASES_WITHOUT_STATISTICS_CONSENT = True
    counted_case(ngo, age=30)
    counted_case(ngo, age=50, consent=choices.ConsentStatus.REFUSED)
    counted_case(ngo, age=70, consent=choices.ConsentStatus.WITHDRAWN)
    counted_case(ngo, age=45, consent=None)

    rows = list(ctdc_rows(organisation_ids=[ngo.pk]))

    assert [row["ageBroad"] for row in rows] == ["30--38"]


def test_rows_have_ctdc_columns_and_codes(ngo):
    counted_case(
        ngo,
        age=19,
        exploitation_types=[choices.Exploitation.FORCED_LABOUR, choices.Exploitation.SEXUAL_EXPLOITATION],
        labour_sectors=[choices.Industry.F],
        sex_exploitation_types=[choices.SexExploitation.PROSTITUTION],
        means_of_control=[choices.MeansOfControl.DEBT_BONDAGE],
        relation_to_recruiter=choices.RecruiterRelation.ACQUAINTED,
    )
    counted_case(ngo, sex=choices.Sex.UNKNOWN, age=None, exploitation_types=[], labour_sectors=[])

    full, bare = list(ctdc_rows(organisation_ids=[ngo.pk]))

    assert tuple(full) == COLUMNS_A
    assert (full["yearOfRegistration"], full["Datasource"], full["gender"]) == (
        "2025",
        "Case Management",
        "Female",
    )
    assert (full["ageBroad"], full["majorityStatus"], full["citizenship"]) == ("18--20", "Adult", "TJ")
    assert (full["CountryOfExploitation"], full["isForcedLabour"], full["isSexualExploit"]) == (
        "RU",
        "1",
        "1",
    )
    assert (full["isSexAndLabour"], full["isOtherExploit"]) == ("1", "0")
    assert full["typeOfExploitConcatenated"] == "Forced labour; Sexual exploitation"
    assert (full["typeOfLabourConstruction"], full["typeOfLabourAgriculture"]) == ("1", "0")
    assert (full["meansOfControlDebtBondage"], full["meansOfControlThreats"]) == ("1", "0")
    assert (full["typeOfSexProstitution"], full["recruiterRelationFriend"]) == ("1", "1")
    assert full["RecruiterRelationship"] == "Friend"
    # Nothing recorded: -99, never 0 (and a group CTDC has but we never collect stays -99).
    assert full["meansOfControlRestrictsMovement"] == MISSING
    assert (bare["gender"], bare["ageBroad"], bare["isForcedLabour"]) == (MISSING, MISSING, MISSING)
    assert (bare["meansOfControlDebtBondage"], bare["typeOfLabourConstruction"]) == (MISSING, MISSING)
    assert {row["ageBroad"] for row in (full,)} <= set(AGE_BROAD)


def test_export_command_writes_the_csv_of_format_a(ngo, other_ngo, tmp_path):
    small_network(ngo, other_ngo)
    target = tmp_path / "release.csv"
    output = io.StringIO()

    call_command("export_ctdc", "--k", str(K), "--output", str(target), stdout=output)

    with target.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames) == COLUMNS_A
    assert kanon.check_k_anonymity(rows, kanon.QUASI_IDENTIFIER_COLUMNS, K) == {}
    assert "Records in: 24" in output.getvalue()
    assert "Information loss (NCP)" in output.getvalue()


def test_export_command_refuses_a_coordinator(coordinator, tmp_path):
    with pytest.raises(CommandError, match="only an active regional analyst"):
        call_command("export_ctdc", "--output", str(tmp_path / "x.csv"), "--as", coordinator.username)

    assert not (tmp_path / "x.csv").exists()


def test_export_command_warns_when_k_keeps_too_few(ngo, tmp_path):
    for _number in range(5):
        counted_case(ngo)
    errors = io.StringIO()

    call_command("export_ctdc", "--output", str(tmp_path / "x.csv"), stdout=io.StringIO(), stderr=errors)

    assert "cannot be reached without suppressing most records: only 0 of 5" in errors.getvalue()


def test_retention_on_synthetic_rows_is_at_least_three_quarters():
    release = kanon.anonymise(lambda: synthetic_rows(20000), k=K)

    assert release.report.retention >= 0.75
    assert release.report.warning == ""
    assert kanon.check_k_anonymity(release.rows(), kanon.QUASI_IDENTIFIER_COLUMNS, K) == {}


def test_coarsening_everything_costs_information():
    qis = kanon.quasi_identifiers()
    counts = kanon.count_combinations(synthetic_rows(5000), qis)
    penalties = kanon.Penalties(counts, qis)
    top = tuple(qi.top for qi in qis)
    cache: dict = {}

    chosen, _classes = kanon.search(counts, k=K, qis=qis)
    everything = kanon.evaluate(
        top, kanon._classes_of_node(top, counts, qis, cache), k=K, penalties=penalties
    )

    assert everything.retention == 1.0
    assert everything.ncp == 1.0
    assert chosen.ncp < 0.5 < everything.ncp


ROLE_MATRIX = [
    ("analyst", 200),
    ("coordinator", 403),
    ("manager", 403),
    ("caseworker", 403),
    ("judge", 403),
    ("password_only", 302),
]


@pytest.mark.parametrize(("role", "status"), ROLE_MATRIX)
def test_release_page_is_for_analysts(client, cast, ngo, role, status):
    counted_case(ngo)
    if role == "password_only":  # a manager (a personal-data role) without the second factor
        client = Client()
        client.force_login(cast["manager"])
    else:
        client.force_login(cast[role])

    page = client.get(reverse("exchange:ctdc_release"), {"k": K})
    download = client.post(reverse("exchange:ctdc_release_download"), {"k": K})

    assert (page.status_code, download.status_code) == (status, status)
    assert download.get("Content-Type") != "application/zip" or status == 200


def test_analyst_downloads_the_release_with_its_report(client, analyst, ngo, other_ngo):
    small_network(ngo, other_ngo)
    client.force_login(analyst)

    page = client.get(reverse("exchange:ctdc_release"), {"k": K})
    response = client.post(reverse("exchange:ctdc_release_download"), {"k": K})

    assert page.context["report"].records_in == 24
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    assert bundle.namelist() == ["ctdc_release_k11.csv", "report.txt"]
    rows = list(csv.DictReader(io.StringIO(bundle.read("ctdc_release_k11.csv").decode())))
    assert kanon.check_k_anonymity(rows, kanon.QUASI_IDENTIFIER_COLUMNS, K) == {}
    assert "Records in: 24" in bundle.read("report.txt").decode()


def test_release_page_explains_a_bad_k(client, analyst):
    client.force_login(analyst)

    page = client.get(reverse("exchange:ctdc_release"), {"k": "1"})

    assert page.status_code == 200
    assert page.context["form"].errors["k"] == ["Ensure this value is greater than or equal to 2."]
    assert page.context["report"] is None


def test_no_personal_data_in_the_release(ngo):
    case = counted_case(ngo)

    rows = list(ctdc_rows(organisation_ids=[ngo.pk]))

    values = set(rows[0].values())
    assert case.victim.given_name not in values
    assert case.code not in values
    assert not any("1995" in value for value in values)
