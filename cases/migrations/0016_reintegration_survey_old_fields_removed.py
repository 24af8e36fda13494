"""The scale of the assessments before the survey and the goals' achievement date go, once their values
moved (0011). A migration of its own: PostgreSQL alters no table with the data migration's updates pending."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_reintegration_survey"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="assessment",
            name="scale",
        ),
        migrations.RemoveField(
            model_name="historicalassessment",
            name="scale",
        ),
        migrations.RemoveField(
            model_name="historicalreintegrationgoal",
            name="achieved_on",
        ),
        migrations.RemoveField(
            model_name="reintegrationgoal",
            name="achieved_on",
        ),
    ]
