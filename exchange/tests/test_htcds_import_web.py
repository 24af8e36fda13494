"""The managers' HTCDS upload: the file kept encrypted, the dry run in the background with its report,
then "Import these N cases"; the command's report and exit status."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases.models import Case
from exchange.models import ImportRun
from exchange.tasks import htcds_import_task
from exchange.tests.htcds_files import PEOPLE, template_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, content, *, dry_run=True):
    data = {"file": SimpleUploadedFile("cases.xlsx", content)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("exchange:import_cases"), data)


def test_upload_dry_run_then_import_these_cases(client, media, manager, ngo, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(manager)
    content = template_file(PEOPLE)

    form = client.get(reverse("exchange:import_cases"))
    response = upload(client, content)
    run = ImportRun.objects.visible_to(manager).get()
    page = client.get(response.url)
    assert htcds_import_task.call(run_id=run.pk) == "done"
    status = client.get(reverse("exchange:import_status", args=[run.pk]))

    assert "checked" in form.content.decode().split('name="dry_run"')[1].split(">")[0]
    assert 'hx-trigger="every 2s"' in page.content.decode()
    assert b"Zarina" not in (media / run.storage_name).read_bytes()
    assert "Import these 3 cases" in status.content.decode()
    assert "hx-get" not in status.content.decode()
    assert not Case.unscoped.filter(organisation=ngo).exists()

    confirmed = client.post(reverse("exchange:import_confirm", args=[run.pk]))
    real = ImportRun.objects.visible_to(manager).get(dry_run=False)
    assert htcds_import_task.call(run_id=real.pk) == "done"
    done = client.get(confirmed.url)

    assert "3 cases created, 0 unchanged, 0 problems" in done.content.decode()
    assert Case.unscoped.filter(organisation=ngo).count() == 3
    assert not (media / run.storage_name).exists()
    assert htcds_import_task.call(run_id=real.pk) == "skipped"


def test_the_report_page_lists_the_problems_without_personal_values(client, media, manager, ngo):
    client.force_login(manager)
    rows = [dict(PEOPLE[0], prs_Birthdate="14.03.1998", vic_LocationOfExploitation="Kazakhstan")]
    upload(client, template_file(rows))
    run = ImportRun.objects.visible_to(manager).get()
    htcds_import_task.call(run_id=run.pk)

    page = client.get(reverse("exchange:import_detail", args=[run.pk])).content.decode()

    assert "Write the ISO code KZ instead of the country&#x27;s name." in page
    assert "Kazakhstan" in page and "14.03.1998" not in page
    assert "Import these" not in page
    run.refresh_from_db()
    assert run.status == ImportRun.Status.REFUSED
    assert "14.03.1998" not in str(run.report)


def test_a_caseworker_and_another_organisations_manager_cannot_upload(
    client, media, caseworker, ngo, other_ngo
):
    other_manager = user_with_role(Role.MANAGER, other_ngo)
    client.force_login(manager_run_owner := user_with_role(Role.MANAGER, ngo))
    upload(client, template_file(PEOPLE))
    run = ImportRun.objects.visible_to(manager_run_owner).get()

    client.force_login(caseworker)
    refused = upload(client, template_file(PEOPLE))
    client.force_login(other_manager)
    hidden = client.get(reverse("exchange:import_detail", args=[run.pk]))
    not_confirmed = client.post(reverse("exchange:import_confirm", args=[run.pk]))

    assert (refused.status_code, hidden.status_code, not_confirmed.status_code) == (403, 404, 404)
    assert ImportRun.unscoped.count() == 1


def test_the_command_prints_the_report_and_fails_when_refused(manager, ngo, tmp_path):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(template_file(PEOPLE))
    bad.write_bytes(template_file([dict(PEOPLE[0], prs_Birthdate="1998/03/14")]))
    ngo.short_name = "WAS"
    ngo.save()
    out = io.StringIO()

    call_command(
        "import_htcds", str(good), "--organisation", "was", "--as", "manager", "--dry-run", stdout=out
    )
    call_command("import_htcds", str(good), "--organisation", str(ngo.pk), "--as", "manager", stdout=out)
    call_command("import_htcds", str(good), "--organisation", "WAS", "--as", "manager", stdout=out)
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_htcds", str(bad), "--organisation", "WAS", "--as", "manager", stdout=out)

    lines = out.getvalue().splitlines()
    assert "Dry run: 3 rows, 3 would be created, 0 unchanged, 0 problems; nothing saved." in lines
    assert "3 rows: 3 created, 0 unchanged, 0 problems." in lines
    assert "3 rows: 0 created, 3 unchanged, 0 problems." in lines
    assert (
        "Row 3, prs_Birthdate: Write the date as YYYY-MM-DD, for example 1990-04-17 (or use a date cell)."
        in lines
    )
    assert Case.unscoped.filter(organisation=ngo).count() == 3
