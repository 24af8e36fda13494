"""What a campaign did on each channel: activities, the airings of TV and radio spots, the participants
of events by sex and age band.

An activity belongs to the organisation that carried it out: the lead organisation's managers add
theirs, and a partner organisation's managers add their own activities to the campaign they share (and
change only those). SMS is not an activity here: broadcasts are their own records."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.backends import require_perm
from audit.services import audit_record
from campaigns.models import Activity, Airing, Campaign, Participation, choices
from network.models import Region

Channel = choices.Channel
COMMON_FIELDS = ("title", "region", "starts_on", "ends_on", "cost", "notes")
# The fields each channel records (the others are cleared); the forms show these only.
CHANNEL_FIELDS = {
    Channel.TV: ("outlet", "programme", "audience_estimate", "estimate_source"),
    Channel.RADIO: ("outlet", "programme", "audience_estimate", "estimate_source"),
    Channel.PRINT: ("copies", "distribution"),
    Channel.EVENT: ("outlet",),
    Channel.SOCIAL_MEDIA: ("outlet", "posts", "reach_estimate", "engagement", "estimate_source"),
}
CHANNEL_ONLY_FIELDS = tuple(
    dict.fromkeys(name for names in CHANNEL_FIELDS.values() for name in names if name != "outlet")
)
ACTIVITY_FIELDS = (*COMMON_FIELDS, "outlet", *CHANNEL_ONLY_FIELDS)
AIRED_CHANNELS = (Channel.TV, Channel.RADIO)
_NUMBERS = ("audience_estimate", "copies", "posts", "reach_estimate", "engagement")
_TEXTS = ("outlet", "programme", "estimate_source", "distribution", "notes")


def activity_organisation(*, campaign: Campaign, by):
    """The organisation whose activity ``by`` records: the lead's, else a partner's where ``by`` holds
    ``campaigns.add_activity``. PermissionDenied if neither."""
    if by.has_perm("campaigns.add_activity", campaign):
        return campaign.organisation
    for partner in campaign.partners.order_by("pk"):
        if by.has_perm("campaigns.add_activity", partner):
            return partner
    raise PermissionDenied


def _clean(fields: dict, *, campaign: Campaign, channel: str, activity: Activity | None) -> dict:
    unexpected = set(fields) - set(ACTIVITY_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    errors: dict[str, list] = {}

    def add(field, message, code):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    clean = dict(fields)
    if "title" in clean:
        clean["title"] = (clean["title"] or "").strip()
        if not clean["title"]:
            add("title", _("This field is required."), "required")
    for name in _TEXTS:
        if name in clean:
            clean[name] = (clean[name] or "").strip()
    for name in _NUMBERS:
        value = clean.get(name)
        if value is not None and int(value) < 0:
            add(name, _("Enter a number that is not negative."), "negative")
    if clean.get("cost") is not None:
        clean["cost"] = Decimal(str(clean["cost"]))
        if clean["cost"] < 0:
            add("cost", _("Enter a number that is not negative."), "negative")
    region = clean.get("region")
    if region is not None:
        if not isinstance(region, Region):
            add("region", _("Unknown region."), "unknown_region")
        elif not campaign.regions.filter(pk=region.pk).exists():
            add("region", _("Choose one of the campaign's regions."), "region_not_of_campaign")
    starts_on = clean.get("starts_on", activity.starts_on if activity else None)
    ends_on = clean.get("ends_on", activity.ends_on if activity else None)
    if starts_on and ends_on and ends_on < starts_on:
        add("ends_on", _("The activity cannot end before it starts."), "ends_before_start")
    estimate = clean.get("audience_estimate", activity.audience_estimate if activity else None)
    reach = clean.get("reach_estimate", activity.reach_estimate if activity else None)
    source = clean.get("estimate_source", activity.estimate_source if activity else "")
    if (estimate is not None or reach is not None) and not source:
        add("estimate_source", _("Say where the estimate comes from."), "estimate_without_source")
    if errors:
        raise ValidationError(errors)
    # What the channel does not record is cleared, so no stray figure is counted as reach.
    for name in CHANNEL_ONLY_FIELDS:
        if name not in CHANNEL_FIELDS[channel]:
            clean[name] = "" if name in _TEXTS else None
    return clean


def _check_channel(campaign: Campaign, channel: str) -> None:
    if channel == Channel.SMS:
        raise ValidationError(
            {"channel": _("SMS is sent as a broadcast, not recorded as an activity.")}, code="sms"
        )
    if channel not in CHANNEL_FIELDS:
        raise ValidationError(
            {"channel": _("Unknown value: %(value)s.") % {"value": channel}}, code="invalid"
        )
    if channel not in campaign.channels:
        raise ValidationError(
            {"channel": _("The campaign does not use this channel.")}, code="channel_not_of_campaign"
        )


@transaction.atomic
def activity_add(*, campaign: Campaign, by, channel: str, **fields) -> Activity:
    """An activity of ``by``'s organisation (the lead's or a partner's) on one of the campaign's channels."""
    organisation = activity_organisation(campaign=campaign, by=by)
    _check_channel(campaign, channel)
    fields.setdefault("title", None)
    clean = _clean(fields, campaign=campaign, channel=channel, activity=None)
    activity = Activity.objects.create(
        organisation=organisation, campaign=campaign, channel=channel, created_by=by, **clean
    )
    audit_record(
        by=by,
        action="activity.added",
        obj=campaign,
        organisation=organisation,
        details={"activity": activity.pk, "channel": channel},
    )
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, by, **fields) -> Activity:
    """Change an activity; only its own organisation's managers may (the channel stays)."""
    require_perm(by, "campaigns.change_activity", activity)
    # unscoped: lock the row the caller loaded through scope.
    activity = Activity.unscoped.select_for_update().select_related("campaign").get(pk=activity.pk)
    clean = _clean(fields, campaign=activity.campaign, channel=activity.channel, activity=activity)
    changed = [name for name, value in clean.items() if getattr(activity, name) != value]
    for name in changed:
        setattr(activity, name, clean[name])
    if changed:
        activity.save(update_fields=changed)
        audit_record(
            by=by,
            action="activity.updated",
            obj=activity.campaign,
            organisation=activity.organisation,
            details={"activity": activity.pk, "fields": sorted(changed)},
        )
    return activity


@transaction.atomic
def airing_add(
    *, activity: Activity, by, aired_at: datetime.datetime, duration_seconds: int | None = None
) -> Airing:
    """One airing of a TV or radio activity."""
    require_perm(by, "campaigns.change_activity", activity)
    if activity.channel not in AIRED_CHANNELS:
        raise ValidationError({"aired_at": _("Only TV and radio activities are aired.")}, code="not_aired")
    if aired_at is None:
        raise ValidationError({"aired_at": _("This field is required.")}, code="required")
    if duration_seconds is not None and duration_seconds < 0:
        raise ValidationError(
            {"duration_seconds": _("Enter a number that is not negative.")}, code="negative"
        )
    airing = Airing.objects.create(
        organisation_id=activity.organisation_id,
        campaign_id=activity.campaign_id,
        activity=activity,
        aired_at=aired_at,
        duration_seconds=duration_seconds,
    )
    audit_record(
        by=by,
        action="airing.added",
        obj=activity.campaign,
        organisation=activity.organisation,
        details={"activity": activity.pk, "airing": airing.pk},
    )
    return airing


@transaction.atomic
def participations_set(*, activity: Activity, by, counts: dict[tuple[str, str], int | None]) -> None:
    """The participants of an event by (sex, age band): a count replaces the band's, 0 or None removes it."""
    require_perm(by, "campaigns.change_activity", activity)
    if activity.channel != Channel.EVENT:
        raise ValidationError({"__all__": _("Only events have participants.")}, code="not_event")
    for (sex, band), count in counts.items():
        if sex not in choices.Sex.values or band not in choices.AgeBand.values:
            raise ValidationError({"__all__": _("Unknown sex or age band.")}, code="invalid_choice")
        if count is not None and count < 0:
            raise ValidationError({"__all__": _("Enter a number that is not negative.")}, code="negative")
    rows = {(p.sex, p.age_band): p for p in activity.participations.all()}
    changed = 0
    for (sex, band), count in counts.items():
        row = rows.get((sex, band))
        if not count:
            if row is not None:
                row.delete()
                changed += 1
        elif row is None:
            Participation.objects.create(
                organisation_id=activity.organisation_id,
                campaign_id=activity.campaign_id,
                activity=activity,
                sex=sex,
                age_band=band,
                count=count,
            )
            changed += 1
        elif row.count != count:
            row.count = count
            row.save(update_fields=["count"])
            changed += 1
    if changed:
        audit_record(
            by=by,
            action="participation.set",
            obj=activity.campaign,
            organisation=activity.organisation,
            details={"activity": activity.pk},
        )
