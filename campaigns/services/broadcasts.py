"""SMS broadcasts: composed as drafts, previewed before every send, started into one queued message per
distinct number, and paused, resumed or cancelled.

Every message ends with the recipient's opt-out link, added as a fixed-length footer (``STOP: <url>``;
every opt-out token has the same length), so segments are counted on the final text before anything is
queued. Recipients are the distinct numbers (by ``number_hash``) across the broadcast's lists, minus the
organisation's opt-outs; each gets the text of its language, else the first text.

Scheduling: a broadcast started with ``scheduled_for`` in the future is ``scheduled`` and its messages
carry ``not_before``; ``broadcast_due_task`` is enqueued to run at that moment and turns it to
``sending`` (``broadcast_due``). Quiet hours move each message's ``not_before`` in the recipient's time
zone; the sending worker skips messages not yet due."""

from __future__ import annotations

import datetime
import hashlib
import json
import zoneinfo
from dataclasses import dataclass, field
from functools import cache

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from phonenumbers import timezone as number_time_zones

from accounts.backends import require_perm
from audit.services import audit_record
from campaigns import segments as sms_segments
from campaigns.models import (
    Broadcast,
    BroadcastText,
    Campaign,
    Gateway,
    Message,
    OptOut,
    Subscriber,
    SubscriberList,
    choices,
)
from campaigns.services import pricing
from campaigns.services.opt_outs import opt_out_url
from campaigns.services.sms_policy import quiet_hours_end, sms_policy_of

ADD_BROADCAST = "campaigns.add_broadcast"
SEND_BROADCAST = "campaigns.send_broadcast"
BATCH_SIZE = 5_000
Status = choices.BroadcastStatus
MessageStatus = choices.MessageStatus

# Where an organisation's recipients are when neither the subscriber nor the number says: the zone of
# the country's capital for the region's countries (Kazakhstan has kept one zone since 2024).
COUNTRY_ZONES = {
    "TJ": "Asia/Dushanbe",
    "UZ": "Asia/Tashkent",
    "KG": "Asia/Bishkek",
    "KZ": "Asia/Almaty",
    "TM": "Asia/Ashgabat",
    "RU": "Europe/Moscow",
}


# The opt-out link -------------------------------------------------------------------------------------


class _SampleSubscriber:
    # Every token is secrets.token_urlsafe(16): 22 characters of the URL-safe alphabet (all GSM-7).
    opt_out_token = "x" * 22


def message_footer(subscriber) -> str:
    return f" STOP: {opt_out_url(subscriber)}"


def message_body(*, body: str, subscriber) -> str:
    """The text as it goes to ``subscriber``: the broadcast text and the recipient's opt-out link."""
    return f"{body}{message_footer(subscriber)}"


def text_segments(body: str) -> sms_segments.Segments:
    """The segments the final text takes (the footer has the same length for everybody)."""
    return sms_segments.segments_count(message_body(body=body, subscriber=_SampleSubscriber))


# Composing --------------------------------------------------------------------------------------------


def _clean(*, organisation, broadcast: Broadcast | None, values: dict) -> dict:
    errors: dict[str, str] = {}
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
        if not values["name"]:
            errors["name"] = _("Give the broadcast a name.")
    if "campaign" in values and (
        values["campaign"] is None or values["campaign"].organisation_id != organisation.pk
    ):
        errors["campaign"] = _("Choose a campaign your organisation runs.")
    if "gateway" in values and (
        values["gateway"] is None or values["gateway"].organisation_id != organisation.pk
    ):
        errors["gateway"] = _("Choose a gateway of your organisation.")
    if "lists" in values:
        values["lists"] = list(values["lists"] or [])
        if not values["lists"]:
            errors["lists"] = _("Choose at least one subscriber list.")
        elif any(sms_list.organisation_id != organisation.pk for sms_list in values["lists"]):
            errors["lists"] = _("Choose lists of your organisation.")
    if "texts" in values:
        texts = [
            {"language": text.get("language") or "", "body": (text.get("body") or "").strip()}
            for text in values["texts"] or []
            if (text.get("body") or "").strip()
        ]
        languages = [text["language"] for text in texts]
        if not texts:
            errors["texts"] = _("Write the message in at least one language.")
        elif any(language not in choices.Language.values for language in languages):
            errors["texts"] = _("Choose a language for each text.")
        elif len(set(languages)) != len(languages):
            errors["texts"] = _("Write one text per language.")
        values["texts"] = texts
    scheduled_for = values.get("scheduled_for")
    if scheduled_for is not None and timezone.is_naive(scheduled_for):
        errors["scheduled_for"] = _("Give the time with its time zone.")
    if broadcast is not None and broadcast.status != Status.DRAFT:
        errors["status"] = _("Only a draft can be changed; this broadcast has been started.")
    if errors:
        raise ValidationError(errors)
    return values


def _texts_set(broadcast: Broadcast, texts: list[dict]) -> None:
    # unscoped: the texts of the broadcast being written (its permission was checked by the caller).
    BroadcastText.unscoped.filter(broadcast=broadcast).delete()
    BroadcastText.unscoped.bulk_create(
        BroadcastText(organisation_id=broadcast.organisation_id, broadcast=broadcast, position=index, **text)
        for index, text in enumerate(texts)
    )


def _details(broadcast: Broadcast) -> dict:
    return {
        "campaign": broadcast.campaign_id,
        "gateway": broadcast.gateway_id,
        "lists": sorted(broadcast.lists.values_list("pk", flat=True)),
        # unscoped: the texts of the broadcast just written; languages only, never the text.
        "languages": list(
            BroadcastText.unscoped.filter(broadcast=broadcast).values_list("language", flat=True)
        ),
        "scheduled_for": broadcast.scheduled_for.isoformat() if broadcast.scheduled_for else None,
    }


@transaction.atomic
def broadcast_create(
    *,
    organisation,
    by,
    campaign: Campaign,
    name: str,
    gateway: Gateway,
    lists,
    texts: list[dict],
    region=None,
    scheduled_for: datetime.datetime | None = None,
) -> Broadcast:
    """A draft broadcast of ``organisation``'s ``campaign`` to ``lists`` through ``gateway``, with one
    text per language (``[{"language": "ru", "body": "…"}]``, the first is for everyone else).

    PermissionDenied without ``campaigns.add_broadcast``; ValidationError with field errors (a campaign,
    gateway or list of another organisation, no text, a language twice)."""
    require_perm(by, ADD_BROADCAST, organisation)
    values = _clean(
        organisation=organisation,
        broadcast=None,
        values={
            "campaign": campaign,
            "name": name,
            "gateway": gateway,
            "lists": lists,
            "texts": texts,
            "scheduled_for": scheduled_for,
        },
    )
    lists, texts = values.pop("lists"), values.pop("texts")
    broadcast = Broadcast.objects.create(organisation=organisation, created_by=by, region=region, **values)
    broadcast.lists.set(lists)
    _texts_set(broadcast, texts)
    audit_record(by=by, action="campaigns.broadcast_created", obj=broadcast, details=_details(broadcast))
    return broadcast


BROADCAST_FIELDS = ("campaign", "name", "gateway", "lists", "texts", "region", "scheduled_for")


@transaction.atomic
def broadcast_update(*, broadcast: Broadcast, by, **fields) -> Broadcast:
    """Change ``fields`` (of ``BROADCAST_FIELDS``) of a draft; ``texts`` replaces every text.
    ValidationError (field ``status``) once the broadcast has been started."""
    unknown = set(fields) - set(BROADCAST_FIELDS)
    if unknown:
        raise TypeError(f"broadcast_update() got unexpected fields: {sorted(unknown)}")
    require_perm(by, ADD_BROADCAST, broadcast)
    # unscoped: lock the row of a broadcast the caller may change (checked above).
    broadcast = Broadcast.unscoped.select_for_update().get(pk=broadcast.pk)
    values = _clean(organisation=broadcast.organisation, broadcast=broadcast, values=dict(fields))
    lists, texts = values.pop("lists", None), values.pop("texts", None)
    for name, value in values.items():
        setattr(broadcast, name, value)
    if values:
        broadcast.save(update_fields=list(values))
    if lists is not None:
        broadcast.lists.set(lists)
    if texts is not None:
        _texts_set(broadcast, texts)
    audit_record(
        by=by,
        action="campaigns.broadcast_updated",
        obj=broadcast,
        details={"changed": sorted(fields), **_details(broadcast)},
    )
    return broadcast


# Recipients and the preview ---------------------------------------------------------------------------


def _texts_of(broadcast: Broadcast) -> list[BroadcastText]:
    # unscoped: the texts of a broadcast the caller has reached through its scope.
    return list(BroadcastText.unscoped.filter(broadcast=broadcast).order_by("position", "pk"))


def _lists_of(broadcast: Broadcast) -> list[SubscriberList]:
    # unscoped: the lists of a broadcast the caller has reached; only its own organisation's.
    return list(
        SubscriberList.unscoped.filter(
            broadcasts=broadcast, organisation_id=broadcast.organisation_id
        ).order_by("pk")
    )


@dataclass
class _Recipients:
    """The distinct numbers of the lists that may receive, in list order, and what was left out."""

    subscribers: list[Subscriber] = field(default_factory=list)
    opted_out: int = 0
    duplicates: int = 0


def _recipients(broadcast: Broadcast, lists: list[SubscriberList], *, with_numbers: bool) -> _Recipients:
    # unscoped: the organisation's opt-outs apply to every list of the organisation.
    opted_out = set(
        OptOut.unscoped.filter(organisation_id=broadcast.organisation_id).values_list(
            "number_hash", flat=True
        )
    )
    fields = ["pk", "organisation_id", "subscriber_list_id", "number_hash", "language", "time_zone"]
    fields += ["opt_out_token", "record_key", "number"] if with_numbers else ["opt_out_token"]
    # unscoped: the subscribers of the broadcast's own lists, of its own organisation; a removed
    # subscriber keeps its row without the number (campaigns.services.subscribers.subscriber_remove).
    subscribers = (
        Subscriber.unscoped.filter(
            subscriber_list__in=[sms_list.pk for sms_list in lists],
            organisation_id=broadcast.organisation_id,
            number__isnull=False,
        )
        .order_by("subscriber_list_id", "pk")
        .only(*fields)
    )
    result, seen, excluded = _Recipients(), set(), set()
    for subscriber in subscribers.iterator(chunk_size=BATCH_SIZE):
        key = subscriber.number_hash
        if key in seen or key in excluded:
            result.duplicates += 1
        elif key in opted_out:
            excluded.add(key)
        else:
            seen.add(key)
            result.subscribers.append(subscriber)
    result.opted_out = len(excluded)
    return result


def _text_for(
    texts_by_language: dict[str, BroadcastText], first: BroadcastText, language: str
) -> BroadcastText:
    """The text of ``language``, else the first text."""
    return texts_by_language.get(language, first)


@dataclass
class TextPreview:
    text: BroadcastText
    final_text: str
    segments: sms_segments.Segments
    recipients: int = 0
    over_limit: bool = False

    @property
    def language_label(self) -> str:
        return str(dict(choices.Language.choices).get(self.text.language, self.text.language))


@dataclass
class Preview:
    """What a send would do now: recipients (distinct numbers that may receive), the text each language
    gets, segments, cost (``cost.unknown`` recipients have no price), and who is left out."""

    recipients: int
    texts: list[TextPreview]
    by_language: list[tuple[str, int, TextPreview]]
    total_segments: int
    cost: pricing.Cost
    opted_out: int
    duplicates: int
    max_segments: int
    fingerprint: str = ""
    problems: list[str] = field(default_factory=list)


def _fingerprint(broadcast: Broadcast, lists, preview: Preview) -> str:
    seen = {
        "recipients": preview.recipients,
        "by_language": [(language, count, item.text.pk) for language, count, item in preview.by_language],
        "texts": [(item.text.language, item.text.body, item.segments.segments) for item in preview.texts],
        "lists": [sms_list.pk for sms_list in lists],
        "gateway": broadcast.gateway_id,
        "opted_out": preview.opted_out,
        "duplicates": preview.duplicates,
        "cost": preview.cost.as_dict(),
        "max_segments": preview.max_segments,
    }
    return hashlib.sha256(json.dumps(seen, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _problems(broadcast: Broadcast, lists, preview: Preview) -> list[str]:
    """Why the broadcast cannot be started as it is (the same checks ``broadcast_start`` makes)."""
    try:
        _check(broadcast, lists, preview)
    except ValidationError as error:
        return [message for messages in error.message_dict.values() for message in messages]
    return []


def broadcast_preview(*, broadcast: Broadcast) -> Preview:
    """The preview shown before every send (see ``Preview``); ``fingerprint`` sums up what it shows, so
    that ``broadcast_start(seen=…)`` can tell that the lists or texts changed since.

    Numbers are decrypted in memory to find each one's operator price; none leaves this function."""
    lists = _lists_of(broadcast)
    texts = _texts_of(broadcast)
    policy = sms_policy_of(organisation=broadcast.organisation)
    items = {
        text.pk: TextPreview(
            text=text,
            final_text=message_body(body=text.body, subscriber=_SampleSubscriber),
            segments=text_segments(text.body),
        )
        for text in texts
    }
    for item in items.values():
        item.over_limit = item.segments.segments > policy.max_segments
    recipients = _recipients(broadcast, lists, with_numbers=True)
    prices = pricing.PriceTable.of(broadcast.gateway)
    cost = pricing.Cost()
    by_language: dict[str, int] = {}
    total_segments = 0
    by_code = {text.language: text for text in texts}
    if texts:
        for subscriber in recipients.subscribers:
            item = items[_text_for(by_code, texts[0], subscriber.language).pk]
            item.recipients += 1
            by_language[subscriber.language] = by_language.get(subscriber.language, 0) + 1
            total_segments += item.segments.segments
            cost.add(prices.price_for(subscriber.number), item.segments.segments)
    preview = Preview(
        recipients=len(recipients.subscribers),
        texts=list(items.values()),
        by_language=[
            (language, count, items[_text_for(by_code, texts[0], language).pk])
            for language, count in sorted(by_language.items(), key=lambda pair: (-pair[1], pair[0]))
        ]
        if texts
        else [],
        total_segments=total_segments,
        cost=cost,
        opted_out=recipients.opted_out,
        duplicates=recipients.duplicates,
        max_segments=policy.max_segments,
    )
    preview.fingerprint = _fingerprint(broadcast, lists, preview)
    preview.problems = _problems(broadcast, lists, preview)
    return preview


def broadcast_cost_estimate(*, broadcast: Broadcast) -> pricing.Cost:
    """The estimated cost: of the preview for a draft; of the messages queued or sent (not the
    cancelled ones) once started. Numbers are decrypted in memory to find their price, never shown."""
    if broadcast.status == Status.DRAFT:
        return broadcast_preview(broadcast=broadcast).cost
    prices = pricing.PriceTable.of(broadcast.gateway)
    cost = pricing.Cost()
    # unscoped: the messages of a broadcast the caller has reached through its scope.
    messages = (
        Message.unscoped.filter(broadcast=broadcast)
        .exclude(status=MessageStatus.CANCELLED)
        .select_related("subscriber")
        .only("segments", "subscriber__number", "subscriber__record_key", "subscriber__organisation_id")
    )
    for message in messages.iterator(chunk_size=BATCH_SIZE):
        number = message.subscriber.number if message.subscriber is not None else ""
        cost.add(prices.price_for(number) if number else None, message.segments)
    return cost


# Starting ---------------------------------------------------------------------------------------------


def _check(broadcast: Broadcast, lists: list[SubscriberList], preview: Preview) -> None:
    errors: dict[str, list[str]] = {}

    def refuse(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    if not preview.texts:
        refuse("texts", _("The broadcast has no text: write it in at least one language."))
    for item in preview.texts:
        if item.over_limit:
            refuse(
                "texts",
                _(
                    "The %(language)s text takes %(segments)d segments with the opt-out link; your "
                    "organisation allows at most %(limit)d. Shorten it."
                )
                % {
                    "language": item.language_label,
                    "segments": item.segments.segments,
                    "limit": preview.max_segments,
                },
            )
    if not lists:
        refuse("lists", _("Choose at least one subscriber list."))
    for sms_list in lists:
        if not sms_list.consent_source.strip():
            refuse(
                "lists",
                _(
                    "The list “%(list)s” has no consent source: record how its people agreed to receive "
                    "messages before sending to it."
                )
                % {"list": sms_list.name},
            )
    if lists and preview.recipients == 0:
        refuse("lists", _("Nobody on these lists can receive this broadcast."))
    if not broadcast.gateway.is_active:
        refuse(
            "gateway", _("The gateway “%(gateway)s” is switched off.") % {"gateway": broadcast.gateway.name}
        )
    if errors:
        raise ValidationError(errors)


def _country_zone(country: str) -> str:
    if country in COUNTRY_ZONES:
        return COUNTRY_ZONES[country]
    if not country:
        return ""
    example = phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.MOBILE)
    zones = number_time_zones.time_zones_for_number(example) if example else ()
    return zones[0] if len(zones) == 1 and zones[0] != "Etc/Unknown" else ""


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def recipient_zone(subscriber, *, organisation) -> zoneinfo.ZoneInfo:
    """The subscriber's time zone, else the organisation's country's, else the installation's."""
    return (
        _zone(subscriber.time_zone)
        or _zone(_country_zone(organisation.country))
        or zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def _enqueue_send(broadcast_id: int, *, run_after: datetime.datetime | None = None) -> None:
    from campaigns import tasks

    if run_after is not None and run_after > timezone.now():
        transaction.on_commit(
            lambda: tasks.broadcast_due_task.using(run_after=run_after).enqueue(broadcast_id=broadcast_id)
        )
    else:
        transaction.on_commit(lambda: tasks.broadcast_send_task.enqueue(broadcast_id=broadcast_id))


@transaction.atomic
def broadcast_start(*, broadcast: Broadcast, by, seen: str | None = None) -> Broadcast:
    """Queue one message per distinct number that may receive (opted-out numbers get none) and start
    sending, or schedule it when ``scheduled_for`` is ahead. Each message's ``not_before`` is the later
    of ``scheduled_for`` and now, moved out of the quiet hours in the recipient's time zone.

    ``seen`` is the fingerprint of the preview the user confirmed: when the recipients, texts or costs
    changed since, ValidationError (field ``preview``) asks to look again. ValidationError (with its
    field) for a text over the organisation's segment limit, a list without consent source, no text or
    nobody to send to, a switched-off gateway, or a broadcast already started; nothing is queued then.
    A second start, or a retry, never queues a number twice (``message_once_per_number``)."""
    require_perm(by, SEND_BROADCAST, broadcast)
    # unscoped: lock the broadcast the caller may send (checked above): two starts serialise here.
    broadcast = (
        Broadcast.unscoped.select_for_update().select_related("gateway", "organisation").get(pk=broadcast.pk)
    )
    if broadcast.status != Status.DRAFT:
        raise ValidationError({"status": _("This broadcast has already been started.")})
    lists = _lists_of(broadcast)
    preview = broadcast_preview(broadcast=broadcast)
    _check(broadcast, lists, preview)
    if seen is not None and seen != preview.fingerprint:
        raise ValidationError(
            {"preview": _("The recipients or the texts changed since you saw the preview: look at it again.")}
        )
    now = timezone.now()
    starts = max(broadcast.scheduled_for or now, now)
    policy = sms_policy_of(organisation=broadcast.organisation)
    texts = [item.text for item in preview.texts]
    by_code = {text.language: text for text in texts}
    segments_of = {item.text.pk: item.segments.segments for item in preview.texts}
    not_before_in: dict[str, datetime.datetime] = {}
    batch: list[Message] = []
    for subscriber in _recipients(broadcast, lists, with_numbers=False).subscribers:
        zone = recipient_zone(subscriber, organisation=broadcast.organisation)
        if zone.key not in not_before_in:
            not_before_in[zone.key] = quiet_hours_end(policy, starts, zone)
        text = _text_for(by_code, texts[0], subscriber.language)
        batch.append(
            Message(
                organisation_id=broadcast.organisation_id,
                broadcast=broadcast,
                gateway_id=broadcast.gateway_id,
                subscriber_id=subscriber.pk,
                number_hash=subscriber.number_hash,
                text=text,
                segments=segments_of[text.pk],
                status=MessageStatus.QUEUED,
                not_before=not_before_in[zone.key],
            )
        )
        if len(batch) == BATCH_SIZE:
            # unscoped: the broadcast's own messages; a number already queued is skipped, never doubled.
            Message.unscoped.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Message.unscoped.bulk_create(batch, ignore_conflicts=True)
    scheduled = broadcast.scheduled_for is not None and broadcast.scheduled_for > now
    broadcast.status = Status.SCHEDULED if scheduled else Status.SENDING
    broadcast.status_detail = ""
    broadcast.started_by, broadcast.started_at = by, now
    broadcast.save(update_fields=["status", "status_detail", "started_by", "started_at"])
    audit_record(
        by=by,
        action="campaigns.broadcast_started",
        obj=broadcast,
        details={
            "status": broadcast.status,
            "recipients": preview.recipients,
            "opted_out": preview.opted_out,
            "duplicates": preview.duplicates,
            "segments": preview.total_segments,
        },
    )
    _enqueue_send(broadcast.pk, run_after=broadcast.scheduled_for if scheduled else None)
    return broadcast


def broadcast_due(*, broadcast_id: int) -> bool:
    """Turn a scheduled broadcast whose time has come into a sending one and enqueue its send; False
    when it is not scheduled any more (paused, cancelled) or not due yet."""
    # unscoped: run by the task worker for the broadcast it was given.
    with transaction.atomic():
        turned = Broadcast.unscoped.filter(
            pk=broadcast_id, status=Status.SCHEDULED, scheduled_for__lte=timezone.now()
        ).update(status=Status.SENDING)
        if turned:
            _enqueue_send(broadcast_id)
    return bool(turned)


# Pausing, resuming, cancelling ------------------------------------------------------------------------


def _locked(broadcast: Broadcast, by) -> Broadcast:
    require_perm(by, SEND_BROADCAST, broadcast)
    # unscoped: lock the broadcast the caller may send (checked above).
    return Broadcast.unscoped.select_for_update().get(pk=broadcast.pk)


def _refuse_unless(broadcast: Broadcast, statuses) -> None:
    if broadcast.status not in statuses:
        raise ValidationError(
            {
                "status": _("A broadcast that is “%(status)s” cannot do this.")
                % {"status": broadcast.get_status_display()}
            }
        )


@transaction.atomic
def broadcast_pause(*, broadcast: Broadcast, by, detail: str = "") -> Broadcast:
    """Stop handing messages to the gateway (the worker reads the status); queued ones wait."""
    broadcast = _locked(broadcast, by)
    _refuse_unless(broadcast, (Status.SENDING, Status.SCHEDULED))
    broadcast.status = Status.PAUSED
    broadcast.status_detail = (detail or _("Paused by %(user)s.") % {"user": by.get_username()})[:300]
    broadcast.save(update_fields=["status", "status_detail"])
    audit_record(by=by, action="campaigns.broadcast_paused", obj=broadcast)
    return broadcast


@transaction.atomic
def broadcast_resume(*, broadcast: Broadcast, by) -> Broadcast:
    """Send the messages still queued; those already handed to the gateway are never handed again."""
    broadcast = _locked(broadcast, by)
    _refuse_unless(broadcast, (Status.PAUSED,))
    broadcast.status = Status.SENDING
    broadcast.status_detail = ""
    broadcast.save(update_fields=["status", "status_detail"])
    audit_record(by=by, action="campaigns.broadcast_resumed", obj=broadcast)
    _enqueue_send(broadcast.pk)
    return broadcast


@transaction.atomic
def broadcast_cancel(*, broadcast: Broadcast, by) -> Broadcast:
    """Cancel the broadcast and every message still queued (sent ones stay as they are)."""
    broadcast = _locked(broadcast, by)
    _refuse_unless(broadcast, (Status.DRAFT, Status.SCHEDULED, Status.SENDING, Status.PAUSED))
    # unscoped: the queued messages of the one broadcast being cancelled.
    cancelled = Message.unscoped.filter(broadcast=broadcast, status=MessageStatus.QUEUED).update(
        status=MessageStatus.CANCELLED
    )
    broadcast.status = Status.CANCELLED
    broadcast.status_detail = ""
    broadcast.finished_at = timezone.now()
    broadcast.save(update_fields=["status", "status_detail", "finished_at"])
    audit_record(
        by=by, action="campaigns.broadcast_cancelled", obj=broadcast, details={"cancelled": cancelled}
    )
    return broadcast
