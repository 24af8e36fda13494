"""Passkeys (django-otp-webauthn) next to the authenticator app: registered only from a verified
session, never a way in without the password. The ceremony itself runs in test_browser_passkey.py."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts import services
from accounts.tests.flows import log_in


def test_passkey_register_begin_answers_options_to_a_verified_session(client, caseworker, settings):
    settings.OTP_WEBAUTHN_RP_ID = "testserver"
    client.force_login(caseworker)

    response = client.post(reverse("accounts:passkey_register_begin"))

    body = response.json()
    assert response.status_code == 200
    assert body["rp"] == {"name": "Amanat", "id": "testserver"}
    assert body["user"]["name"] == "caseworker"
    assert len(body["challenge"]) >= 43  # 32 random bytes, base64url: V6.7.2's unique challenge


def test_passkey_register_refused_to_a_password_only_session_without_a_device(coordinator):
    """V6.4.3: the library alone lets a user with no device register from a password-only session."""
    visitor = Client()
    log_in(visitor, "coordinator")

    begin = visitor.post(reverse("accounts:passkey_register_begin"))
    complete = visitor.post(
        reverse("accounts:passkey_register_complete"), "{}", content_type="application/json"
    )

    assert begin.status_code == 403
    assert begin.json()["code"] == "user_not_verified"
    assert complete.status_code == 403
    assert WebAuthnCredential.objects.exists() is False


def test_passkey_register_of_a_password_only_session_with_a_device_is_sent_to_the_code(caseworker):
    TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    visitor = Client()
    log_in(visitor, "caseworker")

    response = visitor.post(reverse("accounts:passkey_register_begin"))

    assert response.status_code == 302
    assert "otp_webauthn_register_state" not in visitor.session


def test_passkey_verify_begin_needs_the_password_first(db):
    response = Client().post(reverse("accounts:passkey_verify_begin"))

    assert response.status_code == 302
    assert WebAuthnCredential.objects.exists() is False


def test_passkey_verify_complete_without_a_begun_ceremony_is_refused(caseworker):
    TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    visitor = Client()
    log_in(visitor, "caseworker")

    response = visitor.post(
        reverse("accounts:passkey_verify_complete"), "{}", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_state"
    assert visitor.get("/").status_code == 302


def test_security_page_offers_a_passkey_only_to_a_verified_session(client, caseworker, coordinator):
    client.force_login(caseworker)
    visitor = Client()
    log_in(visitor, "coordinator")

    verified = client.get(reverse("accounts:security")).content.decode()
    password_only = visitor.get(reverse("accounts:security")).content.decode()

    assert 'id="passkey-register-button"' in verified
    assert 'id="otp_webauthn_config"' in verified
    assert "<script>" not in verified  # no inline script: the strict CSP allows none
    assert 'id="passkey-register-button"' not in password_only


def test_passkey_scripts_speak_russian(client, caseworker):
    """The library ships no Russian; the catalog the two-factor page loads carries ours."""
    client.force_login(caseworker)
    client.cookies["amanat_language"] = "ru"

    response = client.get(reverse("accounts:javascript_catalog"))

    russian = json.dumps("Ключ доступа добавлен!")  # the catalog escapes non-ASCII letters
    assert f'"Registration successful!": {russian}' in response.content.decode()


def _passkey(user):
    return WebAuthnCredential.objects.create(
        user=user,
        name="laptop",
        credential_id=f"id-{user.pk}".encode(),
        public_key=b"synthetic",
        confirmed=True,
    )


def test_passkey_delete_removes_ones_own_passkey(client, caseworker):
    TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    passkey = _passkey(caseworker)
    client.force_login(caseworker)

    response = client.post(reverse("accounts:passkey_delete", args=[passkey.pk]))

    assert response.url == reverse("accounts:security")
    assert WebAuthnCredential.objects.exists() is False


def test_passkey_delete_of_another_users_passkey_answers_404(client, caseworker, manager):
    passkey = _passkey(manager)
    client.force_login(caseworker)

    response = client.post(reverse("accounts:passkey_delete", args=[passkey.pk]))

    assert response.status_code == 404
    assert WebAuthnCredential.objects.count() == 1


def test_passkey_delete_keeps_the_only_second_factor_of_a_role_that_needs_one(caseworker):
    passkey = _passkey(caseworker)

    with pytest.raises(ValidationError):
        services.passkey_delete(by=caseworker, credential=passkey)

    assert WebAuthnCredential.objects.count() == 1
