"""A model with encrypted fields but no record key is a start-up error, not a silent unbound value."""

from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from privacy.checks import encrypted_models_have_a_record_key
from privacy.fields import EncryptedTextField
from privacy.models import EncryptedRecord


@isolate_apps("privacy")
def test_model_with_encrypted_field_and_no_record_key_fails_the_check():
    class Caller(models.Model):
        phone = EncryptedTextField()

        def __str__(self):
            return "caller"

    class BoundCaller(EncryptedRecord):
        phone = EncryptedTextField()

    errors = encrypted_models_have_a_record_key(app_configs=[Caller._meta.apps.get_app_config("privacy")])

    assert [(error.id, error.obj) for error in errors] == [("privacy.E001", Caller)]


def test_every_installed_model_with_encrypted_fields_has_a_record_key():
    assert encrypted_models_have_a_record_key(app_configs=list(apps.get_app_configs())) == []
