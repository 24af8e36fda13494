"""import_ctdc: the CTDC global dataset (formats A and C) loaded as reference data, in our vocabularies."""

import io

import pytest
from django.core.management import CommandError, call_command

from exchange.models import GlobalVictim, ReferenceDataset
from exchange.tests.ctdc_files import row_c, rows_a, write_a, write_a_semicolon, write_a_xlsx, write_c

pytestmark = pytest.mark.django_db


def import_ctdc(path, *args) -> str:
    out = io.StringIO()
    call_command("import_ctdc", str(path), *args, stdout=out)
    return out.getvalue()


def test_format_a_comma_csv_loads_in_our_vocabularies(tmp_path):
    rows = rows_a(3)
    rows[0].update(
        gender="Female",
        ageBroad="9--17",
        majorityStatus="Minor",
        citizenship="KG",
        CountryOfExploitation="RU",
        isForcedLabour="1",
        isSexualExploit="0",
        typeOfLabourConstruction="1",
        meansOfControlWithholdsDocuments="1",
        recruiterRelationFamily="1",
    )
    path = write_a(tmp_path / "The Global Dataset 14 Apr 2020.csv", rows)

    output = import_ctdc(path)

    dataset = ReferenceDataset.objects.get()
    assert (dataset.name, dataset.format, dataset.row_count) == (
        "The Global Dataset 14 Apr 2020.csv",
        "ctdc_a",
        3,
    )
    assert "3 rows loaded (CTDC format A), 0 refused." in output
    first = GlobalVictim.objects.get(dataset=dataset, age_band="9-17")
    assert (first.sex, first.majority, first.citizenship, first.exploitation_country) == (
        "female",
        "minor",
        "KG",
        "RU",
    )
    assert "ForcedLabour" in first.exploitation_types and "SexualExploitation" not in first.exploitation_types
    assert "F_Construction" in first.labour_sectors
    assert "WithholdsDocuments" in first.means_of_control
    assert first.recruiter_relations == ["Familial"]


def test_format_a_semicolon_export_with_terms_of_use_column_loads(tmp_path):
    rows = rows_a(4, citizenship="UZ", CountryOfExploitation="KZ", gender="Male")
    rows[0]["ageBroad"] = "-99"
    path = write_a_semicolon(tmp_path / "the_global_k_anon_dataset.csv", rows)

    output = import_ctdc(path, "--name", "K-anon 2021")

    assert "K-anon 2021: 4 rows loaded (CTDC format A), 0 refused." in output
    victims = GlobalVictim.objects.filter(dataset__name="K-anon 2021")
    assert set(victims.values_list("citizenship", "exploitation_country", "sex")) == {("UZ", "KZ", "male")}
    assert victims.filter(age_band="").count() == 1


def test_format_a_xlsx_loads(tmp_path):
    path = write_a_xlsx(tmp_path / "The Global K-anon Dataset 15 July 2021.xlsx", rows_a(5, citizenship="TJ"))

    import_ctdc(path)

    assert list(GlobalVictim.objects.values_list("citizenship", flat=True).distinct()) == ["TJ"]
    assert GlobalVictim.objects.exclude(year=None).count() == 5


def test_format_c_loads_alpha3_countries_and_em_dash_bands_as_ours(tmp_path):
    rows = [
        row_c(
            gender="Woman",
            ageBroad="18—20",
            citizenship="KAZ",
            CountryOfExploitation="RUS",
            isSexualExploit="1",
        ),
        row_c(
            gender="Man", ageBroad="30--38", citizenship="UZB", CountryOfExploitation="KAZ", meansThreats="1"
        ),
        row_c(gender="Trans/Transgender/NonConforming", ageBroad="NULL", citizenship="NULL"),
    ]
    path = write_c(tmp_path / "CTDC_global_synthetic_data_v2024.csv", rows)

    output = import_ctdc(path)

    assert "3 rows loaded (CTDC format C), 0 refused." in output
    found = list(
        GlobalVictim.objects.order_by("pk").values_list(
            "sex", "age_band", "citizenship", "exploitation_country"
        )
    )
    assert found == [("female", "18-20", "KZ", "RU"), ("male", "30-38", "UZ", "KZ"), ("unknown", "", "", "")]
    woman, man, _other = GlobalVictim.objects.order_by("pk")
    assert woman.exploitation_types == ["SexualExploitation"]
    assert man.means_of_control == ["PhysicalThreats", "ThreatensChildrenFamily", "ThreatsLawEnforcement"]
    assert ReferenceDataset.objects.get().note.startswith(
        "Counter-Trafficking Data Collaborative (CTDC). 2024."
    )


def test_a_file_of_neither_format_is_refused_saying_what_is_missing(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("name,age,country\nA,30,KZ\n", encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        import_ctdc(path)

    assert "neither the Datasource column of format A nor the means… columns of format C" in str(
        refused.value
    )
    assert "name, age, country" in str(refused.value)
    assert not ReferenceDataset.objects.exists()


def test_a_format_a_file_without_some_columns_is_refused_naming_them(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("yearOfRegistration,Datasource,gender\n2019,Case Management,Female\n", encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        import_ctdc(path)

    assert "looks like CTDC format A but lacks the columns ageBroad, majorityStatus" in str(refused.value)


def test_rows_with_values_ctdc_does_not_use_are_refused_with_the_reason(tmp_path):
    rows = rows_a(3)
    rows[1]["citizenship"] = "XQ"
    rows[2]["yearOfRegistration"] = "last year"
    path = write_a(tmp_path / "bad.csv", rows)

    output = import_ctdc(path)

    assert "1 rows loaded (CTDC format A), 2 refused." in output
    assert "Line 3 refused: citizenship holds XQ, which is not an ISO 3166-1 country code." in output
    assert "Line 4 refused: yearOfRegistration holds last year, which is not a year." in output
    assert GlobalVictim.objects.count() == 1


def test_importing_the_same_file_again_replaces_its_dataset(tmp_path):
    path = write_a(tmp_path / "global.csv", rows_a(4))
    import_ctdc(path)
    write_a(path, rows_a(2))

    output = import_ctdc(path)

    assert "2 rows loaded (CTDC format A), replacing the dataset of that name, 0 refused." in output
    assert ReferenceDataset.objects.get().row_count == 2
    assert GlobalVictim.objects.count() == 2
