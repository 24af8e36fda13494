"""Ten single-use recovery codes: stored hashed, good once at the two-factor page and the token
endpoint, regenerated from a verified session, their count shown (ASVS V6.5.1, V6.5.2, V6.5.3)."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts import services
from accounts.models import RecoveryCode, RecoveryCodeDevice
from accounts.tests.factories import TEST_PASSWORD
from accounts.tests.flows import log_in
from audit.models import AuditEntry


@pytest.fixture
def device(caseworker):
    return TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True, tolerance=0)


@pytest.fixture
def codes(caseworker, device):
    return services.recovery_codes_generate(by=caseworker)


def test_recovery_codes_are_ten_distinct_codes_stored_only_as_salted_hashes(caseworker, codes):
    """V6.5.2: a copy of the database does not give the codes."""
    stored = list(RecoveryCode.objects.filter(device__user=caseworker).values_list("code_hash", flat=True))

    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert all(len(code) == 14 and code.count("-") == 2 for code in codes)
    assert len(stored) == 10
    assert not any(code.replace("-", "") in code_hash for code in codes for code_hash in stored)
    assert all(code_hash.startswith("md5$") for code_hash in stored)  # the test suite's fast hasher
    assert len({code_hash.split("$")[1] for code_hash in stored}) == 10  # one salt each


def test_recovery_code_opens_the_two_factor_page_once(caseworker, codes):
    """V6.5.1: each lookup secret works one time."""
    first = Client()
    log_in(first, "caseworker")

    response = first.post(reverse("accounts:two_factor"), {"otp_token": codes[0].lower(), "next": "/"})
    second = Client()
    log_in(second, "caseworker")
    again = second.post(reverse("accounts:two_factor"), {"otp_token": codes[0], "next": "/"})

    assert response.url == "/"
    assert first.get("/").status_code == 200
    assert again.status_code == 200
    assert second.get("/").status_code == 302
    assert RecoveryCode.objects.filter(device__user=caseworker, used_at=None).count() == 9
    used = AuditEntry.unscoped.get(action="two_factor.recovery_code_used")
    assert used.details == {"remaining": 9}


def test_recovery_code_without_hyphens_or_with_spaces_is_accepted(caseworker, codes):
    visitor = Client()
    log_in(visitor, "caseworker")

    response = visitor.post(reverse("accounts:two_factor"), {"otp_token": f" {codes[3].replace('-', ' ')} "})

    assert response.status_code == 302


def test_recovery_code_of_another_user_is_refused(caseworker, codes, manager):
    services.recovery_codes_generate(by=manager)
    TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)
    visitor = Client()
    log_in(visitor, "manager")

    response = visitor.post(reverse("accounts:two_factor"), {"otp_token": codes[0]})

    assert response.status_code == 200
    assert RecoveryCode.objects.filter(device__user=caseworker, used_at=None).count() == 10


def test_recovery_code_opens_the_api_token_endpoint_once(caseworker, codes):
    api = APIClient()
    request = {"username": "caseworker", "password": TEST_PASSWORD, "otp_token": codes[1]}

    first = api.post("/api/v1/auth/token/", request)
    second = api.post("/api/v1/auth/token/", request)

    assert first.status_code == 200
    assert second.status_code == 400
    assert second.json()["error"] == "The two-factor code is wrong or has expired."


def test_recovery_codes_regenerate_replaces_the_old_ones(client, caseworker, codes):
    client.force_login(caseworker)

    response = client.post(reverse("accounts:recovery_codes_regenerate"))

    new_codes = response.context["codes"]
    assert len(new_codes) == 10
    assert set(new_codes).isdisjoint(codes)
    assert RecoveryCode.objects.filter(device__user=caseworker).count() == 10
    assert RecoveryCodeDevice.objects.filter(user=caseworker).count() == 1
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert services.two_factor_verify(by=caseworker, token=new_codes[0]) is not None
    assert services.two_factor_verify(by=caseworker, token=codes[0]) is None


def test_recovery_codes_regenerate_refuses_a_password_only_session(caseworker, codes, device):
    visitor = Client()
    log_in(visitor, "caseworker")

    response = visitor.post(reverse("accounts:recovery_codes_regenerate"))

    assert response.status_code == 302  # to the two-factor page
    assert RecoveryCode.objects.filter(device__user=caseworker, used_at=None).count() == 10


def test_recovery_codes_regenerate_refuses_an_unverified_optional_user(coordinator):
    visitor = Client()
    log_in(visitor, "coordinator")

    response = visitor.post(reverse("accounts:recovery_codes_regenerate"))

    assert response.status_code == 403
    assert RecoveryCode.objects.exists() is False


def test_recovery_codes_regenerate_is_post_only(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("accounts:recovery_codes_regenerate"))

    assert response.status_code == 405


def test_security_page_shows_how_many_recovery_codes_are_left(client, caseworker, codes):
    services.two_factor_verify(by=caseworker, token=codes[0])
    client.force_login(caseworker)

    response = client.get(reverse("accounts:security"))

    assert response.context["summary"]["recovery_codes"] == 9
    assert "9 unused recovery codes left." in response.content.decode()


def test_recovery_code_guesses_are_throttled(caseworker, codes):
    """V6.3.1: after a wrong guess the recovery-code device waits before it checks again."""
    services.two_factor_verify(by=caseworker, token="AAAA-AAAA-AAAA")

    right_code_too_soon = services.two_factor_verify(by=caseworker, token=codes[0])

    assert right_code_too_soon is None
    assert RecoveryCode.objects.filter(device__user=caseworker, used_at=None).count() == 10
