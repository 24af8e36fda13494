"""/api/v1/awards/entries/: managers list, create and change their own until the deadline; judges read the
entries assigned to them with the blind rules applied; errors in the API's envelope."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from awards.models import Competition, Entry
from awards.services import entries as services
from awards.tests.factories import (
    AssignmentFactory,
    CompetitionFactory,
    EntryFactory,
    NominationFactory,
    NomineeFactory,
)
from shelters.tests.factories import ShelterFactory

LIST = "/api/v1/awards/entries/"


@pytest.fixture
def competition(iom_office):
    return CompetitionFactory(organisation=iom_office, published_at=timezone.now())


@pytest.fixture
def nominee(ngo, competition, iom_office):
    nomination = NominationFactory(organisation=iom_office, competition=competition)
    return NomineeFactory(organisation=ngo, nomination=nomination, consultation__organisation=iom_office)


@pytest.fixture
def entry(ngo, other_ngo, nominee, manager):
    ShelterFactory(organisation=ngo, capacity=14)
    return services.entry_create(
        nominee=nominee, by=manager, title="A safe place", summary="How we work.", partners=[other_ngo]
    )


def _keys(body) -> list[str]:
    return [figure["key"] for figure in body["figures"]]


def test_manager_creates_an_entry_with_its_figures(api, ngo, other_ngo, manager, nominee):
    ShelterFactory(organisation=ngo, capacity=7)
    api.force_authenticate(manager)

    response = api.post(
        LIST,
        {
            "nominee": nominee.pk,
            "title": "Open doors",
            "summary": "Day and night.",
            "partners": [other_ngo.pk],
        },
        format="json",
    )

    body = response.json()
    assert response.status_code == 201, body
    assert (body["code"], body["organisation"], body["partners"], body["blind"]) == (
        "A-01",
        ngo.pk,
        [other_ngo.pk],
        False,
    )
    places = next(figure for figure in body["figures"] if figure["key"] == "shelters.places")
    assert (places["label"], places["value"]) == ("Places in the shelters", 7)


def test_create_errors_come_in_the_envelope(api, manager, nominee, entry):
    api.force_authenticate(manager)

    twice = api.post(LIST, {"nominee": nominee.pk, "title": "Again", "summary": "S"}, format="json")
    empty = api.post(LIST, {"nominee": nominee.pk, "title": "", "summary": "S"}, format="json")

    assert (twice.status_code, twice.json()["field"], twice.json()["error"]) == (
        400,
        "nominee",
        "This nomination already has an entry.",
    )
    assert (empty.status_code, empty.json()["field"]) == (400, "title")


def test_update_is_refused_after_the_deadline_with_the_reason(api, manager, entry):
    api.force_authenticate(manager)
    changed = api.patch(f"{LIST}{entry.pk}/", {"title": "Renamed"}, format="json")
    Competition.unscoped.filter(pk=entry.competition_id).update(
        submission_deadline=timezone.now() - datetime.timedelta(minutes=5)
    )

    late = api.patch(f"{LIST}{entry.pk}/", {"title": "Too late"}, format="json")

    assert (changed.status_code, changed.json()["title"]) == (200, "Renamed")
    assert late.status_code == 400
    assert late.json()["error"].endswith(": the entry is frozen.")
    assert Entry.unscoped.get(pk=entry.pk).title == "Renamed"


def test_judge_reads_an_assigned_entry_blind_and_frozen_after_the_deadline(api, entry, judge, iom_office):
    AssignmentFactory(organisation=iom_office, competition=entry.competition, entry=entry, judge=judge)
    Competition.unscoped.filter(pk=entry.competition_id).update(
        blind=True, submission_deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    api.force_authenticate(judge)

    listed = api.get(LIST)
    shown = api.get(f"{LIST}{entry.pk}/")
    changed = api.patch(f"{LIST}{entry.pk}/", {"title": "Judged"}, format="json")

    body = shown.json()
    assert [row["id"] for row in listed.json()["results"]] == [entry.pk]
    assert (body["code"], body["organisation"], body["partners"], body["blind"]) == (
        entry.code,
        None,
        None,
        True,
    )
    assert "shelters.places" not in _keys(body)
    assert "shelters.occupancy_percent" in _keys(body)
    assert body["figures_frozen_at"] is not None
    assert changed.status_code == 403


@pytest.mark.parametrize(
    ("role", "answers"),
    [
        ("manager", (200, 200, 200)),
        ("coordinator", (200, 200, 403)),  # the organiser reads every entry, changes none
        ("judge", (200, 404, 404)),  # not assigned
        ("other_manager", (200, 404, 404)),  # another NGO's manager: not in scope
        ("outsider", (403, 403, 403)),  # no awards role at all
        ("password_only", (403, 403, 403)),
    ],
)
def test_entry_api_role_matrix(api, cast, entry, other_ngo, role, answers):
    theirs = EntryFactory(organisation=other_ngo)
    if role == "password_only":
        api = APIClient()
        api.force_login(cast["manager"])
    elif role == "other_manager":
        api.force_authenticate(user_with_role(Role.MANAGER, other_ngo))
    else:
        api.force_authenticate(cast[role])

    listed = api.get(LIST)
    shown = api.get(f"{LIST}{entry.pk}/")
    changed = api.patch(f"{LIST}{entry.pk}/", {"summary": "Changed."}, format="json")

    assert (listed.status_code, shown.status_code, changed.status_code) == answers
    if listed.status_code == 200:
        expected = {"manager": [entry.pk], "coordinator": [entry.pk], "other_manager": [theirs.pk]}.get(
            role, []
        )
        assert [row["id"] for row in listed.json()["results"]] == expected
    assert Entry.unscoped.get(pk=entry.pk).summary == ("Changed." if role == "manager" else "How we work.")
