"""Telephony records: an organisation's integration token posts call detail records, which become draft
contacts of the operator whose extension answered; replays answer the same record; nothing else opens."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tests.test_anonymous_access import ROUTES, url_of
from hotline import services
from hotline.callers import caller_hash
from hotline.models import Contact, TelephonyAccount
from hotline.tests.factories import LineFactory, OperatorExtensionFactory

CALLS_URL = "/api/v1/hotline/calls/"
NUMBER = "+992 00 000 12 34"  # a made-up number of the reserved test range


@pytest.fixture
def line(ngo, hotline_operator):
    return LineFactory(organisation=ngo, name="Khujand hotline", operators=[hotline_operator])


@pytest.fixture
def extension(line, hotline_operator):
    return OperatorExtensionFactory(
        organisation=line.organisation, line=line, extension="201", operator=hotline_operator
    )


@pytest.fixture
def telephony(ngo, manager):
    account, token = services.telephony_account_create(organisation=ngo, name="Office PBX", by=manager)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    client.account = account
    return client


def record(on_line, **values):
    return {
        "call_id": "pbx-0001",
        "line": on_line.pk,
        "started_at": "2026-12-01T09:15:00+05:00",
        "duration_seconds": 240,
        "caller_number": NUMBER,
        "operator_extension": "201",
        **values,
    }


def test_call_record_becomes_a_draft_of_the_operator_on_that_extension(
    telephony, line, extension, hotline_operator
):
    response = telephony.post(CALLS_URL, record(line), format="json")

    assert response.status_code == 201
    contact = Contact.unscoped.get()
    assert (contact.pk, contact.is_draft, contact.operator, contact.line) == (
        response.json()["id"],
        True,
        hotline_operator,
        line,
    )
    assert contact.started_at == datetime.datetime(2026, 12, 1, 4, 15, tzinfo=datetime.UTC)
    assert contact.duration_seconds == 240
    assert contact.telephony_call_id == "pbx-0001"


def test_call_record_hashes_the_number_and_never_stores_it(telephony, line, extension):
    telephony.post(CALLS_URL, record(line), format="json")

    contact = Contact.unscoped.get()
    assert contact.caller_hash == caller_hash(NUMBER)
    assert not contact.caller_number
    assert contact.number_consent is False
    assert "1234" not in str(Contact.unscoped.values().get())


def test_call_record_without_a_known_extension_waits_on_its_line(telephony, line):
    response = telephony.post(CALLS_URL, record(line, operator_extension="999"), format="json")

    assert response.status_code == 201
    assert Contact.unscoped.get().operator is None


def test_call_record_replay_answers_the_same_record_with_200(telephony, line, extension):
    first = telephony.post(CALLS_URL, record(line), format="json")

    replay = telephony.post(CALLS_URL, record(line, duration_seconds=999), format="json")

    assert (first.status_code, replay.status_code) == (201, 200)
    assert replay.json() == first.json()
    assert Contact.unscoped.count() == 1


@pytest.mark.django_db(transaction=True)
def test_call_record_concurrent_replay_answers_the_record_the_first_one_stored(ngo, manager):
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database: SQLite serialises writers anyway")
    line = LineFactory(organisation=ngo)
    account, _token = services.telephony_account_create(organisation=ngo, name="Office PBX", by=manager)
    values = {"line_id": line.pk, "call_id": "pbx-race", "started_at": "2026-12-01T09:15:00+05:00"}
    results, inserted = {}, threading.Event()

    def first():
        try:
            with transaction.atomic():
                results["first"] = services.call_record_receive(
                    by=account.user, duration_seconds=60, **values
                )
                inserted.set()
                time.sleep(0.5)  # the second one passed its replay check and waits on the unique index
        finally:
            connections.close_all()

    def second():
        try:
            inserted.wait(5)
            results["second"] = services.call_record_receive(by=account.user, duration_seconds=61, **values)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    (first_contact, first_created), (second_contact, second_created) = results["first"], results["second"]
    assert (first_created, second_created) == (True, False)
    assert second_contact.pk == first_contact.pk
    assert Contact.unscoped.filter(telephony_call_id="pbx-race").count() == 1


def test_call_record_on_another_organisations_line_answers_403(telephony, other_ngo):
    other_line = LineFactory(organisation=other_ngo)

    response = telephony.post(CALLS_URL, record(other_line), format="json")

    assert response.status_code == 403
    assert Contact.unscoped.count() == 0


def test_call_record_with_another_organisations_token_answers_403(line, other_ngo):
    _account, token = services.telephony_account_create(organisation=other_ngo, name="Their PBX", by=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.post(CALLS_URL, record(line), format="json")

    assert response.status_code == 403
    assert Contact.unscoped.count() == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"duration_seconds": -5}, "duration_seconds"),
        ({"line": 999999}, "line"),
        ({"started_at": "yesterday at nine"}, "started_at"),
        ({"call_id": ""}, "call_id"),
    ],
    ids=["negative-duration", "unknown-line", "bad-timestamp", "no-call-id"],
)
def test_call_record_bad_value_answers_the_error_envelope_with_the_field(telephony, line, values, field):
    response = telephony.post(CALLS_URL, record(line, **values), format="json")

    assert response.status_code == 400
    assert response.json()["field"] == field
    assert Contact.unscoped.count() == 0


def test_call_record_refuses_a_revoked_token(telephony, line, manager):
    services.telephony_account_revoke(account=telephony.account, by=manager)

    response = telephony.post(CALLS_URL, record(line), format="json")

    assert response.status_code == 401


def test_call_record_refuses_a_person_even_a_manager(api, manager, line):
    api.force_login(manager)

    response = api.post(CALLS_URL, record(line), format="json")

    assert response.status_code in (401, 403)
    assert Contact.unscoped.count() == 0


def test_telephony_token_is_stored_as_a_digest_only(telephony, ngo):
    token = telephony._credentials["HTTP_AUTHORIZATION"].split()[1]

    account = TelephonyAccount.unscoped.get()

    assert token not in str(TelephonyAccount.unscoped.values().get())
    assert account.token_prefix == token[:10]
    assert account.user.has_usable_password() is False


@pytest.mark.parametrize("name", sorted(name for name in ROUTES if name.startswith("api:")))
def test_telephony_token_reaches_no_other_api_route(telephony, line, name):
    if name == "api:hotline_call_record":
        pytest.skip("the one route the token is for")
    url = url_of(name, ROUTES[name])

    answers = {telephony.get(url).status_code, telephony.post(url, {}, format="json").status_code}

    assert answers <= {401, 403, 405}, f"{name} ({url}) answered {answers} to the telephony token"
    assert answers - {405}, f"{name} ({url}) answered only 405"


def test_telephony_account_cannot_log_in_to_the_web(client, telephony):
    username = telephony.account.user.username

    response = client.post(reverse("accounts:login"), {"username": username, "password": ""})

    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session
    assert (
        client.get(
            reverse("home"), HTTP_AUTHORIZATION=telephony._credentials["HTTP_AUTHORIZATION"]
        ).status_code
        == 302
    )


# The telephony page (managers) ----------------------------------------------------------------------


def test_telephony_page_shows_a_new_token_once(client, manager, line):
    client.force_login(manager)

    response = client.post(reverse("hotline:telephony_account_create"), {"name": "Office PBX"})

    account = TelephonyAccount.unscoped.get()
    token = response.context["token"]["value"]
    assert response.status_code == 200
    assert token.encode() in response.content
    assert services.telephony_account_authenticate(token=token) == account
    assert token.encode() not in client.get(reverse("hotline:telephony")).content


def test_telephony_page_maps_an_extension_to_an_operator(client, manager, line, hotline_operator):
    client.force_login(manager)

    response = client.post(
        reverse("hotline:operator_extension_create"),
        {"line": line.pk, "extension": "305", "operator": hotline_operator.pk},
    )

    assert response.status_code == 302
    assert list(line.extensions.values_list("extension", "operator")) == [("305", hotline_operator.pk)]


@pytest.mark.parametrize(
    ("role", "status"),
    [("manager", 200), ("hotline_operator", 403), ("caseworker", 403), ("outsider", 403)],
)
def test_telephony_page_role_matrix(client, request, ngo, role, status):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("hotline:telephony")).status_code == status


def test_telephony_account_command_prints_a_working_token(ngo, capsys):
    from django.core.management import call_command

    call_command("telephony_account_create", str(ngo.pk), "Office PBX")

    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert services.telephony_account_authenticate(token=token).organisation == ngo
