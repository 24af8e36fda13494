"""OWASP ASVS 5.0 level-2 requirements of sign-in that no other feature module tests (docs/security.md).

Each test names its requirement in its docstring; docs/security.md maps every requirement of chapters 6
and 7 to its test.
"""

import re
import string

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.roles import Role
from accounts.tests.factories import TEST_PASSWORD, user_with_role

# Long, of every kind of character, with spaces where a truncating or trimming verifier would cut.
LONG_PASSPHRASE = ("Violet quartz lantern, meadow 17 — Ünïcödé ✓ " * 3).strip()
PASSWORD_INPUT = re.compile(r"<input\b[^>]*\bname=\"(?:password|old_password|new_password[12])\"[^>]*>")


@pytest.fixture
def visitor():
    return Client()


@pytest.fixture
def changer(ngo):
    return user_with_role(Role.COORDINATOR, ngo, username="changer")


def password_inputs(html: str) -> list[str]:
    return PASSWORD_INPUT.findall(html)


def test_password_change_requires_the_current_password(client, changer):
    """ASVS 6.2.3: password change needs the current and the new password."""
    client.force_login(changer)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "not the current one",
            "new_password1": LONG_PASSPHRASE,
            "new_password2": LONG_PASSPHRASE,
        },
    )

    changer.refresh_from_db()
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["old_password"]
    assert changer.check_password(TEST_PASSWORD) is True


def test_password_fields_are_masked_and_open_to_password_managers(client, visitor, changer, outsider):
    """ASVS 6.2.6 (type=password) and 6.2.7 (paste and password managers permitted): the login, password
    change and set-password (reset and invitation link) forms."""
    reset_url = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(outsider.pk)),
            "token": default_token_generator.make_token(outsider),
        },
    )
    client.force_login(changer)
    pages = {
        "login": visitor.get(reverse("accounts:login")).content.decode(),
        "password change": client.get(reverse("accounts:password_change")).content.decode(),
        "set password": Client().get(reset_url, follow=True).content.decode(),
    }

    inputs = {page: password_inputs(html) for page, html in pages.items()}

    assert {page: len(found) for page, found in inputs.items()} == {
        "login": 1,
        "password change": 3,
        "set password": 2,
    }
    for found in inputs.values():
        for tag in found:
            assert 'type="password"' in tag
            assert re.search(r'autocomplete="(current|new)-password"', tag), tag
            assert "onpaste" not in tag and "readonly" not in tag, tag


def test_password_is_verified_exactly_as_typed(visitor, ngo):
    """ASVS 6.2.8: no truncation, trimming or case change before the password is verified."""
    user = user_with_role(Role.COORDINATOR, ngo, username="exact")
    user.set_password(LONG_PASSPHRASE)
    user.save(update_fields=["password"])
    variants = {
        "exact": LONG_PASSPHRASE,
        "lower case": LONG_PASSPHRASE.lower(),
        "truncated to 72": LONG_PASSPHRASE[:72],
        "without the last character": LONG_PASSPHRASE[:-1],
    }

    signed_in = {}
    for name, password in variants.items():
        visitor.logout()
        visitor.post(reverse("accounts:login"), {"username": "exact", "password": password})
        signed_in[name] = "_auth_user_id" in visitor.session

    assert signed_in == {
        "exact": True,
        "lower case": False,
        "truncated to 72": False,
        "without the last character": False,
    }


def test_password_of_more_than_64_characters_can_be_set_and_used(client, visitor, changer):
    """ASVS 6.2.9: passwords of at least 64 characters are permitted (this one has over 120)."""
    client.force_login(changer)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": LONG_PASSPHRASE, "new_password2": LONG_PASSPHRASE},
    )
    visitor.post(reverse("accounts:login"), {"username": "changer", "password": LONG_PASSPHRASE})

    assert len(LONG_PASSPHRASE) > 120
    assert response.url == reverse("accounts:password_change_done")
    assert visitor.session["_auth_user_id"] == str(changer.pk)


def test_session_cookie_unknown_to_the_server_signs_nobody_in(visitor, caseworker):
    """ASVS 7.2.1: the session is verified by the server's session store, never by the cookie alone."""
    visitor.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32

    response = visitor.get(reverse("cases:case_list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_session_key_is_random_with_more_than_128_bits(visitor, coordinator):
    """ASVS 7.2.3: reference tokens (session keys) are unique, from a CSPRNG, with at least 128 bits."""
    keys = set()
    for _ in range(3):
        visitor.logout()
        visitor.post(reverse("accounts:login"), {"username": "coordinator", "password": TEST_PASSWORD})
        keys.add(visitor.session.session_key)

    alphabet = set(string.ascii_lowercase + string.digits)
    # Django draws each of 32 characters from 36 with the secrets module: 32 × log2(36) ≈ 165 bits.
    assert len(keys) == 3
    assert all(len(key) == 32 and set(key) <= alphabet for key in keys)


def test_logout_ends_the_session_on_the_server(client, caseworker):
    """ASVS 7.4.1: after logout the old session cookie opens nothing (pages are also no-store, so the
    back button shows no copy: accounts/tests/test_security_headers.py)."""
    client.force_login(caseworker)
    old_session = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_session
    response = replay.get(reverse("cases:case_list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
