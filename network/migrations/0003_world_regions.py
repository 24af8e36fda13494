"""Every country's first-level subdivisions (ISO 3166-2, from pycountry), so that places of recruitment
and exploitation outside the five republics have regions too.

The regions already loaded (network/data/regions.csv: the five republics, with curated Russian and local
names) stay as they are. Russian names come from network/data/regions_ru.csv (Russia's federal subjects,
which pycountry gives only in transliteration), else pycountry's Russian catalogue, else the English name.
First-level means a subdivision without a parent; written in batches."""

import csv
import gettext
from pathlib import Path

import pycountry
from django.db import migrations

RUSSIAN_NAMES_CSV = Path(__file__).resolve().parent.parent / "data" / "regions_ru.csv"
BATCH = 500


def first_level_subdivisions():
    return sorted(
        (subdivision for subdivision in pycountry.subdivisions if subdivision.parent_code is None),
        key=lambda subdivision: subdivision.code,
    )


def russian_names() -> dict[str, str]:
    with RUSSIAN_NAMES_CSV.open(encoding="utf-8") as handle:
        return {row["code"]: row["name_ru"] for row in csv.DictReader(handle)}


def load(apps, schema_editor):
    Region = apps.get_model("network", "Region")
    curated = russian_names()
    catalogue = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    existing = set(Region.objects.values_list("code", flat=True))
    new = [
        Region(
            code=subdivision.code,
            country=subdivision.country_code,
            kind="city" if "city" in subdivision.type.lower() else "region",
            name_en=subdivision.name,
            name_ru=curated.get(subdivision.code) or catalogue.gettext(subdivision.name),
        )
        for subdivision in first_level_subdivisions()
        if subdivision.code not in existing
    ]
    for start in range(0, len(new), BATCH):
        Region.objects.bulk_create(new[start : start + BATCH])


def unload(apps, schema_editor):
    Region = apps.get_model("network", "Region")
    curated_csv = Path(__file__).resolve().parent.parent / "data" / "regions.csv"
    with curated_csv.open(encoding="utf-8") as handle:
        kept = {row["code"] for row in csv.DictReader(handle)}
    # Regions a record points to stay (PROTECT): only unused ones go.
    Region.objects.exclude(code__in=kept).filter(organisations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0002_regions_and_services")]
    operations = [migrations.RunPython(load, unload)]
