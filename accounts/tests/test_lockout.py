"""Sign-in protection (ASVS 5.0 V6.3.1): a progressive delay that the attacker cannot extend and that
ends by itself, per account at an address, per account and per address; managers end it early."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, SignInThrottle
from accounts.roles import Role
from accounts.tests.factories import TEST_PASSWORD, user_with_role
from audit.models import AuditEntry

LOGIN = reverse("accounts:login")


@pytest.fixture
def visitor():
    return Client()


WRONG = "wrong"  # the password every failed attempt sends


def _post(visitor, username, password=WRONG, address="203.0.113.7", **extra):
    return visitor.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def _fail(visitor, username, times, address="203.0.113.7", **extra):
    response = None
    for _ in range(times):
        response = _post(visitor, username, address=address, **extra)
    return response


def _end_every_wait():
    """The clock moves past every delay (rows keep their counts and levels)."""
    SignInThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_signin_fifth_failure_at_one_address_waits_a_minute_with_429(visitor, caseworker):
    response = _fail(visitor, "caseworker", 5)

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Wait 1 minute, then try again." in response.content.decode()


def test_signin_four_failures_do_not_delay(visitor, caseworker):
    _fail(visitor, "caseworker", 4)

    response = _post(visitor, "caseworker", password=TEST_PASSWORD)

    assert response.status_code == 302


def test_signin_delayed_account_is_refused_even_with_the_right_password(visitor, caseworker):
    _fail(visitor, "caseworker", 5)

    response = _post(visitor, "caseworker", password=TEST_PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in visitor.session


def test_signin_attempts_during_a_delay_do_not_extend_it(visitor, caseworker):
    _fail(visitor, "caseworker", 5)
    rows = SignInThrottle.objects.order_by("scope").values("scope", "locked_until", "level")
    before = list(rows)

    _fail(visitor, "caseworker", 30)

    assert list(rows) == before
    assert [row["scope"] for row in before if row["locked_until"]] == ["pair"]


def test_signin_delay_ends_by_itself_and_the_owner_gets_in(visitor, caseworker):
    _fail(visitor, "caseworker", 5)

    _end_every_wait()
    response = _post(visitor, "caseworker", password=TEST_PASSWORD)

    assert response.status_code == 302


def test_signin_each_further_series_of_failures_doubles_the_wait(visitor, caseworker):
    _fail(visitor, "caseworker", 5)
    _end_every_wait()

    second = _fail(visitor, "caseworker", 5)
    _end_every_wait()
    third = _fail(visitor, "caseworker", 5)

    assert (second["Retry-After"], third["Retry-After"]) == ("120", "240")


def test_signin_wait_is_at_most_the_configured_maximum(visitor, caseworker, settings):
    settings.AMANAT_SIGNIN_MAX_DELAY_SECONDS = 150
    for _ in range(3):
        response = _fail(visitor, "caseworker", 5)
        _end_every_wait()

    assert response["Retry-After"] == "150"


def test_signin_owner_from_another_address_is_not_held_by_the_attackers_failures(caseworker):
    _fail(Client(), "caseworker", 5, address="198.51.100.66")

    response = _post(Client(), "caseworker", password=TEST_PASSWORD, address="203.0.113.7")

    assert response.status_code == 302


def test_signin_failures_from_many_addresses_delay_the_account_everywhere_until_the_wait_ends(caseworker):
    for n in range(20):
        _post(Client(), "caseworker", address=f"198.51.100.{n + 1}")

    delayed = _post(Client(), "caseworker", password=TEST_PASSWORD, address="203.0.113.7")
    _end_every_wait()
    after = _post(Client(), "caseworker", password=TEST_PASSWORD, address="203.0.113.7")

    assert (delayed.status_code, after.status_code) == (429, 302)


def test_signin_one_address_trying_many_accounts_is_delayed_for_every_account(visitor, caseworker):
    for n in range(50):
        _post(visitor, f"guess{n}")

    response = _post(visitor, "caseworker", password=TEST_PASSWORD)

    assert response.status_code == 429


def test_signin_forwarded_header_is_ignored_without_a_proxy(visitor, caseworker):
    for n in range(5):
        _post(visitor, "caseworker", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response = _post(visitor, "caseworker", password=TEST_PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert response.status_code == 429


def test_signin_behind_the_proxy_counts_the_address_the_proxy_saw(caseworker, settings):
    settings.AMANAT_BEHIND_PROXY = True
    proxy = "10.0.0.2"
    for _ in range(5):  # the attacker types an address of its own in front: the proxy appends the real one
        _post(Client(), "caseworker", address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.50, 198.51.100.9")

    attacker = _post(Client(), "caseworker", address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.51, 198.51.100.9")
    owner = _post(Client(), "caseworker", TEST_PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert (attacker.status_code, owner.status_code) == (429, 302)


def test_signin_ipv6_addresses_count_by_their_64_network(caseworker):
    for n in range(5):
        _post(Client(), "caseworker", address=f"2001:db8:1:2::{n + 1}")

    response = _post(Client(), "caseworker", password=TEST_PASSWORD, address="2001:db8:1:2::ff")

    assert response.status_code == 429


def test_signin_throttle_stores_neither_user_names_nor_addresses(visitor, caseworker):
    _fail(visitor, "caseworker", 2)

    stored = " ".join(f"{row.account_key} {row.address_key}" for row in SignInThrottle.objects.all())

    assert "caseworker" not in stored
    assert "203.0.113.7" not in stored


def test_signin_delay_page_is_the_same_for_an_unknown_user_name(caseworker):
    known = _main(_fail(Client(), "caseworker", 5))

    unknown = _main(_fail(Client(), "nobody-here", 5, address="198.51.100.1"))

    assert unknown == known


def test_signin_delay_page_speaks_russian(db):
    response = _fail(Client(headers={"accept-language": "ru"}), "caseworker", 5)

    assert response.status_code == 429
    assert "Подождите 1 минуту и попробуйте снова." in response.content.decode()


def test_signin_locked_page_is_public(visitor, db):
    response = visitor.get(reverse("accounts:locked"))

    assert response.status_code == 200
    assert "The wait ends by itself" in response.content.decode()


def test_signin_full_sign_in_clears_the_accounts_failures(visitor, coordinator):
    _fail(visitor, "coordinator", 4)
    _post(visitor, "coordinator", password=TEST_PASSWORD)
    visitor.logout()

    response = _fail(visitor, "coordinator", 4)

    assert response.status_code == 200


def test_signin_password_alone_does_not_clear_the_failures_of_a_two_factor_user(visitor, caseworker):
    _fail(visitor, "caseworker", 4)
    _post(visitor, "caseworker", password=TEST_PASSWORD)  # the second factor is still to come
    visitor.logout()

    response = _fail(visitor, "caseworker", 1)

    assert response.status_code == 429


# The manager ends the wait -----------------------------------------------------------------------------


def _unlock_url(user) -> str:
    return reverse("accounts:user_signin_unlock", args=[user.pk])


def test_user_signin_unlock_by_the_manager_lets_the_user_in_and_is_audited(client, manager, caseworker):
    _fail(Client(), "caseworker", 5)
    client.force_login(manager)

    page = client.get(reverse("accounts:user_detail", args=[caseworker.pk]))
    response = client.post(_unlock_url(caseworker))

    assert "Waiting after failed attempts" in page.content.decode()
    assert response.url == reverse("accounts:user_detail", args=[caseworker.pk])
    assert _post(Client(), "caseworker", password=TEST_PASSWORD).status_code == 302
    entry = AuditEntry.unscoped.get(action="user.signin_unlocked")
    assert (entry.actor, entry.object_id, entry.organisation) == (
        manager,
        str(caseworker.pk),
        manager_ngo(manager),
    )


def manager_ngo(manager):
    return Membership.unscoped.get(user=manager).organisation


@pytest.mark.parametrize(
    ("role", "status"),
    [("manager", 302), ("caseworker", 403), ("outsider_manager", 404), ("password_only", 302)],
)
def test_user_signin_unlock_role_matrix(role, status, client, manager, caseworker, other_ngo):
    _fail(Client(), "caseworker", 5)
    if role == "outsider_manager":
        client.force_login(user_with_role(Role.MANAGER, other_ngo, username="other-manager"))
    elif role == "password_only":  # logged in, second factor not passed
        client = Client()
        _post(client, "manager", password=TEST_PASSWORD, address="198.51.100.200")
    else:
        client.force_login({"manager": manager, "caseworker": caseworker}[role])

    response = client.post(_unlock_url(caseworker))

    assert response.status_code == status
    still_delayed = SignInThrottle.objects.filter(locked_until__gt=timezone.now()).exists()
    assert still_delayed is (role != "manager")
    if role == "password_only":
        assert response.url.startswith(reverse("accounts:two_factor"))
