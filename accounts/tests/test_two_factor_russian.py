"""The second-factor pages only a user without a factor (or right after enrolment) sees, in Russian;
the table-driven test in analytics/tests/test_russian_everywhere.py cannot reach them."""

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.tests.flows import INVITED_PASSWORD, accept_invitation, away_from_step_boundary, code, log_in


def _russian_visitor():
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    return visitor


def test_two_factor_setup_and_recovery_codes_read_in_russian(caseworker):
    visitor = _russian_visitor()
    accept_invitation(visitor, caseworker)
    log_in(visitor, "caseworker", INVITED_PASSWORD)

    setup = visitor.get(reverse("accounts:two_factor_setup")).content.decode()
    away_from_step_boundary()
    device = TOTPDevice.objects.get(user=caseworker)
    codes = visitor.post(reverse("accounts:two_factor_setup"), {"otp_token": code(device), "next": "/"})

    assert "Настройте его сейчас." in setup
    assert "Set it up now" not in setup
    assert "Ваши коды восстановления" in codes.content.decode()
    assert "They are shown only now" not in codes.content.decode()


def test_two_factor_setup_refusal_reads_in_russian(caseworker):
    visitor = _russian_visitor()
    log_in(visitor, "caseworker")

    page = visitor.get(reverse("accounts:two_factor_setup")).content.decode()

    assert "Одного пароля недостаточно: его могли украсть." in page
    assert "A password alone is not enough" not in page


def test_two_factor_code_page_reads_in_russian(caseworker):
    TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)
    services.recovery_codes_generate(by=caseworker)
    visitor = _russian_visitor()
    log_in(visitor, "caseworker")

    page = visitor.get(reverse("accounts:two_factor")).content.decode()

    assert "Потеряли телефон? Введите один из кодов восстановления" in page
    assert "Lost your phone" not in page


def test_two_factor_reset_mail_reads_in_russian(manager, caseworker, django_capture_on_commit_callbacks):
    caseworker.preferred_language = "ru"
    caseworker.save(update_fields=["preferred_language"])

    with django_capture_on_commit_callbacks(execute=True):
        services.two_factor_reset(
            user=caseworker, by=manager, reason="Телефон утерян", base_url="http://testserver/"
        )

    assert mail.outbox[0].subject == "Второй фактор вашей учётной записи Amanat сброшен"
    assert "задайте новый пароль" in mail.outbox[0].body
