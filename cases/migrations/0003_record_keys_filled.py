"""Fill the record keys in batches: a random key per record, and each history row the key of its
original row (rows whose original is gone share one new key per original id). Resumable: only rows
without a key are selected. Backwards it does nothing (0002 backwards drops the column)."""

import uuid

from django.db import migrations

BATCH = 500
MODELS = ['approvalrequest', 'assessment', 'assistanceservice', 'attachment', 'case', 'consent', 'followup', 'note', 'referral', 'reintegrationgoal', 'reintegrationplan', 'screening', 'story', 'traffickingevent', 'traffickingexperience', 'victim']


def record_keys_fill(apps, schema_editor):
    using = schema_editor.connection.alias
    for name in MODELS:
        model = apps.get_model("cases", name)
        history = apps.get_model("cases", f"historical{name}")
        # unscoped: a migration fills every organisation's rows.
        rows = model._base_manager.using(using).filter(record_key__isnull=True).order_by("pk")
        while batch := list(rows.values_list("pk", flat=True)[:BATCH]):
            model._base_manager.using(using).bulk_update(
                [model(pk=pk, record_key=uuid.uuid4()) for pk in batch], ["record_key"]
            )
        keys_of_gone_records = {}
        history_rows = history._base_manager.using(using).filter(record_key__isnull=True).order_by("pk")
        while batch := list(history_rows.values_list("history_id", "id")[:BATCH]):
            original_ids = {original_id for _history_id, original_id in batch}
            keys = dict(
                model._base_manager.using(using).filter(pk__in=original_ids).values_list("pk", "record_key")
            )
            for original_id in original_ids - keys.keys():
                keys[original_id] = keys_of_gone_records.setdefault(original_id, uuid.uuid4())
            history._base_manager.using(using).bulk_update(
                [history(history_id=history_id, record_key=keys[original_id]) for history_id, original_id in batch],
                ["record_key"],
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_record_keys_added")]

    operations = [migrations.RunPython(record_keys_fill, migrations.RunPython.noop)]
