"""The entry pages: who opens which, the list and its queries, the manager's forms and files, and what a
judge sees of an entry in blind judging."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Entry, EntryFile
from awards.services import entries as services
from awards.tests.factories import (
    AssignmentFactory,
    CompetitionFactory,
    EntryFactory,
    NominationFactory,
    NomineeFactory,
    judge_user,
)
from shelters.tests.factories import ShelterFactory

PDF = b"%PDF-1.4\n% synthetic test file\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def competition(iom_office):
    return CompetitionFactory(organisation=iom_office, published_at=timezone.now())


@pytest.fixture
def nomination(competition):
    return NominationFactory(organisation=competition.organisation, competition=competition)


@pytest.fixture
def nominee(ngo, nomination, iom_office):
    return NomineeFactory(organisation=ngo, nomination=nomination, consultation__organisation=iom_office)


@pytest.fixture
def entry(ngo, other_ngo, nominee, manager):
    ShelterFactory(organisation=ngo, capacity=14)
    entry = services.entry_create(
        nominee=nominee, by=manager, title="A safe place", summary="How we work.", partners=[other_ngo]
    )
    return Entry.unscoped.get(pk=entry.pk)


@pytest.fixture
def assigned_judge(entry, judge, iom_office):
    AssignmentFactory(organisation=iom_office, competition=entry.competition, entry=entry, judge=judge)
    return judge


def _client_for(client, cast, role, extra=None):
    if role == "password_only":
        visitor = Client()
        visitor.force_login(cast["manager"])
        return visitor
    client.force_login((extra or {}).get(role) or cast[role])
    return client


DETAIL_MATRIX = [
    ("manager", 200),
    ("coordinator", 200),  # the competition's organiser
    ("judge", 200),  # assigned to the entry
    ("unassigned_judge", 404),
    ("caseworker", 404),  # no awards role: the entry is not in their scope
    ("outsider", 404),
    ("password_only", 302),
]


@pytest.mark.parametrize(("role", "status"), DETAIL_MATRIX)
def test_entry_detail_role_matrix(client, cast, entry, assigned_judge, role, status):
    visitor = _client_for(client, cast, role, {"unassigned_judge": judge_user()})

    response = visitor.get(reverse("awards:entry_detail", args=[entry.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("coordinator", 403),
        ("judge", 403),
        ("caseworker", 404),
        ("outsider", 404),
        ("password_only", 302),
    ],
)
def test_entry_update_role_matrix(client, cast, entry, assigned_judge, role, status):
    visitor = _client_for(client, cast, role)

    response = visitor.get(reverse("awards:entry_update", args=[entry.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("coordinator", 403),  # reads the nomination (its consultation's), does not write the NGO's entry
        ("judge", 404),
        ("caseworker", 404),
        ("outsider", 404),
        ("password_only", 302),
    ],
)
def test_nominee_entry_create_role_matrix(client, cast, nominee, role, status):
    visitor = _client_for(client, cast, role)

    response = visitor.get(reverse("awards:nominee_entry_create", args=[nominee.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("coordinator", 200),
        ("judge", 200),
        ("caseworker", 403),
        ("outsider", 403),
        ("password_only", 302),
    ],
)
def test_entry_list_role_matrix(client, cast, entry, role, status):
    visitor = _client_for(client, cast, role)

    response = visitor.get(reverse("awards:entry_list"))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status", "submitted"),
    [
        ("manager", 302, True),
        ("coordinator", 403, False),
        ("judge", 403, False),
        ("outsider", 404, False),
        ("password_only", 302, False),
    ],
)
def test_entry_submit_role_matrix(client, cast, entry, assigned_judge, role, status, submitted):
    visitor = _client_for(client, cast, role)

    response = visitor.post(reverse("awards:entry_submit", args=[entry.pk]))

    assert response.status_code == status
    assert (Entry.unscoped.get(pk=entry.pk).submitted_at is not None) == submitted


def test_nominee_entry_create_writes_the_entry_and_draws_its_figures(client, ngo, manager, nominee):
    ShelterFactory(organisation=ngo, capacity=9)
    client.force_login(manager)

    response = client.post(
        reverse("awards:nominee_entry_create", args=[nominee.pk]),
        {"title": "Open doors", "summary": "Day and night admissions."},
    )

    entry = Entry.unscoped.get(nominee=nominee)
    assert response.url == reverse("awards:entry_detail", args=[entry.pk])
    assert (entry.code, entry.title) == ("A-01", "Open doors")
    assert {row["key"]: row["value"] for row in entry.figures}["shelters.places"] == 9


def test_entry_update_keeps_the_input_when_a_field_is_empty(client, manager, entry):
    client.force_login(manager)

    response = client.post(
        reverse("awards:entry_update", args=[entry.pk]), {"title": "Renamed", "summary": ""}
    )

    assert response.status_code == 200
    assert 'value="Renamed"' in response.content.decode()
    assert Entry.unscoped.get(pk=entry.pk).title == "A safe place"


def test_entry_list_shows_own_entries_and_nominations_awaiting_one(
    client, ngo, other_ngo, manager, entry, nomination
):
    waiting = NomineeFactory(
        organisation=ngo,
        nomination=NominationFactory(
            organisation=nomination.organisation, competition=nomination.competition
        ),
        consultation=entry.nominee.consultation,
    )
    EntryFactory(organisation=other_ngo, title="Someone else's practice")
    client.force_login(manager)

    response = client.get(reverse("awards:entry_list"))

    page = response.content.decode()
    assert "A safe place" in page
    assert "Someone else&#x27;s practice" not in page
    assert reverse("awards:nominee_entry_create", args=[waiting.pk]) in page
    assert reverse("awards:nominee_entry_create", args=[entry.nominee.pk]) not in page


@pytest.mark.parametrize("count", [1, 3])
def test_entry_list_queries_do_not_grow_with_the_entries(
    client, ngo, other_ngo, manager, competition, count, django_assert_num_queries
):
    for _ in range(count):
        nomination = NominationFactory(organisation=competition.organisation, competition=competition)
        EntryFactory(organisation=ngo, competition=competition, nomination=nomination)
    EntryFactory(organisation=other_ngo)
    client.force_login(manager)

    with django_assert_num_queries(7):
        response = client.get(reverse("awards:entry_list"))

    assert len(response.context["rows"]) == count


def test_blind_judging_hides_the_organisation_partners_and_identifying_figures_from_a_judge(
    client, entry, assigned_judge, coordinator, manager
):
    type(entry.competition).unscoped.filter(pk=entry.competition_id).update(blind=True)
    pages = {}
    for user in (assigned_judge, coordinator, manager):
        client.force_login(user)
        pages[user.username] = client.get(reverse("awards:entry_detail", args=[entry.pk])).content.decode()

    judge_page = pages["judge"]
    assert entry.code in judge_page
    assert ("Women and Society" in judge_page, "Human Rights Centre" in judge_page) == (False, False)
    assert ("Places in the shelters" in judge_page, "Average occupancy" in judge_page) == (False, True)
    for who in ("coordinator", "manager"):
        assert ("Women and Society" in pages[who], "Places in the shelters" in pages[who]) == (True, True), (
            who
        )


def test_judge_list_of_a_blind_competition_names_no_organisation(client, entry, assigned_judge):
    type(entry.competition).unscoped.filter(pk=entry.competition_id).update(blind=True)
    client.force_login(assigned_judge)

    response = client.get(reverse("awards:entry_list"))

    assert [row["organisation"] for row in response.context["rows"]] == [None]
    assert "Women and Society" not in response.content.decode()


def test_entry_files_are_added_downloaded_by_an_assigned_judge_and_removed(
    client, manager, entry, assigned_judge, media
):
    client.force_login(manager)

    added = client.post(
        reverse("awards:entry_entryfile_add", args=[entry.pk]),
        {"title": "Slides", "file": SimpleUploadedFile("women-and-society.pdf", PDF)},
    )
    entry_file = EntryFile.unscoped.get(entry=entry)
    client.force_login(assigned_judge)
    download = client.get(reverse("awards:entryfile_download", args=[entry_file.pk]))
    refused = client.post(reverse("awards:entryfile_remove", args=[entry_file.pk]))
    client.force_login(manager)
    removed = client.post(reverse("awards:entryfile_remove", args=[entry_file.pk]))

    assert added.status_code == 302
    assert (download.status_code, download.content) == (200, PDF)
    assert download["Content-Disposition"] == f'attachment; filename="entry-file-{entry_file.pk}.pdf"'
    assert (refused.status_code, removed.status_code) == (403, 302)
    assert not EntryFile.unscoped.filter(entry=entry).exists()


def test_entry_file_of_another_type_is_refused_on_the_file_field(client, manager, entry, media):
    client.force_login(manager)

    response = client.post(
        reverse("awards:entry_entryfile_add", args=[entry.pk]),
        {"title": "Notes", "file": SimpleUploadedFile("notes.txt", b"plain text")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["Only PDF, JPEG, PNG and DOCX files are accepted."]}
    assert not EntryFile.unscoped.exists()


def test_entry_detail_shows_live_figures_with_their_period(client, manager, entry):
    client.force_login(manager)

    page = client.get(reverse("awards:entry_detail", args=[entry.pk])).content.decode()

    assert "Live figures, drawn at" in page
    assert "Places in the shelters" in page


def test_figures_refresh_draws_the_figures_again(client, ngo, manager, entry):
    ShelterFactory(organisation=ngo, capacity=6)
    client.force_login(manager)

    response = client.post(reverse("awards:entry_figures_refresh", args=[entry.pk]))

    values = {row["key"]: row["value"] for row in Entry.unscoped.get(pk=entry.pk).figures}
    assert (response.status_code, values["shelters.places"]) == (302, 20)
