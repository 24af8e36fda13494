"""Notification moves from ``cases`` to this app: the state is taken over, the table stays as it is.

``cases.0002`` lets go of the model in its state at the same time; ``0002`` here then reshapes the table."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0001_initial"),
        ("network", "0002_regions_and_services"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=32, verbose_name="kind")),
                        ("case_code", models.CharField(blank=True, max_length=20, verbose_name="case code")),
                        ("url", models.CharField(blank=True, max_length=200, verbose_name="link")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                        ("emailed_at", models.DateTimeField(blank=True, null=True, verbose_name="e-mailed at")),
                        (
                            "case",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="cases.case",
                                verbose_name="case",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="network.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recipient",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["-created_at", "-pk"],
                        "db_table": "cases_notification",
                        "indexes": [
                            models.Index(fields=["recipient", "read_at"], name="cases_notif_recipie_042d3c_idx")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
