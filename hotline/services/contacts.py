"""What changes the contact log: a live call's draft saved as the operator types, completed, turned into
a case or linked to one; flags on repeat callers.

Every function checks its permission (PermissionDenied), reports every error of what it was given at
once under the contact's own field names (ValidationError; nothing is saved), and writes its audit entry
(field names only: the values are the caller's)."""

from __future__ import annotations

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from accounts.backends import require_perm
from audit.services import audit_record
from cases import selectors as case_selectors, services as case_services
from hotline.callers import caller_hash as number_hash
from hotline.models import CallerFlag, CallerType, Channel, Contact, HeardVia, Language, Line, Outcome, Topic
from hotline.selectors.contacts import campaign_model
from hotline.vocabulary import Indicator
from network.countries import COUNTRY_CODES
from network.models import Organisation, Region, Service

# The fields an operator fills in (the form's, the API's and contact_save's names).
CONTACT_FIELDS = (
    "line",
    "channel",
    "started_at",
    "duration_seconds",
    "language",
    "caller_type",
    "caller_country",
    "caller_region",
    "country_of_concern",
    "topics",
    "heard_via",
    "heard_via_detail",
    "campaign",
    "indicators",
    "outcome",
    "referred_to_organisation",
    "referred_service",
    "referred_external_name",
    "follow_up_due",
    "notes",
    "number_consent",
)
_CHOICES = {
    "channel": Channel,
    "language": Language,
    "caller_type": CallerType,
    "heard_via": HeardVia,
    "outcome": Outcome,
    "referred_service": Service,
}
_LISTS = {"topics": Topic, "indicators": Indicator}
FLAG_DAYS = 90  # a flag nobody renews lapses after a quarter: callers change, numbers are reassigned
HOTLINE_REFERRAL_SOURCE = "hotline"  # cases' ReferralSource.HOTLINE
# How a caller may have heard of a campaign: only then does the contact name one.
CAMPAIGN_HEARD_VIA = (HeardVia.CAMPAIGN, HeardVia.TV, HeardVia.RADIO, HeardVia.SMS, HeardVia.SOCIAL_MEDIA)


def _campaign(contact: Contact, clean: dict, *, by, errors: _Errors):
    """The named campaign if the user may read it and the contact's organisation runs it."""
    campaign = clean.get("campaign")
    if campaign is None or campaign == "":
        return None
    model = campaign_model()
    pk = campaign.pk if isinstance(campaign, model) else campaign
    found = model.objects.visible_to(by).filter(pk=pk).first() if str(pk).isdigit() else None
    runs = found is not None and (
        found.organisation_id == contact.organisation_id
        or found.partners.filter(pk=contact.organisation_id).exists()
    )
    if not runs:
        # Another organisation's campaign answers like one that does not exist.
        errors.add("campaign", _("Unknown campaign."), "unknown_campaign")
        return None
    heard_via = clean.get("heard_via", contact.heard_via)
    if heard_via not in CAMPAIGN_HEARD_VIA:
        errors.add(
            "campaign",
            _(
                "Name a campaign only when the caller heard of the hotline via a campaign, TV, radio, "
                "SMS or social media."
            ),
            "campaign_without_channel",
        )
    return found


def _may_log_on(user, line: Line) -> bool:
    """Operators log calls on the lines they answer; managers on every line of their organisation."""
    if user.has_perm("hotline.view_every_contact", line):
        return True
    return line.operators.filter(pk=user.pk).exists()


class _Errors:
    def __init__(self):
        self.errors: dict[str, list] = {}

    def add(self, field: str, message, code: str) -> None:
        self.errors.setdefault(field, []).append(ValidationError(message, code=code))

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _region(value, errors: _Errors):
    if value is None or value == "" or isinstance(value, Region):
        return value or None
    region = Region.objects.filter(pk=str(value).upper()).first()
    if region is None:
        errors.add("caller_region", _("Unknown region."), "unknown_region")
    return region


def _clean(contact: Contact, fields: dict, *, by, errors: _Errors) -> dict:
    """The fields checked one by one; each error under its own name."""
    unexpected = set(fields) - set(CONTACT_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    clean = dict(fields)
    for name, vocabulary in _CHOICES.items():
        if clean.get(name) and clean[name] not in vocabulary.values:
            errors.add(name, _("Unknown value: %(value)s.") % {"value": clean[name]}, "invalid_choice")
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
    for name in ("caller_country", "country_of_concern"):
        if name in clean:
            clean[name] = (clean[name] or "").upper()
            if clean[name] and clean[name] not in COUNTRY_CODES:
                errors.add(
                    name, _("Unknown country code: %(codes)s.") % {"codes": clean[name]}, "invalid_country"
                )
    for name in ("heard_via_detail", "referred_external_name"):
        limit = Contact._meta.get_field(name).max_length
        if len(clean.get(name) or "") > limit:
            errors.add(name, _("At most %(limit)d characters.") % {"limit": limit}, "max_length")
    duration = clean.get("duration_seconds")
    if duration is not None and duration < 0:
        errors.add("duration_seconds", _("The duration cannot be below zero."), "duration_negative")
    if "caller_region" in clean:
        clean["caller_region"] = _region(clean["caller_region"], errors)
    region = clean.get("caller_region", contact.caller_region if contact.caller_region_id else None)
    country = clean.get("caller_country", contact.caller_country)
    if region is not None and "caller_region" not in errors.errors:
        if not country:
            errors.add(
                "caller_region", _("Choose the caller's country before the region."), "region_without_country"
            )
        elif region.country != country:
            errors.add(
                "caller_region", _("This region is not in the caller's country."), "region_not_in_country"
            )
    if clean.get("started_at") and clean["started_at"] > timezone.now() + datetime.timedelta(minutes=5):
        errors.add("started_at", _("The call cannot start in the future."), "future")
    line = clean.get("line")
    moved = line is not None and line.pk != contact.line_id
    if moved and (line.organisation_id != contact.organisation_id or not _may_log_on(by, line)):
        errors.add("line", _("You do not answer this line."), "not_operator")
    if "campaign" in clean:
        clean["campaign"] = _campaign(contact, clean, by=by, errors=errors)
    organisation = clean.get("referred_to_organisation")
    if organisation is not None and not isinstance(organisation, Organisation):
        errors.add("referred_to_organisation", _("Unknown organisation."), "unknown_organisation")
    return clean


def _number(contact: Contact, number: str | None, errors: _Errors) -> str | None:
    """The repeat-caller key of a typed number ('' leaves the known key as it is); None if unusable."""
    if not number:
        return None
    key = number_hash(number)
    if not key:
        errors.add("caller_number", _("This is not a phone number."), "invalid_number")
    return key


def _apply(contact: Contact, *, by, fields: dict, caller_number: str | None) -> list[str]:
    """Check everything, then set it on ``contact`` (not saved); ValidationError with every error."""
    errors = _Errors()
    clean = _clean(contact, fields, by=by, errors=errors)
    key = _number(contact, caller_number, errors)
    errors.raise_any()
    changed = []
    for name, value in clean.items():
        if name in ("heard_via_detail", "referred_service", "referred_external_name", "language"):
            value = value or ""
        if getattr(contact, name) != value:
            setattr(contact, name, value)
            changed.append(name)
    if key and key != contact.caller_hash:
        contact.caller_hash = key
        changed.append("caller_hash")
    consent = contact.number_consent
    # The number is kept only while the caller agrees; without consent it is never written.
    if consent and caller_number and caller_number != contact.caller_number:
        contact.caller_number = caller_number.strip()
        changed.append("caller_number")
    elif contact.caller_number and (not consent or (caller_number is not None and not caller_number.strip())):
        # Consent withdrawn, or the number wiped from the form: forget it (the repeat-caller key stays).
        contact.caller_number = None
        changed.append("caller_number")
    return changed


def _save(contact: Contact, changed: list[str]) -> None:
    contact.save(update_fields=[*dict.fromkeys([*changed, "updated_at"])])


@transaction.atomic
def contact_start(
    *,
    by,
    line: Line,
    channel: str = Channel.PHONE,
    started_at: datetime.datetime | None = None,
    caller_number: str | None = None,
    **fields,
) -> Contact:
    """A draft contact on ``line``, answered by ``by`` now (the live call's form opens one).

    PermissionDenied without ``hotline.add_contact`` in the line's organisation or for a line ``by``
    does not answer (managers may log on every line); ValidationError as ``contact_save``."""
    require_perm(by, "hotline.add_contact", line)
    if not line.is_active or not _may_log_on(by, line):
        raise PermissionDenied
    contact = Contact(
        organisation_id=line.organisation_id,
        line=line,
        operator=by,
        channel=channel,
        started_at=started_at or timezone.now(),
        is_draft=True,
    )
    _apply(contact, by=by, fields={"channel": channel, **fields}, caller_number=caller_number)
    contact.save()
    audit_record(by=by, action="hotline.contact_started", obj=contact, details={"line": line.pk})
    return contact


@transaction.atomic
def contact_save(*, contact: Contact, by, caller_number: str | None = None, **fields) -> Contact:
    """Save what the operator typed so far (the draft's autosave, or a change to a completed contact).

    ``caller_number`` is hashed into ``caller_hash`` (the repeat-caller key) whenever it is given; the
    number itself is kept (encrypted) only with ``number_consent``, and unticking the consent forgets it.
    Every error at once under its field (a duration below zero, an unknown region or one outside the
    caller's country …): then nothing is saved. PermissionDenied without ``hotline.change_contact``."""
    require_perm(by, "hotline.change_contact", contact)
    # unscoped: re-read and lock the contact the caller was given (already in the user's scope).
    contact = Contact.unscoped.select_for_update().get(pk=contact.pk)
    changed = _apply(contact, by=by, fields=fields, caller_number=caller_number)
    if not contact.is_draft:
        _check_complete(contact)
    if changed:
        _save(contact, changed)
        fields_changed = sorted(name for name in changed if name not in ("caller_number", "caller_hash"))
        audit_record(by=by, action="hotline.contact_saved", obj=contact, details={"fields": fields_changed})
    return contact


def _check_complete(contact: Contact) -> None:
    errors = _Errors()
    required = _("Needed to complete the contact.")
    for name in ("caller_type", "outcome"):
        if not getattr(contact, name):
            errors.add(name, required, "required")
    if not contact.topics:
        errors.add("topics", _("Choose at least one topic."), "required")
    if contact.outcome == Outcome.REFERRAL and not (
        contact.referred_to_organisation_id or contact.referred_external_name
    ):
        errors.add(
            "referred_to_organisation",
            _("Name the organisation the caller was referred to, in Amanat or outside it."),
            "required",
        )
    if contact.outcome == Outcome.CASE_OPENED and not contact.case_id:
        errors.add("outcome", _("Open a case or link one before choosing this outcome."), "no_case")
    errors.raise_any()


@transaction.atomic
def contact_complete(*, contact: Contact, by, caller_number: str | None = None, **fields) -> Contact:
    """Save the last answers and end the draft: the contact then counts in the statistics.

    Needs the caller type, at least one topic and the outcome (a referral names where to; "case opened"
    needs the case). The duration, when not given, is the time since the call started. ValidationError
    with every missing answer; PermissionDenied without ``hotline.change_contact``."""
    require_perm(by, "hotline.change_contact", contact)
    # unscoped: re-read and lock the contact the caller was given (already in the user's scope).
    contact = Contact.unscoped.select_for_update().get(pk=contact.pk)
    changed = _apply(contact, by=by, fields=fields, caller_number=caller_number)
    _check_complete(contact)
    if contact.duration_seconds is None:
        contact.duration_seconds = max(0, int((timezone.now() - contact.started_at).total_seconds()))
        changed.append("duration_seconds")
    was_draft = contact.is_draft
    contact.is_draft = False
    contact.completed_at = contact.completed_at or timezone.now()
    _save(contact, [*changed, "is_draft", "completed_at"])
    if was_draft:
        audit_record(by=by, action="hotline.contact_completed", obj=contact)
    return contact


def _topics_text(contact: Contact) -> str:
    labels = [str(Topic(code).label) for code in contact.topics]
    text = gettext("Hotline contact %(date)s") % {
        "date": timezone.localtime(contact.started_at).date().isoformat()
    }
    if labels:
        text = f"{text}: {', '.join(labels)}"
    return text[:200]


@transaction.atomic
def contact_case_open(*, contact: Contact, by):
    """Open a draft case for the caller through the one intake service, prefilled from the contact: the
    hotline as referral source, the topics in its details, the indicators heard, and the caller's
    country, region and language as the person's; then the contact records the case and the outcome
    "case opened". The caller is taken to be the victim (a caller type left empty becomes "victim").

    The case is the operator's to see (cases grants a case opened by a narrow role to its opener).
    PermissionDenied without ``hotline.change_contact`` or ``cases.add_case``; ValidationError when the
    contact already has a case, or the intake's own errors."""
    require_perm(by, "hotline.change_contact", contact)
    # unscoped: re-read and lock the contact the caller was given (already in the user's scope).
    contact = Contact.unscoped.select_for_update().get(pk=contact.pk)
    if contact.case_id:
        raise ValidationError({NON_FIELD_ERRORS: _("This contact already has a case.")}, code="has_case")
    person = {"referral_source": HOTLINE_REFERRAL_SOURCE, "referral_source_details": _topics_text(contact)}
    if contact.indicators:
        person["indicators"] = list(contact.indicators)
    if contact.caller_type in ("", CallerType.VICTIM):
        if contact.caller_country:
            person["mailing_country"] = contact.caller_country
        if contact.caller_region_id:
            person["home_region"] = contact.caller_region
        if contact.language:
            person["primary_language"] = contact.language
    case = case_services.intake_start(by=by, organisation=contact.organisation, **person)
    contact.case = case
    contact.outcome = Outcome.CASE_OPENED
    changed = ["case", "outcome"]
    if not contact.caller_type:
        contact.caller_type = CallerType.VICTIM
        changed.append("caller_type")
    contact.save(update_fields=[*changed, "updated_at"])
    audit_record(by=by, action="hotline.contact_case_opened", obj=contact, details={"case": case.code})
    return case


@transaction.atomic
def contact_case_link(*, contact: Contact, by, case) -> Contact:
    """Link the contact to an existing case the user can see (the caller's case, opened earlier).

    ValidationError for a case outside the user's scope or of another organisation; PermissionDenied
    without ``hotline.change_contact``."""
    require_perm(by, "hotline.change_contact", contact)
    visible = case_selectors.case_list(user=by).filter(pk=getattr(case, "pk", case)).first()
    if visible is None or visible.organisation_id != contact.organisation_id:
        raise ValidationError({"case": _("No case with this code that you can see.")}, code="unknown_case")
    # unscoped: re-read and lock the contact the caller was given (already in the user's scope).
    contact = Contact.unscoped.select_for_update().get(pk=contact.pk)
    if contact.case_id != visible.pk:
        contact.case = visible
        contact.save(update_fields=["case", "updated_at"])
        audit_record(by=by, action="hotline.contact_case_linked", obj=contact, details={"case": visible.code})
    return contact


@transaction.atomic
def caller_flag_set(
    *,
    by,
    organisation,
    caller_hash: str,
    kind: str,
    note: str = "",
    expires_at: datetime.datetime | None = None,
) -> CallerFlag:
    """Flag a repeat caller (abusive, prank, at risk) in ``organisation`` until ``expires_at`` (by default
    in FLAG_DAYS days). A flag of the same kind still running is renewed, not doubled.

    PermissionDenied without ``hotline.flag_caller``; ValidationError for an unknown kind, a caller
    without a number or an expiry in the past."""
    require_perm(by, "hotline.flag_caller", organisation)
    errors = _Errors()
    now = timezone.now()
    if kind not in CallerFlag.Kind.values:
        errors.add("kind", _("Unknown value: %(value)s.") % {"value": kind}, "invalid_choice")
    if not caller_hash:
        errors.add("caller_hash", _("A caller can be flagged only when the number is known."), "no_number")
    expires_at = expires_at or now + datetime.timedelta(days=FLAG_DAYS)
    if expires_at <= now:
        errors.add("expires_at", _("The flag must expire in the future."), "expired")
    errors.raise_any()
    # unscoped: the organisation's own flags for this caller (its permission checked above).
    running = (
        CallerFlag.unscoped.select_for_update()
        .active(now)
        .filter(organisation=organisation, caller_hash=caller_hash, kind=kind)
        .first()
    )
    if running is not None:
        running.expires_at, running.set_by = expires_at, by
        if note:
            running.note = note
        running.save(update_fields=["expires_at", "set_by", *(["note"] if note else [])])
        flag = running
    else:
        flag = CallerFlag.objects.create(
            organisation=organisation,
            caller_hash=caller_hash,
            kind=kind,
            note=note,
            set_by=by,
            expires_at=expires_at,
        )
    audit_record(by=by, action="hotline.caller_flagged", obj=flag, details={"kind": kind})
    return flag


@transaction.atomic
def caller_flag_end(*, flag: CallerFlag, by) -> CallerFlag:
    """End a flag now (it expires at once and stays in the history)."""
    require_perm(by, "hotline.flag_caller", flag)
    now = timezone.now()
    if flag.expires_at is None or flag.expires_at > now:
        flag.expires_at = now
        flag.save(update_fields=["expires_at"])
        audit_record(by=by, action="hotline.caller_flag_ended", obj=flag, details={"kind": flag.kind})
    return flag
