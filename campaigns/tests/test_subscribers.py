"""SMS subscriber lists: a manager sets up a list and adds or removes numbers; pages and the API show
numbers masked, and a full number only through the access log; nobody reaches another organisation's."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AccessLogEntry, AuditEntry
from campaigns.models import Subscriber, SubscriberList
from campaigns.services import subscribers as services
from campaigns.tests.factories import SubscriberFactory, SubscriberListFactory

NUMBER = "+992900000701"
MASKED = "+992 ••• •• 01"


@pytest.fixture
def subscriber_list(ngo):
    return SubscriberListFactory(organisation=ngo, name="Khujand youth", language="tg")


@pytest.fixture
def subscriber(ngo, subscriber_list):
    return SubscriberFactory(organisation=ngo, subscriber_list=subscriber_list, number=NUMBER)


@pytest.fixture
def other_manager(other_ngo):
    return user_with_role(Role.MANAGER, other_ngo, username="other_manager")


def _client_for(client, request, role, manager):
    if role == "password_only":
        client = Client()
        Client.force_login(client, manager)  # the plain login, without the second factor
    elif role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


# Services ---------------------------------------------------------------------------------------------


def test_subscriber_list_create_keeps_consent_source_and_language_with_an_audit_entry(ngo, manager):
    subscriber_list = services.subscriber_list_create(
        organisation=ngo, by=manager, name=" Job fair ", consent_source="Paper form", language="uz"
    )

    assert (subscriber_list.name, subscriber_list.consent_source, subscriber_list.language) == (
        "Job fair",
        "Paper form",
        "uz",
    )
    assert list(AuditEntry.objects.visible_to(manager).values_list("action", flat=True)) == [
        "campaigns.subscriber_list_created"
    ]


@pytest.mark.parametrize(("values", "field"), [({"name": " "}, "name"), ({"language": "xx"}, "language")])
def test_subscriber_list_update_refuses_a_missing_name_or_unknown_language(
    subscriber_list, manager, values, field
):
    with pytest.raises(ValidationError) as refused:
        services.subscriber_list_update(subscriber_list=subscriber_list, by=manager, **values)

    assert list(refused.value.message_dict) == [field]


def test_subscriber_add_stores_the_number_encrypted_in_e164_with_the_lists_language(subscriber_list, manager):
    subscriber = services.subscriber_add(subscriber_list=subscriber_list, by=manager, number="90 000 0701")

    assert (subscriber.number, subscriber.country, subscriber.time_zone, subscriber.language) == (
        NUMBER,
        "TJ",
        "Asia/Dushanbe",
        "tg",
    )
    # unscoped: the raw stored value, to show it is not the number.
    stored = Subscriber.unscoped.filter(pk=subscriber.pk).values_list("number", flat=True).get()
    assert "0701" not in str(stored)
    entry = AuditEntry.objects.visible_to(manager).get(action="campaigns.subscriber_added")
    assert "0701" not in str(entry.details)


@pytest.mark.parametrize(("number", "message"), [("12", "not a valid"), (NUMBER, "already on the list")])
def test_subscriber_add_refuses_an_invalid_or_repeated_number_without_repeating_it(
    subscriber, subscriber_list, manager, number, message
):
    with pytest.raises(ValidationError) as refused:
        services.subscriber_add(subscriber_list=subscriber_list, by=manager, number=number)

    assert list(refused.value.message_dict) == ["number"]
    assert message in refused.value.message_dict["number"][0]
    assert number not in refused.value.message_dict["number"][0]


def test_subscriber_remove_clears_the_number_from_the_row_and_its_history(subscriber, manager):
    services.subscriber_remove(subscriber=subscriber, by=manager)

    # unscoped: the row and its history, to show nothing personal stays.
    assert Subscriber.unscoped.get(pk=subscriber.pk).number == ""
    history = list(Subscriber.history.model.unscoped.filter(id=subscriber.pk))
    assert len(history) == 2
    assert [row.number for row in history] == ["", ""]
    assert AuditEntry.objects.visible_to(manager).filter(action="campaigns.subscriber_removed").count() == 1


def test_subscriber_removed_can_be_added_again(subscriber, subscriber_list, manager):
    services.subscriber_remove(subscriber=subscriber, by=manager)

    again = services.subscriber_add(subscriber_list=subscriber_list, by=manager, number=NUMBER)

    assert (again.pk, again.number) == (subscriber.pk, NUMBER)


@pytest.mark.parametrize("role", ["caseworker", "hotline_operator", "outsider"])
def test_subscriber_services_refuse_who_does_not_manage_subscribers(
    request, ngo, subscriber, subscriber_list, role
):
    user = request.getfixturevalue(role)

    with pytest.raises(PermissionDenied):
        services.subscriber_list_create(organisation=ngo, by=user, name="x", consent_source="y")
    with pytest.raises(PermissionDenied):
        services.subscriber_add(subscriber_list=subscriber_list, by=user, number="+992900000799")
    with pytest.raises(PermissionDenied):
        services.subscriber_remove(subscriber=subscriber, by=user)


# Pages ------------------------------------------------------------------------------------------------


def _urls(subscriber_list, subscriber):
    return [
        reverse("campaigns:subscriberlist_list"),
        reverse("campaigns:subscriberlist_create"),
        reverse("campaigns:subscriberlist_detail", args=[subscriber_list.pk]),
        reverse("campaigns:subscriberlist_update", args=[subscriber_list.pk]),
        reverse("campaigns:subscriber_create", args=[subscriber_list.pk]),
        reverse("campaigns:subscriber_number", args=[subscriber.pk]),
    ]


@pytest.mark.parametrize(
    ("role", "statuses"),
    [
        ("manager", (200, 200, 200, 200, 200, 200)),
        # Without campaigns.view_subscriberlist the lists are out of sight: not found before any role.
        ("caseworker", (403, 403, 404, 404, 404, 404)),
        ("hotline_operator", (403, 403, 404, 404, 404, 404)),
        ("shelter_staff", (403, 403, 404, 404, 404, 404)),
        ("outsider", (403, 403, 404, 404, 404, 404)),
        ("other_manager", (200, 200, 404, 404, 404, 404)),
        ("password_only", (302, 302, 302, 302, 302, 302)),
        ("anonymous", (302, 302, 302, 302, 302, 302)),
    ],
)
def test_subscriber_pages_role_matrix(client, request, subscriber_list, subscriber, manager, role, statuses):
    client = _client_for(client, request, role, manager)

    responses = [client.get(url) for url in _urls(subscriber_list, subscriber)]

    assert tuple(response.status_code for response in responses) == statuses
    assert all(NUMBER.encode() not in r.content for r in responses[:5])
    if role == "password_only":
        second_factor = reverse("accounts:two_factor")
        assert all(response["Location"].startswith(f"{second_factor}?next=") for response in responses)
    if role != "manager":
        # unscoped: nobody but the manager read the number.
        assert not AccessLogEntry.unscoped.exists()


def test_subscriber_list_page_masks_numbers_and_marks_opted_out_ones(
    client, ngo, subscriber_list, subscriber, manager
):
    from campaigns.tests.factories import OptOutFactory

    OptOutFactory(organisation=ngo, number=NUMBER)
    client.force_login(manager)

    response = client.get(reverse("campaigns:subscriberlist_detail", args=[subscriber_list.pk]))

    page = response.content.decode()
    assert MASKED in page
    assert NUMBER not in page
    assert "opted out: receives nothing" in page
    # unscoped: a masked list is no read of personal data.
    assert not AccessLogEntry.unscoped.exists()


def test_subscriber_number_page_shows_the_number_and_writes_the_access_log(client, subscriber, manager):
    client.force_login(manager)

    response = client.get(reverse("campaigns:subscriber_number", args=[subscriber.pk]))

    assert NUMBER in response.content.decode()
    entry = AccessLogEntry.objects.visible_to(manager).get()
    assert (entry.actor, entry.object_id, entry.purpose, entry.object_label) == (
        manager,
        str(subscriber.pk),
        "campaigns.subscriber_number",
        f"sms-subscriber-{subscriber.pk}",
    )


def test_subscriber_pages_create_a_list_and_add_a_number(client, ngo, manager):
    client.force_login(manager)

    created = client.post(
        reverse("campaigns:subscriberlist_create"),
        {"name": "Returnees", "consent_source": "Reintegration programme", "language": "ru"},
    )
    subscriber_list = SubscriberList.objects.visible_to(manager).get()
    added = client.post(reverse("campaigns:subscriber_create", args=[subscriber_list.pk]), {"number": NUMBER})

    assert created["Location"] == reverse("campaigns:subscriberlist_detail", args=[subscriber_list.pk])
    assert added.status_code == 302
    assert [s.number for s in Subscriber.objects.visible_to(manager)] == [NUMBER]


def test_subscriber_add_page_keeps_an_invalid_number_and_names_the_field(client, subscriber_list, manager):
    client.force_login(manager)

    response = client.post(
        reverse("campaigns:subscriber_create", args=[subscriber_list.pk]), {"number": "12"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["number"]
    assert response.context["form"]["number"].value() == "12"


def test_subscriber_remove_page_is_post_only_and_clears_the_number(client, subscriber, manager):
    client.force_login(manager)
    url = reverse("campaigns:subscriber_remove", args=[subscriber.pk])

    assert client.get(url).status_code == 405
    response = client.post(url)

    assert response.status_code == 302
    # unscoped: the row stays, without its number.
    assert Subscriber.unscoped.get(pk=subscriber.pk).number == ""


@pytest.mark.parametrize(("role", "status"), [("caseworker", 404), ("outsider", 404), ("other_manager", 404)])
def test_subscriber_remove_by_another_role_or_organisation_changes_nothing(
    client, request, subscriber, role, status
):
    client.force_login(request.getfixturevalue(role))

    response = client.post(reverse("campaigns:subscriber_remove", args=[subscriber.pk]))

    assert response.status_code == status
    # unscoped: unchanged.
    assert Subscriber.unscoped.get(pk=subscriber.pk).number == NUMBER


@pytest.mark.parametrize("rows", [1, 3])
def test_subscriber_list_pages_queries_do_not_grow_with_rows(
    client, django_assert_num_queries, ngo, other_ngo, manager, rows
):
    subscriber_list = SubscriberListFactory(organisation=ngo)
    for _ in range(rows):
        SubscriberFactory(organisation=ngo, subscriber_list=subscriber_list)
        SubscriberListFactory(organisation=ngo)
    SubscriberListFactory(organisation=other_ngo, name="Foreign list")
    client.force_login(manager)
    client.get(reverse("campaigns:subscriberlist_list"))  # warm the session

    with django_assert_num_queries(QUERIES_LISTS):
        lists = client.get(reverse("campaigns:subscriberlist_list"))
    with django_assert_num_queries(QUERIES_LIST_DETAIL):
        detail = client.get(reverse("campaigns:subscriberlist_detail", args=[subscriber_list.pk]))

    assert len(lists.context["lists"]) == rows + 1
    assert "Foreign list" not in lists.content.decode()
    assert len(detail.context["page"]) == rows


QUERIES_LISTS = 6
QUERIES_LIST_DETAIL = 8


# API --------------------------------------------------------------------------------------------------


LISTS = "/api/v1/campaigns/subscriber-lists/"
SUBSCRIBERS = "/api/v1/campaigns/subscribers/"


@pytest.mark.parametrize(
    ("role", "statuses"),
    [
        ("manager", (200, 200, 201, 200, 200, 201)),
        ("caseworker", (403, 403, 403, 403, 403, 403)),
        ("hotline_operator", (403, 403, 403, 403, 403, 403)),
        ("outsider", (403, 403, 403, 403, 403, 403)),
        ("other_manager", (200, 404, 201, 404, 400, 400)),
    ],
)
def test_subscriber_api_role_matrix(api, request, subscriber_list, subscriber, role, statuses):
    api.force_authenticate(request.getfixturevalue(role))

    responses = [
        api.get(LISTS),
        api.get(f"{LISTS}{subscriber_list.pk}/"),
        api.post(LISTS, {"name": "New", "consent_source": "Form", "language": "ru"}, format="json"),
        api.patch(f"{LISTS}{subscriber_list.pk}/", {"name": "Renamed"}, format="json"),
        api.get(SUBSCRIBERS, {"subscriber_list": subscriber_list.pk}),
        api.post(
            SUBSCRIBERS, {"subscriber_list": subscriber_list.pk, "number": "+992900000702"}, format="json"
        ),
    ]

    assert tuple(response.status_code for response in responses) == statuses
    assert all(NUMBER not in response.content.decode() for response in responses)
    # unscoped: the list's name changed only for its own manager.
    assert (SubscriberList.unscoped.get(pk=subscriber_list.pk).name == "Renamed") is (role == "manager")


def test_subscriber_api_lists_numbers_masked(api, subscriber_list, subscriber, manager):
    api.force_authenticate(manager)

    response = api.get(SUBSCRIBERS, {"subscriber_list": subscriber_list.pk})

    assert [(row["number"], row["opted_out"]) for row in response.json()["results"]] == [(MASKED, False)]


def test_subscriber_api_refuses_an_invalid_number_in_the_envelope(api, subscriber_list, manager):
    api.force_authenticate(manager)

    response = api.post(SUBSCRIBERS, {"subscriber_list": subscriber_list.pk, "number": "12"}, format="json")

    assert (response.status_code, response.json()["field"]) == (400, "number")


def test_subscriber_api_password_only_is_refused(subscriber_list, manager):
    from rest_framework.test import APIClient

    session = APIClient()
    session.force_login(manager)  # password only

    response = session.post(LISTS, {"name": "x"}, format="json")

    assert (response.status_code, response.json()["error"]) == (403, "Second factor required.")
    assert SubscriberList.objects.visible_to(manager).count() == 1
