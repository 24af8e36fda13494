"""The managers' HTCDS export page and the export_htcds command."""

import csv
import io

import pytest
import pyzipper
from django.core.management import CommandError, call_command
from django.urls import reverse

from exchange.models import ExportFile
from exchange.tests.htcds_cases import MALIKA, case_registered

PASSPHRASE = "correct horse battery staple"
URL = reverse("exchange:htcds_export")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def malika(ngo, caseworker):
    return case_registered(by=caseworker, organisation=ngo, **MALIKA)


@pytest.mark.parametrize(
    ("role", "status"),
    [("manager", 200), ("caseworker", 403), ("outsider", 403), ("coordinator", 403), ("analyst", 403)],
)
def test_the_export_page_is_for_the_organisations_managers(client, cast, role, status):
    client.force_login(cast[role])

    response = client.get(URL)

    assert response.status_code == status


def test_the_page_explains_personal_data_and_lists_the_users_files(client, manager, ngo, malika, media):
    client.force_login(manager)
    asked = {"format": "xlsx", "personal": "on", "passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE}
    client.post(URL, asked)

    page = client.get(URL).content.decode()

    assert "every case read is written to the access log" in page
    assert "kept for you alone for 7 days" in page
    export_file = ExportFile.unscoped.get()
    assert reverse("exchange:exportfile_download", args=[export_file.pk]) in page
    assert "(with personal data)" in page
    assert page.count("<td>1</td>") == 1  # the case count


def test_a_plain_export_is_downloaded_at_once_with_the_personal_columns_empty(client, manager, malika):
    client.force_login(manager)

    response = client.post(URL, {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["x_ExternalId"], row["prs_FirstName"]) for row in rows] == [(malika.code, "")]
    assert ExportFile.unscoped.count() == 0


@pytest.mark.parametrize(
    ("passphrase", "again", "field", "message"),
    [
        ("short", "short", "passphrase", "at least 15 characters"),
        (PASSPHRASE, PASSPHRASE + "!", "passphrase_again", "The two passphrases differ"),
        ("", "", "passphrase", "at least 15 characters"),
    ],
)
def test_a_bad_passphrase_is_refused_beside_the_field_and_the_format_is_kept(
    client, manager, malika, media, passphrase, again, field, message
):
    client.force_login(manager)

    response = client.post(
        URL, {"format": "json", "personal": "on", "passphrase": passphrase, "passphrase_again": again}
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'value="json" selected' in response.content.decode()
    assert ExportFile.unscoped.count() == 0


def test_the_command_writes_a_plain_export(manager, ngo, malika, tmp_path):
    output = tmp_path / "cases.csv"

    call_command("export_htcds", "--organisation", str(ngo.pk), "--as", "manager", "--format", "csv",
                 "--output", str(output), stdout=io.StringIO())  # fmt: skip

    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    assert [(row["x_ExternalId"], row["prs_FirstName"]) for row in rows] == [(malika.code, "")]


def test_the_command_writes_a_personal_export_as_an_encrypted_zip(manager, ngo, malika, tmp_path, media):
    output, passphrase_file = tmp_path / "cases.zip", tmp_path / "passphrase.txt"
    passphrase_file.write_text(PASSPHRASE + "\n")

    call_command("export_htcds", "--organisation", str(ngo.pk), "--as", "manager", "--format", "csv",
                 "--output", str(output), "--personal", "--passphrase-file", str(passphrase_file),
                 stdout=io.StringIO())  # fmt: skip

    with pyzipper.AESZipFile(output) as archive:
        archive.setpassword(PASSPHRASE.encode())
        (name,) = archive.namelist()
        rows = list(csv.DictReader(io.StringIO(archive.read(name).decode())))
    assert [(row["x_ExternalId"], row["prs_FirstName"]) for row in rows] == [(malika.code, "Malika")]


def test_the_command_refuses_a_caseworker_and_personal_data_without_a_passphrase(caseworker, ngo, tmp_path):
    output = tmp_path / "cases.csv"

    with pytest.raises(CommandError, match="may not export"):
        call_command("export_htcds", "--organisation", str(ngo.pk), "--as", "caseworker", "--format", "csv",
                     "--output", str(output))  # fmt: skip
    with pytest.raises(CommandError, match="--personal needs --passphrase-file"):
        call_command("export_htcds", "--organisation", str(ngo.pk), "--as", "caseworker", "--format", "csv",
                     "--output", str(output), "--personal")  # fmt: skip
