"""Where each HTCDS 2.0 field lives in Amanat (``htcds_mapping.csv``) and the standard's field list.

Used by the HTCDS import/export (``exchange``) and checked by ``tests/test_htcds_coverage.py``."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from cases.models import choices
from network.models import OrganisationType

HERE = Path(__file__).resolve().parent
FIELDS_FILE = HERE / "data" / "htcds_fields.csv"
MAPPING_FILE = HERE / "htcds_mapping.csv"


# org_Type on export. HTCDS has no value for a shelter operator (an NGO in its terms), an international
# organisation or a donor: those export as NGO, the nearest kind, or empty for donors (which are not
# service providers).
ORGANISATION_TYPES = {
    OrganisationType.NGO: "NGO",
    OrganisationType.SHELTER_OPERATOR: "NGO",
    OrganisationType.LAW_ENFORCEMENT: "LawEnforcement",
    OrganisationType.HEALTH: "HealthServiceOrganisation",
    OrganisationType.LEGAL: "LegalService",
    OrganisationType.IMMIGRATION: "ImmigrationService",
    OrganisationType.CORPORATE: "CorporateBusiness",
    OrganisationType.CENTRAL_GOVERNMENT: "CentralGovernmentOrganisation",
    OrganisationType.LOCAL_GOVERNMENT: "LocalGovernmentOrganisation",
    OrganisationType.EDUCATION: "SchoolOrCollege",
    OrganisationType.INTERNATIONAL: "NGO",
    OrganisationType.DONOR: "",
}


def organisation_type_export(value: str) -> str:
    """The HTCDS org_Type of one of our organisation types."""
    return ORGANISATION_TYPES[OrganisationType(value)]


@dataclass(frozen=True)
class HtcdsField:
    full_name: str
    core: bool
    deprecated: bool
    field_type: str
    value_names: tuple[str, ...]


@dataclass(frozen=True)
class Mapping:
    htcds_field: str
    model: str  # "app_label.Model", empty when the field is not stored
    field: str
    choices: str  # name of a TextChoices class in cases.models.choices, if any
    note: str

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def choices_class(self):
        return getattr(choices, self.choices) if self.choices else None


def _values(text: str) -> tuple[str, ...]:
    # Lists say "Use ISO …" instead of naming values: those are not value lists.
    if not text or text.startswith("Use ") or text.startswith("["):
        return ()
    return tuple(value.strip() for value in text.split("|"))


@cache
def fields() -> dict[str, HtcdsField]:
    with FIELDS_FILE.open(newline="", encoding="utf-8") as handle:
        return {
            row["full_name"]: HtcdsField(
                full_name=row["full_name"],
                core=row["core"] == "yes",
                deprecated=row["status"] == "DEPRECATED",
                field_type=row["field_type"],
                value_names=_values(row["value_names"]),
            )
            for row in csv.DictReader(handle)
        }


def core_fields() -> list[str]:
    return [name for name, field in fields().items() if field.core]


@cache
def mapping() -> dict[str, Mapping]:
    with MAPPING_FILE.open(newline="", encoding="utf-8") as handle:
        return {row["htcds_field"]: Mapping(**row) for row in csv.DictReader(handle)}


def resolves(entry: Mapping) -> bool:
    """Whether the mapped model has that field (or a property of that name, for derived values)."""
    model = entry.model_class
    try:
        model._meta.get_field(entry.field)
    except FieldDoesNotExist:
        return isinstance(getattr(model, entry.field, None), property)
    return True
