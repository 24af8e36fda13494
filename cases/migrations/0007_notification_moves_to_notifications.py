"""Notification is now the ``notifications`` app's (its 0001 takes over the state; the table is kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_ciphertexts_bound_to_records"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
