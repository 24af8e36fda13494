"""The two-factor page: one 30-second step, each code once, a new session key, and who may enrol.

ASVS 5.0 ids are named in the tests' docstrings (V6.5.1 single use, V6.5.5 TOTP lifetime,
V6.4.3/V6.3.4 no enrolment from a password alone, V7.2.4 session key renewed)."""

import base64

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import RecoveryCode, SignInThrottle
from accounts.tests.factories import TEST_PASSWORD
from accounts.tests.flows import INVITED_PASSWORD, accept_invitation, away_from_step_boundary, code, log_in
from accounts.throttle import account_key
from audit.models import AuditEntry


@pytest.fixture
def visitor():
    return Client()


@pytest.fixture
def device(caseworker):
    return TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)


def _verify(visitor, token, next_url="/"):
    return visitor.post(reverse("accounts:two_factor"), {"otp_token": token, "next": next_url})


def test_two_factor_right_code_opens_the_next_page(visitor, device):
    log_in(visitor, "caseworker")
    away_from_step_boundary()

    response = _verify(visitor, code(device))

    assert response.status_code == 302
    assert response.url == "/"
    assert visitor.get("/").status_code == 200
    assert list(AuditEntry.unscoped.values_list("action", flat=True)) == ["two_factor.passed"]


def test_two_factor_renews_the_session_key(visitor, device):
    """V7.2.4: the key the password step gave is worthless once the second factor passes."""
    log_in(visitor, "caseworker")
    key_after_password = visitor.session.session_key
    away_from_step_boundary()

    _verify(visitor, code(device))

    assert visitor.session.session_key != key_after_password
    stolen = Client()
    stolen.cookies["sessionid"] = key_after_password
    assert stolen.get("/").status_code == 302


def test_two_factor_code_of_the_previous_step_is_refused(visitor, device):
    """V6.5.5: a TOTP code lives 30 s at most (django-otp's default accepted the neighbouring steps)."""
    log_in(visitor, "caseworker")
    away_from_step_boundary()

    response = _verify(visitor, code(device, steps=-1))

    assert response.status_code == 200
    assert visitor.get("/").status_code == 302


def test_two_factor_code_of_the_next_step_is_refused(visitor, device):
    """V6.5.5: nor a code the phone will only show in the next step."""
    log_in(visitor, "caseworker")
    away_from_step_boundary()

    response = _verify(visitor, code(device, steps=1))

    assert response.status_code == 200
    assert visitor.get("/").status_code == 302


def test_two_factor_code_is_used_once(visitor, device):
    """V6.5.1: a code seen over a shoulder cannot open a second session in the same 30 s."""
    away_from_step_boundary()
    token = code(device)
    log_in(visitor, "caseworker")
    _verify(visitor, token)
    attacker = Client()
    log_in(attacker, "caseworker")

    response = _verify(attacker, token)

    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"] == [
        "This code is wrong or has expired. Enter the code shown now."
    ]
    assert attacker.get("/").status_code == 302


def test_two_factor_wrong_code_shows_error_and_keeps_asking(visitor, device):
    log_in(visitor, "caseworker")

    response = _verify(visitor, "000000")

    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"] == [
        "This code is wrong or has expired. Enter the code shown now."
    ]
    assert response.context["form"]["otp_token"].value() == "000000"
    assert visitor.get("/").status_code == 302
    assert _account_failures("caseworker") == 1


def test_two_factor_fifth_wrong_code_locks_and_logs_out(visitor, device):
    log_in(visitor, "caseworker")
    for _ in range(4):
        _verify(visitor, "000000")

    response = _verify(visitor, "000000")

    assert response.status_code == 429
    assert "_auth_user_id" not in visitor.session
    relogin = visitor.post(reverse("accounts:login"), {"username": "caseworker", "password": TEST_PASSWORD})
    assert relogin.status_code == 429


def test_two_factor_without_a_device_sends_to_setup(visitor, caseworker):
    log_in(visitor, "caseworker")

    response = visitor.get(reverse("accounts:two_factor"), {"next": "/cases/"})

    assert response.url == f"{reverse('accounts:two_factor_setup')}?next=%2Fcases%2F"


def test_two_factor_setup_refused_to_a_password_only_session(visitor, caseworker):
    """V6.4.3: a stolen password alone must not let an attacker enrol their own phone."""
    log_in(visitor, "caseworker")

    response = visitor.get(reverse("accounts:two_factor_setup"))
    attempt = visitor.post(reverse("accounts:two_factor_setup"), {"otp_token": "123456"})

    assert response.status_code == 403
    assert "open the link of your invitation or of a password reset" in response.content.decode()
    assert attempt.status_code == 403
    assert TOTPDevice.objects.filter(user=caseworker).exists() is False
    assert visitor.get("/").status_code == 302


def test_two_factor_setup_after_the_invitation_shows_qr_code_and_secret(visitor, caseworker):
    accept_invitation(visitor, caseworker)
    log_in(visitor, "caseworker", INVITED_PASSWORD)

    response = visitor.get(reverse("accounts:two_factor_setup"))

    device = TOTPDevice.objects.get(user=caseworker)
    assert response.status_code == 200
    assert response.context["secret"] == base64.b32encode(device.bin_key).decode()
    assert response.context["qr_code_svg"].startswith("<svg")
    assert (device.confirmed, device.tolerance) == (False, 0)
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_two_factor_setup_confirms_device_and_shows_ten_recovery_codes_once(visitor, caseworker):
    accept_invitation(visitor, caseworker)
    log_in(visitor, "caseworker", INVITED_PASSWORD)
    visitor.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=caseworker)
    key_before = visitor.session.session_key
    away_from_step_boundary()

    response = visitor.post(reverse("accounts:two_factor_setup"), {"otp_token": code(device), "next": "/"})

    codes = response.context["codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert RecoveryCode.objects.filter(device__user=caseworker, used_at=None).count() == 10
    assert TOTPDevice.objects.get(pk=device.pk).confirmed is True
    assert visitor.session.session_key != key_before
    assert visitor.get("/").status_code == 200
    assert "codes" not in visitor.get(reverse("accounts:security")).context


def test_two_factor_setup_refused_once_the_invitation_window_has_passed(visitor, caseworker, settings):
    settings.AMANAT_TWO_FACTOR_ENROL_SECONDS = 0
    accept_invitation(visitor, caseworker)
    log_in(visitor, "caseworker", INVITED_PASSWORD)

    response = visitor.get(reverse("accounts:two_factor_setup"))

    assert response.status_code == 403


def test_two_factor_setup_allowance_belongs_to_the_invited_user_only(visitor, caseworker, manager):
    accept_invitation(visitor, caseworker)
    log_in(visitor, "manager")

    response = visitor.get(reverse("accounts:two_factor_setup"))

    assert response.status_code == 403


def test_two_factor_setup_sends_an_enrolled_user_to_the_code_page(visitor, device):
    log_in(visitor, "caseworker")

    response = visitor.get(reverse("accounts:two_factor_setup"), {"next": "/cases/"})

    assert response.url == f"{reverse('accounts:two_factor')}?next=%2Fcases%2F"


def test_two_factor_is_optional_for_roles_without_personal_data(visitor, coordinator):
    log_in(visitor, "coordinator")

    response = visitor.get(reverse("accounts:two_factor_setup"))

    assert visitor.get("/").status_code == 200
    assert response.status_code == 403
    assert response.context["required"] is False


def test_two_factor_once_set_up_is_asked_of_optional_roles_too(visitor, coordinator):
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    log_in(visitor, "coordinator")

    response = visitor.get("/")

    assert response.url == f"{reverse('accounts:two_factor')}?next=/"


def test_two_factor_demo_hint_only_in_debug(visitor, device, settings):
    log_in(visitor, "caseworker")
    hint = "python manage.py demo_otp &lt;username&gt;"

    without_debug = visitor.get(reverse("accounts:two_factor")).content.decode()
    settings.DEBUG = True
    with_debug = visitor.get(reverse("accounts:two_factor")).content.decode()

    assert hint not in without_debug
    assert hint in with_debug


def test_demo_otp_prints_currentcode(device, settings, capsys):
    settings.DEBUG = True
    away_from_step_boundary()

    call_command("demo_otp", "caseworker")

    assert capsys.readouterr().out.strip() == code(device)


def test_demo_otp_code_opens_the_demo_login(visitor, device, settings, capsys):
    """The demo's way in still works with one 30-second step."""
    settings.DEBUG = True
    away_from_step_boundary()
    call_command("demo_otp", "caseworker")
    log_in(visitor, "caseworker")

    response = _verify(visitor, capsys.readouterr().out.strip())

    assert response.url == "/"


def test_demo_otp_refuses_without_debug_unless_forced(device, capsys):
    with pytest.raises(CommandError):
        call_command("demo_otp", "caseworker")
    away_from_step_boundary()

    call_command("demo_otp", "caseworker", "--force")

    assert capsys.readouterr().out.strip() == code(device)


def _account_failures(username: str) -> int:
    return SignInThrottle.objects.get(scope="account", account_key=account_key(username)).events


def test_two_factor_passed_clears_the_failures_the_password_left(visitor, device):
    visitor.post(reverse("accounts:login"), {"username": "caseworker", "password": "wrong"})
    log_in(visitor, "caseworker")

    visitor.post(reverse("accounts:two_factor"), {"otp_token": code(device), "next": "/"})

    assert SignInThrottle.objects.filter(account_key=account_key("caseworker")).exists() is False
