"""Start-up checks: every model with encrypted fields has the record key they are bound to; production
refuses demo encryption keys (``accounts.checks`` holds the other unsafe settings and refuses to start).

A key is a demo key when it is published (the test keys of this repository's conftest.py) or when its
key file was created automatically with DEBUG on: whoever ran that demo may hold a copy of it.
"""

import base64
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.checks import Error, Tags, register
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from privacy import crypto
from privacy.fields import RECORD_KEY, encrypted_fields_of


@checks.register(checks.Tags.models)
def encrypted_models_have_a_record_key(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    configs = app_configs if app_configs is not None else apps.get_app_configs()
    for model in (model for config in configs for model in config.get_models(include_auto_created=True)):
        if model._meta.proxy or not encrypted_fields_of(model):
            continue
        try:
            field = model._meta.get_field(RECORD_KEY)
        except FieldDoesNotExist:
            field = None
        if not isinstance(field, models.UUIDField):
            errors.append(
                checks.Error(
                    f"{model._meta.label} has encrypted fields but no '{RECORD_KEY}' UUID field.",
                    hint="Inherit privacy.models.EncryptedRecord (encrypted values are bound to the record).",
                    obj=model,
                    id="privacy.E001",
                )
            )
    return errors


# The keys of conftest.py's TEST_KEYS, published with the source code (a test keeps the two in step).
PUBLISHED_KEYS = {
    base64.b64decode(key)
    for key in (
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=",
    )
}
# A key file created in DEBUG before it carried DEMO_KEY_FILE_MARKER starts with this line.
DEMO_KEY_FILE_FIRST_LINE = (
    "# Amanat field-encryption keys: the first data key encrypts; keep older keys until"
)
KEYS_HINT = (
    "Generate production keys with 'python manage.py generate_key' and 'python manage.py generate_key "
    "--kid blind-index', and give them in AMANAT_KEYS (or AMANAT_KEYS_FILE) or in a key file of your own."
)


def _configured_keys() -> tuple[str, str, bool] | None:
    """(text, source, is a key file) of the configured keys; None when the key file does not exist."""
    if settings.AMANAT_KEYS:
        return settings.AMANAT_KEYS, "AMANAT_KEYS", False
    path = Path(settings.AMANAT_KEY_FILE) if settings.AMANAT_KEY_FILE else None
    if path is None or not path.is_file():
        return None
    return path.read_text(), f"AMANAT_KEY_FILE {path}", True


def missing_key_errors() -> list[Error]:
    """Keys that are not there: crypto refuses at first use; ``check --deploy`` says so beforehand."""
    configured = _configured_keys()
    kids = (
        []
        if configured is None
        else [kid for kid, _ in crypto._parse_entries(configured[0], source=configured[1])]
    )
    data_kids = [kid for kid in kids if not crypto.is_blind_index_kid(kid)]
    if (configured is None and settings.DEBUG) or (
        data_kids and any(crypto.is_blind_index_kid(kid) for kid in kids)
    ):
        return []  # with DEBUG on, the demo creates its key file at first use
    return [
        Error(
            "Personal data is encrypted, but AMANAT_KEYS or the key file AMANAT_KEY_FILE "
            f"({settings.AMANAT_KEY_FILE or 'not set'}) does not give a data key and a "
            f"{crypto.BLIND_INDEX_KID!r} key.",
            hint=KEYS_HINT,
            id="amanat.E006",
        )
    ]


def demo_key_errors() -> list[Error]:
    """Keys anybody may know: production refuses to start with them (``AccountsConfig.ready``)."""
    configured = _configured_keys()
    if configured is None:
        return []
    text, source, is_file = configured
    errors = []
    first_line = text.lstrip().partition("\n")[0].strip()
    if is_file and first_line in (crypto.DEMO_KEY_FILE_MARKER, DEMO_KEY_FILE_FIRST_LINE):
        errors.append(
            Error(
                f"{source} was created automatically with DEBUG on: its keys are demo keys.",
                hint=f"{KEYS_HINT} Data encrypted under the demo keys: add the new key first, keep the demo "
                "lines, run 'python manage.py rotate_keys', then remove the demo lines and this file's first "
                "comment line.",
                id="amanat.E004",
            )
        )
    published = [kid for kid, key in crypto._parse_entries(text, source=source) if key in PUBLISHED_KEYS]
    if published:
        errors.append(
            Error(
                f"{source} holds the published test key(s) {', '.join(published)}.",
                hint=KEYS_HINT,
                id="amanat.E003",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def encryption_keys_check(app_configs=None, **kwargs):
    return [*demo_key_errors(), *missing_key_errors()]
