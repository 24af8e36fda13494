"""/api/v1/hotline/contacts/: operators log calls, open and link cases; errors in the one envelope."""

import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases.tests.factories import VictimFactory
from hotline.callers import caller_hash
from hotline.models import Contact
from hotline.tests.factories import ContactFactory, LineFactory

LIST = "/api/v1/hotline/contacts/"
NUMBER = "+992 00 246 80 24"  # a made-up number


@pytest.fixture
def line(ngo, hotline_operator):
    return LineFactory(organisation=ngo, operators=[hotline_operator])


@pytest.fixture
def contact(line, hotline_operator):
    return ContactFactory(organisation=line.organisation, line=line, operator=hotline_operator, is_draft=True)


@pytest.fixture
def their_operator(other_ngo):
    return user_with_role(Role.HOTLINE_OPERATOR, other_ngo, username="their-operator")


def _contacts():
    # unscoped: the test reads back every organisation's rows.
    return list(Contact.unscoped.order_by("pk"))


def _operations(contact, line):
    detail = f"{LIST}{contact.pk}/"
    return {
        "list": ("get", LIST, None, 200),
        "retrieve": ("get", detail, None, 200),
        "create": ("post", LIST, {"line": line.pk, "topics": ["safe_migration"]}, 201),
        "partial_update": ("patch", detail, {"notes": "Synthetic."}, 200),
        "open_case": ("post", f"{detail}open-case/", {}, 201),
        "link_case": ("post", f"{detail}link-case/", {"case": 0}, 400),
    }


OPERATIONS = ["list", "retrieve", "create", "partial_update", "open_case", "link_case"]


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize(
    "role",
    ["hotline_operator", "manager", "caseworker", "shelter_staff", "coordinator", "judge", "their_operator"],
)
def test_contact_api_role_matrix(api, cast, their_operator, contact, line, role, operation):
    method, url, data, allowed = _operations(contact, line)[operation]
    api.force_authenticate(their_operator if role == "their_operator" else cast[role])

    response = getattr(api, method)(url, data, format="json")

    if role == "manager" and operation == "open_case":
        # A manager may not open a case for a person without a name (only the hotline's role may).
        expected = 400
    elif role in ("hotline_operator", "manager"):
        expected = allowed
    elif role == "their_operator":
        # Another organisation's contact is not found; the list and a create on our line are theirs to ask.
        expected = {"list": 200, "create": 400}.get(operation, 404)
    else:
        expected = 403
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("operation", OPERATIONS)
def test_contact_api_password_only_is_refused_and_changes_nothing(hotline_operator, contact, line, operation):
    method, url, data, _allowed = _operations(contact, line)[operation]
    session = APIClient()
    session.force_login(hotline_operator)  # password only
    before = [(c.pk, c.notes, c.case_id) for c in _contacts()]

    response = getattr(session, method)(url, data, format="json")

    assert (response.status_code, response.json()) == (
        403,
        {"error": "Second factor required.", "field": None},
    )
    assert [(c.pk, c.notes, c.case_id) for c in _contacts()] == before


def test_contact_api_list_shows_no_notes_nor_number(api, contact, hotline_operator, other_ngo):
    ContactFactory(organisation=other_ngo)
    api.force_authenticate(hotline_operator)

    rows = api.get(LIST).json()["results"]

    assert [row["id"] for row in rows] == [contact.pk]
    assert "notes" not in rows[0] and "caller_number" not in rows[0]


def test_contact_api_create_logs_a_completed_call(api, line, hotline_operator):
    api.force_authenticate(hotline_operator)

    response = api.post(
        LIST,
        {
            "line": line.pk,
            "channel": "messenger",
            "caller_type": "migrant_abroad",
            "caller_country": "RU",
            "topics": ["exploitation_report"],
            "outcome": "police_urgent",
            "caller_number": NUMBER,
            "complete": True,
        },
        format="json",
    )

    saved = _contacts()[0]
    assert response.status_code == 201
    assert (saved.is_draft, saved.channel, saved.caller_hash, saved.caller_number) == (
        False,
        "messenger",
        caller_hash(NUMBER),
        "",
    )
    assert response.json()["caller_number"] == ""


def test_contact_api_errors_come_in_the_envelope_and_save_nothing(api, line, hotline_operator):
    api.force_authenticate(hotline_operator)

    response = api.post(
        LIST,
        {"line": line.pk, "duration_seconds": -10, "caller_country": "TJ", "caller_region": "TJ-XX"},
        format="json",
    )

    body = response.json()
    assert response.status_code == 400
    assert body["errors"] == {
        "duration_seconds": ["The duration cannot be below zero."],
        "caller_region": ["Unknown region."],
    }
    assert (body["error"], body["field"]) in {
        ("The duration cannot be below zero.", "duration_seconds"),
        ("Unknown region.", "caller_region"),
    }
    assert _contacts() == []


def test_contact_api_complete_names_what_is_missing(api, contact, hotline_operator):
    api.force_authenticate(hotline_operator)

    response = api.patch(f"{LIST}{contact.pk}/", {"complete": True, "topics": []}, format="json")

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["topics"]


def test_contact_api_open_case_links_the_new_case(api, contact, hotline_operator):
    api.force_authenticate(hotline_operator)

    response = api.post(f"{LIST}{contact.pk}/open-case/", format="json")

    body = response.json()
    assert response.status_code == 201
    assert (body["contact"]["case"], body["contact"]["outcome"]) == (body["case"], "case_opened")


def test_contact_api_link_case(api, contact, manager, ngo, other_ngo):
    case = VictimFactory(organisation=ngo).case
    theirs = VictimFactory(organisation=other_ngo).case
    api.force_authenticate(manager)

    refused = api.post(f"{LIST}{contact.pk}/link-case/", {"case": theirs.pk}, format="json")
    linked = api.post(f"{LIST}{contact.pk}/link-case/", {"case": case.pk}, format="json")

    assert (refused.status_code, refused.json()["field"]) == (400, "case")
    assert (linked.status_code, linked.json()["case_code"]) == (200, case.code)
