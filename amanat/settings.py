"""Amanat settings: one file, read from the environment; the defaults run the demo on SQLite."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_secret("SECRET_KEY", "insecure-demo-key-only-for-local-use-do-not-deploy")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = "Amanat"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "simple_history",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "scheduler",
    "network",
    "accounts",
    "audit",
    "privacy",
    "notifications",
    "api",
    "cases",
    "hotline",
    "shelters",
    "campaigns",
    "awards",
    "analytics",
    "exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside WhiteNoise, so that static files get the security headers too (but no Cache-Control).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.http_headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.SignInThrottleMiddleware",
]

ROOT_URLCONF = "amanat.urls"
WSGI_APPLICATION = "amanat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# SQLite by default (the demo); PostgreSQL in production and in CI: DATABASE_URL=postgres://…
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'amanat.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.SignInThrottleBackend",
    "accounts.backends.RoleBackend",
]
# Long rather than complicated (accounts/passwords.py): no composition rules, digits alone allowed if long.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.DomainWordsPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in throttling (accounts/throttle.py, README "Sign-in protection"): a progressive delay that ends
# by itself, per account at an address, per account and per address; never a permanent lock.
AMANAT_SIGNIN_FAILURES_PER_ACCOUNT_AT_ADDRESS = env_int("AMANAT_SIGNIN_FAILURES_PER_ACCOUNT_AT_ADDRESS", 5)
AMANAT_SIGNIN_FAILURES_PER_ACCOUNT = env_int("AMANAT_SIGNIN_FAILURES_PER_ACCOUNT", 20)
AMANAT_SIGNIN_FAILURES_PER_ADDRESS = env_int("AMANAT_SIGNIN_FAILURES_PER_ADDRESS", 50)
AMANAT_SIGNIN_DELAY_SECONDS = env_int("AMANAT_SIGNIN_DELAY_SECONDS", 60)
AMANAT_SIGNIN_MAX_DELAY_SECONDS = env_int("AMANAT_SIGNIN_MAX_DELAY_SECONDS", 15 * 60)
AMANAT_RESET_EMAILS_PER_ACCOUNT = env_int("AMANAT_RESET_EMAILS_PER_ACCOUNT", 3)
AMANAT_RESET_EMAILS_PER_ADDRESS = env_int("AMANAT_RESET_EMAILS_PER_ADDRESS", 10)
# The client address comes from X-Forwarded-For only behind a configured proxy (or proxies) of ours
# (AMANAT_BEHIND_PROXY, below with the HTTPS settings).
AMANAT_PROXY_COUNT = env_int("AMANAT_PROXY_COUNT", 1)

OTP_TOTP_ISSUER = "Amanat"
# A code is good for its own 30-second step only (devices are created with tolerance 0, and the
# accounts migration 0002 set it on older ones); never move a device's clock drift to fit a code.
OTP_TOTP_SYNC = False
OTP_TOTP_THROTTLE_FACTOR = 1
# A user with no second factor may set one up only from a session that followed the invitation or
# password-reset link within this many seconds (accounts.two_factor.enrolment_allow).
AMANAT_TWO_FACTOR_ENROL_SECONDS = env_int("AMANAT_TWO_FACTOR_ENROL_SECONDS", 30 * 60)
AMANAT_RECOVERY_CODE_COUNT = 10
# Passkeys (django-otp-webauthn) as a second factor only: the password comes first. The relying
# party id is the site's domain (an IP address cannot be one: open the demo at http://localhost:8000).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_ID = os.environ.get("AMANAT_WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_RP_NAME = "Amanat"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("AMANAT_WEBAUTHN_ORIGINS", "http://localhost:8000")
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "amanat.webauthn"

# A signed-in session ends after 15 idle minutes and, however busy, 12 hours after the login
# (accounts.middleware.SessionLimitsMiddleware; the login time never moves). The cookie lives only
# as long as the browser: a shared NGO computer forgets it when the browser closes.
AMANAT_SESSION_IDLE_SECONDS = env_int("AMANAT_SESSION_IDLE_SECONDS", 15 * 60)
AMANAT_SESSION_ABSOLUTE_SECONDS = env_int("AMANAT_SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_COOKIE_AGE = AMANAT_SESSION_ABSOLUTE_SECONDS  # the stored session dies with its absolute limit
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
if not DEBUG:
    # __Host- cookies are refused by browsers unless Secure, Path=/ and without Domain: a sibling
    # subdomain cannot plant or overwrite them.
    SESSION_COOKIE_NAME = "__Host-amanat_session"
    CSRF_COOKIE_NAME = "__Host-amanat_csrftoken"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Behind a TLS-terminating reverse proxy (the README's production set-up): only then are its headers
# believed, X-Forwarded-Proto for HTTPS here and the client address (lockout, throttling) in accounts.
# Without a proxy, anybody could send these headers themselves.
AMANAT_BEHIND_PROXY = env_bool("AMANAT_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if AMANAT_BEHIND_PROXY else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (every page's CSS and JavaScript are static files); the Swagger UI
# page gives its one inline script a per-request nonce. Nothing may frame a page or change its base URL.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # The two-factor page's QR code is inline SVG markup; Pico's and Swagger UI's icons are data: URLs.
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
    },
}
# Browser features Amanat never uses are off; WebAuthn (passkeys as a second factor) is allowed for us.
PERMISSIONS_POLICY = {
    **{
        feature: []
        for feature in (
            "accelerometer",
            "ambient-light-sensor",
            "autoplay",
            "bluetooth",
            "browsing-topics",
            "camera",
            "display-capture",
            "encrypted-media",
            "geolocation",
            "gyroscope",
            "hid",
            "identity-credentials-get",
            "idle-detection",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "otp-credentials",
            "payment",
            "screen-wake-lock",
            "serial",
            "usb",
            "window-management",
            "xr-spatial-tracking",
        )
    },
    "publickey-credentials-create": "self",
    "publickey-credentials-get": "self",
}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "amanat_language"
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Tashkent")
USE_I18N = True
# One way to write a date per language, shown with or without a format (amanat/formats/).
FORMAT_MODULE_PATH = ["amanat.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files (attachments) live outside the web root and are served only through views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Amanat <noreply@amanat.invalid>")

# Field encryption: AMANAT_KEYS="kid1:base64key,kid2:base64key" (the first encrypts) or a key file.
AMANAT_KEYS = env_secret("AMANAT_KEYS")
AMANAT_KEY_FILE = os.environ.get("AMANAT_KEY_FILE", str(BASE_DIR / "var" / "keys.txt"))
# Cases without a recorded statistics consent are counted in de-identified statistics (refusals never are).
AMANAT_COUNT_CASES_WITHOUT_STATISTICS_CONSENT = env_bool(
    "AMANAT_COUNT_CASES_WITHOUT_STATISTICS_CONSENT", True
)
# Small-cell protection: for readers without record-level access, figures below this show as "<5" (analytics).
AMANAT_SMALL_CELL_THRESHOLD = env_int("AMANAT_SMALL_CELL_THRESHOLD", 5)
# Differentially private tables (exchange.private_tables, docs/exchange.md): the ε (and δ) that may be spent
# on one dataset in one calendar year, and the ε of one public release by default (at most 1).
AMANAT_DP_TOTAL_EPSILON = float(os.environ.get("AMANAT_DP_TOTAL_EPSILON") or 3.0)
AMANAT_DP_TOTAL_DELTA = float(os.environ.get("AMANAT_DP_TOTAL_DELTA") or 1e-6)
AMANAT_DP_RELEASE_EPSILON = float(os.environ.get("AMANAT_DP_RELEASE_EPSILON") or 1.0)
# The first year of registration a private table counts (its years are a public list, empty ones included).
AMANAT_DP_FIRST_YEAR = env_int("AMANAT_DP_FIRST_YEAR", 2015)
# How long a built donor report is kept for its requester before its file is deleted (analytics.reports).
AMANAT_REPORT_RETENTION_HOURS = env_int("AMANAT_REPORT_RETENTION_HOURS", 72)
# How long a record-level HTCDS export file is kept for the user who asked for it (exchange.files).
AMANAT_EXPORT_RETENTION_DAYS = env_int("AMANAT_EXPORT_RETENTION_DAYS", 7)
# Duplicate checks (the network-wide "is this person known?") per user and hour.
AMANAT_DUPLICATE_CHECKS_PER_HOUR = env_int("AMANAT_DUPLICATE_CHECKS_PER_HOUR", 30)
AMANAT_ATTACHMENT_MAX_BYTES = env_int("AMANAT_ATTACHMENT_MAX_BYTES", 10 * 2**20)
# Where the public reaches this installation: the base of absolute links sent out (SMS opt-out links).
AMANAT_PUBLIC_URL = os.environ.get("AMANAT_PUBLIC_URL", "http://localhost:8000")

# Request bodies: a form's fields (files aside) at most DATA_UPLOAD_MAX_MEMORY_SIZE, an API body at most
# AMANAT_API_BODY_MAX_BYTES, an upload at most the attachment size plus its form; larger answers 413.
# JSON nested deeper than AMANAT_JSON_MAX_DEPTH answers 400 (Python's parser would recurse until 500).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 2**20)
AMANAT_API_BODY_MAX_BYTES = env_int("AMANAT_API_BODY_MAX_BYTES", 2**20)
AMANAT_JSON_MAX_DEPTH = env_int("AMANAT_JSON_MAX_DEPTH", 32)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# SMS sending (campaigns.services.sending): the file back-end's output (numbers and texts: under var/,
# never in the repository), the HTTP back-end's parallel connections, the SMPP back-end's window, the
# claims a worker takes at once, when a claim without an answer counts as lost (unconfirmed, never
# resent), retries and the consecutive failures that pause a broadcast.
AMANAT_SMS_FILE_PATH = os.environ.get("AMANAT_SMS_FILE_PATH") or str(BASE_DIR / "var" / "sms-outbox.jsonl")
AMANAT_SMS_HTTP_CONNECTIONS = env_int("AMANAT_SMS_HTTP_CONNECTIONS", 4)
AMANAT_SMS_SMPP_WINDOW = env_int("AMANAT_SMS_SMPP_WINDOW", 32)
AMANAT_SMS_BATCH_SIZE = env_int("AMANAT_SMS_BATCH_SIZE", 500)
AMANAT_SMS_CLAIM_SECONDS = env_int("AMANAT_SMS_CLAIM_SECONDS", 300)
AMANAT_SMS_RETRY_SECONDS = float(os.environ.get("AMANAT_SMS_RETRY_SECONDS") or 30)
AMANAT_SMS_MAX_ATTEMPTS = env_int("AMANAT_SMS_MAX_ATTEMPTS", 5)
AMANAT_SMS_PAUSE_AFTER_FAILURES = env_int("AMANAT_SMS_PAUSE_AFTER_FAILURES", 5)
# Waits shorter than this happen inside the worker; longer ones (quiet hours) re-enqueue the task.
AMANAT_SMS_WAIT_SECONDS = float(os.environ.get("AMANAT_SMS_WAIT_SECONDS") or 10)

# API tokens (django-rest-knox): stored as SHA-512 digests, a new one per request for a token,
# each valid for AMANAT_API_TOKEN_SECONDS (8 hours) and never extended by use.
AMANAT_API_TOKEN_SECONDS = env_int("AMANAT_API_TOKEN_SECONDS", 8 * 3600)
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 (a model name, not a secret)
# knox's own migrations create its default token table even when the model is swapped: skip them.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": timedelta(seconds=AMANAT_API_TOKEN_SECONDS),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Views with their own permission_classes start from [*api_settings.DEFAULT_PERMISSION_CLASSES, …]
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "api.permissions.SecondFactorPassed",
    ],
    # JSON only: DRF's browsable pages carry inline styles the CSP refuses, and their forms would list
    # related rows; the documentation to browse is Swagger UI at /api/v1/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Amanat API",
    "DESCRIPTION": "REST API of Amanat, the information system of counter-trafficking NGO networks.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name ("reason", "type") get one stable component name each.
    "ENUM_NAME_OVERRIDES": {
        "ClosureReasonEnum": "cases.models.choices.ClosureReason",
        "ReferralReasonEnum": "cases.models.choices.ReferralReason",
        "AssistanceServiceTypeEnum": "cases.models.choices.ServiceType",
        "OrganisationTypeEnum": "network.models.OrganisationType",
        "CaseSectionEnum": "cases.models.choices.Section",
        "ConsentStatusEnum": "cases.models.choices.ConsentStatus",
        "ConsentAnswerEnum": "cases.models.choices.consent_answer_choices",
        "ConsentMethodEnum": "cases.models.choices.consent_method_choices",
        "ProceedingStageEnum": "cases.models.choices.ProceedingStage",
        "EventTypeEnum": "cases.models.choices.EventType",
        "AppEnum": "cases.models.choices.App",
        "RecruiterRelationEnum": "cases.models.choices.RecruiterRelation",
        "ReferralOutcomeEnum": "cases.models.choices.ReferralOutcome",
        "ProceedingOutcomeEnum": "cases.models.choices.ProceedingOutcome",
        "CountryEnum": "network.countries.country_choices",
        "ContactOutcomeEnum": "hotline.models.choices.Outcome",
        "LanguageEnum": "hotline.models.choices.Language",
        "ShelterServiceEnum": "shelters.models.choices.ShelterService",
        "ServicesEnum": "network.models.Service",
        # Campaigns (issue 10): their channels and participants' sex are not the hotline's or the cases'.
        "CampaignChannelEnum": "campaigns.models.choices.Channel",
        "ParticipantSexEnum": "campaigns.models.choices.Sex",
        "ChannelEnum": "hotline.models.choices.Channel",
        "SexEnum": "cases.models.choices.Sex",
    },
    # Swagger UI and Redoc come from the installed sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request errors would print URLs and POST data; keep personal data out of logs.
        "django.request": {"level": "ERROR", "propagate": True},
    },
}
