"""Load the regions of the five republics (network/data/regions.csv) and the one list of services."""

import csv
from pathlib import Path

from django.db import migrations

REGIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "regions.csv"
SERVICES = [
    "shelter", "hotline", "reintegration", "legal_aid", "medical", "psychosocial",
    "vocational_training", "awareness_raising", "return_assistance", "family_tracing", "other",
]


def load(apps, schema_editor):
    Region = apps.get_model("network", "Region")
    ServiceType = apps.get_model("network", "ServiceType")
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row.pop("code")
            Region.objects.update_or_create(code=code, defaults=row)
    for code in SERVICES:
        ServiceType.objects.get_or_create(code=code)


def unload(apps, schema_editor):
    apps.get_model("network", "Region").objects.filter(organisations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
