"""Reading broadcasts: the lists (overall and per campaign), one broadcast with its message counts, its
messages (status only, never a number), and the choices a broadcast form offers."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from campaigns.models import (
    Broadcast,
    BroadcastText,
    Campaign,
    Gateway,
    Message,
    SubscriberList,
    choices,
)

MessageStatus = choices.MessageStatus


def _counted(queryset: QuerySet[Broadcast]) -> QuerySet[Broadcast]:
    counts = {
        f"{status}_count": Count("messages", filter=Q(messages__status=status))
        for status in MessageStatus.values
    }
    return queryset.annotate(messages_count=Count("messages"), **counts)


def broadcast_list(*, user, campaign: Campaign | None = None) -> QuerySet[Broadcast]:
    """The broadcasts ``user`` may read (of one ``campaign`` if given), with ``messages_count`` and a
    ``<status>_count`` for each message status."""
    broadcasts = Broadcast.objects.visible_to(user).select_related("campaign", "gateway")
    if campaign is not None:
        broadcasts = broadcasts.filter(campaign=campaign)
    return _counted(broadcasts).order_by("-created_at", "-pk")


def broadcast_message_counts(*, broadcast: Broadcast) -> list[tuple[str, str, int]]:
    """(status, label, count) for every message status, in the order a message goes through them."""
    # unscoped: the messages of a broadcast the caller has reached through its scope.
    counted = dict(
        Message.unscoped.filter(broadcast=broadcast)
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    return [(status, label, counted.get(status, 0)) for status, label in MessageStatus.choices]


def broadcast_texts(*, broadcast: Broadcast) -> QuerySet[BroadcastText]:
    # unscoped: the texts of a broadcast the caller has reached through its scope.
    return BroadcastText.unscoped.filter(broadcast=broadcast).order_by("position", "pk")


def broadcast_lists(*, broadcast: Broadcast) -> QuerySet[SubscriberList]:
    # unscoped: the lists of a broadcast the caller has reached, of its own organisation only.
    return SubscriberList.unscoped.filter(
        broadcasts=broadcast, organisation_id=broadcast.organisation_id
    ).order_by("name", "pk")


def broadcast_message_list(*, user, broadcast: Broadcast) -> QuerySet[Message]:
    """The messages of ``broadcast`` as ``user`` may read them (only the status columns are loaded)."""
    return (
        Message.objects.visible_to(user)
        .filter(broadcast=broadcast)
        .only(
            "pk", "organisation_id", "broadcast_id", "text_id", "segments", "status", "not_before", "sent_at"
        )
        .select_related(None)
        .order_by("pk")
    )


def campaign_choices(*, user, organisation) -> QuerySet[Campaign]:
    """Campaigns ``organisation`` runs, as ``user`` sees them (a broadcast belongs to its lead)."""
    return Campaign.objects.visible_to(user).filter(organisation=organisation).order_by("name", "pk")


def gateway_choices(*, user, organisation) -> QuerySet[Gateway]:
    return Gateway.objects.visible_to(user).filter(organisation=organisation).order_by("name", "pk")


def list_choices(*, user, organisation) -> QuerySet[SubscriberList]:
    return SubscriberList.objects.visible_to(user).filter(organisation=organisation).order_by("name", "pk")
