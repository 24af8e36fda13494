"""API tokens that expire, can be revoked and end with the sessions (issue 6, item 2; ASVS 5.0 V7)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from knox.crypto import hash_token
from rest_framework.test import APIClient

from accounts import services
from accounts.models import ApiToken, Membership, UserSession
from accounts.tests.factories import TEST_PASSWORD
from audit.models import AuditEntry

TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/me/"
INVALID_TOKEN = "The token is invalid, expired or revoked. Ask for a new one at /api/v1/auth/token/."


@pytest.fixture
def api():
    return APIClient()


def _with_token(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_api_token_is_a_new_one_on_every_request_v7_2_2(api, coordinator):
    """ASVS 5.0 V7.2.2: tokens are generated dynamically, never a static API secret."""
    credentials = {"username": "coordinator", "password": TEST_PASSWORD}

    first = api.post(TOKEN_URL, credentials).json()["token"]
    second = api.post(TOKEN_URL, credentials).json()["token"]

    assert first != second
    assert ApiToken.objects.filter(user=coordinator).count() == 2
    assert _with_token(first).get(ME_URL).status_code == 200
    assert _with_token(second).get(ME_URL).status_code == 200


def test_api_token_is_random_and_stored_only_as_its_digest_v7_2_3(api, coordinator):
    """ASVS 5.0 V7.2.3: 256 bits from the CSPRNG; the server keeps only a digest that cannot be replayed."""
    key = api.post(TOKEN_URL, {"username": "coordinator", "password": TEST_PASSWORD}).json()["token"]

    stored = ApiToken.objects.values().get()

    assert stored["digest"] == hash_token(key)
    assert key not in [str(value) for value in stored.values()]
    assert len(key) == 64  # 256 bits from os.urandom, hex


def test_api_token_expires_after_the_configured_lifetime(api, coordinator):
    before = timezone.now()

    body = api.post(TOKEN_URL, {"username": "coordinator", "password": TEST_PASSWORD}).json()

    token = ApiToken.objects.get()
    lifetime = token.expiry - before
    assert datetime.timedelta(hours=8) <= lifetime < datetime.timedelta(hours=8, seconds=30)
    assert datetime.datetime.fromisoformat(body["expiry"]) == token.expiry


def test_api_token_expired_answers_401_json_v7_3_2(coordinator):
    """ASVS 5.0 V7.3.2: a token past its absolute lifetime is refused, however recently it was used."""
    token, key = services.api_token_issue(by=coordinator, second_factor_passed=True)
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - datetime.timedelta(seconds=1))

    response = _with_token(key).get(ME_URL)

    assert response.status_code == 401
    assert response.json() == {"error": INVALID_TOKEN, "field": None}
    assert ApiToken.objects.filter(pk=token.pk).exists() is False


def test_api_token_use_does_not_extend_it(coordinator):
    token, key = services.api_token_issue(by=coordinator, second_factor_passed=True)

    _with_token(key).get(ME_URL)

    token_after = ApiToken.objects.get(pk=token.pk)
    assert token_after.expiry == token.expiry
    assert token_after.last_used_at is not None


def test_api_token_revoked_answers_401_json_v7_4_1(coordinator):
    """ASVS 5.0 V7.4.1: a terminated token cannot be used again."""
    token, key = services.api_token_issue(by=coordinator, second_factor_passed=True)

    services.api_token_revoke(by=coordinator, token=token)

    response = _with_token(key).get(ME_URL)
    assert response.status_code == 401
    assert response.json()["error"] == INVALID_TOKEN


def test_api_token_unknown_answers_401_json_v7_2_1(db):
    """ASVS 5.0 V7.2.1: every token is verified by the server against what it stored."""
    response = _with_token("0" * 64).get(ME_URL)

    assert response.status_code == 401
    assert response.json() == {"error": INVALID_TOKEN, "field": None}


def test_api_logout_revokes_only_the_token_it_carries_v7_4_1(coordinator):
    _, key = services.api_token_issue(by=coordinator, second_factor_passed=True)
    other, other_key = services.api_token_issue(by=coordinator, second_factor_passed=True)

    response = _with_token(key).post("/api/v1/auth/logout/")

    assert (response.status_code, response.json()) == (200, {"sessions": 0, "tokens": 1})
    assert _with_token(key).get(ME_URL).status_code == 401
    assert list(ApiToken.objects.values_list("pk", flat=True)) == [other.pk]
    assert _with_token(other_key).get(ME_URL).status_code == 200


def test_api_logout_all_ends_every_token_and_session(client, coordinator):
    client.force_login(coordinator)
    _, key = services.api_token_issue(by=coordinator, second_factor_passed=True)
    _, other_key = services.api_token_issue(by=coordinator, second_factor_passed=True)

    response = _with_token(key).post("/api/v1/auth/logout-all/")

    assert (response.status_code, response.json()) == (200, {"sessions": 1, "tokens": 2})
    assert _with_token(other_key).get(ME_URL).status_code == 401
    assert client.get(reverse("home")).url.startswith(reverse("accounts:login"))
    assert AuditEntry.unscoped.filter(action="user.signed_out_everywhere").get().details == {
        "reason": "api_logout_all",
        "sessions": 1,
        "tokens": 2,
    }


def test_api_logout_needs_a_token_not_a_session(client, coordinator):
    client.force_login(coordinator)

    response = client.post("/api/v1/auth/logout/")

    assert response.status_code == 401
    assert response.json()["field"] is None


def test_web_logout_deletes_every_api_token_of_the_user_v7_4_1(client, coordinator, caseworker):
    _, key = services.api_token_issue(by=coordinator, second_factor_passed=True)
    _, unrelated_key = services.api_token_issue(by=caseworker, second_factor_passed=True)
    client.force_login(coordinator)

    client.post(reverse("accounts:logout"))

    assert _with_token(key).get(ME_URL).status_code == 401
    assert _with_token(unrelated_key).get(ME_URL).status_code == 200
    assert UserSession.objects.filter(user=coordinator).exists() is False


def test_password_change_deletes_every_api_token_v7_4_3(client, coordinator):
    _, key = services.api_token_issue(by=coordinator, second_factor_passed=True)
    client.force_login(coordinator)

    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a fresh long passphrase 42",
            "new_password2": "a fresh long passphrase 42",
        },
    )

    assert _with_token(key).get(ME_URL).status_code == 401


def test_password_reset_deletes_every_api_token_v7_4_3(coordinator):
    _, key = services.api_token_issue(by=coordinator, second_factor_passed=True)

    services.user_sign_out_everywhere(user=coordinator, by=None, reason="password_reset")

    assert _with_token(key).get(ME_URL).status_code == 401


def test_membership_removal_deletes_every_api_token_v7_4_2(manager, caseworker):
    _, key = services.api_token_issue(by=caseworker, second_factor_passed=True)

    services.membership_revoke(by=manager, membership=Membership.unscoped.get(user=caseworker))

    assert _with_token(key).get(ME_URL).status_code == 401


def test_schema_describes_token_authentication_and_the_logout_endpoints(client, caseworker):
    client.force_login(caseworker)

    schema = client.get(reverse("api:schema"), {"format": "json"}).json()

    token_scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (token_scheme["type"], token_scheme["in"], token_scheme["name"]) == (
        "apiKey",
        "header",
        "Authorization",
    )
    assert {"/api/v1/auth/token/", "/api/v1/auth/logout/", "/api/v1/auth/logout-all/"} <= set(schema["paths"])
    assert "security" not in schema["paths"]["/api/v1/auth/token/"]["post"]
    assert schema["paths"]["/api/v1/auth/logout/"]["post"]["security"] == [{"tokenAuth": []}]
