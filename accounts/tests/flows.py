"""Steps that several sign-in tests walk through as a user would: the invitation link, the login."""

import time

from django.urls import reverse
from django_otp.oath import totp

from accounts import services
from accounts.tests.factories import TEST_PASSWORD

INVITED_PASSWORD = "a passphrase chosen at invitation 41"


def code(device, *, steps: int = 0) -> str:
    """The device's code for the current 30-second step (``steps`` earlier or later)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=steps):06d}"


def away_from_step_boundary(margin: float = 1.0) -> None:
    """Wait out the last ``margin`` seconds of a 30 s step, so a code computed now is still current when
    checked (a browser test types it and submits it some seconds later)."""
    remaining = 30 - time.time() % 30
    if remaining < margin:
        time.sleep(remaining + 0.1)


def log_in(visitor, username: str, password: str = TEST_PASSWORD):
    response = visitor.post(
        reverse("accounts:login"), {"username": username, "password": password, "next": "/"}
    )
    assert response.status_code == 302, "the password step should pass"
    return response


def accept_invitation(visitor, user) -> None:
    """Open the invitation's link and choose a password, as a new user does from the e-mail."""
    link = services.password_set_url(user=user, base_url="http://testserver")
    form_page = visitor.get(link, follow=True)
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": INVITED_PASSWORD, "new_password2": INVITED_PASSWORD},
    )
    assert done.url == reverse("accounts:password_reset_complete")
