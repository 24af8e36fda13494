import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.factories import TEST_PASSWORD
from audit.models import AuditEntry


def _code(device) -> str:
    return f"{totp(device.bin_key):06d}"


@pytest.fixture
def visitor():
    return Client()


@pytest.fixture
def device(caseworker):
    return TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)


def _log_in(visitor, username):
    response = visitor.post(
        reverse("accounts:login"), {"username": username, "password": TEST_PASSWORD, "next": "/"}
    )
    assert response.status_code == 302


def test_two_factor_right_code_opens_the_next_page(visitor, device):
    _log_in(visitor, "caseworker")

    response = visitor.post(reverse("accounts:two_factor"), {"otp_token": _code(device), "next": "/"})

    assert response.status_code == 302
    assert response.url == "/"
    assert visitor.get("/").status_code == 200
    assert list(AuditEntry.unscoped.values_list("action", flat=True)) == ["two_factor.passed"]


def test_two_factor_wrong_code_shows_error_and_keeps_asking(visitor, device):
    _log_in(visitor, "caseworker")

    response = visitor.post(reverse("accounts:two_factor"), {"otp_token": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"] == [
        "This code is wrong or has expired. Enter the code shown now."
    ]
    assert response.context["form"]["otp_token"].value() == "000000"
    assert visitor.get("/").status_code == 302
    assert AccessAttempt.objects.get(username="caseworker").failures_since_start == 1


def test_two_factor_fifth_wrong_code_locks_and_logs_out(visitor, device):
    _log_in(visitor, "caseworker")
    for _ in range(4):
        visitor.post(reverse("accounts:two_factor"), {"otp_token": "000000"})

    response = visitor.post(reverse("accounts:two_factor"), {"otp_token": "000000"})

    assert response.status_code == 429
    assert "_auth_user_id" not in visitor.session
    relogin = visitor.post(reverse("accounts:login"), {"username": "caseworker", "password": TEST_PASSWORD})
    assert relogin.status_code == 429


def test_two_factor_setup_shows_qr_code_and_secret(visitor, caseworker):
    _log_in(visitor, "caseworker")

    response = visitor.get(reverse("accounts:two_factor"))

    device = TOTPDevice.objects.get(user=caseworker)
    assert response.context["setup"] is True
    assert response.context["secret"] == __import__("base64").b32encode(device.bin_key).decode()
    assert response.context["qr_code_svg"].startswith("<svg")
    assert device.confirmed is False


def test_two_factor_setup_confirms_device_with_current_code(visitor, caseworker):
    _log_in(visitor, "caseworker")
    visitor.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=caseworker)

    response = visitor.post(reverse("accounts:two_factor"), {"otp_token": _code(device), "next": "/"})

    assert response.url == "/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed is True
    assert visitor.get("/").status_code == 200


def test_two_factor_is_optional_for_roles_without_personal_data(visitor, coordinator):
    _log_in(visitor, "coordinator")

    response = visitor.get(reverse("accounts:two_factor"))

    assert visitor.get("/").status_code == 200
    assert response.context["required"] is False
    assert response.context["setup"] is True


def test_two_factor_once_set_up_is_asked_of_optional_roles_too(visitor, coordinator):
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    _log_in(visitor, "coordinator")

    response = visitor.get("/")

    assert response.url == f"{reverse('accounts:two_factor')}?next=/"


def test_two_factor_demo_hint_only_in_debug(visitor, caseworker, settings):
    _log_in(visitor, "caseworker")
    hint = "python manage.py demo_otp &lt;username&gt;"

    without_debug = visitor.get(reverse("accounts:two_factor")).content.decode()
    settings.DEBUG = True
    with_debug = visitor.get(reverse("accounts:two_factor")).content.decode()

    assert hint not in without_debug
    assert hint in with_debug


def test_demo_otp_prints_current_code(device, settings, capsys):
    settings.DEBUG = True

    call_command("demo_otp", "caseworker")

    assert capsys.readouterr().out.strip() == _code(device)


def test_demo_otp_refuses_without_debug_unless_forced(device, capsys):
    with pytest.raises(CommandError):
        call_command("demo_otp", "caseworker")

    call_command("demo_otp", "caseworker", "--force")

    assert capsys.readouterr().out.strip() == _code(device)
