"""Opt-out: a stop word in any of the region's languages (webhook or SMPP hook), the one-click link, or
staff; an opted-out number receives nothing again from any list of its organisation, and only of it."""

import json
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from campaigns.models import OptOut
from campaigns.numbers import number_hash
from campaigns.selectors import subscribers as selectors
from campaigns.services import opt_outs
from campaigns.tests.factories import GatewayFactory, OptOutFactory, SubscriberFactory, SubscriberListFactory
from campaigns.webhooks import SIGNATURE_HEADER, signature_of

NUMBER = "+992900000101"


@pytest.fixture
def other_manager(other_ngo):
    return user_with_role(Role.MANAGER, other_ngo, username="other_manager")


@pytest.fixture
def gateway(ngo):
    return GatewayFactory(organisation=ngo)


def _post(client, gateway, payload, *, secret=None, json_body=True, webhook_id=None):
    url = reverse("campaigns:inbound_webhook", args=[webhook_id or gateway.webhook_id])
    if json_body:
        body, content_type = json.dumps(payload).encode(), "application/json"
    else:
        from urllib.parse import urlencode

        body, content_type = urlencode(payload).encode(), "application/x-www-form-urlencoded"
    headers = {}
    if secret is not False:
        headers[SIGNATURE_HEADER] = signature_of(body, secret or gateway.webhook_secret)
    return Client().post(url, body, content_type=content_type, headers=headers)


def _opted_out(organisation, number=NUMBER) -> bool:
    # unscoped: the test looks at the one organisation's rows.
    return OptOut.unscoped.filter(organisation=organisation, number_hash=number_hash(number)).exists()


# stop_keyword -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("STOP", "STOP"),
        ("stop", "STOP"),
        ("  Stop!  ", "STOP"),
        ("stop please", "STOP"),
        ("Unsubscribe.", "UNSUBSCRIBE"),
        ("opt out", "OPTOUT"),
        ("СТОП", "СТОП"),
        ("стоп", "СТОП"),
        ("Стоп, пожалуйста", "СТОП"),
        ("отписаться", "ОТПИСАТЬСЯ"),
        ("TOʻXTA", "TOʻXTA"),
        ("to'xta", "TOʻXTA"),
        ("toxta", "TOʻXTA"),
        ("Тўхта", "ТЎХТА"),
        ("тухта", "ТЎХТА"),
        ("тоқта", "ТОҚТА"),
        ("ТОКТО", "ТОКТО"),
        ("ист", "ИСТ"),
        ("Бас!", "БАС"),
        ("dur", "DUR"),
    ],
)
def test_stop_keyword_recognises_the_regions_stop_words(text, keyword):
    assert opt_outs.stop_keyword(text) == keyword


@pytest.mark.parametrize(
    "text", ["", "   ", "Hello", "Where is the hotline?", "please stop", "стопка", "!!!"]
)
def test_stop_keyword_ignores_other_messages(text):
    assert opt_outs.stop_keyword(text) is None


# The webhook ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keyword"), [("СТОП", "СТОП"), ("Stop", "STOP"), ("Тўхта", "ТЎХТА"), ("ТОҚТА", "ТОҚТА")]
)
def test_inbound_webhook_opts_the_number_out_in_russian_english_and_regional_languages(
    db, gateway, text, keyword
):
    response = _post(Client(), gateway, {"from": NUMBER, "text": text})

    assert (response.status_code, response.json()) == (200, {"opted_out": True})
    # unscoped: the one opt-out the webhook recorded.
    opt_out = OptOut.unscoped.get()
    assert (opt_out.organisation, opt_out.via, opt_out.keyword) == (gateway.organisation, "keyword", keyword)
    assert opt_out.number_hash == number_hash(NUMBER)


def test_inbound_webhook_accepts_form_encoded_replies_and_numbers_without_the_plus(db, gateway):
    response = _post(Client(), gateway, {"from": "992900000101", "text": "stop"}, json_body=False)

    assert response.json() == {"opted_out": True}
    assert _opted_out(gateway.organisation)


def test_inbound_webhook_answers_false_to_other_texts_and_stores_nothing(db, gateway):
    response = _post(Client(), gateway, {"from": NUMBER, "text": "Where is the hotline office?"})

    assert (response.status_code, response.json()) == (200, {"opted_out": False})
    # unscoped: nothing of any organisation.
    assert not OptOut.unscoped.exists()
    assert not AuditEntry.unscoped.filter(action="campaigns.opt_out_recorded").exists()


def test_inbound_webhook_twice_records_one_opt_out(db, gateway):
    _post(Client(), gateway, {"from": NUMBER, "text": "STOP"})
    response = _post(Client(), gateway, {"from": NUMBER, "text": "СТОП"})

    assert response.json() == {"opted_out": True}
    # unscoped: the organisation's opt-outs.
    assert list(OptOut.unscoped.values_list("keyword", flat=True)) == ["STOP"]


@pytest.mark.parametrize("secret", ["forged-secret", False])
def test_inbound_webhook_refuses_a_forged_or_missing_signature(db, gateway, secret):
    response = _post(Client(), gateway, {"from": NUMBER, "text": "STOP"}, secret=secret)

    assert response.status_code == 403
    # unscoped: nothing recorded anywhere.
    assert not OptOut.unscoped.exists()


def test_inbound_webhook_of_an_unknown_id_is_not_found(db, gateway):
    response = _post(Client(), gateway, {"from": NUMBER, "text": "STOP"}, webhook_id=uuid.uuid4())

    assert response.status_code == 404
    # unscoped: nothing recorded anywhere.
    assert not OptOut.unscoped.exists()


def test_inbound_webhook_answers_get_with_405(db, gateway):
    response = Client().get(reverse("campaigns:inbound_webhook", args=[gateway.webhook_id]))

    assert response.status_code == 405


def test_opt_out_from_reply_is_the_smpp_back_ends_entry_point(db, gateway):
    assert opt_outs.opt_out_from_reply(gateway=gateway, number=NUMBER, text="BAS") is True
    assert opt_outs.opt_out_from_reply(gateway=gateway, number="not a number", text="STOP") is False
    assert opt_outs.opt_out_from_reply(gateway=gateway, number=NUMBER, text="thanks") is False

    assert _opted_out(gateway.organisation)


# Organisation-wide, and only the organisation ----------------------------------------------------------


def test_opt_out_applies_to_every_list_of_the_organisation_and_not_another(
    db, ngo, other_ngo, gateway, manager, other_manager
):
    lists = [SubscriberListFactory(organisation=ngo) for _ in range(2)]
    for subscriber_list in lists:
        SubscriberFactory(organisation=ngo, subscriber_list=subscriber_list, number=NUMBER)
    other = SubscriberFactory(organisation=other_ngo, number=NUMBER)

    _post(Client(), gateway, {"from": NUMBER, "text": "СТОП"})

    for subscriber_list in lists:
        members = selectors.subscriber_list_members(user=manager, subscriber_list=subscriber_list)
        assert [member.opted_out for member in members] == [True]
    others = selectors.subscriber_list_members(user=other_manager, subscriber_list=other.subscriber_list)
    assert [member.opted_out for member in others] == [False]
    assert not _opted_out(other_ngo)


# The one-click link -----------------------------------------------------------------------------------


def test_opt_out_link_opts_out_at_once_in_the_subscribers_language(db, ngo):
    subscriber = SubscriberFactory(organisation=ngo, number=NUMBER, language="ru")

    response = Client().get(reverse("campaigns:opt_out_link", args=[subscriber.opt_out_token]))

    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
    assert "больше не получит" in response.content.decode()
    assert NUMBER not in response.content.decode()
    # unscoped: the one opt-out the link recorded.
    assert list(OptOut.unscoped.values_list("organisation", "via")) == [(ngo.pk, "link")]


def test_opt_out_link_in_english_for_an_english_subscriber(db, ngo):
    subscriber = SubscriberFactory(organisation=ngo, language="en")

    response = Client().get(reverse("campaigns:opt_out_link", args=[subscriber.opt_out_token]))

    assert "You are unsubscribed" in response.content.decode()


def test_opt_out_link_with_an_unknown_token_reveals_nothing(db, ngo):
    SubscriberFactory(organisation=ngo)

    response = Client().get(reverse("campaigns:opt_out_link", args=["not-a-token"]))

    assert response.status_code == 404
    assert ngo.name not in response.content.decode()
    # unscoped: nothing recorded anywhere.
    assert not OptOut.unscoped.exists()


def test_opt_out_url_is_absolute_under_the_public_url(db, settings, ngo):
    settings.AMANAT_PUBLIC_URL = "https://sms.example.org/"
    subscriber = SubscriberFactory(organisation=ngo)

    url = opt_outs.opt_out_url(subscriber)

    assert url == f"https://sms.example.org/campaigns/o/{subscriber.opt_out_token}/"


# Staff ------------------------------------------------------------------------------------------------


def test_opt_out_add_by_staff_is_recorded_with_an_audit_entry_without_the_number(ngo, manager):
    opt_out = opt_outs.opt_out_add(organisation=ngo, by=manager, number="90 000 0101")

    assert (opt_out.number_hash, opt_out.via) == (number_hash(NUMBER), "staff")
    entry = AuditEntry.objects.visible_to(manager).get(action="campaigns.opt_out_recorded")
    assert "0101" not in json.dumps(entry.details)


def test_opt_out_add_refuses_an_invalid_number_on_the_field(ngo, manager):
    with pytest.raises(ValidationError) as refused:
        opt_outs.opt_out_add(organisation=ngo, by=manager, number="12")

    assert list(refused.value.message_dict) == ["number"]


@pytest.mark.parametrize("role", ["caseworker", "hotline_operator", "outsider"])
def test_opt_out_add_refuses_who_may_not_record_opt_outs(request, ngo, role):
    with pytest.raises(PermissionDenied):
        opt_outs.opt_out_add(organisation=ngo, by=request.getfixturevalue(role), number=NUMBER)


# Pages ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "statuses"),
    [
        ("manager", (200, 200)),
        ("caseworker", (403, 403)),
        ("hotline_operator", (403, 403)),
        ("shelter_staff", (403, 403)),
        ("outsider", (403, 403)),
        ("password_only", (302, 302)),
    ],
)
def test_opt_out_pages_role_matrix(client, request, ngo, manager, role, statuses):
    OptOutFactory(organisation=ngo)
    if role == "password_only":
        client = Client()
        Client.force_login(client, manager)  # the plain login, without the second factor
    else:
        client.force_login(request.getfixturevalue(role))

    responses = [client.get(reverse(name)) for name in ("campaigns:optout_list", "campaigns:optout_create")]

    assert tuple(response.status_code for response in responses) == statuses
    if role == "password_only":
        second_factor = reverse("accounts:two_factor")
        assert all(response["Location"].startswith(f"{second_factor}?next=") for response in responses)


def test_opt_out_page_records_by_number_and_lists_it_masked(client, ngo, manager):
    SubscriberFactory(organisation=ngo, number=NUMBER)
    client.force_login(manager)

    response = client.post(reverse("campaigns:optout_create"), {"number": NUMBER}, follow=True)

    page = response.content.decode()
    assert "+992 ••• •• 01" in page
    assert NUMBER not in page
    assert _opted_out(ngo)


def test_opt_out_page_keeps_an_invalid_number_and_names_the_field(client, ngo, manager):
    client.force_login(manager)

    response = client.post(reverse("campaigns:optout_create"), {"number": "12345"})

    assert response.status_code == 200
    assert response.context["form"].errors["number"]
    assert response.context["form"]["number"].value() == "12345"
    # unscoped: nothing recorded.
    assert not OptOut.unscoped.exists()


@pytest.mark.parametrize("rows", [1, 3])
def test_opt_out_list_queries_do_not_grow_with_rows(
    client, django_assert_num_queries, ngo, other_ngo, manager, rows
):
    for _ in range(rows):
        OptOutFactory(organisation=ngo)
    OptOutFactory(organisation=other_ngo)
    client.force_login(manager)
    client.get(reverse("campaigns:optout_list"))  # warm the session

    with django_assert_num_queries(QUERIES_OPT_OUT_LIST):
        response = client.get(reverse("campaigns:optout_list"))

    assert response.context["count"] == rows


QUERIES_OPT_OUT_LIST = 8


# API --------------------------------------------------------------------------------------------------


API = "/api/v1/campaigns/opt-outs/"


@pytest.mark.parametrize(
    ("role", "statuses"),
    [
        ("manager", (200, 201)),
        ("caseworker", (403, 403)),
        ("hotline_operator", (403, 403)),
        ("outsider", (403, 403)),
        ("other_manager", (200, 201)),
    ],
)
def test_opt_out_api_role_matrix(api, request, ngo, role, statuses):
    OptOutFactory(organisation=ngo)
    user = request.getfixturevalue(role)
    api.force_authenticate(user)

    listed = api.get(API)
    created = api.post(API, {"number": NUMBER}, format="json")

    assert (listed.status_code, created.status_code) == statuses
    if role == "other_manager":  # another organisation's opt-outs are not listed; its own is recorded
        assert [row["via"] for row in listed.json()["results"]] == []


def test_opt_out_api_refuses_an_invalid_number_in_the_envelope(api, manager):
    api.force_authenticate(manager)

    response = api.post(API, {"number": "12"}, format="json")

    assert response.status_code == 400
    assert response.json()["field"] == "number"


def test_subscriber_recipients_leave_out_opted_out_and_removed_numbers(db, ngo, gateway, manager):
    from campaigns.services import subscribers as subscriber_services

    first, second = SubscriberListFactory(organisation=ngo), SubscriberListFactory(organisation=ngo)
    stays = SubscriberFactory(organisation=ngo, subscriber_list=first, number="+992900000901")
    SubscriberFactory(organisation=ngo, subscriber_list=second, number=NUMBER)
    removed = SubscriberFactory(organisation=ngo, subscriber_list=second, number="+992900000902")
    subscriber_services.subscriber_remove(subscriber=removed, by=manager)
    opt_outs.opt_out_from_reply(gateway=gateway, number=NUMBER, text="СТОП")

    recipients = selectors.subscriber_recipients(user=manager, subscriber_lists=[first, second])

    assert list(recipients) == [stays]


def test_opt_out_link_of_a_tajik_subscriber_confirms_in_tajik_beside_russian(db, ngo):
    subscriber = SubscriberFactory(organisation=ngo, language="tg")

    response = Client().get(reverse("campaigns:opt_out_link", args=[subscriber.opt_out_token]))

    page = response.content.decode()
    assert response["Content-Language"] == "ru"
    assert '<p lang="tg">Шумо аз обуна баромадед' in page
    assert "больше не получит" in page
