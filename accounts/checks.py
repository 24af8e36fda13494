"""Production refuses unsafe settings: ``check --deploy`` names each one, and with DEBUG off the
application does not start while an error remains (``refuse_unsafe_production``, run by AppConfig.ready).

The errors are what would hand an attacker the installation: the published demo SECRET_KEY (it signs
sessions and password-reset links), an e-mail back-end that prints reset links instead of sending them,
and the proxy's HTTPS header believed without a proxy. The warnings are weaker configurations.
"""

from django.conf import settings
from django.core.checks import ERROR, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

# The SECRET_KEY default of amanat/settings.py: published, so it signs nothing in production.
DEMO_SECRET_KEY = "insecure-demo-key-only-for-local-use-do-not-deploy"  # noqa: S105 (published)
# E-mail back-ends that do not deliver: a password-reset link would go to a log, a file or nowhere.
UNDELIVERED_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "prints every message, reset links too, to the log",
    "django.core.mail.backends.filebased.EmailBackend": "writes every message, reset links too, to files",
    "django.core.mail.backends.locmem.EmailBackend": "keeps messages in memory (for tests)",
    "django.core.mail.backends.dummy.EmailBackend": "drops every message",
}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def _secret_key() -> str:
    try:
        return settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to read an empty SECRET_KEY
        return ""


def secret_key_errors() -> list[Error]:
    if _secret_key() in ("", DEMO_SECRET_KEY):
        return [
            Error(
                "SECRET_KEY is empty or the published demo key: anybody could forge sessions and "
                "password-reset links.",
                hint="Set SECRET_KEY (or SECRET_KEY_FILE) to a long random value, e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                id="amanat.E001",
            )
        ]
    return []


def email_errors() -> list[Error]:
    if settings.EMAIL_BACKEND in UNDELIVERED_EMAIL_BACKENDS:
        return [
            Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which "
                f"{UNDELIVERED_EMAIL_BACKENDS[settings.EMAIL_BACKEND]}.",
                hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST, "
                "EMAIL_PORT, EMAIL_USE_TLS (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD).",
                id="amanat.E002",
            )
        ]
    return []


def proxy_errors() -> list[Error]:
    if settings.SECURE_PROXY_SSL_HEADER and not settings.AMANAT_BEHIND_PROXY:
        return [
            Error(
                "SECURE_PROXY_SSL_HEADER is set but AMANAT_BEHIND_PROXY is off: without a proxy that "
                "overwrites it, any client can claim HTTPS with this header.",
                hint="Set AMANAT_BEHIND_PROXY=true only behind a TLS-terminating proxy that sets it.",
                id="amanat.E005",
            )
        ]
    return []


def production_warnings() -> list[Warning]:
    warnings = []
    directives = settings.CONTENT_SECURITY_POLICY.get("DIRECTIVES", {})
    unsafe = sorted(
        name
        for name, sources in directives.items()
        if any(str(source).startswith("'unsafe-") for source in sources or ())
    )
    if unsafe:
        warnings.append(
            Warning(
                f"CONTENT_SECURITY_POLICY allows unsafe sources in {', '.join(unsafe)}.",
                hint="Move inline scripts and styles into static files, or give them a nonce.",
                id="amanat.W001",
            )
        )
    is_smtp = settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    encrypted = settings.EMAIL_USE_TLS or settings.EMAIL_USE_SSL
    if is_smtp and not encrypted and settings.EMAIL_HOST not in LOCAL_HOSTS:
        warnings.append(
            Warning(
                f"E-mail to {settings.EMAIL_HOST} is sent without TLS: password-reset links travel in clear.",
                hint="Set EMAIL_USE_TLS=true (or send through a relay on localhost).",
                id="amanat.W002",
            )
        )
    if settings.DEFAULT_FROM_EMAIL.rstrip(">").endswith(".invalid"):
        warnings.append(
            Warning(
                f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}, a demo address nobody can reply to.",
                hint="Set DEFAULT_FROM_EMAIL to the organisation's address: 'Amanat <amanat@ngo.example>'.",
                id="amanat.W003",
            )
        )
    origins = settings.OTP_WEBAUTHN_ALLOWED_ORIGINS
    if settings.OTP_WEBAUTHN_RP_ID in LOCAL_HOSTS or not all(
        origin.startswith("https://") for origin in origins
    ):
        warnings.append(
            Warning(
                f"Passkeys are bound to {settings.OTP_WEBAUTHN_RP_ID!r} and "
                f"{', '.join(origins) or 'no origin'}: they will not work on the site's own address.",
                hint="Set AMANAT_WEBAUTHN_RP_ID to the site's domain (amanat.ngo.example) and "
                "AMANAT_WEBAUTHN_ORIGINS to its https:// origin.",
                id="amanat.W004",
            )
        )
    return warnings


@register(Tags.security, deploy=True)
def production_settings_check(app_configs=None, **kwargs):
    return [*secret_key_errors(), *email_errors(), *proxy_errors(), *production_warnings()]


def refuse_unsafe_production(errors) -> None:
    """With DEBUG off, raise ImproperlyConfigured naming every setting at fault; with DEBUG on, nothing."""
    errors = [error for error in errors if error.level >= ERROR]
    if settings.DEBUG or not errors:
        return
    reasons = "\n".join(f"- {error.msg} {error.hint} ({error.id})" for error in errors)
    raise ImproperlyConfigured(f"Amanat refuses to start with DEBUG off and unsafe settings:\n{reasons}")
