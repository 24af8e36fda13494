"""Protected export files: an AES zip under the creator's passphrase, downloaded by the creator alone (404 for
anyone else, 410 once expired), every creation and download audited, and the hourly task deleting the
expired ones."""

import datetime
import io

import pytest
import pyzipper
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AccessLogEntry, AuditEntry
from exchange import files
from exchange.models import ExportFile
from exchange.tasks import export_files_expire_task

PASSPHRASE = "correct horse battery staple"
CONTENT = b"prs_FirstName\r\nsynthetic\r\n"
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def created(by, organisation, *, personal=True, passphrase=PASSPHRASE) -> ExportFile:
    def write(handle) -> int:
        handle.write(CONTENT)
        return 1

    return files.export_file_create(
        by=by,
        organisation=organisation,
        format="csv",
        personal=personal,
        passphrase=passphrase,
        base_name="htcds-test",
        write=write,
    )


def open_zip(data: bytes, passphrase: str | None) -> bytes:
    with pyzipper.AESZipFile(io.BytesIO(data)) as archive:
        if passphrase is not None:
            archive.setpassword(passphrase.encode())
        return archive.read("htcds-test.csv")


def test_the_zip_opens_with_the_passphrase_and_not_without(manager, ngo, media):

    export_file = created(manager, ngo)

    with default_storage.open(export_file.storage_name, "rb") as stored:
        data = stored.read()
    assert open_zip(data, PASSPHRASE) == CONTENT
    with pytest.raises(RuntimeError):
        open_zip(data, None)
    with pytest.raises(RuntimeError):
        open_zip(data, "a wrong passphrase of length")
    assert CONTENT not in data
    assert (export_file.download_name, export_file.case_count, export_file.size) == (
        "htcds-test.zip",
        1,
        len(data),
    )


def test_a_short_passphrase_is_refused_with_the_length_needed_and_nothing_is_stored(manager, ngo, media):

    with pytest.raises(ValidationError) as raised:
        created(manager, ngo, passphrase="fourteen chars")

    assert raised.value.message_dict["passphrase"] == [
        "The passphrase must have at least 15 characters: a few words you will remember, written down "
        "nowhere near the file."
    ]
    assert (ExportFile.unscoped.count(), list(media.rglob("*.zip"))) == (0, [])


def test_the_file_expires_after_the_retention_setting(manager, ngo, media, settings):
    settings.AMANAT_EXPORT_RETENTION_DAYS = 3

    export_file = created(manager, ngo)

    assert export_file.expires_at - export_file.created_at == pytest.approx(
        datetime.timedelta(days=3), abs=datetime.timedelta(seconds=5)
    )


def test_creating_needs_the_export_permission(caseworker, outsider, ngo, media):

    for user in (caseworker, outsider):
        with pytest.raises(PermissionDenied):
            created(user, ngo, personal=False)

    assert ExportFile.unscoped.count() == 0


def test_the_creator_downloads_the_file_and_the_download_is_audited_and_access_logged(
    client, manager, ngo, media
):
    export_file = created(manager, ngo)
    client.force_login(manager)

    response = client.get(reverse("exchange:exportfile_download", args=[export_file.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="htcds-test.zip"'
    assert open_zip(b"".join(response.streaming_content), PASSPHRASE) == CONTENT
    actions = AuditEntry.unscoped.filter(object_type="exchange.exportfile").values_list("action", flat=True)
    assert list(actions) == [
        "exchange.export_file_downloaded",
        "exchange.export_file_created",
    ]
    read = AccessLogEntry.unscoped.get()
    assert (read.actor, read.purpose, read.object_id) == (
        manager,
        "exchange.export_file_download",
        str(export_file.pk),
    )


def test_anyone_else_gets_404_even_another_manager_of_the_organisation(client, manager, outsider, ngo, media):
    export_file = created(manager, ngo)
    url = reverse("exchange:exportfile_download", args=[export_file.pk])

    answers = []
    for user in (user_with_role(Role.MANAGER, ngo), outsider, user_with_role(Role.CASEWORKER, ngo)):
        client.force_login(user)
        answers.append(client.get(url).status_code)

    assert answers == [404, 404, 404]
    assert AccessLogEntry.unscoped.count() == 0


def test_an_expired_file_answers_410_and_is_deleted(client, manager, ngo, media):
    export_file = created(manager, ngo)
    ExportFile.unscoped.filter(pk=export_file.pk).update(expires_at=timezone.now() - MINUTE)
    client.force_login(manager)

    response = client.get(reverse("exchange:exportfile_download", args=[export_file.pk]))

    assert response.status_code == 410
    assert "This export file has expired and is deleted." in response.content.decode()
    assert (ExportFile.unscoped.count(), default_storage.exists(export_file.storage_name)) == (0, False)


def test_the_hourly_task_deletes_expired_files_and_rows_only(manager, ngo, media):
    expired, current = created(manager, ngo), created(manager, ngo)
    ExportFile.unscoped.filter(pk=expired.pk).update(expires_at=timezone.now() - MINUTE)

    deleted = export_files_expire_task.call()

    assert deleted == 1
    assert list(ExportFile.unscoped.values_list("pk", flat=True)) == [current.pk]
    assert (default_storage.exists(expired.storage_name), default_storage.exists(current.storage_name)) == (
        False,
        True,
    )
