"""The API asks for the second factor like the web does (issue 6: it was bypassed through the API).

A session or token of a user who must pass a second factor (a role reading personal data, or a device set
up) and has not answers 403 JSON "Second factor required." on every endpoint but the public ones. The
table-driven check of every operation is accounts/tests/test_password_only.py; this module tells the rule.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.test import APIClient

from accounts import services as accounts_services
from accounts.roles import Role
from accounts.tests.factories import TEST_PASSWORD
from api.permissions import SecondFactorPassed
from cases.models import Case
from cases.tests.factories import VictimFactory

REFUSAL = {"error": "Second factor required.", "field": None}
# API views anyone may use without a login (accounts/tests/test_anonymous_access.py lists their routes).
PUBLIC_API_VIEWS = {"DirectoryViewSet", "RegionViewSet", "obtain_token"}


def _password_only(username: str) -> Client:
    """A browser that gave the right password and stopped at the two-factor page."""
    visitor = Client()
    response = visitor.post(reverse("accounts:login"), {"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return visitor


def _api_views():
    def walk(resolver):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry)
            elif isinstance(entry, URLPattern) and getattr(entry.callback, "cls", None) is not None:
                yield entry.callback.cls

    return sorted(set(walk(get_resolver())), key=lambda view: view.__name__)


@pytest.mark.parametrize("view", _api_views(), ids=lambda view: view.__name__)
def test_api_view_asks_for_login_and_second_factor_unless_public(view):
    """ASVS 5.0 V6.3.4 (every authentication pathway enforces the same strength): a view naming its own
    permission_classes must start from REST_FRAMEWORK's DEFAULT_PERMISSION_CLASSES."""
    classes = list(view.permission_classes)

    if view.__name__ in PUBLIC_API_VIEWS:
        assert classes == [AllowAny]
    else:
        assert classes[:2] == [IsAuthenticated, SecondFactorPassed], (
            f"{view.__module__}.{view.__name__}.permission_classes = {classes}: start them from "
            f"[*api_settings.DEFAULT_PERMISSION_CLASSES, …] so the API asks for the login and second factor."
        )


def test_password_only_session_gets_403_json_from_the_api_and_creates_nothing(caseworker, ngo):
    """ASVS 5.0 V6.3.3, V6.3.4: the reproduced bypass — the web sends the session to the two-factor
    page, the API answered 200 with the decrypted name and created cases."""
    case = VictimFactory(organisation=ngo, given_name="Canary").case
    visitor = _password_only("caseworker")

    read = visitor.get(reverse("api:case-personal-data", args=[case.pk]))
    create = visitor.post(reverse("api:case-list"), {"stage": "screening"}, content_type="application/json")

    assert (read.status_code, read.json()) == (403, REFUSAL)
    assert (create.status_code, create.json()) == (403, REFUSAL)
    assert b"Canary" not in read.content
    assert Case.objects.visible_to(caseworker).count() == 1
    assert visitor.get(reverse("cases:case_list")).url.startswith(reverse("accounts:two_factor"))


def test_second_factor_refusal_reads_in_russian(caseworker):
    visitor = _password_only("caseworker")

    response = visitor.get(reverse("api:me-list"), HTTP_ACCEPT_LANGUAGE="ru")

    assert (response.status_code, response.json()) == (
        403,
        {"error": "Требуется второй фактор.", "field": None},
    )


def test_session_that_passed_the_second_factor_reaches_the_api(caseworker):
    device = TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    visitor = _password_only("caseworker")
    visitor.post(reverse("accounts:two_factor"), {"otp_token": f"{totp(device.bin_key):06d}"})

    response = visitor.get(reverse("api:me-list"))

    assert (response.status_code, response.json()["username"]) == (200, "caseworker")


def test_role_without_personal_data_and_without_device_needs_no_second_factor(coordinator):
    visitor = _password_only("coordinator")

    response = visitor.get(reverse("api:me-list"))

    assert response.status_code == 200


def test_device_set_up_by_an_optional_role_is_asked_for_on_the_api_too(coordinator):
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    visitor = _password_only("coordinator")

    response = visitor.get(reverse("api:me-list"))

    assert (response.status_code, response.json()) == (403, REFUSAL)


@pytest.mark.parametrize("url_name", ["api:schema", "api:docs"])
def test_schema_and_docs_ask_for_the_second_factor(caseworker, url_name):
    visitor = _password_only("caseworker")

    response = visitor.get(reverse(url_name))

    assert (response.status_code, response.json()) == (403, REFUSAL)


def test_public_directory_api_stays_public_for_a_password_only_session(caseworker):
    visitor = _password_only("caseworker")

    response = visitor.get(reverse("api:directory-list"))

    assert response.status_code == 200


def test_token_of_a_user_whose_new_role_needs_the_second_factor_is_refused_until_renewed_with_a_code(
    coordinator, ngo
):
    """ASVS 5.0 V6.3.4: a token issued while no second factor was needed does not carry over to a role that
    reads personal data; the token asked for again with the code counts, the old one still does not."""
    key = (
        APIClient()
        .post(reverse("api:auth_token"), {"username": "coordinator", "password": TEST_PASSWORD})
        .json()["token"]
    )
    accounts_services.membership_grant(by=None, user=coordinator, organisation=ngo, role=Role.CASEWORKER)
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")

    refused = api.get(reverse("api:case-list"))
    new_key = (
        APIClient()
        .post(
            reverse("api:auth_token"),
            {
                "username": "coordinator",
                "password": TEST_PASSWORD,
                "otp_token": f"{totp(device.bin_key):06d}",
            },
        )
        .json()["token"]
    )
    accepted = APIClient(HTTP_AUTHORIZATION=f"Token {new_key}").get(reverse("api:case-list"))
    still_refused = api.get(reverse("api:case-list"))

    assert (refused.status_code, refused.json()) == (403, REFUSAL)
    assert accepted.status_code == 200
    assert (still_refused.status_code, still_refused.json()) == (403, REFUSAL)


def test_anonymous_api_request_gets_401_json_not_the_login_page(db):
    response = APIClient().get(reverse("api:case-list"))

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_cast_api_client_passes_the_second_factor_both_ways(api, caseworker):
    """The cast's default API client is a user past the second factor (conftest.APIClient2FA)."""
    api.force_login(caseworker)
    by_session = api.get(reverse("api:me-list"))
    api.logout()
    api.force_authenticate(caseworker)

    by_force = api.get(reverse("api:me-list"))

    assert (by_session.status_code, by_force.status_code) == (200, 200)
