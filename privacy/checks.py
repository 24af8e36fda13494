"""Start-up checks: every model with encrypted fields has the record key they are bound to."""

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models

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
