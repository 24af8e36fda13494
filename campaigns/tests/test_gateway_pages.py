"""Gateway settings pages (managers): list, create, edit with a write-only password, operator prices,
the webhooks and a secret shown only when asked for."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from campaigns.models import Gateway, OperatorPrice
from campaigns.tests.factories import GatewayFactory, OperatorPriceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(ngo):
    return GatewayFactory(
        organisation=ngo, name="Test aggregator", backend="http", url="http://127.0.0.1:9/sms"
    )


def _reload(gateway):
    # unscoped: a test reads its gateway back.
    return Gateway.unscoped.get(pk=gateway.pk)


def _gateway_data(**fields):
    data = {
        "name": "Carrier SMPP",
        "backend": "smpp",
        "url": "",
        "host": "127.0.0.1",
        "port": "2775",
        "username": "amanat",
        "password": "s3cret",
        "sender": "AMANAT",
        "rate_limit": "50",
        "timeout_seconds": "10",
    }
    return {**data, **fields}


@pytest.mark.parametrize(
    ("role", "statuses"),
    [
        ("manager", (200, 200, 200)),
        ("caseworker", (403, 403, 404)),
        ("hotline_operator", (403, 403, 404)),
        ("outsider", (403, 403, 404)),
        ("password_only", (302, 302, 302)),
    ],
)
def test_gateway_pages_role_matrix(client, request, gateway, manager, role, statuses):
    if role == "password_only":
        client = Client()
        Client.force_login(client, manager)  # the plain login, without the second factor
    else:
        client.force_login(request.getfixturevalue(role))
    urls = [
        reverse("campaigns:gateway_list"),
        reverse("campaigns:gateway_create"),
        reverse("campaigns:gateway_update", args=[gateway.pk]),
    ]

    responses = [client.get(url) for url in urls]

    assert tuple(response.status_code for response in responses) == statuses


@pytest.mark.parametrize(
    ("role", "status"),
    [("manager", 302), ("caseworker", 404), ("outsider", 404), ("password_only", 302)],
)
def test_gateway_post_actions_role_matrix(client, request, gateway, manager, role, status):
    price = OperatorPriceFactory(organisation=gateway.organisation, gateway=gateway, prefix="+99291")
    if role == "password_only":
        client = Client()
        Client.force_login(client, manager)
    else:
        client.force_login(request.getfixturevalue(role))

    responses = [
        client.post(
            reverse("campaigns:operatorprice_add", args=[gateway.pk]),
            {"operator": "Test Mobile", "prefix": "+99290", "price_per_segment": "0.02", "currency": "USD"},
        ),
        client.post(reverse("campaigns:operatorprice_remove", args=[price.pk])),
    ]

    assert {response.status_code for response in responses} == {status}
    # unscoped: the test counts its gateway's prices.
    prices = set(OperatorPrice.unscoped.filter(gateway=gateway).values_list("prefix", flat=True))
    assert prices == ({"+99290"} if role == "manager" else {"+99291"})
    if role == "password_only":
        assert all(response["Location"].startswith(reverse("accounts:two_factor")) for response in responses)


@pytest.mark.parametrize("rows", [1, 3])
def test_gateway_list_shows_the_organisations_gateways_in_the_same_queries(
    client, manager, ngo, other_ngo, rows, django_assert_num_queries
):
    for number in range(rows):
        GatewayFactory(organisation=ngo, name=f"Gateway {number}")
    GatewayFactory(organisation=other_ngo, name="Elsewhere")
    client.force_login(manager)
    client.get(reverse("campaigns:gateway_list"))  # warm the session and permission caches

    with django_assert_num_queries(6):
        response = client.get(reverse("campaigns:gateway_list"))

    assert [gateway.name for gateway in response.context["gateways"]] == [f"Gateway {n}" for n in range(rows)]


def test_gateway_create_saves_the_settings_and_encrypts_the_password(client, manager, ngo):
    client.force_login(manager)

    response = client.post(reverse("campaigns:gateway_create"), _gateway_data())

    # unscoped: the test reads the gateway it created.
    gateway = Gateway.unscoped.get(organisation=ngo)
    assert response.url == reverse("campaigns:gateway_update", args=[gateway.pk])
    assert (gateway.backend, gateway.host, gateway.port, gateway.password) == (
        "smpp",
        "127.0.0.1",
        2775,
        "s3cret",
    )
    # unscoped: the test reads the audit entries.
    assert list(AuditEntry.unscoped.values_list("action", "details")) == [
        ("gateway.created", {"backend": "smpp"})
    ]


def test_gateway_create_keeps_the_input_when_the_smpp_host_is_missing(client, manager):
    client.force_login(manager)

    response = client.post(reverse("campaigns:gateway_create"), _gateway_data(host="", name="Kept"))

    assert response.status_code == 200
    assert response.context["form"].errors == {"host": ["An SMPP gateway needs its host."]}
    assert response.context["form"]["name"].value() == "Kept"


def test_gateway_update_keeps_the_password_when_left_empty_and_never_shows_it(client, manager, gateway):
    gateway.password = "old-token"
    gateway.save()
    client.force_login(manager)

    page = client.get(reverse("campaigns:gateway_update", args=[gateway.pk]))
    client.post(
        reverse("campaigns:gateway_update", args=[gateway.pk]),
        _gateway_data(backend="http", url="http://127.0.0.1:9/sms", password="", rate_limit="20"),
    )

    assert b"old-token" not in page.content
    assert (_reload(gateway).password, _reload(gateway).rate_limit) == ("old-token", 20)


def test_gateway_page_shows_the_webhook_and_the_secret_only_when_asked(client, manager, gateway):
    client.force_login(manager)
    delivery_url = reverse("campaigns:delivery_webhook", args=[gateway.webhook_id])

    page = client.get(reverse("campaigns:gateway_update", args=[gateway.pk]))
    revealed = client.post(reverse("campaigns:gateway_secret", args=[gateway.pk]))

    assert delivery_url.encode() in page.content
    assert gateway.webhook_secret.encode() not in page.content
    assert gateway.webhook_secret.encode() in revealed.content
    # unscoped: the test reads the audit entries.
    assert list(AuditEntry.unscoped.values_list("action", flat=True)) == ["gateway.secret_revealed"]


def test_operator_price_with_a_prefix_that_is_not_digits_is_refused(client, manager, gateway):
    client.force_login(manager)

    response = client.post(
        reverse("campaigns:operatorprice_add", args=[gateway.pk]),
        {"operator": "Test Mobile", "prefix": "992-90", "price_per_segment": "0.02", "currency": "USD"},
    )

    assert response.status_code == 400
    assert response.context["price_form"].errors == {
        "prefix": ["A prefix is + and digits, for example +99290."]
    }
    # unscoped: the test counts its gateway's prices.
    assert not OperatorPrice.unscoped.filter(gateway=gateway).exists()
