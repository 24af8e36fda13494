"""Hotline statistics for operators and managers: aggregates over completed contacts, no caller details.

Every figure is one aggregate query (grouped or with conditional counts); no row is read into Python.
Operators count the contacts they may read (their lines), managers every contact of the organisation."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone
from django.utils.translation import get_language

from hotline.models import Contact, HeardVia, Line, Outcome, Topic
from network.countries import country_name

REFERRAL_OUTCOMES = (Outcome.REFERRAL, Outcome.POLICE_URGENT)


@dataclass
class HotlineStatistics:
    total: int = 0
    average_seconds: float | None = None
    referred: int = 0
    by_day: list = field(default_factory=list)  # [(date, count)] for every day of the period
    by_hour: list = field(default_factory=list)  # [(hour, count)] for 0–23
    topics: list = field(default_factory=list)  # [(label, count)], most asked first
    outcomes: list = field(default_factory=list)  # [(label, count)]
    concerns: list = field(default_factory=list)  # [(country name, count)]
    referred_to: list = field(default_factory=list)  # [(organisation name, count)]

    @property
    def referral_rate(self) -> float | None:
        return self.referred / self.total if self.total else None

    @property
    def peak(self) -> int:
        return max([count for _, count in self.by_day + self.by_hour] or [0])


def statistics_lines(*, user):
    """The lines whose contacts ``user`` may count (the period's line selector)."""
    return Line.objects.visible_to(user).order_by("name")


def _period_contacts(*, user, date_from: datetime.date, date_to: datetime.date, line=None):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min), tz)
    end = timezone.make_aware(
        datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min), tz
    )
    contacts = Contact.objects.visible_to(user).filter(
        is_draft=False, started_at__gte=start, started_at__lt=end
    )
    if line is not None:
        contacts = contacts.filter(line=line)
    return contacts


def hotline_statistics(
    *, user, date_from: datetime.date, date_to: datetime.date, line=None
) -> HotlineStatistics:
    """Contacts of the period (local days ``date_from``–``date_to``, on ``line`` or every line)."""
    contacts = _period_contacts(user=user, date_from=date_from, date_to=date_to, line=line)
    totals = contacts.aggregate(
        total=Count("pk"),
        average_seconds=Avg("duration_seconds"),
        referred=Count("pk", filter=Q(outcome__in=REFERRAL_OUTCOMES)),
        # A JSON list of codes: match the quoted code (alike on SQLite and PostgreSQL).
        **{f"topic_{code}": Count("pk", filter=Q(topics__icontains=f'"{code}"')) for code in Topic.values},
    )
    stats = HotlineStatistics(
        total=totals["total"], average_seconds=totals["average_seconds"], referred=totals["referred"]
    )
    tz = timezone.get_current_timezone()
    days = dict(
        contacts.annotate(day=TruncDate("started_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    span = (date_to - date_from).days + 1
    stats.by_day = [
        (
            date_from + datetime.timedelta(days=offset),
            days.get(date_from + datetime.timedelta(days=offset), 0),
        )
        for offset in range(span)
    ]
    hours = dict(
        contacts.annotate(hour=ExtractHour("started_at", tzinfo=tz))
        .values("hour")
        .annotate(n=Count("pk"))
        .values_list("hour", "n")
    )
    stats.by_hour = [(hour, hours.get(hour, 0)) for hour in range(24)]
    labels = dict(Topic.choices)
    stats.topics = sorted(
        ((labels[code], totals[f"topic_{code}"]) for code in Topic.values if totals[f"topic_{code}"]),
        key=lambda item: -item[1],
    )
    outcome_labels = dict(Outcome.choices)
    stats.outcomes = [
        (outcome_labels.get(code, code) if code else None, n)
        for code, n in contacts.values("outcome")
        .annotate(n=Count("pk"))
        .order_by("-n", "outcome")
        .values_list("outcome", "n")
    ]
    stats.concerns = [
        (country_name(code) if code else None, n)
        for code, n in contacts.values("country_of_concern")
        .annotate(n=Count("pk"))
        .order_by("-n", "country_of_concern")
        .values_list("country_of_concern", "n")
    ]
    russian = (get_language() or "en").startswith("ru")
    stats.referred_to = [
        ((name_ru if russian and name_ru else name_en), n)
        for name_en, name_ru, n in contacts.filter(referred_to_organisation__isnull=False)
        .values("referred_to_organisation__name_en", "referred_to_organisation__name_ru")
        .annotate(n=Count("pk"))
        .order_by("-n", "referred_to_organisation__name_en")
        .values_list("referred_to_organisation__name_en", "referred_to_organisation__name_ru", "n")
    ]
    return stats


@dataclass
class OrganisationContactCounts:
    """Aggregates of completed contacts for a reader outside the hotline (a campaign's effect): no row."""

    weekly: dict = field(default_factory=dict)  # {Monday of the week: contacts from the regions}
    named: int = 0  # contacts naming the campaign, whatever the caller's region or date
    named_by_heard_via: list = field(default_factory=list)  # [(label, count)], most first


def organisation_contact_counts(
    *,
    user,
    organisation_ids,
    region_codes,
    date_from: datetime.date,
    date_to: datetime.date,
    campaign_id: int | None = None,
) -> OrganisationContactCounts:
    """Weekly counts of the completed contacts of ``organisation_ids`` (every line of theirs) from callers
    of ``region_codes`` in the local days ``date_from``–``date_to`` (weeks start on Monday: ``date_from``
    should be one), and how many contacts name ``campaign_id``.

    Counts only, never a contact. The caller answers for ``user``'s right to these organisations' counts:
    campaigns ask for the lead and partner organisations of a campaign the user may see and whose reach
    they may view (``campaigns.view_reach``). Two queries."""
    counts = OrganisationContactCounts()
    if user is None or not user.is_authenticated or not organisation_ids:
        return counts
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min), tz)
    end = timezone.make_aware(
        datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min), tz
    )
    # unscoped: aggregate counts (no row, no caller detail) of the organisations of a campaign the user
    # may see; campaigns' selector checked that before asking. Operators' narrower scope is not wanted.
    completed = Contact.unscoped.filter(organisation_id__in=list(organisation_ids), is_draft=False)
    days = (
        completed.filter(caller_region_id__in=list(region_codes), started_at__gte=start, started_at__lt=end)
        .annotate(day=TruncDate("started_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    for day, n in days:
        monday = day - datetime.timedelta(days=day.weekday())
        counts.weekly[monday] = counts.weekly.get(monday, 0) + n
    if campaign_id is not None:
        labels = dict(HeardVia.choices)
        by_heard_via = list(
            completed.filter(campaign_id=campaign_id)
            .values("heard_via")
            .annotate(n=Count("pk"))
            .order_by("-n", "heard_via")
            .values_list("heard_via", "n")
        )
        counts.named = sum(n for _, n in by_heard_via)
        counts.named_by_heard_via = [
            (labels.get(code, code) if code else None, n) for code, n in by_heard_via
        ]
    return counts


def organisation_award_figures(
    *, organisation_id: int, date_from: datetime.date, date_to: datetime.date
) -> dict:
    """What an award entry of the organisation cites from its hotline over the local days
    ``date_from``–``date_to``. Counts only, never a contact or a caller detail.

    - ``lines``: active lines of the organisation (now);
    - ``contacts``: completed contacts (drafts left out) started in the period, on every line;
    - ``referrals``: those whose outcome was a referral (to an organisation, or urgently to the police);
    - ``referred_in_network``: those referred to an organisation in Amanat;
    - ``cases``: those that led to a case (the outcome "case opened", or a case linked to the contact);
    - ``average_minutes``: mean duration in minutes of those with a duration (one decimal; None without).

    Two queries."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min), tz)
    end = timezone.make_aware(
        datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min), tz
    )
    # unscoped: awards asks for aggregate counts of one organisation whose right to see them awards has
    # checked (its own entry, or an entry the reader may read); no contact leaves this function.
    lines = Line.unscoped.filter(organisation_id=organisation_id, is_active=True).count()
    # unscoped: as above.
    totals = Contact.unscoped.filter(
        organisation_id=organisation_id, is_draft=False, started_at__gte=start, started_at__lt=end
    ).aggregate(
        contacts=Count("pk"),
        referrals=Count("pk", filter=Q(outcome__in=REFERRAL_OUTCOMES)),
        referred_in_network=Count("pk", filter=Q(referred_to_organisation__isnull=False)),
        cases=Count("pk", filter=Q(outcome=Outcome.CASE_OPENED) | Q(case__isnull=False)),
        average_seconds=Avg("duration_seconds"),
    )
    average = totals.pop("average_seconds")
    return {
        "lines": lines,
        **totals,
        "average_minutes": round(average / 60, 1) if average is not None else None,
    }


def contacts_of(*, organisation_ids) -> QuerySet[Contact]:
    """The completed contacts (drafts left out) of these organisations, on every line, for ``analytics``
    to aggregate: whoever calls it has decided that the reader may see these organisations' aggregates
    (``analytics.scope``), and only counts may leave it, never a contact or a caller detail."""
    # unscoped: aggregate figures of organisations the analytics scope has granted; operators' narrower
    # scope (their lines) is not the question here, and no row leaves the caller.
    return Contact.unscoped.filter(organisation_id__in=list(organisation_ids), is_draft=False)
