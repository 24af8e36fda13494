"""Campaigns and their creative materials.

A campaign belongs to its lead organisation: only that organisation's managers (``campaigns.add_campaign``,
``campaigns.change_campaign``) create and change it; its partners read it. Every function checks its
permission (PermissionDenied), reports every error of what it was given at once under the campaign's own
field names (ValidationError; nothing saved), and writes its audit entry (field names, no values)."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.backends import require_perm
from audit.services import audit_record
from campaigns.models import Campaign, Material, choices
from network.models import Organisation, OrganisationType, Programme, Region
from privacy.files import attachment_content_check, encrypted_file_save

CAMPAIGN_FIELDS = (
    "name",
    "partners",
    "programme",
    "donor",
    "starts_on",
    "ends_on",
    "target_groups",
    "regions",
    "languages",
    "key_messages",
    "channels",
    "currency",
    "budget",
    "spent",
)
_LISTS = {
    "target_groups": choices.TargetGroup,
    "languages": choices.Language,
    "channels": choices.Channel,
}
_MANY = ("partners", "regions")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class _Errors:
    def __init__(self):
        self.errors: dict[str, list] = {}

    def add(self, field: str, message, code: str) -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code))

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _clean(fields: dict, *, campaign: Campaign | None, organisation: Organisation) -> dict:
    unexpected = set(fields) - set(CAMPAIGN_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    errors = _Errors()
    clean = dict(fields)

    def current(name):
        if name in clean:
            return clean[name]
        if campaign is None:
            return None
        if name in _MANY:
            return list(getattr(campaign, name).all())
        return getattr(campaign, name)

    if "name" in clean:
        clean["name"] = (clean["name"] or "").strip()
        if not clean["name"]:
            errors.add("name", _("This field is required."), "required")
    for name, vocabulary in _LISTS.items():
        if name in clean:
            values = list(dict.fromkeys(clean[name] or []))
            unknown = [value for value in values if value not in vocabulary.values]
            if unknown:
                errors.add(
                    name,
                    _("Unknown value: %(value)s.") % {"value": ", ".join(map(str, unknown))},
                    "invalid_choice",
                )
            clean[name] = values
    if "channels" in clean and not clean["channels"]:
        errors.add("channels", _("Choose at least one channel."), "required")
    for name in ("starts_on", "ends_on"):
        if name in clean and clean[name] is None:
            errors.add(name, _("This field is required."), "required")
    starts_on, ends_on = current("starts_on"), current("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors.add("ends_on", _("The campaign cannot end before it starts."), "ends_before_start")
    if "partners" in clean:
        partners = list(dict.fromkeys(clean["partners"] or []))
        if any(not isinstance(partner, Organisation) for partner in partners):
            errors.add("partners", _("Unknown organisation."), "unknown_organisation")
        # The lead organisation is not its own partner.
        clean["partners"] = [p for p in partners if isinstance(p, Organisation) and p.pk != organisation.pk]
    donor = clean.get("donor")
    if donor is not None and (not isinstance(donor, Organisation) or donor.type != OrganisationType.DONOR):
        errors.add("donor", _("Choose a donor organisation."), "not_donor")
    programme = clean.get("programme")
    if programme is not None and not isinstance(programme, Programme):
        errors.add("programme", _("Unknown programme."), "unknown_programme")
    if "regions" in clean:
        regions = list(dict.fromkeys(clean["regions"] or []))
        if any(not isinstance(region, Region) for region in regions):
            errors.add("regions", _("Unknown region."), "unknown_region")
        regions = [region for region in regions if isinstance(region, Region)]
        # A campaign runs where its organisations work: the countries of the lead and the partners.
        countries = {organisation.country, *(p.country for p in current("partners") or [])}
        foreign = sorted(str(region) for region in regions if region.country not in countries)
        if foreign:
            errors.add(
                "regions",
                _("Not in a country of the lead or partner organisations: %(regions)s.")
                % {"regions": ", ".join(foreign)},
                "region_not_in_country",
            )
        clean["regions"] = regions
    if "currency" in clean:
        clean["currency"] = (clean["currency"] or "").strip().upper()
        if not _CURRENCY.match(clean["currency"]):
            errors.add("currency", _("Enter a three-letter currency code (ISO 4217)."), "invalid_currency")
    for name in ("budget", "spent"):
        value = clean.get(name)
        if value is not None:
            clean[name] = Decimal(str(value))
            if clean[name] < 0:
                errors.add(name, _("Enter a number that is not negative."), "negative")
    if "key_messages" in clean:
        clean["key_messages"] = clean["key_messages"] or ""
    errors.raise_any()
    return clean


def _set_many(campaign: Campaign, clean: dict) -> list[str]:
    changed = []
    for name in _MANY:
        if name not in clean:
            continue
        manager = getattr(campaign, name)
        wanted = {obj.pk for obj in clean[name]}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(clean[name])
            changed.append(name)
    return changed


@transaction.atomic
def campaign_create(*, organisation: Organisation, by, **fields) -> Campaign:
    """A campaign led by ``organisation`` (one where ``by`` manages campaigns)."""
    require_perm(by, "campaigns.add_campaign", organisation)
    for required in ("name", "starts_on", "ends_on", "channels"):
        fields.setdefault(required, None)
    clean = _clean(fields, campaign=None, organisation=organisation)
    many = {name: clean.pop(name) for name in _MANY if name in clean}
    campaign = Campaign.objects.create(organisation=organisation, created_by=by, **clean)
    _set_many(campaign, many)
    audit_record(by=by, action="campaign.created", obj=campaign, details={"campaign": campaign.pk})
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, by, **fields) -> Campaign:
    """Change what is given; only the lead organisation's managers may (partners read)."""
    require_perm(by, "campaigns.change_campaign", campaign)
    # unscoped: lock the row the caller loaded through scope.
    campaign = Campaign.unscoped.select_for_update().get(pk=campaign.pk)
    clean = _clean(fields, campaign=campaign, organisation=campaign.organisation)
    many = {name: clean.pop(name) for name in _MANY if name in clean}
    changed = [name for name, value in clean.items() if getattr(campaign, name) != value]
    for name in changed:
        setattr(campaign, name, clean[name])
    if changed:
        campaign.save(update_fields=[*changed, "updated_at"])
    changed += _set_many(campaign, many)
    if changed:
        audit_record(by=by, action="campaign.updated", obj=campaign, details={"fields": sorted(changed)})
    return campaign


@transaction.atomic
def material_add(*, campaign: Campaign, by, title: str, content, file_name: str) -> Material:
    """A creative material (poster, spot, leaflet) stored encrypted, under the attachment rules (size
    limit and type read from the bytes: ValidationError on ``file``). The lead organisation's."""
    require_perm(by, "campaigns.add_material", campaign)
    if hasattr(content, "read"):
        content = content.read()
    errors = _Errors()
    title = (title or "").strip()
    if not title:
        errors.add("title", _("This field is required."), "required")
    try:
        content_type = attachment_content_check(content)
    except ValidationError as error:
        errors.errors.update(error.error_dict)
    errors.raise_any()
    material = Material(
        organisation_id=campaign.organisation_id,
        campaign=campaign,
        title=title,
        file_name=(file_name or "")[-200:],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
    material.storage_name = encrypted_file_save(model=Material, name=material.storage_name, content=content)
    material.save()
    audit_record(
        by=by,
        action="material.added",
        obj=campaign,
        details={"material": material.pk, "type": content_type},
    )
    return material
