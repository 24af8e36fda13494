"""export_htcds: an organisation's registered cases as HTCDS rows in CSV, XLSX and JSON, the personal columns
empty unless a permitted manager asks for them with a passphrase, and then read through the access log."""

import csv
import io
import json

import openpyxl
import pytest
import pyzipper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AccessLogEntry, AuditEntry
from cases import services
from exchange.htcds import columns, export
from exchange.tests.htcds_cases import MALIKA, RUSTAM, case_registered, synthetic_variant

PASSPHRASE = "correct horse battery staple"
PERSONAL_NAMES = [column.name for column in columns.COLUMNS if column.personal]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def cases(ngo, other_ngo, caseworker):
    malika = case_registered(by=caseworker, organisation=ngo, **MALIKA)
    rustam = case_registered(by=caseworker, organisation=ngo, **RUSTAM)
    # Neither a draft nor another organisation's case is exported.
    services.case_intake(by=caseworker, organisation=ngo, given_name="Draft", family_name="Only")
    other = user_with_role(Role.CASEWORKER, other_ngo)
    case_registered(by=other, organisation=other_ngo, **{**RUSTAM, "given_name": "Elsewhere"})
    return malika, rustam


def exported(manager, ngo, format, **options) -> bytes:
    handle = io.BytesIO()
    export.htcds_export_write(handle, by=manager, organisation=ngo, format=format, **options)
    return handle.getvalue()


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def test_csv_has_the_htcds_names_and_values_one_row_per_registered_case(manager, ngo, cases):
    malika, rustam = cases

    content = exported(manager, ngo, "csv")

    assert not content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8").splitlines()[0].split(",") == [column.name for column in columns.COLUMNS]
    rows = {row["x_ExternalId"]: row for row in csv_rows(content)}
    assert list(rows) == [malika.code, rustam.code]
    row = rows[malika.code]
    assert {
        name: row[name]
        for name in (
            "vic_TypeOfExploitation",
            "vic_MethodsOfControl",
            "prs_Citizenship",
            "prs_Gender",
            "x_Sex",
            "vic_LocationOfRecruitment",
            "vic_LocationOfExploitation",
            "vic_TraffickingStatus",
            "vic_TraffickingStatusDecisionMakingOrg",
            "vic_ForcedLabourIndustry",
            "x_RegisteredOn",
            "vic_AgeWhenTrafficked",
            "con_Consent",
            "x_ConsentStatistics",
            "x_ConsentFollowUp",
            "prs_MailingCountry",
            "cas_Status",
        )
    } == {
        "vic_TypeOfExploitation": "ForcedLabour;SexualExploitation",
        "vic_MethodsOfControl": "PhysicalThreats;ThreatensChildrenFamily",
        "prs_Citizenship": "TJ;UZ",
        "prs_Gender": "Feminine",
        "x_Sex": "female",
        "vic_LocationOfRecruitment": "TJ",
        "vic_LocationOfExploitation": "RU",
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
        "vic_TraffickingStatusDecisionMakingOrg": "NGO",
        "vic_ForcedLabourIndustry": "A_AgricultureForestryAndFishing",
        "x_RegisteredOn": "2026-03-02",
        "vic_AgeWhenTrafficked": "27",
        "con_Consent": "TRUE",
        "x_ConsentStatistics": "refused",
        "x_ConsentFollowUp": "given",
        "prs_MailingCountry": "TJ",
        "cas_Status": "Active",
    }


def test_personal_columns_are_empty_by_default_and_nothing_is_access_logged(manager, ngo, cases):

    rows = csv_rows(exported(manager, ngo, "csv"))

    assert {name for row in rows for name in PERSONAL_NAMES if row[name]} == set()
    assert AccessLogEntry.unscoped.count() == 0


def test_xlsx_has_one_case_sheet_with_the_names_in_row_one(manager, ngo, cases):
    malika, _rustam = cases

    workbook = openpyxl.load_workbook(io.BytesIO(exported(manager, ngo, "xlsx")), read_only=True)

    assert workbook.sheetnames == ["Case Sheet"]
    rows = list(workbook["Case Sheet"].iter_rows(values_only=True))
    names = list(rows[0])
    assert names == [column.name for column in columns.COLUMNS]
    first = dict(zip(names, rows[1], strict=True))
    assert (first["x_ExternalId"], first["vic_TypeOfExploitation"], first["prs_Citizenship"]) == (
        malika.code,
        "ForcedLabour;SexualExploitation",
        "TJ;UZ",
    )
    assert (first["x_RegisteredOn"], first["prs_FirstName"], len(rows)) == ("2026-03-02", None, 3)


def test_json_has_the_format_the_organisation_and_lists_as_lists(manager, ngo, cases):
    malika, rustam = cases

    document = json.loads(exported(manager, ngo, "json"))

    assert (document["format"], document["organisation"]) == ("HTCDS 2.0", "Women and Society")
    records = {record["x_ExternalId"]: record for record in document["records"]}
    assert list(records) == [malika.code, rustam.code]
    assert records[malika.code]["vic_TypeOfExploitation"] == ["ForcedLabour", "SexualExploitation"]
    assert records[malika.code]["prs_Citizenship"] == ["TJ", "UZ"]
    assert records[rustam.code]["vic_LocationOfExploitation"] == "KZ"
    assert (records[malika.code]["prs_FirstName"], records[malika.code]["prs_Birthdate"]) == (None, None)


def test_a_csv_text_that_a_spreadsheet_would_run_is_written_as_text(manager, ngo, caseworker, media):
    case_registered(by=caseworker, organisation=ngo, **{**RUSTAM, "given_name": "=HYPERLINK(1)"})

    export_file = export.htcds_export_file(
        by=manager, organisation=ngo, format="csv", personal=True, passphrase=PASSPHRASE
    )

    rows = csv_rows(unzipped(export_file, PASSPHRASE))
    assert rows[0]["prs_FirstName"] == "'=HYPERLINK(1)"


def unzipped(export_file, passphrase: str) -> bytes:
    from django.core.files.storage import default_storage

    with default_storage.open(export_file.storage_name, "rb") as stored:
        data = stored.read()
    with pyzipper.AESZipFile(io.BytesIO(data)) as archive:
        archive.setpassword(passphrase.encode())
        (name,) = archive.namelist()
        return archive.read(name)


def test_personal_export_fills_the_personal_columns_and_logs_every_case_read(manager, ngo, cases, media):
    malika, rustam = cases

    export_file = export.htcds_export_file(
        by=manager, organisation=ngo, format="csv", personal=True, passphrase=PASSPHRASE
    )

    rows = {row["x_ExternalId"]: row for row in csv_rows(unzipped(export_file, PASSPHRASE))}
    assert {
        name: rows[malika.code][name]
        for name in (
            "prs_FirstName",
            "prs_MiddleName",
            "prs_SecondName",
            "prs_Birthdate",
            "prs_MobilePhone",
            "prs_MailingCity",
        )
    } == {
        "prs_FirstName": "Malika",
        "prs_MiddleName": "Rustamovna",
        "prs_SecondName": "Sinteva",
        "prs_Birthdate": "1996-02-03",
        "prs_MobilePhone": "+992 900 000 001",
        "prs_MailingCity": "Chkalovsk",
    }
    assert (export_file.personal, export_file.case_count, export_file.created_by) == (True, 2, manager)
    reads = AccessLogEntry.unscoped.filter(actor=manager).order_by("purpose")
    assert [(entry.purpose, entry.object_labels) for entry in reads] == [
        ("screening.export", [malika.code, rustam.code]),
        ("victim.export", [malika.code, rustam.code]),
    ]
    assert AuditEntry.unscoped.filter(action="exchange.export_file_created").get().details == {
        "format": "csv",
        "personal": True,
        "cases": 2,
    }


def test_personal_export_needs_the_permission_and_a_long_passphrase(ngo, cases, media):
    # A manager role without exchange.export_personal_data does not exist: a caseworker stands for it.
    caseworker = user_with_role(Role.CASEWORKER, ngo)
    manager = user_with_role(Role.MANAGER, ngo)

    with pytest.raises(PermissionDenied):
        export.htcds_export_file(
            by=caseworker, organisation=ngo, format="csv", personal=True, passphrase=PASSPHRASE
        )
    with pytest.raises(ValidationError) as short:
        export.htcds_export_file(
            by=manager, organisation=ngo, format="csv", personal=True, passphrase="short"
        )

    assert "at least 15 characters" in short.value.message_dict["passphrase"][0]
    assert AccessLogEntry.unscoped.count() == 0


def test_a_caseworker_and_another_organisations_manager_are_refused(ngo, other_ngo, caseworker, cases):
    other_manager = user_with_role(Role.MANAGER, other_ngo)

    for user in (caseworker, other_manager):
        with pytest.raises(PermissionDenied):
            export.htcds_export_stream(by=user, organisation=ngo, format="csv")
        with pytest.raises(PermissionDenied):
            export.htcds_export_file(
                by=user, organisation=ngo, format="csv", personal=False, passphrase=PASSPHRASE
            )

    assert AuditEntry.unscoped.filter(action__startswith="exchange.").count() == 0


def test_a_plain_export_is_audited(manager, ngo, cases):

    content = b"".join(export.htcds_export_stream(by=manager, organisation=ngo, format="json"))

    assert len(json.loads(content)["records"]) == 2
    entry = AuditEntry.unscoped.get(action="exchange.htcds_exported")
    assert (entry.actor, entry.organisation, entry.details) == (
        manager,
        ngo,
        {"format": "json", "personal": False},
    )


def queries_of_personal_export(manager, ngo, media) -> int:
    with CaptureQueriesContext(connection) as captured:
        handle = io.BytesIO()
        export.htcds_export_write(handle, by=manager, organisation=ngo, format="csv", personal=True)
    return len(captured.captured_queries)


def test_the_queries_do_not_grow_with_the_cases(manager, ngo, caseworker, media):
    case_registered(by=caseworker, organisation=ngo, **synthetic_variant(1))
    queries_of_personal_export(manager, ngo, media)  # warms the caches of memberships and content types
    one = queries_of_personal_export(manager, ngo, media)
    for number in (2, 3, 4):
        case_registered(by=caseworker, organisation=ngo, **synthetic_variant(number))

    four = queries_of_personal_export(manager, ngo, media)

    assert four == one
