import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.crypto import hash_token

from accounts.models import ApiToken, SignInThrottle
from accounts.tests.factories import TEST_PASSWORD
from accounts.throttle import account_key

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def device(caseworker):
    return TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)


def _code(device) -> str:
    return f"{totp(device.bin_key):06d}"


def test_api_token_for_user_without_two_factor(api, coordinator):
    response = api.post(TOKEN_URL, {"username": "coordinator", "password": TEST_PASSWORD})

    assert response.status_code == 200
    assert list(response.json()) == ["token", "expiry"]
    assert ApiToken.objects.get(user=coordinator).digest == hash_token(response.json()["token"])


def test_api_token_with_device_and_right_code(api, caseworker, device):
    response = api.post(
        TOKEN_URL, {"username": "caseworker", "password": TEST_PASSWORD, "otp_token": _code(device)}
    )

    assert response.status_code == 200
    assert ApiToken.objects.get(user=caseworker).digest == hash_token(response.json()["token"])


def test_api_token_opens_me_endpoint(api, caseworker, device, ngo):
    key = api.post(
        TOKEN_URL, {"username": "caseworker", "password": TEST_PASSWORD, "otp_token": _code(device)}
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api.get("/api/v1/me/")

    body = response.json()
    assert body["username"] == "caseworker"
    assert [(m["organisation"], m["role"]) for m in body["memberships"]] == [(ngo.pk, "caseworker")]


def test_api_token_wrong_password_names_the_field(api, caseworker):
    response = api.post(TOKEN_URL, {"username": "caseworker", "password": "wrong"})

    assert response.status_code == 400
    assert response.json()["field"] == "password"
    assert response.json()["error"] == "The user name or password is wrong."


def test_api_token_missing_code_names_otp_token(api, caseworker, device):
    response = api.post(TOKEN_URL, {"username": "caseworker", "password": TEST_PASSWORD})

    assert response.status_code == 400
    assert response.json()["field"] == "otp_token"
    assert ApiToken.objects.filter(user=caseworker).exists() is False


def test_api_token_wrong_code_is_counted_as_failure(api, caseworker, device):
    response = api.post(
        TOKEN_URL, {"username": "caseworker", "password": TEST_PASSWORD, "otp_token": "000000"}
    )

    assert response.status_code == 400
    assert response.json()["error"] == "The two-factor code is wrong or has expired."
    assert _account_failures("caseworker") == 1


def test_api_token_without_device_for_personal_data_role_says_set_it_up(api, caseworker):
    response = api.post(TOKEN_URL, {"username": "caseworker", "password": TEST_PASSWORD})

    assert response.status_code == 400
    assert response.json()["field"] == "otp_token"
    assert "web interface" in response.json()["error"]


def test_api_token_waits_after_five_failures(api, caseworker):
    for _ in range(5):
        api.post(TOKEN_URL, {"username": "caseworker", "password": "wrong"})

    response = api.post(TOKEN_URL, {"username": "caseworker", "password": TEST_PASSWORD})

    assert response.status_code == 429
    assert response.json()["field"] is None
    assert "Wait 1 minute, then try again." in response.json()["error"]


def test_me_endpoint_needs_authentication(api, db):
    response = api.get("/api/v1/me/")

    assert response.status_code == 401


def _account_failures(username: str) -> int:
    return SignInThrottle.objects.get(scope="account", account_key=account_key(username)).events


def test_api_token_fifth_wrong_code_answers_429_json_with_retry_after(api, caseworker, device):
    for _ in range(4):
        api.post(TOKEN_URL, {"username": "caseworker", "password": TEST_PASSWORD, "otp_token": "000000"})

    response = api.post(
        TOKEN_URL, {"username": "caseworker", "password": TEST_PASSWORD, "otp_token": "000000"}
    )

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json() == {
        "error": "Too many failed attempts. Wait 1 minute, then try again. Your organisation's manager "
        "can also end the wait from the users page.",
        "field": None,
    }
