"""SMS subscriber lists and their numbers: a manager sets up a list (where its consent comes from, its
default language), adds one number, removes one. Uploads are in ``campaigns.services.subscriber_imports``.

Numbers are stored encrypted and found by ``number_hash``; nothing here writes a number to a log, an
audit entry or an error message."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.backends import require_perm
from audit.services import audit_record
from campaigns.models import Subscriber, SubscriberList, choices
from campaigns.numbers import number_country, number_hash, number_parse, number_time_zone

ADD_LIST = "campaigns.add_subscriberlist"
CHANGE_LIST = "campaigns.change_subscriberlist"
ADD_SUBSCRIBER = "campaigns.add_subscriber"
LIST_FIELDS = ("name", "consent_source", "language")


def _clean_list(values: dict) -> dict:
    errors = {}
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
        if not values["name"]:
            errors["name"] = _("Give the list a name.")
    if "consent_source" in values:
        values["consent_source"] = (values["consent_source"] or "").strip()
    if "language" in values and values["language"] not in choices.Language.values:
        errors["language"] = _("Choose one of the languages offered.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def subscriber_list_create(
    *, organisation, by, name: str, consent_source: str = "", language: str = choices.Language.RUSSIAN
) -> SubscriberList:
    """A new list of ``organisation``. A list without a consent source cannot be sent to (the broadcast
    refuses it), so the form asks for one. PermissionDenied without ``campaigns.add_subscriberlist``."""
    require_perm(by, ADD_LIST, organisation)
    values = _clean_list({"name": name, "consent_source": consent_source, "language": language})
    subscriber_list = SubscriberList.objects.create(organisation=organisation, created_by=by, **values)
    audit_record(
        by=by,
        action="campaigns.subscriber_list_created",
        obj=subscriber_list,
        details={"language": subscriber_list.language, "has_consent_source": bool(values["consent_source"])},
    )
    return subscriber_list


@transaction.atomic
def subscriber_list_update(*, subscriber_list: SubscriberList, by, **fields) -> SubscriberList:
    """Change ``fields`` (of name, consent_source, language) of a list."""
    unknown = set(fields) - set(LIST_FIELDS)
    if unknown:
        raise TypeError(f"subscriber_list_update() got unexpected fields: {sorted(unknown)}")
    require_perm(by, CHANGE_LIST, subscriber_list)
    # unscoped: lock the list the caller may change (checked above), so two edits serialise.
    subscriber_list = SubscriberList.unscoped.select_for_update().get(pk=subscriber_list.pk)
    values = _clean_list(dict(fields))
    changed = [name for name, value in values.items() if getattr(subscriber_list, name) != value]
    for name in changed:
        setattr(subscriber_list, name, values[name])
    if changed:
        subscriber_list.save(update_fields=changed)
    audit_record(
        by=by, action="campaigns.subscriber_list_updated", obj=subscriber_list, details={"changed": changed}
    )
    return subscriber_list


def default_region(organisation) -> str:
    """Where a number written without +country is assumed to be: the organisation's country."""
    return str(getattr(organisation, "country", "") or "")


@transaction.atomic
def subscriber_add(
    *,
    subscriber_list: SubscriberList,
    by,
    number: str,
    language: str = "",
    consent_source: str = "",
    consent_date: datetime.date | None = None,
) -> Subscriber:
    """Put one number on a list (staff typing it in). ValidationError on ``number`` when it is not a
    valid number or is already on the list (the message never repeats the number); a number removed
    earlier comes back on its old row. PermissionDenied without ``campaigns.add_subscriber``."""
    require_perm(by, ADD_SUBSCRIBER, subscriber_list)
    errors = {}
    try:
        e164 = number_parse(number, default_region=default_region(subscriber_list.organisation))
    except ValidationError as error:
        raise ValidationError({"number": error.messages}) from None
    language = language or subscriber_list.language
    if language not in choices.Language.values:
        errors["language"] = _("Choose one of the languages offered.")
    if consent_date is not None and consent_date > timezone.localdate():
        errors["consent_date"] = _("The consent date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    key = number_hash(e164)
    # unscoped: the list's own rows (the caller may add to it, checked above), removed ones included.
    existing = Subscriber.unscoped.select_for_update().filter(
        subscriber_list=subscriber_list, number_hash=key
    )
    subscriber = existing.first()
    if subscriber is not None and subscriber.number:
        raise ValidationError({"number": _("This number is already on the list.")})
    if subscriber is None:
        subscriber = Subscriber(
            organisation_id=subscriber_list.organisation_id, subscriber_list=subscriber_list
        )
    subscriber.number = e164
    subscriber.number_hash = key
    subscriber.country = number_country(e164)
    subscriber.time_zone = number_time_zone(e164)
    subscriber.language = language
    subscriber.consent_source = (consent_source or "").strip() or subscriber_list.consent_source
    subscriber.consent_date = consent_date
    try:
        with transaction.atomic():
            subscriber.save()
    except IntegrityError:  # added at the same moment by someone else
        raise ValidationError({"number": _("This number is already on the list.")}) from None
    audit_record(
        by=by,
        action="campaigns.subscriber_added",
        obj=subscriber,
        details={"list": subscriber_list.pk, "language": language},
    )
    return subscriber


@transaction.atomic
def subscriber_remove(*, subscriber: Subscriber, by) -> Subscriber:
    """Take a number off its list: the number is cleared from the row and from the row's history, so
    nothing personal stays; the row (and its key, which alone reveals nothing) stays for the messages
    already sent to it. A removed subscriber (``number`` empty) receives nothing. Removing twice is a
    no-op. PermissionDenied without ``campaigns.add_subscriber`` (who may add may take off)."""
    require_perm(by, ADD_SUBSCRIBER, subscriber)
    # unscoped: lock the row the caller may change (checked above).
    subscriber = Subscriber.unscoped.select_for_update().get(pk=subscriber.pk)
    if not subscriber.number:
        return subscriber
    subscriber.number = None
    subscriber.time_zone = ""
    subscriber.save(update_fields=["number", "time_zone"])
    # unscoped: the history rows of this one subscriber, which still hold its number encrypted.
    Subscriber.history.model.unscoped.filter(id=subscriber.pk).update(number=None)
    audit_record(
        by=by,
        action="campaigns.subscriber_removed",
        obj=subscriber,
        details={"list": subscriber.subscriber_list_id},
    )
    return subscriber
