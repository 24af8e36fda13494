"""A campaign's reach: people reached per channel and in total, counts apart from estimates.

What is counted (people a record shows were reached): event participants (``Participation``), print copies,
and SMS numbers with a message delivered (distinct numbers, so a number reached by two broadcasts counts
once). What is estimated (a broadcaster's or platform's figure, with its source): the TV and radio
audience, and social-media reach. The two are never added into one number: each channel shows "counted"
and "estimated" side by side, and so do the totals.

An audience estimate is read as the audience of the activity (the spot or programme over all its
airings), not of one airing: broadcasters report a campaign's audience per spot, and multiplying by the
airings would count the same viewers again. The airings are shown beside it. Posts and engagements are
counts of posts and reactions, not of people: shown, never added to the people counted.

Every figure is an aggregate; nothing here reads a subscriber's number or a caller."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Activity, Campaign, Message, Participation, choices
from tenancy import ALL_ORGANISATIONS, organisations_with_perm

VIEW_REACH = "campaigns.view_reach"
ESTIMATED_CHANNELS = {choices.Channel.TV, choices.Channel.RADIO, choices.Channel.SOCIAL_MEDIA}
MessageStatus = choices.MessageStatus


def reach_viewable(*, user, campaign: Campaign) -> bool:
    """Whether ``user`` may view the reach and effect of ``campaign`` (already visible to them): they hold
    ``campaigns.view_reach`` in its lead organisation or in one of its partners."""
    organisation_ids = organisations_with_perm(user, VIEW_REACH)
    if organisation_ids is ALL_ORGANISATIONS:
        return True
    if campaign.organisation_id in organisation_ids:
        return True
    return campaign.partners.filter(pk__in=organisation_ids).exists()


@dataclass
class ChannelReach:
    channel: str
    label: str
    activities: int = 0
    counted: int | None = None  # people counted (None: the channel counts nobody)
    counted_what: str = ""
    estimated: int | None = None  # people estimated (None: no estimate)
    estimated_what: str = ""
    details: list = field(default_factory=list)  # [(key, label, value)]: airings, posts, SMS statuses …
    sources: list = field(default_factory=list)  # sources of the estimates


@dataclass
class SmsDelivery:
    broadcasts: int = 0
    messages: int = 0
    delivered: int = 0
    sent: int = 0  # handed to the gateway, no delivery report yet
    failed: int = 0
    unconfirmed: int = 0
    pending: int = 0  # queued or being sent
    cancelled: int = 0
    numbers_reached: int = 0  # distinct numbers with a message delivered


@dataclass
class CampaignReach:
    campaign: Campaign
    channels: list = field(default_factory=list)  # [ChannelReach], in the order of choices.Channel
    activities: list = field(default_factory=list)  # [dict]: one row per activity, for the CSV
    participants: list = field(default_factory=list)  # [(sex label, age band label, count)]
    sms: SmsDelivery = field(default_factory=SmsDelivery)

    @property
    def counted_total(self) -> int:
        return sum(channel.counted or 0 for channel in self.channels)

    @property
    def estimated_total(self) -> int:
        return sum(channel.estimated or 0 for channel in self.channels)


def _activity_rows(*, user, campaign: Campaign) -> list[dict]:
    # unscoped: correlated to the outer activity, itself read through visible_to(user).
    participants = (
        Participation.unscoped.filter(activity_id=OuterRef("pk"))
        .values("activity_id")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return list(
        Activity.objects.visible_to(user)
        .filter(campaign_id=campaign.pk)
        .annotate(
            airing_count=Count("airings"),
            participant_count=Subquery(participants, output_field=IntegerField()),
        )
        .order_by("channel", "starts_on", "pk")
        .values(
            "pk",
            "channel",
            "title",
            "outlet",
            "programme",
            "region_id",
            "starts_on",
            "ends_on",
            "audience_estimate",
            "estimate_source",
            "copies",
            "distribution",
            "posts",
            "reach_estimate",
            "engagement",
            "airing_count",
            "participant_count",
        )
    )


def _sms_delivery(*, campaign: Campaign) -> SmsDelivery:
    status = {code: Count("pk", filter=Q(status=code)) for code in MessageStatus.values}
    # unscoped: counts of the campaign's messages (no number, no row) for a user reach_viewable() admitted;
    # a partner's manager sees the delivery of the lead's broadcasts of the same campaign.
    totals = Message.unscoped.filter(broadcast__campaign_id=campaign.pk).aggregate(
        messages=Count("pk"),
        broadcasts=Count("broadcast_id", distinct=True),
        numbers_reached=Count("number_hash", distinct=True, filter=Q(status=MessageStatus.DELIVERED)),
        **status,
    )
    return SmsDelivery(
        broadcasts=totals["broadcasts"],
        messages=totals["messages"],
        delivered=totals[MessageStatus.DELIVERED],
        sent=totals[MessageStatus.SENT],
        failed=totals[MessageStatus.FAILED],
        unconfirmed=totals[MessageStatus.UNCONFIRMED],
        pending=totals[MessageStatus.QUEUED] + totals[MessageStatus.SENDING],
        cancelled=totals[MessageStatus.CANCELLED],
        numbers_reached=totals["numbers_reached"],
    )


def _channel(channel: str, rows: list[dict]) -> ChannelReach:
    reach = ChannelReach(channel=channel, label=str(choices.Channel(channel).label), activities=len(rows))

    def total(key):
        values = [row[key] for row in rows if row[key] is not None]
        return sum(values) if values else None

    if channel in (choices.Channel.TV, choices.Channel.RADIO):
        reach.estimated, reach.estimated_what = total("audience_estimate"), _("audience (estimate)")
        reach.details = [("airings", _("airings"), sum(row["airing_count"] for row in rows))]
    elif channel == choices.Channel.SOCIAL_MEDIA:
        reach.estimated, reach.estimated_what = total("reach_estimate"), _("reach (estimate)")
        reach.details = [
            ("posts", _("posts"), total("posts") or 0),
            ("engagements", _("engagements"), total("engagement") or 0),
        ]
    elif channel == choices.Channel.PRINT:
        reach.counted, reach.counted_what = total("copies"), _("copies printed")
    elif channel == choices.Channel.EVENT:
        reach.counted, reach.counted_what = total("participant_count"), _("participants")
    reach.sources = sorted({row["estimate_source"] for row in rows if row["estimate_source"]})
    return reach


def campaign_reach(*, user, campaign: Campaign) -> CampaignReach:
    """The reach of ``campaign`` (visible to ``user``, and ``reach_viewable``): four queries."""
    rows = _activity_rows(user=user, campaign=campaign)
    reach = CampaignReach(campaign=campaign, activities=rows)
    reach.sms = _sms_delivery(campaign=campaign)
    sexes, bands = dict(choices.Sex.choices), dict(choices.AgeBand.choices)
    band_order = {code: index for index, code in enumerate(choices.AgeBand.values)}
    bands_counted = (
        Participation.objects.visible_to(user)
        .filter(campaign_id=campaign.pk)
        .values("sex", "age_band")
        .annotate(n=Sum("count"))
        .values_list("sex", "age_band", "n")
    )
    reach.participants = [
        (sexes.get(sex, sex), bands.get(band, band), n)
        for sex, band, n in sorted(bands_counted, key=lambda item: (item[0], band_order.get(item[1], 99)))
    ]
    used = {row["channel"] for row in rows} | set(campaign.channels or [])
    for channel in choices.Channel.values:
        if channel == choices.Channel.SMS:
            if channel in used or reach.sms.messages:
                sms = ChannelReach(channel=channel, label=str(choices.Channel.SMS.label))
                sms.activities = reach.sms.broadcasts
                sms.counted, sms.counted_what = reach.sms.numbers_reached, _("numbers reached (delivered)")
                sms.details = [
                    ("delivered", _("messages delivered"), reach.sms.delivered),
                    ("sent", _("sent, not confirmed delivered"), reach.sms.sent),
                    ("failed", _("failed"), reach.sms.failed),
                    ("unconfirmed", _("not confirmed"), reach.sms.unconfirmed),
                ]
                reach.channels.append(sms)
        elif channel in used:
            reach.channels.append(_channel(channel, [row for row in rows if row["channel"] == channel]))
    return reach


def organisation_award_figures(
    *, organisation_id: int, date_from: datetime.date, date_to: datetime.date
) -> dict:
    """What an award entry of the organisation cites from its campaigns over ``date_from``–``date_to``
    (inclusive). Counts and sums only; estimates are named as such and never added to counts.

    - ``campaigns``: campaigns the organisation led or partnered that ran in the period (any overlap);
      ``campaigns_led``: those it led;
    - ``activities``: the organisation's own activities in those campaigns in the period (an activity
      without dates counts with its campaign);
    - ``audience_estimate``: the TV and radio audience and the social-media reach of those activities, as
      broadcasters and platforms estimated them (an estimate, not a count);
    - ``print_copies``: copies printed; ``event_participants``: people counted at their events;
    - ``sms_delivered``: SMS of the organisation's broadcasts delivered in the period;
      ``sms_numbers_reached``: distinct numbers they reached.

    Four queries."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min), tz)
    end = timezone.make_aware(
        datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min), tz
    )
    # unscoped: awards asks for aggregate counts of one organisation whose right to see them awards has
    # checked (its own entry, or an entry the reader may read); no campaign row leaves this function.
    campaigns = Campaign.unscoped.filter(
        Q(organisation_id=organisation_id) | Q(partners=organisation_id),
        starts_on__lte=date_to,
        ends_on__gte=date_from,
    ).distinct()
    campaign_counts = Campaign.unscoped.filter(pk__in=campaigns.values("pk")).aggregate(
        campaigns=Count("pk"), campaigns_led=Count("pk", filter=Q(organisation_id=organisation_id))
    )
    # unscoped: as above (the organisation's own activities in those campaigns).
    activities = Activity.unscoped.filter(
        organisation_id=organisation_id, campaign_id__in=campaigns.values("pk")
    ).filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=date_to),
        Q(ends_on__isnull=True) | Q(ends_on__gte=date_from),
    )
    activity_totals = activities.aggregate(
        activities=Count("pk"),
        audience=Sum("audience_estimate"),
        reach=Sum("reach_estimate"),
        print_copies=Sum("copies"),
    )
    # unscoped: as above (people counted at those activities).
    participants = Participation.unscoped.filter(activity_id__in=activities.values("pk")).aggregate(
        n=Sum("count")
    )["n"]
    # unscoped: as above (counts of the organisation's delivered messages; no number is read).
    sms = Message.unscoped.filter(
        organisation_id=organisation_id,
        status=MessageStatus.DELIVERED,
        delivered_at__gte=start,
        delivered_at__lt=end,
    ).aggregate(delivered=Count("pk"), numbers=Count("number_hash", distinct=True))
    audience = [
        value for value in (activity_totals["audience"], activity_totals["reach"]) if value is not None
    ]
    return {
        **campaign_counts,
        "activities": activity_totals["activities"],
        "audience_estimate": sum(audience) if audience else None,
        "print_copies": activity_totals["print_copies"] or 0,
        "event_participants": participants or 0,
        "sms_delivered": sms["delivered"],
        "sms_numbers_reached": sms["numbers"],
    }


# Figures for analytics: rows of the organisations the analytics scope has granted, each with the day it
# reached people (``reached_on``); only aggregates may leave the caller, never a row or a number.


def channel_choices() -> list[tuple[str, str]]:
    """The channels of a campaign (code, label), in their order."""
    return list(choices.Channel.choices)


def delivered_messages_of(*, organisation_ids) -> QuerySet[Message]:
    """The SMS messages of these organisations' broadcasts that were delivered, ``reached_on`` the local
    day of the delivery report (``number_hash`` tells numbers apart without reading one)."""
    # unscoped: aggregate figures of organisations the analytics scope has granted.
    return Message.unscoped.filter(
        organisation_id__in=list(organisation_ids), status=MessageStatus.DELIVERED
    ).annotate(reached_on=TruncDate("delivered_at", tzinfo=timezone.get_current_timezone()))


def participations_of(*, organisation_ids) -> QuerySet[Participation]:
    """People counted at these organisations' events, ``reached_on`` the event's first day (an event
    without dates counts on its campaign's first day, as ``organisation_award_figures`` counts it)."""
    # unscoped: as delivered_messages_of.
    return Participation.unscoped.filter(organisation_id__in=list(organisation_ids)).annotate(
        reached_on=Coalesce(F("activity__starts_on"), F("campaign__starts_on"))
    )


def activities_of(*, organisation_ids) -> QuerySet[Activity]:
    """These organisations' campaign activities (copies printed, audience and reach estimates),
    ``reached_on`` the activity's first day, or its campaign's."""
    # unscoped: as delivered_messages_of.
    return Activity.unscoped.filter(organisation_id__in=list(organisation_ids)).annotate(
        reached_on=Coalesce(F("starts_on"), F("campaign__starts_on"))
    )
