"""A manager or administrator removes a user's second factor (lost phone) with a logged reason;
the user's sessions and tokens end and they enrol again through an e-mailed link (ASVS V6.4.4, V6.5.6)."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import ApiToken, RecoveryCode
from accounts.roles import Role
from accounts.tests.factories import user_with_role
from accounts.tests.flows import INVITED_PASSWORD, log_in
from audit.models import AuditEntry

REASON = "Phone lost; identity checked in person by the manager"


@pytest.fixture
def lost_phone(caseworker):
    """The caseworker: an app, recovery codes, a signed-in browser and an API token."""
    phone = TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True, tolerance=0)
    services.recovery_codes_generate(by=caseworker)
    browser = Client()
    browser.force_login(caseworker)
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = phone.persistent_id
    session.save()
    ApiToken.objects.create(user=caseworker)
    return browser


def _reset_url(user):
    return reverse("accounts:user_two_factor_reset", args=[user.pk])


@pytest.mark.parametrize(
    ("role", "status", "reset"),
    [
        ("manager", 302, True),
        ("system_admin", 302, True),
        ("caseworker_colleague", 403, False),
        ("outsider_manager", 404, False),
        ("password_only_manager", 302, False),
    ],
)
def test_two_factor_reset_role_matrix(
    client, cast, ngo, other_ngo, caseworker, lost_phone, role, status, reset
):
    actors = {
        "manager": cast["manager"],
        "system_admin": cast["system_admin"],
        "caseworker_colleague": user_with_role(Role.CASEWORKER, ngo, username="colleague"),
        "outsider_manager": user_with_role(Role.MANAGER, other_ngo, username="other-manager"),
    }
    if role == "password_only_manager":
        client = Client()
        log_in(client, "manager")
        TOTPDevice.objects.create(user=cast["manager"], name="phone", confirmed=True)
    else:
        client.force_login(actors[role])

    response = client.post(_reset_url(caseworker), {"reason": REASON})

    assert response.status_code == status
    assert TOTPDevice.objects.filter(user=caseworker).exists() is not reset
    assert AuditEntry.unscoped.filter(action="two_factor.reset").exists() is reset


def test_two_factor_reset_logs_the_reason_and_removes_every_factor(
    client, manager, ngo, caseworker, lost_phone
):
    client.force_login(manager)

    response = client.post(_reset_url(caseworker), {"reason": REASON})

    assert response.url == reverse("accounts:user_detail", args=[caseworker.pk])
    entry = AuditEntry.unscoped.get(action="two_factor.reset")
    assert (entry.actor, entry.organisation, entry.object_id) == (manager, ngo, str(caseworker.pk))
    assert entry.details == {"reason": REASON, "devices": 2, "sessions": 1}
    assert TOTPDevice.objects.filter(user=caseworker).exists() is False
    assert RecoveryCode.objects.filter(device__user=caseworker).exists() is False


def test_two_factor_reset_ends_the_users_sessions_and_tokens(client, manager, caseworker, lost_phone):
    """V7.4.2-like: the sessions and token of a lost phone must not outlive the reset."""
    assert lost_phone.get("/").status_code == 200
    client.force_login(manager)

    client.post(_reset_url(caseworker), {"reason": REASON})

    assert lost_phone.get("/").status_code == 302
    assert ApiToken.objects.filter(user=caseworker).exists() is False
    assert client.get("/").status_code == 200  # the manager's own session stays


def test_two_factor_reset_needs_a_reason(client, manager, caseworker, lost_phone):
    client.force_login(manager)

    client.post(_reset_url(caseworker), {"reason": "  "})

    assert TOTPDevice.objects.filter(user=caseworker).exists() is True
    assert AuditEntry.unscoped.filter(action="two_factor.reset").exists() is False


def test_two_factor_reset_of_ones_own_account_is_refused(manager):
    TOTPDevice.objects.create(user=manager, name="phone", confirmed=True)

    with pytest.raises(ValidationError, match="your own second factor"):
        services.two_factor_reset(user=manager, by=manager, reason=REASON)

    assert TOTPDevice.objects.filter(user=manager).exists() is True


def test_two_factor_reset_is_post_only(client, manager, caseworker, lost_phone):
    client.force_login(manager)

    response = client.get(_reset_url(caseworker))

    assert response.status_code == 405
    assert TOTPDevice.objects.filter(user=caseworker).exists() is True


def test_two_factor_reset_user_enrols_again_through_the_e_mailed_link(
    client, manager, caseworker, lost_phone, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_reset_url(caseworker), {"reason": REASON})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    owner = Client()

    form_page = owner.get(link, follow=True)
    owner.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": INVITED_PASSWORD, "new_password2": INVITED_PASSWORD},
    )
    log_in(owner, "caseworker", INVITED_PASSWORD)
    setup = owner.get(reverse("accounts:two_factor_setup"))

    assert mail.outbox[0].to == ["caseworker@example.org"]
    assert setup.status_code == 200
    assert setup.context["secret"]


def test_two_factor_reset_then_a_password_alone_does_not_enrol(client, manager, caseworker, lost_phone):
    """V6.4.4: after a reset, whoever holds the old password (perhaps the phone's thief) cannot enrol."""
    client.force_login(manager)
    client.post(_reset_url(caseworker), {"reason": REASON})
    attacker = Client()
    log_in(attacker, "caseworker")

    refused = attacker.get(reverse("accounts:two_factor_setup"))

    assert refused.status_code == 403
    assert TOTPDevice.objects.filter(user=caseworker).exists() is False
    assert attacker.get("/").status_code == 302


def test_user_detail_shows_the_second_factor_and_the_reset_form(client, manager, caseworker, lost_phone):
    client.force_login(manager)

    response = client.get(reverse("accounts:user_detail", args=[caseworker.pk]))

    assert response.context["two_factor"] == {"totp": True, "passkeys": 0, "recovery_codes": 10}
    assert _reset_url(caseworker) in response.content.decode()
