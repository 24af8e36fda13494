"""A manager's rules for the organisation's SMS: the most segments one message may take and the quiet
hours, in the recipient's time zone, when nothing is sent. An organisation that never set them has the
defaults of ``SmsPolicy`` (two segments, quiet from 21:00 until 09:00)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.backends import require_perm
from audit.services import audit_record
from campaigns.models import SmsPolicy

CHANGE_POLICY = "campaigns.change_smspolicy"
# Ten concatenated segments are already a long letter; carriers refuse more than 255.
MOST_SEGMENTS = 10


def sms_policy_of(*, organisation) -> SmsPolicy:
    """The organisation's policy, or an unsaved one with the defaults when none was set."""
    # unscoped: one row per organisation, read for an organisation the caller has already reached.
    policy = SmsPolicy.unscoped.filter(organisation=organisation).first()
    return policy or SmsPolicy(organisation=organisation)


def _as_time(value) -> datetime.time:
    return datetime.time.fromisoformat(value) if isinstance(value, str) else value


@transaction.atomic
def sms_policy_update(
    *, organisation, by, max_segments: int, quiet_from: datetime.time, quiet_until: datetime.time
) -> SmsPolicy:
    """Set the organisation's policy (created on first use). Quiet hours from and until the same time
    mean none. PermissionDenied without ``campaigns.change_smspolicy``; ValidationError on the field."""
    require_perm(by, CHANGE_POLICY, organisation)
    if not 1 <= int(max_segments) <= MOST_SEGMENTS:
        raise ValidationError(
            {"max_segments": _("Allow between 1 and %(most)d segments.") % {"most": MOST_SEGMENTS}}
        )
    # unscoped: lock the organisation's one row (the permission was checked above).
    policy, _created = SmsPolicy.unscoped.select_for_update().get_or_create(organisation=organisation)
    policy.max_segments = int(max_segments)
    policy.quiet_from = _as_time(quiet_from)
    policy.quiet_until = _as_time(quiet_until)
    policy.save(update_fields=["max_segments", "quiet_from", "quiet_until", "updated_at"])
    audit_record(
        by=by,
        action="campaigns.sms_policy_updated",
        obj=policy,
        details={
            "max_segments": policy.max_segments,
            "quiet_from": policy.quiet_from.isoformat(timespec="minutes"),
            "quiet_until": policy.quiet_until.isoformat(timespec="minutes"),
        },
    )
    return policy


def quiet_hours_end(policy: SmsPolicy, moment: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime:
    """``moment`` itself when it falls outside the quiet hours in ``zone``, else the end of those quiet
    hours (the next ``quiet_until`` in that zone)."""
    quiet_from, quiet_until = _as_time(policy.quiet_from), _as_time(policy.quiet_until)
    if quiet_from == quiet_until:
        return moment
    local = moment.astimezone(zone)
    now = local.timetz().replace(tzinfo=None)
    if quiet_from < quiet_until:  # e.g. 13:00-15:00 the same day
        quiet, day = quiet_from <= now < quiet_until, local.date()
    elif now >= quiet_from:  # e.g. 21:00-09:00, the evening part: until tomorrow morning
        quiet, day = True, local.date() + datetime.timedelta(days=1)
    else:  # the morning part
        quiet, day = now < quiet_until, local.date()
    if not quiet:
        return moment
    return datetime.datetime.combine(day, quiet_until, tzinfo=zone).astimezone(moment.tzinfo)
