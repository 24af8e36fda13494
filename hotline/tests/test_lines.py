"""Hotline lines: a manager sets up the organisation's lines and who answers them; operators read their own
lines; nobody reaches another organisation's line."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from hotline import services
from hotline.models import Line
from hotline.tests.factories import ContactFactory, LineFactory

API = "/api/v1/hotline/lines/"


@pytest.fixture
def line(ngo, hotline_operator):
    return LineFactory(organisation=ngo, name="Khujand hotline", operators=[hotline_operator])


@pytest.fixture
def other_manager(other_ngo):
    return user_with_role(Role.MANAGER, other_ngo, username="other_manager")


# Services ---------------------------------------------------------------------------------------------


def test_line_create_sets_up_an_active_line_with_its_operators_and_an_audit_entry(
    ngo, manager, hotline_operator
):
    line = services.line_create(
        organisation=ngo,
        by=manager,
        name=" Dushanbe hotline ",
        public_number="+992 00 000 00 01",
        languages=["tg", "ru", "tg"],
        operators=[hotline_operator, manager],
    )

    assert (line.organisation, line.name, line.languages, line.is_active) == (
        ngo,
        "Dushanbe hotline",
        ["tg", "ru"],
        True,
    )
    assert set(line.operators.all()) == {hotline_operator, manager}
    assert AuditEntry.objects.visible_to(manager).filter(action="hotline.line_created").count() == 1


def test_line_update_changes_the_operators_and_the_languages(line, manager, hotline_operator):
    services.line_update(line=line, by=manager, operators=[manager], languages=["uz"], name="Sughd line")

    line.refresh_from_db()
    assert (line.name, line.languages, list(line.operators.all())) == ("Sughd line", ["uz"], [manager])
    assert AuditEntry.objects.visible_to(manager).filter(action="hotline.line_updated").count() == 1


def test_line_deactivated_keeps_its_contacts_and_takes_no_new_calls(line, manager, hotline_operator):
    ContactFactory(organisation=line.organisation, line=line, operator=hotline_operator)

    services.line_update(line=line, by=manager, is_active=False)

    # unscoped: the contacts of the one line, all organisations', prove nothing was deleted.
    assert Line.unscoped.get(pk=line.pk).is_active is False
    assert line.contacts.count() == 1
    from hotline import selectors

    assert line not in selectors.lines_operated(user=hotline_operator)


def test_line_refuses_an_operator_of_another_organisation_on_the_field(ngo, manager, outsider):
    with pytest.raises(ValidationError) as refused:
        services.line_create(organisation=ngo, by=manager, name="Khatlon", operators=[outsider])

    assert list(refused.value.message_dict) == ["operators"]
    assert "of your organisation" in refused.value.message_dict["operators"][0]
    assert not Line.objects.visible_to(manager).exists()


def test_line_refuses_a_caseworker_of_the_same_organisation_as_operator(line, manager, caseworker):
    with pytest.raises(ValidationError) as refused:
        services.line_update(line=line, by=manager, operators=[caseworker])

    assert list(refused.value.message_dict) == ["operators"]


def test_line_refuses_a_name_the_organisation_already_uses(line, manager, other_ngo, other_manager):
    with pytest.raises(ValidationError) as refused:
        services.line_create(organisation=line.organisation, by=manager, name="khujand HOTLINE")
    services.line_create(organisation=other_ngo, by=other_manager, name="Khujand hotline")  # another NGO's

    assert list(refused.value.message_dict) == ["name"]


@pytest.mark.parametrize(("values", "field"), [({"name": ""}, "name"), ({"languages": ["xx"]}, "languages")])
def test_line_refuses_a_missing_name_or_an_unknown_language(line, manager, values, field):
    with pytest.raises(ValidationError) as refused:
        services.line_update(line=line, by=manager, **values)

    assert list(refused.value.message_dict) == [field]


@pytest.mark.parametrize("role", ["hotline_operator", "caseworker", "outsider"])
def test_line_services_refuse_who_does_not_manage_the_organisations_lines(request, line, role):
    user = request.getfixturevalue(role)

    with pytest.raises(PermissionDenied):
        services.line_create(organisation=line.organisation, by=user, name="Another")
    with pytest.raises(PermissionDenied):
        services.line_update(line=line, by=user, is_active=False)


# Pages ------------------------------------------------------------------------------------------------


PAGES = ["hotline:line_list", "hotline:line_create", "hotline:line_update"]


def _url(name, line):
    return reverse(name, args=[line.pk]) if name == "hotline:line_update" else reverse(name)


@pytest.mark.parametrize(
    ("role", "statuses"),
    [
        ("manager", (200, 200, 200)),
        ("hotline_operator", (403, 403, 403)),
        # Without hotline.view_line the line itself is out of sight: not found before any role is asked.
        ("caseworker", (403, 403, 404)),
        ("shelter_staff", (403, 403, 404)),
        ("outsider", (403, 403, 404)),
        ("password_only", (302, 302, 302)),
        ("anonymous", (302, 302, 302)),
    ],
)
def test_line_page_role_matrix(client, request, line, manager, role, statuses):
    if role == "password_only":
        client = Client()
        Client.force_login(client, manager)  # the plain login, without the second factor
    elif role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    responses = [client.get(_url(name, line)) for name in PAGES]

    assert tuple(response.status_code for response in responses) == statuses
    if role == "password_only":
        second_factor = reverse("accounts:two_factor")
        assert all(response["Location"].startswith(f"{second_factor}?next=") for response in responses)


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("other_manager", 404)])
def test_line_edit_of_another_organisations_line_is_not_found(client, request, line, role, status):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("hotline:line_update", args=[line.pk])).status_code == status
    assert client.post(reverse("hotline:line_update", args=[line.pk]), {"name": "x"}).status_code == status


def test_line_list_is_linked_from_the_contact_list_for_managers_only(client, manager, hotline_operator):
    url = reverse("hotline:line_list").encode()
    client.force_login(manager)
    assert url in client.get(reverse("hotline:contact_list")).content
    client.force_login(hotline_operator)
    assert url not in client.get(reverse("hotline:contact_list")).content


@pytest.mark.parametrize("rows", [1, 3])
def test_line_list_shows_the_organisations_lines_in_the_same_queries(
    client, ngo, other_ngo, manager, hotline_operator, django_assert_num_queries, rows
):
    LineFactory(organisation=other_ngo, name="Foreign line")
    lines = [LineFactory(organisation=ngo, operators=[hotline_operator, manager]) for _ in range(rows)]
    lines[0].is_active = False
    lines[0].save()
    client.force_login(manager)

    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("hotline:line_list"))

    assert [line.pk for line in response.context["lines"]] == [line.pk for line in lines]
    assert [line.operators_count for line in response.context["lines"]] == [2] * rows
    assert b"Foreign line" not in response.content
    assert b"inactive" in response.content


QUERIES = 6  # the same for 1 and 3 lines: the count is annotated, not read per line


def test_line_create_page_saves_a_line_and_redirects_to_the_list(client, ngo, manager, hotline_operator):
    client.force_login(manager)

    response = client.post(
        reverse("hotline:line_create"),
        {"name": "Khatlon line", "languages": ["ru", "tg"], "operators": [hotline_operator.pk]},
    )

    assert response.status_code == 302
    line = Line.objects.visible_to(manager).get()
    assert (line.name, line.languages, list(line.operators.all())) == (
        "Khatlon line",
        ["ru", "tg"],
        [hotline_operator],
    )


def test_line_form_offers_only_the_organisations_operators_and_managers(
    client, manager, hotline_operator, caseworker, outsider
):
    client.force_login(manager)

    offered = set(client.get(reverse("hotline:line_create")).context["form"].fields["operators"].queryset)

    assert offered == {manager, hotline_operator}


def test_line_form_keeps_the_input_on_a_duplicate_name(client, line, manager, hotline_operator):
    client.force_login(manager)

    response = client.post(
        reverse("hotline:line_create"),
        {"name": line.name, "public_number": "+992 00 000 00 09", "operators": [hotline_operator.pk]},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["name"]
    assert b"+992 00 000 00 09" in response.content
    assert Line.objects.visible_to(manager).count() == 1


def test_line_edit_page_deactivates_the_line(client, line, manager, hotline_operator):
    client.force_login(manager)

    response = client.post(
        reverse("hotline:line_update", args=[line.pk]),
        {"name": line.name, "languages": ["ru"], "operators": [hotline_operator.pk]},
    )

    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.is_active, line.languages) == (False, ["ru"])


# API --------------------------------------------------------------------------------------------------


def test_line_api_shows_operators_their_own_lines_and_managers_every_line(
    api, ngo, other_ngo, line, manager, hotline_operator
):
    other_line = LineFactory(organisation=ngo, name="Not answered by the operator")
    LineFactory(organisation=other_ngo)

    api.force_authenticate(hotline_operator)
    operator_sees = [row["id"] for row in api.get(API).json()["results"]]
    refused = api.get(f"{API}{other_line.pk}/").status_code
    api.force_authenticate(manager)
    manager_sees = [row["id"] for row in api.get(API).json()["results"]]

    assert (operator_sees, refused) == ([line.pk], 404)
    assert sorted(manager_sees) == sorted([line.pk, other_line.pk])


def test_line_api_manager_creates_and_updates_a_line(api, ngo, manager, hotline_operator):
    api.force_authenticate(manager)

    created = api.post(
        API, {"name": "Sughd", "languages": ["tg"], "operators": [hotline_operator.pk]}, format="json"
    )
    changed = api.patch(f"{API}{created.json()['id']}/", {"is_active": False}, format="json")

    assert created.status_code == 201
    assert (created.json()["operators"], created.json()["operators_count"]) == ([hotline_operator.pk], 1)
    assert (changed.status_code, changed.json()["is_active"]) == (200, False)


def test_line_api_refuses_a_foreign_operator_in_the_envelope(api, line, manager, outsider):
    api.force_authenticate(manager)

    response = api.patch(f"{API}{line.pk}/", {"operators": [outsider.pk]}, format="json")

    assert (response.status_code, response.json()["field"]) == (400, "operators")
    assert list(response.json()["errors"]) == ["operators"]


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("manager", 200, 200),
        ("hotline_operator", 200, 403),
        ("caseworker", 403, 403),
        ("outsider", 403, 403),
        ("other_manager", 404, 404),  # reads lines, but not another organisation's
    ],
)
def test_line_api_role_matrix(api, request, line, role, read, write):
    api.force_authenticate(request.getfixturevalue(role))

    statuses = (
        api.get(f"{API}{line.pk}/").status_code,
        api.patch(f"{API}{line.pk}/", {"languages": ["ru"]}, format="json").status_code,
    )

    assert statuses == (read, write)
