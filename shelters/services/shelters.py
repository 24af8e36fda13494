"""Shelters, their staff, rooms and beds."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from network.models import Region
from shelters.models import Bed, Room, Shelter, ShelterStaff, Stay, choices
from shelters.services.common import case_access_end, case_access_grant, check_choices, require_perm

SHELTER_FIELDS = (
    "name",
    "city",
    "region",
    "address",
    "target_groups",
    "capacity",
    "tracks_beds",
    "services",
    "rules",
    "is_active",
)


def _clean(fields: dict, organisation) -> dict:
    region = fields.get("region")
    if "region" in fields:
        if isinstance(region, str):
            region = Region.objects.filter(pk=region.upper()).first()
            if region is None:
                raise ValidationError({"region": _("Unknown region.")}, code="unknown_region")
            fields["region"] = region
        if region is None:
            raise ValidationError({"region": _("This field is required.")}, code="required")
    if "target_groups" in fields:
        fields["target_groups"] = check_choices(
            "target_groups", fields["target_groups"], choices.TargetGroup.values
        )
        if not fields["target_groups"]:
            raise ValidationError({"target_groups": _("Choose at least one target group.")}, code="required")
    if "services" in fields:
        fields["services"] = check_choices("services", fields["services"], choices.ShelterService.values)
    if "capacity" in fields:
        capacity = fields["capacity"]
        if capacity is None or int(capacity) < 0:
            raise ValidationError({"capacity": _("Enter a number that is not negative.")}, code="invalid")
        fields["capacity"] = int(capacity)
    if "name" in fields and not (fields["name"] or "").strip():
        raise ValidationError({"name": _("This field is required.")}, code="required")
    return fields


def _check_capacity_not_below_residents(shelter: Shelter) -> None:
    # unscoped: the service counts the shelter's own open stays (no row leaves the service).
    residents = Stay.unscoped.filter(shelter_id=shelter.pk, discharged_on__isnull=True).count()
    if shelter.capacity < residents:
        raise ValidationError(
            {
                "capacity": _("%(count)d residents live here now: the capacity cannot be smaller.")
                % {"count": residents}
            },
            code="below_residents",
        )


@transaction.atomic
def shelter_create(*, organisation, by, staff=(), **fields) -> Shelter:
    require_perm(by, "shelters.add_shelter", organisation)
    unexpected = set(fields) - set(SHELTER_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    for required in ("name", "city", "region", "capacity", "target_groups"):
        fields.setdefault(required, None if required != "target_groups" else [])
    fields = _clean(fields, organisation)
    if Shelter.unscoped.filter(
        organisation=organisation, name=fields["name"]
    ).exists():  # unscoped: a unique check
        raise ValidationError(
            {"name": _("Your organisation already has a shelter of this name.")}, code="unique"
        )
    shelter = Shelter.objects.create(organisation=organisation, **fields)
    shelter_staff_set(shelter=shelter, users=staff, by=by)
    audit_record(by=by, action="shelter.created", obj=shelter, details={"shelter": shelter.pk})
    return shelter


@transaction.atomic
def shelter_update(*, shelter: Shelter, by, staff=None, **fields) -> Shelter:
    require_perm(by, "shelters.change_shelter", shelter)
    unexpected = set(fields) - set(SHELTER_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    # unscoped: lock the row the caller loaded through scope, so admissions wait for the new capacity.
    shelter = Shelter.unscoped.select_for_update().get(pk=shelter.pk)
    fields = _clean(fields, shelter.organisation)
    changed = [name for name, value in fields.items() if getattr(shelter, name) != value]
    for name in changed:
        setattr(shelter, name, fields[name])
    if shelter.tracks_beds and shelter.beds.exists():
        shelter.capacity = shelter.beds.filter(is_active=True).count()
        changed.append("capacity")
    _check_capacity_not_below_residents(shelter)
    if changed:
        shelter.save(update_fields=sorted(set(changed)))
        audit_record(by=by, action="shelter.updated", obj=shelter, details={"fields": sorted(set(changed))})
    if staff is not None:
        shelter_staff_set(shelter=shelter, users=staff, by=by)
    return shelter


def shelter_staff_set(*, shelter: Shelter, users, by) -> None:
    """Who works in the shelter: members of its organisation who hold ``shelters.admit_resident``.

    A new staff member is granted access to the case of every current resident; one removed loses it."""
    users = {user.pk: user for user in users}
    for user in users.values():
        if not user.has_perm("shelters.admit_resident", shelter):
            raise ValidationError(
                {"staff": _("%(user)s does not work with shelters in this organisation.") % {"user": user}},
                code="not_staff",
            )
    current = set(ShelterStaff.objects.filter(shelter=shelter).values_list("user_id", flat=True))
    added, removed = set(users) - current, current - set(users)
    if not added and not removed:
        return
    ShelterStaff.objects.bulk_create([ShelterStaff(shelter=shelter, user_id=pk) for pk in sorted(added)])
    ShelterStaff.objects.filter(shelter=shelter, user_id__in=removed).delete()
    residents = list(shelter.stays.filter(discharged_on__isnull=True).select_related("case"))
    for stay in residents:
        for pk in sorted(added):
            case_access_grant(case=stay.case, user=users[pk], by=by)
        for pk in sorted(removed):
            case_access_end(case=stay.case, by=by, user=_user(pk))
    audit_record(
        by=by,
        action="shelter.staff_changed",
        obj=shelter,
        details={"added": sorted(added), "removed": sorted(removed)},
    )


def _user(pk: int):
    from accounts.models import User

    return User.objects.get(pk=pk)


@transaction.atomic
def room_add(*, shelter: Shelter, by, name: str) -> Room:
    require_perm(by, "shelters.change_shelter", shelter)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("This field is required.")}, code="required")
    if shelter.rooms.filter(name=name).exists():
        raise ValidationError({"name": _("This shelter already has a room of this name.")}, code="unique")
    room = Room.objects.create(organisation_id=shelter.organisation_id, shelter=shelter, name=name)
    audit_record(by=by, action="shelter.room_added", obj=shelter, details={"room": room.pk})
    return room


@transaction.atomic
def bed_add(*, shelter: Shelter, by, label: str, room: Room | None = None) -> Bed:
    """Add a bed; the shelter then records beds, and its capacity is the number of beds in use."""
    require_perm(by, "shelters.change_shelter", shelter)
    # unscoped: lock the row the caller loaded through scope (the capacity changes with the bed).
    shelter = Shelter.unscoped.select_for_update().get(pk=shelter.pk)
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": _("This field is required.")}, code="required")
    if room is not None and room.shelter_id != shelter.pk:
        raise ValidationError({"room": _("This room is not in this shelter.")}, code="invalid")
    if shelter.beds.filter(label=label).exists():
        raise ValidationError({"label": _("This shelter already has a bed of this name.")}, code="unique")
    bed = Bed.objects.create(organisation_id=shelter.organisation_id, shelter=shelter, room=room, label=label)
    shelter.tracks_beds = True
    shelter.capacity = shelter.beds.filter(is_active=True).count()
    shelter.save(update_fields=["tracks_beds", "capacity"])
    audit_record(by=by, action="shelter.bed_added", obj=shelter, details={"bed": bed.pk})
    return bed
