"""Reading subscriber lists, their numbers (masked; in full only through the access log), imports and
opt-outs, always from ``visible_to(user)``. A removed subscriber (its number cleared) is not listed."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from campaigns.models import OptOut, Subscriber, SubscriberImport, SubscriberList
from campaigns.numbers import number_masked
from privacy.access import personal_data_read


def subscriber_list_list(*, user) -> QuerySet[SubscriberList]:
    """The lists ``user`` may read, each with ``subscribers_count`` (numbers on it, removed ones not)."""
    return (
        SubscriberList.objects.visible_to(user)
        .select_related("organisation")
        .annotate(subscribers_count=Count("subscribers", filter=Q(subscribers__number__isnull=False)))
        .order_by("name", "pk")
    )


def subscriber_list_get(*, user, pk: int) -> SubscriberList:
    """SubscriberList.DoesNotExist outside the user's scope."""
    return subscriber_list_list(user=user).get(pk=pk)


def subscriber_list_members(*, user, subscriber_list: SubscriberList) -> QuerySet[Subscriber]:
    """The numbers on a list, each with ``opted_out`` (True when the number opted out of the
    organisation: it stays on the list and receives nothing). Numbers are not decrypted here; use
    ``masked`` for a page."""
    opted_out = OptOut.objects.visible_to(user).filter(
        organisation_id=OuterRef("organisation_id"), number_hash=OuterRef("number_hash")
    )
    return (
        Subscriber.objects.visible_to(user)
        .filter(subscriber_list=subscriber_list, number__isnull=False)
        .annotate(opted_out=Exists(opted_out))
        .order_by("pk")
    )


def masked(subscriber: Subscriber) -> str:
    """The subscriber's number as a list shows it ('+992 ••• •• 11'): not a read of personal data."""
    return number_masked(subscriber.number or "")


def subscriber_get(*, user, pk: int) -> Subscriber:
    """A subscriber in the user's scope, its number not read (Subscriber.DoesNotExist outside it)."""
    return Subscriber.objects.visible_to(user).select_related("subscriber_list").get(pk=pk)


def subscriber_number_read(*, user, pk: int, request=None) -> Subscriber:
    """A subscriber with its full number decrypted for display; writes one access-log entry.

    Subscriber.DoesNotExist outside the user's scope; the caller checks ``campaigns.view_subscriber``."""
    return personal_data_read(
        Subscriber.objects.visible_to(user).select_related("subscriber_list").filter(number__isnull=False),
        pk=pk,
        by=user,
        purpose="campaigns.subscriber_number",
        label=lambda subscriber: f"sms-subscriber-{subscriber.pk}",
        request=request,
    )


def subscriber_import_get(*, user, pk: int) -> SubscriberImport:
    """An import in the user's scope with its list, ``rows`` deferred (SubscriberImport.DoesNotExist)."""
    return (
        SubscriberImport.objects.visible_to(user).select_related("subscriber_list").defer("rows").get(pk=pk)
    )


def opt_out_list(*, user) -> QuerySet[OptOut]:
    """The opt-outs of the organisations ``user`` may read them in, newest first."""
    return OptOut.objects.visible_to(user).select_related("organisation").order_by("-opted_out_at", "-pk")


def opted_out_hashes(*, user, organisation_id: int, hashes) -> set[str]:
    """Which of ``hashes`` opted out of the organisation (one query), for a broadcast's preview."""
    return set(
        OptOut.objects.visible_to(user)
        .filter(organisation_id=organisation_id, number_hash__in=list(hashes))
        .values_list("number_hash", flat=True)
    )


def opt_out_masked_numbers(*, user, opt_outs) -> dict[int, str]:
    """{opt-out pk: masked number} for the opt-outs given (one query): an opt-out keeps only the
    number's key, so the number comes masked from a subscriber row of the same organisation, when the
    number is still on a list."""
    opt_outs = list(opt_outs)
    numbers = {
        (subscriber.organisation_id, subscriber.number_hash): number_masked(subscriber.number)
        for subscriber in Subscriber.objects.visible_to(user).filter(
            number_hash__in=[opt_out.number_hash for opt_out in opt_outs], number__isnull=False
        )
    }
    return {
        opt_out.pk: numbers[(opt_out.organisation_id, opt_out.number_hash)]
        for opt_out in opt_outs
        if (opt_out.organisation_id, opt_out.number_hash) in numbers
    }


def subscriber_recipients(*, user, subscriber_lists) -> QuerySet[Subscriber]:
    """Who a send to ``subscriber_lists`` reaches: their numbers still on a list and not opted out of
    their organisation (an opt-out counts for every list of the organisation). A number on two lists
    appears twice; ``Message``'s one-per-number constraint keeps it to one message."""
    opted_out = OptOut.objects.visible_to(user).filter(
        organisation_id=OuterRef("organisation_id"), number_hash=OuterRef("number_hash")
    )
    return (
        Subscriber.objects.visible_to(user)
        .filter(subscriber_list__in=[s.pk for s in subscriber_lists], number__isnull=False)
        .exclude(Exists(opted_out))
        .order_by("pk")
    )
