"""import_htcds: the standard's templates and CSV imported all or nothing, every problem reported by row
and column, personal fields encrypted on arrival, and the same file imported twice creating nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from cases.models import Case, Victim
from exchange.htcds.importer import htcds_import
from exchange.models import ImportedRecord
from exchange.tests.htcds_files import MULTI_SELECT, PEOPLE, PLAIN, SINGLE_SELECT, csv_file, template_file

pytestmark = pytest.mark.django_db


def imported(manager, ngo, content, **options):
    return htcds_import(by=manager, organisation=ngo, content=content, **options)


def problems(report) -> list[tuple]:
    return [(p.row, p.column, p.value, p.reason) for p in report.problems]


@pytest.mark.parametrize("template", [SINGLE_SELECT, MULTI_SELECT, PLAIN])
def test_a_clean_template_imports_every_row_encrypted_and_again_adds_nothing(manager, ngo, template):
    content = template_file(PEOPLE, template)

    first = imported(manager, ngo, content)
    again = imported(manager, ngo, content)

    assert (first.ok, first.rows_total, first.created, first.unchanged) == (True, 3, 3, 0)
    assert (again.ok, again.created, again.unchanged) == (True, 0, 3)
    # unscoped: the test reads what the import wrote.
    victims = sorted(Victim.unscoped.filter(organisation=ngo), key=lambda victim: victim.given_name)
    assert [(v.given_name, v.sex, v.citizenship) for v in victims] == [
        ("Aigerim", "female", ["KZ"]),
        ("Bakhtiyor", "male", ["UZ"]),
        ("Zarina", "female", ["TJ"]),
    ]
    assert not Case.unscoped.filter(organisation=ngo, is_draft=True).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name FROM cases_victim")
        raw = [row[0] for row in cursor.fetchall()]
    assert raw and not any("Zarina" in str(value) for value in raw)
    assert ImportedRecord.unscoped.filter(organisation=ngo).count() == 3


def test_the_templates_labels_and_multi_select_cells_become_htcds_values(manager, ngo):
    imported(manager, ngo, template_file(PEOPLE, MULTI_SELECT))

    # unscoped: the test reads what the import wrote.
    zarina, bakhtiyor, _aigerim = Case.unscoped.filter(organisation=ngo).order_by("pk")
    experience, screening = zarina.experience, zarina.screening
    assert experience.recruitment_methods == ["ThroughFriendsOrSocialEvents"]
    assert experience.labour_sectors == ["A_AgricultureForestryAndFishing"]
    assert (screening.identification_status, screening.decision_making_organisation) == (
        "ActualVictimOfTrafficking",
        "NGO",
    )
    assert bakhtiyor.experience.means_of_control == ["DebtBondage", "WithholdsDocuments"]


def test_csv_with_htcds_names_imports(manager, ngo):
    report = imported(manager, ngo, csv_file(PEOPLE))

    assert (report.ok, report.created) == (True, 3)
    assert any("cas_Status" in notice for notice in report.notices)


def test_planted_errors_are_each_reported_and_nothing_is_imported(manager, ngo):
    rows = [dict(person) for person in PEOPLE]
    rows[0]["prs_Birthdate"] = "14.03.1998"
    rows[1]["vic_LocationOfExploitation"] = "Kazakhstan"
    rows[2]["vic_TypeOfExploitation"] = "Forced labour; Slavery-ish"
    content = template_file(rows, drop=("prs_Citizenship",))

    report = imported(manager, ngo, content)

    assert problems(report) == [
        (0, "prs_Citizenship", "", "The file lacks this column, which a case needs to be registered."),
        (
            3,
            "prs_Birthdate",
            "",
            "Write the date as YYYY-MM-DD, for example 1990-04-17 (or use a date cell).",
        ),
        (
            4,
            "vic_LocationOfExploitation",
            "Kazakhstan",
            "Write the ISO code KZ instead of the country's name.",
        ),
        (
            5,
            "vic_TypeOfExploitation",
            "Forced labour; Slavery-ish",
            "Not values of this HTCDS list: “Slavery-ish”. Use value names or labels of the standard.",
        ),
    ]
    assert report.created == 0
    assert not Case.unscoped.filter(organisation=ngo).exists()
    assert not ImportedRecord.unscoped.exists()


def test_a_row_the_intake_refuses_undoes_the_rows_before_it(manager, ngo):
    rows = [dict(person) for person in PEOPLE]
    rows[2]["prs_Birthdate"] = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()

    report = imported(manager, ngo, template_file(rows))

    assert [(p.row, p.column, p.value) for p in report.problems] == [(5, "prs_Birthdate", "")]
    assert not Case.unscoped.filter(organisation=ngo).exists()


def test_a_file_without_a_column_registering_needs_is_refused(manager, ngo):
    report = imported(manager, ngo, template_file(PEOPLE, drop=("prs_Citizenship", "con_Consent")))

    assert problems(report) == [
        (0, "prs_Citizenship", "", "The file lacks this column, which a case needs to be registered."),
        (0, "con_Consent", "", "The file lacks this column, which a case needs to be registered."),
    ]
    assert not Case.unscoped.filter(organisation=ngo).exists()


def test_rows_missing_what_registering_needs_are_reported(manager, ngo):
    rows = [dict(PEOPLE[0], prs_FirstName="", con_Consent="FALSE", prs_Gender="NonConforming")]

    report = imported(manager, ngo, template_file(rows))

    assert [(p.row, p.column) for p in report.problems] == [
        (3, "prs_FirstName"),
        (3, "prs_Gender"),
        (3, "con_Consent"),
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b"%PDF-1.4 not a sheet\x00\x01",
            "This is not a spreadsheet: upload an HTCDS XLSX, XLSM or CSV file.",
        ),
        (
            b"name,age\nA,3\n",
            "This file has no header of HTCDS field names (such as prs_FirstName) in its first rows.",
        ),
    ],
)
def test_a_file_that_is_not_an_htcds_sheet_is_refused(manager, ngo, content, reason):
    assert imported(manager, ngo, content).refusal == reason


def test_a_workbook_without_an_htcds_sheet_is_refused(manager, ngo):
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Name", "Date"])
    out = io.BytesIO()
    workbook.save(out)

    report = imported(manager, ngo, out.getvalue())

    assert report.refusal.startswith("No sheet of this workbook has HTCDS field names")


def test_a_dry_run_saves_nothing_and_says_what_it_would_create(manager, ngo):
    report = imported(manager, ngo, template_file(PEOPLE), dry_run=True)

    assert (report.ok, report.created) == (True, 3)
    assert not Case.unscoped.filter(organisation=ngo).exists()
    assert not ImportedRecord.unscoped.exists()


def test_only_managers_of_the_organisation_import(manager, caseworker, ngo, other_ngo):
    content = template_file(PEOPLE)

    with pytest.raises(PermissionDenied):
        imported(caseworker, ngo, content)
    with pytest.raises(PermissionDenied):
        imported(manager, other_ngo, content)
    assert not Case.unscoped.exists()


def encrypted_zip(content: bytes, passphrase: str) -> bytes:
    import io

    import pyzipper

    out = io.BytesIO()
    with pyzipper.AESZipFile(
        out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(passphrase.encode())
        archive.writestr("cases.csv", content)
    return out.getvalue()


def test_an_encrypted_export_imports_with_its_passphrase_only(manager, ngo):
    content = encrypted_zip(csv_file(PEOPLE), "correct horse battery staple")

    without = imported(manager, ngo, content)
    wrong = imported(manager, ngo, content, passphrase="wrong")
    right = imported(manager, ngo, content, passphrase="correct horse battery staple")

    assert (without.refusal, wrong.refusal) == (
        "This file is encrypted: give its passphrase.",
        "The passphrase does not open this file.",
    )
    assert (right.ok, right.created) == (True, 3)
