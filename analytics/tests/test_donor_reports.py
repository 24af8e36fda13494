"""Donor reports: asked for by a manager, coordinator or analyst, built in the background with progress,
rendered as PDF (Russian text and the right figures, read back with pypdf), XLSX (the same figures,
read back with openpyxl) and CSV (formula cells neutralised), kept for the requester alone and deleted
after their time."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import Membership
from accounts.roles import Role
from accounts.tests.factories import user_with_role
from analytics.filters import Filters
from analytics.models import DonorReport, ReportSettings
from analytics.reports import services
from analytics.reports.content import ReportContent, Section
from analytics.reports.csv import report_csv
from analytics.reports.xlsx import report_xlsx
from analytics.tables import TOTAL, Category, Hidden, Table
from analytics.tasks import donor_report_build_task, donor_reports_expire_task
from analytics.tests.factories import attached_story
from cases.models import choices
from cases.tests.factories import (
    AssistanceServiceFactory,
    CaseFactory,
    TraffickingEventFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)
from network.tests.factories import ProgrammeFactory

LABOUR, SEXUAL = choices.Exploitation.FORCED_LABOUR, choices.Exploitation.SEXUAL_EXPLOITATION
YEAR_2013 = Filters(date_from=datetime.date(2013, 1, 1), date_to=datetime.date(2013, 12, 31))


def membership_of(user) -> Membership:
    return Membership.unscoped.get(user=user)


def victim(organisation, *, sex=choices.Sex.FEMALE, form=LABOUR, country="RU", year=2013, assisted=True):
    case = CaseFactory(organisation=organisation, registered_on=datetime.date(year, 4, 1))
    VictimFactory(case=case, organisation=organisation, sex=sex, age_at_registration=25)
    TraffickingExperienceFactory(case=case, organisation=organisation, exploitation_types=[form])
    TraffickingEventFactory(case=case, organisation=organisation, country=country)
    if assisted:
        AssistanceServiceFactory(case=case, organisation=organisation)
    return case


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def programme(ngo, iom_office):
    programme = ProgrammeFactory(name="Safe Migration", name_ru="Безопасная миграция", coordinator=iom_office)
    programme.members.add(ngo)
    return programme


@pytest.fixture
def assisted(ngo):
    """2013: seven victims assisted (5 women, 2 men; 4 in forced labour, 3 sexually exploited; 4 in
    Russia, 2 in Kazakhstan, 1 at home); one registered but not assisted, one assisted in 2012."""
    for sex, form, country in [
        (choices.Sex.FEMALE, LABOUR, "RU"),
        (choices.Sex.FEMALE, LABOUR, "RU"),
        (choices.Sex.FEMALE, SEXUAL, "RU"),
        (choices.Sex.FEMALE, SEXUAL, "KZ"),
        (choices.Sex.FEMALE, SEXUAL, "TJ"),
        (choices.Sex.MALE, LABOUR, "RU"),
        (choices.Sex.MALE, LABOUR, "KZ"),
    ]:
        victim(ngo, sex=sex, form=form, country=country)
    victim(ngo, assisted=False)
    victim(ngo, year=2012)


def request_report(user, programme, *, format="pdf", language="ru", filters=YEAR_2013) -> DonorReport:
    return services.donor_report_request(
        by=user,
        membership=membership_of(user),
        programme=programme,
        filters=filters,
        format=format,
        language=language,
    )


def built(report: DonorReport) -> DonorReport:
    assert donor_report_build_task.call(report_id=report.pk) == "built"
    report.refresh_from_db()
    return report


def stored(report: DonorReport) -> bytes:
    with default_storage.open(report.storage_name, "rb") as file:
        return file.read()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_report_in_russian_has_the_programme_and_the_right_figures(media, manager, programme, assisted):
    report = built(request_report(manager, programme, format="pdf", language="ru"))

    text = pdf_text(stored(report))

    assert (report.status, report.progress) == (DonorReport.Status.DONE, 100)
    assert "Безопасная миграция" in text
    assert "01.01.2013–31.12.2013" in text
    assert "Получили помощь" in text
    lines = {" ".join(line.split()) for line in text.splitlines()}
    assert {"Женский 5", "Мужской 2", "Принудительный труд 4", "Сексуальная эксплуатация 3"} <= lines
    assert {"2013 7", "Всего 7"} <= lines
    assert {"Российская Федерация 4", "Казахстан 2", "Таджикистан 1"} <= lines


def test_the_report_writes_the_summary_routes_and_the_stories_beside_its_figures(
    media, manager, ngo, programme, assisted
):
    attached_story(ngo, indicator="victims_assisted")
    report = built(request_report(manager, programme, format="pdf", language="en"))

    text = " ".join(pdf_text(stored(report)).split())

    assert "7 victims were assisted" in text
    assert "Victims by origin and place of exploitation — Country of origin × Country of exploitation" in text
    assert "Victims’ stories" in text and "A road home" in text


def test_programme_settings_leave_out_the_summary_routes_and_stories(
    media, manager, ngo, programme, assisted
):
    attached_story(ngo, indicator="victims_assisted")
    ReportSettings.objects.create(
        programme=programme, include_summary=False, include_routes=False, include_stories=False
    )
    report = built(request_report(manager, programme, format="xlsx", language="en"))

    workbook = load_workbook(io.BytesIO(stored(report)))

    cover = " ".join(
        str(cell.value) for row in workbook.worksheets[0].iter_rows() for cell in row if cell.value
    )
    assert "were assisted" not in cover
    assert not any(
        "stories" in sheet.title.lower() or "Route" in sheet.title for sheet in workbook.worksheets
    )


def test_xlsx_report_has_the_same_figures_one_sheet_per_section(media, manager, programme, assisted):
    report = built(request_report(manager, programme, format="xlsx", language="ru"))

    workbook = load_workbook(io.BytesIO(stored(report)))
    sheets = {
        sheet.title: [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)] for sheet in workbook
    }

    by_sex = next(rows for title, rows in sheets.items() if title.startswith("2."))
    by_form = next(rows for title, rows in sheets.items() if title.startswith("4."))
    assert by_sex == [["Женский", 5], ["Мужской", 2], ["Всего", 7]]
    assert by_form == [["Принудительный труд", 4], ["Сексуальная эксплуатация", 3], ["Всего", 7]]
    assert workbook.worksheets[0]["A2"].value == "Безопасная миграция"


def test_progress_is_written_as_each_section_is_counted(media, manager, programme, assisted):
    report = request_report(manager, programme)
    DonorReport.objects.filter(pk=report.pk).update(status=DonorReport.Status.RUNNING)
    seen = []

    from analytics.reports.content import report_content

    report_content(
        report,
        on_section=lambda done, total: (
            services.DonorReport.objects.filter(pk=report.pk).update(progress=90 * done // total),
            seen.append(DonorReport.objects.get(pk=report.pk).progress),
        ),
    )

    assert seen == sorted(seen) and seen[-1] == 90 and len(seen) >= 6


def test_a_retried_build_never_builds_twice(media, manager, programme, assisted):
    report = request_report(manager, programme, format="csv")

    first = donor_report_build_task.call(report_id=report.pk)
    second = donor_report_build_task.call(report_id=report.pk)

    assert (first, second) == ("built", "skipped")
    assert len(list(media.joinpath(services.STORAGE_FOLDER).iterdir())) == 1


def test_the_file_is_stored_under_a_random_name(media, manager, programme, assisted):
    report = built(request_report(manager, programme, format="csv", language="en"))

    assert report.storage_name.startswith(f"{services.STORAGE_FOLDER}/")
    assert "safe" not in report.storage_name.lower() and "manager" not in report.storage_name
    assert report.download_name == f"donor-report-{report.pk}-en.csv"
    assert report.expires_at == report.finished_at + datetime.timedelta(hours=72)


def test_request_refuses_roles_without_a_scope_and_bad_input(manager, caseworker, programme):
    other_programme = ProgrammeFactory()

    with pytest.raises(PermissionDenied):
        request_report(caseworker, programme)
    with pytest.raises(ValidationError) as outside:
        request_report(manager, other_programme)
    with pytest.raises(ValidationError) as backwards:
        request_report(
            manager,
            programme,
            filters=Filters(date_from=datetime.date(2014, 1, 1), date_to=datetime.date(2013, 1, 1)),
        )
    with pytest.raises(ValidationError) as unknown:
        request_report(manager, programme, format="docx")

    assert (
        list(outside.value.error_dict),
        list(backwards.value.error_dict),
        list(unknown.value.error_dict),
    ) == (
        ["programme"],
        ["date_to"],
        ["format"],
    )
    assert not DonorReport.objects.exists()


def test_request_enqueues_the_build_on_commit(
    manager, programme, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = request_report(manager, programme)

    assert len(callbacks) == 1
    assert [result.kwargs for result in default_task_backend.results] == [{"report_id": report.pk}]


def test_a_role_lost_since_the_request_fails_the_build_with_a_message(media, manager, programme):
    report = request_report(manager, programme, language="en")
    Membership.unscoped.filter(user=manager).update(role=Role.CASEWORKER)

    assert donor_report_build_task.call(report_id=report.pk) == "failed"
    report.refresh_from_db()
    assert (report.status, report.error) == (
        DonorReport.Status.FAILED,
        "You no longer have access to these figures.",
    )


def test_programme_settings_choose_the_figures_and_their_order(media, manager, programme, assisted):
    ReportSettings.objects.create(
        programme=programme,
        introduction="Введение для донора",
        sections=[
            {"indicator": "victims_assisted", "by": "exploitation", "across": "sex"},
            {"indicator": "no_such_indicator", "by": "sex", "across": None},
        ],
        include_routes=False,
    )

    report = built(request_report(manager, programme, format="xlsx", language="ru"))
    workbook = load_workbook(io.BytesIO(stored(report)))

    assert len(workbook.worksheets) == 2
    rows = [list(row) for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert rows[0] == ["Форма эксплуатации", "Женский", "Мужской", "Всего"]
    assert rows[1:] == [
        ["Принудительный труд", 2, 2, 4],
        ["Сексуальная эксплуатация", 3, 0, 3],
        ["Всего", 5, 2, 7],
    ]
    assert workbook.worksheets[0]["A5"].value == "Введение для донора"


def crafted_content() -> ReportContent:
    """A table whose labels a spreadsheet would run as formulas, with a small and a protecting cell."""
    table = Table(
        title='=HYPERLINK("http://example.invalid")',
        rows=[
            Category("a", '=HYPERLINK("http://example.invalid","x")'),
            Category("b", "+7 999"),
            Category("c", "@SUM(A1)"),
        ],
        columns=[],
        cells={},
        row_totals={"a": 3, "b": 9, "c": 12},
        column_totals={},
        total=24,
        row_title="-organisation",
        hidden={("a", TOTAL): Hidden.PRIMARY, ("b", TOTAL): Hidden.COMPLEMENTARY},
        threshold=5,
    )
    return ReportContent(
        title="Donor report",
        period="2013",
        scope_title="\tTab",
        programme="=1+1",
        introduction="",
        generated_at=timezone.now(),
        sections=[Section(indicator="victims_assisted", by="organisation", across=None, table=table)],
    )


def test_csv_neutralises_formula_cells_and_shows_hidden_figures_as_their_text():
    rows = list(csv.reader(io.StringIO(report_csv(crafted_content()).decode("utf-8-sig"))))

    assert rows[1] == ["'=1+1"]
    assert rows[3] == ["Figures of: \tTab"]
    assert rows[5:10] == [
        ['\'=HYPERLINK("http://example.invalid") — -organisation'],
        ["'-organisation", "Total"],
        ['\'=HYPERLINK("http://example.invalid","x")', "<5"],
        ["'+7 999", "–"],
        ["'@SUM(A1)", "12"],
    ]


def test_xlsx_neutralises_text_cells_and_keeps_shown_figures_as_numbers():
    sheet = load_workbook(io.BytesIO(report_xlsx(crafted_content()))).worksheets[1]

    assert [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ["'-organisation", "Total"],
        ['\'=HYPERLINK("http://example.invalid","x")', "<5"],
        ["'+7 999", "–"],
        ["'@SUM(A1)", 12],
        ["Total", 24],
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_expired_reports_lose_their_file_and_answer_410(client, media, manager, programme, assisted):
    report = built(request_report(manager, programme, format="csv"))
    path = media / report.storage_name
    DonorReport.objects.filter(pk=report.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    expired = donor_reports_expire_task.call()
    client.force_login(manager)
    response = client.get(reverse("analytics:report_download", args=[report.pk]))

    report.refresh_from_db()
    assert expired == 1
    assert not path.exists()
    assert (report.status, report.storage_name) == (DonorReport.Status.EXPIRED, "")
    assert response.status_code == 410
    assert "has expired" in response.content.decode()


def test_a_report_past_its_time_answers_410_even_before_the_periodic_task(client, media, manager, programme):
    report = built(request_report(manager, programme, format="csv"))
    DonorReport.objects.filter(pk=report.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    client.force_login(manager)

    response = client.get(reverse("analytics:report_download", args=[report.pk]))

    assert response.status_code == 410
    assert not (media / report.storage_name).exists()


def test_requesting_through_the_page_builds_and_downloads(
    client, media, coordinator, programme, assisted, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(coordinator)
    form = client.get(reverse("analytics:report_create"))

    with pytest.MonkeyPatch.context():
        pass
    response = client.post(
        reverse("analytics:report_create"),
        {
            "year": "2013",
            "programme": str(programme.pk),
            "format": "pdf",
            "language": "ru",
            "granularity": "year",
        },
    )
    report = DonorReport.objects.get()
    report_page = client.get(response.url)
    assert report.status == DonorReport.Status.QUEUED  # the test's transaction never commits
    built(report)
    status = client.get(reverse("analytics:report_status", args=[report.pk]))
    download = client.get(reverse("analytics:report_download", args=[report.pk]))

    assert f'value="{programme.pk}"' in form.content.decode()
    assert response.url == reverse("analytics:report_detail", args=[report.pk])
    assert 'hx-trigger="every 2s"' in report_page.content.decode()
    assert "hx-get" not in status.content.decode()
    assert download["Content-Type"] == "application/pdf"
    assert "Получили помощь" in pdf_text(b"".join(download.streaming_content))


def test_request_form_says_when_the_period_ends_before_it_starts(client, analyst):
    client.force_login(analyst)

    response = client.post(
        reverse("analytics:report_create"),
        {
            "date_from": "2014-01-01",
            "date_to": "2013-01-01",
            "format": "pdf",
            "language": "en",
            "granularity": "year",
        },
    )

    assert response.status_code == 200
    assert "The period ends before it starts" in response.content.decode()
    assert not DonorReport.objects.exists()


ROLE_MATRIX = [
    ("manager", 200),
    ("coordinator", 200),
    ("analyst", 200),
    ("caseworker", 403),
    ("hotline_operator", 403),
    ("judge", 403),
    ("password_only", 302),
]


@pytest.mark.parametrize(("role", "status"), ROLE_MATRIX)
@pytest.mark.parametrize("route", ["analytics:report_list", "analytics:report_create"])
def test_report_pages_role_matrix(client, cast, role, status, route):
    if role == "password_only":
        client = Client()
        client.force_login(cast["manager"])
    else:
        client.force_login(cast[role])

    response = client.get(reverse(route))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("requester", 200),
        ("other_manager", 404),
        ("analyst", 404),
        ("caseworker", 403),
        ("password_only", 302),
    ],
)
@pytest.mark.parametrize(
    "route", ["analytics:report_detail", "analytics:report_status", "analytics:report_download"]
)
def test_a_report_is_its_requesters_alone(client, media, cast, ngo, programme, role, status, route):
    report = built(request_report(cast["manager"], programme, format="csv"))
    if role == "password_only":
        client = Client()
        client.force_login(cast["manager"])
    elif role == "requester":
        client.force_login(cast["manager"])
    elif role == "other_manager":
        client.force_login(user_with_role(Role.MANAGER, ngo, username="other-manager"))
    else:
        client.force_login(cast[role])

    response = client.get(reverse(route, args=[report.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("other_coordinator", 404),
        ("analyst", 403),
        ("manager", 403),
        ("caseworker", 403),
        ("password_only", 302),
    ],
)
def test_report_settings_role_matrix(client, cast, other_ngo, programme, role, status):
    if role == "password_only":
        # A coordinator sees no personal data and is not asked for a second factor; a manager is.
        client = Client()
        client.force_login(cast["manager"])
    elif role == "other_coordinator":
        client.force_login(user_with_role(Role.COORDINATOR, other_ngo, username="other-coordinator"))
    else:
        client.force_login(cast[role])

    response = client.get(reverse("analytics:report_settings", args=[programme.pk]))

    assert response.status_code == status


def test_coordinator_sets_the_programmes_figures(client, coordinator, programme):
    client.force_login(coordinator)

    response = client.post(
        reverse("analytics:report_settings", args=[programme.pk]),
        {
            "introduction": "Для донора",
            "include_summary": "on",
            "figure_1": "victims_assisted:sex",
            "figure_2": "victims_identified:exploitation",
            "across_2": "sex",
        },
    )

    saved = ReportSettings.objects.get(programme=programme)
    assert response.status_code == 302
    assert saved.sections == [
        {"indicator": "victims_assisted", "by": "sex", "across": None},
        {"indicator": "victims_identified", "by": "exploitation", "across": "sex"},
    ]
    assert (saved.introduction, saved.include_summary, saved.include_routes, saved.updated_by) == (
        "Для донора",
        True,
        False,
        coordinator,
    )


def test_report_settings_refuse_a_breakdown_twice(client, coordinator, programme):
    client.force_login(coordinator)

    response = client.post(
        reverse("analytics:report_settings", args=[programme.pk]),
        {"figure_1": "victims_assisted:sex", "across_1": "sex"},
    )

    assert response.status_code == 200
    assert "cannot be broken down across" in response.content.decode()
    assert not ReportSettings.objects.exists()
