"""Encrypt the values of the columns 0005 made encrypted, and bind every older encrypted value to its
record (``v1`` → ``v2``, see ``privacy.crypto``), in batches, tables and history tables alike.

Safe choice: after this migration, fields read only ``v2`` values; a ``v1`` value that a process of the
previous version still writes during an upgrade is refused when read, and ``rotate_keys`` binds it. So
no copied, unbound value is ever accepted at read time. Needs the data keys (as the application does).
Backwards: the values are unbound (``v2`` → ``v1``) and the new columns decrypted back to clear text."""

from django.db import migrations

from privacy import rotation

NEWLY_ENCRYPTED = {
    "screening": ["referral_source_details"],
    "traffickingevent": ["city"],
    "story": ["title", "review_comment"],
    "referral": ["decline_reason"],
    "assistanceservice": ["unit"],
}


def _columns(apps, using):
    """(model, field, newly encrypted) for every encrypted column of cases, history tables included."""
    for model, field in rotation.encrypted_fields(apps):
        if model._meta.app_label != "cases":
            continue
        # unscoped: a migration rewrites every organisation's rows; empty tables need no keys.
        if not model._base_manager.using(using).exists():
            continue
        base = model._meta.model_name.removeprefix("historical")
        yield model, field, field.name in NEWLY_ENCRYPTED.get(base, ())


def ciphertexts_bind(apps, schema_editor):
    using = schema_editor.connection.alias
    for model, field, newly in _columns(apps, using):
        tally = rotation.Tally(f"{model._meta.label_lower}.{field.name}")
        if newly:
            rotation.field_encrypt_clear(model, field, tally=tally, using=using)
        else:
            rotation.field_rebind(model, field, tally=tally, using=using)
        if tally.failed:
            raise RuntimeError(f"{tally.label}: {tally.failed} values could not be decrypted (missing key?)")


def ciphertexts_unbind(apps, schema_editor):
    using = schema_editor.connection.alias
    for model, field, newly in _columns(apps, using):
        tally = rotation.Tally(f"{model._meta.label_lower}.{field.name}")
        if newly:
            rotation.field_decrypt_to_clear(model, field, tally=tally, using=using)
        else:
            rotation.field_unbind(model, field, tally=tally, using=using)
        if tally.failed:
            raise RuntimeError(f"{tally.label}: {tally.failed} values could not be decrypted (missing key?)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_free_text_encrypted")]

    operations = [migrations.RunPython(ciphertexts_bind, ciphertexts_unbind)]
