"""Changes to the network registry: organisations and programmes. Each writes its audit entry."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit.services import audit_record
from network.models import Organisation, Programme, ServiceType

PROFILE_FIELDS = (
    "name_en",
    "name_ru",
    "name_local",
    "short_name",
    "region",
    "city",
    "description",
    "public_phone",
    "public_email",
    "website",
    "public_address",
    "require_manager_approval",
)
ADMIN_FIELDS = (*PROFILE_FIELDS, "type", "country", "is_active")
PROGRAMME_FIELDS = ("name", "name_ru", "donor", "coordinator", "start_date", "end_date", "description")


def _require_perm(by, perm: str, obj=None) -> None:
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied


def _set_fields(instance, fields: dict, allowed: tuple[str, ...]) -> list[str]:
    """Set ``fields`` on ``instance``; the names whose stored value changes (a form may already have
    put the new values on the instance, so the comparison is with the database row)."""
    stored = type(instance)._base_manager.filter(pk=instance.pk).first() if instance.pk else None
    changed = []
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"{name} cannot be set here")
        setattr(instance, name, value)
        if stored is None or getattr(stored, name) != value:
            changed.append(name)
    return changed


def _set_related(relation, rows: Iterable, name: str, changed: list[str]) -> None:
    """Replace the rows of a many-to-many ``relation``; ``name`` joins ``changed`` when they differ."""
    rows = list(rows)
    before = set(relation.values_list("pk", flat=True))
    relation.set(rows)
    if before != {row.pk for row in rows}:
        changed.append(name)


@transaction.atomic
def organisation_create(*, by, services: Iterable[ServiceType] = (), **fields) -> Organisation:
    """Add an organisation to the registry (system administrators). PermissionDenied without
    ``network.add_organisation``; ValidationError when the region is not in the country."""
    _require_perm(by, "network.add_organisation")
    organisation = Organisation()
    _set_fields(organisation, fields, ADMIN_FIELDS)
    organisation.full_clean()
    organisation.save()
    organisation.services.set(services)
    audit_record(by=by, action="organisation.created", obj=organisation, organisation=organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, by, services: Iterable[ServiceType] | None = None, **fields
) -> Organisation:
    """Change an organisation's profile. A manager may change the profile fields only
    (``PROFILE_FIELDS``). PermissionDenied without ``network.change_organisation`` on the organisation;
    ValidationError when the region is not in the organisation's country."""
    _require_perm(by, "network.change_organisation", organisation)
    allowed = ADMIN_FIELDS if by.has_perm("network.add_organisation") else PROFILE_FIELDS
    changed = _set_fields(organisation, fields, allowed)
    organisation.full_clean()
    if fields:
        organisation.save(update_fields=list(fields))
    if services is not None:
        _set_related(organisation.services, services, "services", changed)
    audit_record(
        by=by,
        action="organisation.updated",
        obj=organisation,
        organisation=organisation,
        details={"fields": sorted(changed)},
    )
    return organisation


@transaction.atomic
def programme_create(*, by, members: Iterable[Organisation] = (), **fields) -> Programme:
    """Add a programme (system administrators). PermissionDenied without ``network.add_programme``;
    ValidationError when it ends before it starts."""
    _require_perm(by, "network.add_programme")
    programme = Programme()
    _set_fields(programme, fields, PROGRAMME_FIELDS)
    programme.full_clean()
    programme.save()
    programme.members.set(members)
    audit_record(by=by, action="programme.created", obj=programme)
    return programme


@transaction.atomic
def programme_update(
    *, programme: Programme, by, members: Iterable[Organisation] | None = None, **fields
) -> Programme:
    """PermissionDenied without ``network.change_programme`` on the programme."""
    _require_perm(by, "network.change_programme", programme)
    changed = _set_fields(programme, fields, PROGRAMME_FIELDS)
    programme.full_clean()
    if fields:
        programme.save(update_fields=list(fields))
    if members is not None:
        _set_related(programme.members, members, "members", changed)
    audit_record(by=by, action="programme.updated", obj=programme, details={"fields": sorted(changed)})
    return programme
