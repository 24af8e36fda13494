"""Production refuses unsafe settings and ``check --deploy`` says which (issue 6, item 8).

Issue 6: with DEBUG=false and no SECRET_KEY the application ran on the published demo key, e-mail
went to the console (72-hour reset links in the log), and X-Forwarded-Proto was believed without a proxy.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from accounts import checks
from privacy.crypto import new_key_line

MANAGE = os.path.join(django_settings.BASE_DIR, "manage.py")
# The environment of a production start, without anything the test run itself configured.
CONFIGURED = (
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "AMANAT_KEYS",
    "AMANAT_KEYS_FILE",
    "AMANAT_KEY_FILE",
    "AMANAT_BEHIND_PROXY",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # the browser tests' setting: check --deploy rightly refuses it
)


def production_env(tmp_path, **values) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in CONFIGURED}
    return {
        **env,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "amanat.example.org",
        "AMANAT_KEY_FILE": str(tmp_path / "keys.txt"),
        "DATABASE_URL": "",
        **values,
    }


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own manage.py with the test's arguments)
        [sys.executable, MANAGE, *args], capture_output=True, text=True, env=env, timeout=120
    )


SAFE = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "AMANAT_KEYS": f"{new_key_line('k1')},{new_key_line('blind-index')}",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.example.org",
    "EMAIL_USE_TLS": "true",
    "DEFAULT_FROM_EMAIL": "Amanat <amanat@ngo.example.org>",
    "AMANAT_WEBAUTHN_RP_ID": "amanat.example.org",
    "AMANAT_WEBAUTHN_ORIGINS": "https://amanat.example.org",
}


def test_production_with_the_demo_secret_key_refuses_to_start(tmp_path):
    env = production_env(tmp_path, **{name: value for name, value in SAFE.items() if name != "SECRET_KEY"})

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: Amanat refuses to start with DEBUG off and unsafe settings" in result.stderr
    assert "SECRET_KEY is empty or the published demo key" in result.stderr
    assert "(amanat.E001)" in result.stderr


def test_production_with_the_console_email_backend_refuses_to_start(tmp_path):
    env = production_env(
        tmp_path, **{**SAFE, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "EMAIL_BACKEND is django.core.mail.backends.console.EmailBackend" in result.stderr
    assert "(amanat.E002)" in result.stderr


def test_production_with_the_published_test_keys_refuses_to_start(tmp_path):
    from conftest import TEST_KEYS

    result = manage("check", env=production_env(tmp_path, **{**SAFE, "AMANAT_KEYS": TEST_KEYS}))

    assert result.returncode != 0
    assert "AMANAT_KEYS holds the published test key(s) ktest, blind-index." in result.stderr
    assert "(amanat.E003)" in result.stderr


def test_deploy_check_passes_with_production_settings(tmp_path):
    env = production_env(tmp_path, **SAFE, AMANAT_BEHIND_PROXY="true")

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def ids(messages) -> list[str]:
    return [message.id for message in messages]


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    ],
)
def test_email_backend_that_does_not_deliver_is_an_error(settings, backend):
    settings.EMAIL_BACKEND = backend

    assert ids(checks.email_errors()) == ["amanat.E002"]


def test_smtp_email_backend_is_no_error(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    assert checks.email_errors() == []


@pytest.mark.parametrize("secret_key", ["", checks.DEMO_SECRET_KEY])
def test_empty_or_demo_secret_key_is_an_error(settings, secret_key):
    settings.SECRET_KEY = secret_key

    assert ids(checks.secret_key_errors()) == ["amanat.E001"]


def test_random_secret_key_is_no_error(settings):
    settings.SECRET_KEY = SAFE["SECRET_KEY"]

    assert checks.secret_key_errors() == []


def test_proxy_ssl_header_without_a_proxy_is_an_error(settings):
    settings.AMANAT_BEHIND_PROXY = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    assert ids(checks.proxy_errors()) == ["amanat.E005"]


def test_forwarded_proto_header_is_not_believed_without_a_proxy():
    """Issue 6: X-Forwarded-Proto made any request 'secure' although AMANAT_BEHIND_PROXY was not set."""
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")

    assert (django_settings.AMANAT_BEHIND_PROXY, request.is_secure()) == (False, False)


def test_weaker_production_settings_are_warnings(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"style-src": ["'self'", "'unsafe-inline'"]}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "smtp.example.org"
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "Amanat <noreply@amanat.invalid>"
    settings.OTP_WEBAUTHN_RP_ID = "localhost"  # the demo's: passkeys would not work on the real domain
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost:8000"]

    assert ids(checks.production_warnings()) == ["amanat.W001", "amanat.W002", "amanat.W003", "amanat.W004"]


def test_refusal_names_every_setting_at_fault_with_debug_off(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = checks.DEMO_SECRET_KEY
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    with pytest.raises(ImproperlyConfigured) as refused:
        checks.refuse_unsafe_production([*checks.secret_key_errors(), *checks.email_errors()])

    assert "(amanat.E001)" in str(refused.value)
    assert "(amanat.E002)" in str(refused.value)


def test_debug_runs_the_demo_with_its_demo_settings(settings):
    settings.DEBUG = True
    settings.SECRET_KEY = checks.DEMO_SECRET_KEY

    assert checks.refuse_unsafe_production(checks.secret_key_errors()) is None
