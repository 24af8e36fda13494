"""A year of synthetic contacts for the Khujand hotline of Human Rights Center (``load_demo`` step).

About 3,000 contacts over the last 365 days, shaped like a labour-migration hotline's year: busiest in
late winter and spring, before the season's departures to Russia and Kazakhstan, quiet in summer and
around the New Year; answered in working hours, most around late morning. A few repeat callers (one of
them flagged), a few contacts linked to the organisation's demo cases, drafts waiting from the telephony
and follow-ups due, so that the demo hotline operator's home page has something to do. Every number is
made up in the reserved range ``+992 00 …``; nothing here describes a real person.

Idempotent: once the line has contacts nothing is loaded again (a second run changes nothing). Created
with ``bulk_create`` in a few statements (well under a second on SQLite)."""

import datetime
import itertools
import random

from django.utils import timezone

from accounts.models import User
from cases import selectors as case_selectors, services as case_services
from hotline.callers import caller_hash
from hotline.models import (
    CallerFlag,
    CallerType,
    Channel,
    Contact,
    FlagKind,
    HeardVia,
    Line,
    OperatorExtension,
    Outcome,
    Topic,
)
from hotline.vocabulary import Indicator
from network import demo as network_demo
from network.models import Organisation

SEED = 9
LINE_NAME = "Khujand hotline"
OPERATOR = "hotline"  # accounts.demo's hotline operator
EXTENSION = "101"
DAILY_CONTACTS = 8.2  # about 3,000 a year
# Month → weight: spring before the labour migration season, a summer lull, a pre-New Year rise.
SEASON = {1: 0.8, 2: 1.3, 3: 1.7, 4: 1.8, 5: 1.4, 6: 0.9, 7: 0.6, 8: 0.6, 9: 0.8, 10: 0.9, 11: 1.0, 12: 0.7}
WEEKDAY = [1.15, 1.1, 1.05, 1.05, 1.0, 0.6, 0.35]  # Monday first
# Hour of day (local time) → weight: the line is staffed 8–20, a few late messages come in after.
HOURS = {
    7: 1,
    8: 4,
    9: 9,
    10: 12,
    11: 12,
    12: 9,
    13: 7,
    14: 9,
    15: 9,
    16: 8,
    17: 7,
    18: 5,
    19: 3,
    20: 2,
    21: 1,
}
CHANNELS = {Channel.PHONE: 70, Channel.SMS: 8, Channel.MESSENGER: 15, Channel.WALK_IN: 5, Channel.EMAIL: 2}
LANGUAGES = {"tg": 55, "ru": 30, "uz": 15}
CALLER_TYPES = {
    CallerType.PROSPECTIVE_MIGRANT: 45,
    CallerType.MIGRANT_ABROAD: 18,
    CallerType.RELATIVE: 17,
    CallerType.VICTIM: 7,
    CallerType.EMPLOYER: 2,
    CallerType.OFFICIAL: 3,
    CallerType.OTHER: 8,
}
CONCERN = {"RU": 58, "KZ": 17, "TR": 7, "AE": 6, "KR": 4, "PL": 3, "TJ": 5}
REGIONS = {"TJ-SU": 70, "TJ-DU": 10, "TJ-RA": 8, "TJ-KT": 8, "TJ-GB": 4}
HEARD_VIA = {
    HeardVia.TV: 22,
    HeardVia.RADIO: 12,
    HeardVia.SMS: 18,
    HeardVia.SOCIAL_MEDIA: 20,
    HeardVia.FRIEND: 22,
    HeardVia.OTHER: 6,
}
OUTCOMES = {Outcome.INFORMATION: 72, Outcome.REFERRAL: 22, Outcome.CASE_OPENED: 4, Outcome.POLICE_URGENT: 2}
# Caller type → the topics such a caller mostly asks about.
TOPICS = {
    CallerType.PROSPECTIVE_MIGRANT: [Topic.JOB_OFFER_CHECK, Topic.SAFE_MIGRATION],
    CallerType.MIGRANT_ABROAD: [Topic.REQUEST_FOR_HELP, Topic.EXPLOITATION_REPORT, Topic.SAFE_MIGRATION],
    CallerType.RELATIVE: [Topic.MISSING_PERSON, Topic.REQUEST_FOR_HELP],
    CallerType.VICTIM: [Topic.EXPLOITATION_REPORT, Topic.REQUEST_FOR_HELP],
    CallerType.EMPLOYER: [Topic.JOB_OFFER_CHECK, Topic.OTHER],
    CallerType.OFFICIAL: [Topic.OTHER, Topic.EXPLOITATION_REPORT],
    CallerType.OTHER: [Topic.OTHER, Topic.SAFE_MIGRATION],
}
REPEAT_CALLERS = 6  # synthetic numbers that call 4–9 times each; the first is flagged
REFERRAL_PARTNERS = [
    network_demo.WOMEN_AND_SOCIETY,
    network_demo.WOMEN_OF_THE_EAST,
    "Dushanbe Legal Aid Circle",
]


_CUMULATIVE: dict[int, tuple[list, list]] = {}


def _pick(rng: random.Random, weights: dict):
    # Cumulative weights computed once per table: rng.choices would add them up on every pick.
    population, cumulative = _CUMULATIVE.get(id(weights)) or _CUMULATIVE.setdefault(
        id(weights), (list(weights), list(itertools.accumulate(weights.values())))
    )
    return rng.choices(population, cum_weights=cumulative)[0]


def _number(index: int) -> str:
    return f"+992 00 {index // 10000 % 1000:03d} {index % 10000:04d}"


def _line(organisation, operator) -> Line:
    # unscoped: the demo loader (a command) writes the demo organisation's rows.
    line, _ = Line.unscoped.get_or_create(
        organisation=organisation,
        name=LINE_NAME,
        defaults={"public_number": "+992 00 000 0000", "languages": ["tg", "ru", "uz"]},
    )
    line.operators.add(operator)
    # unscoped: as above.
    OperatorExtension.unscoped.get_or_create(
        line=line, extension=EXTENSION, defaults={"organisation": organisation, "operator": operator}
    )
    return line


def _demo_cases(organisation) -> list:
    """The organisation's own demo cases, for contacts to link to."""
    return list(case_selectors.demo_case_list(organisation_ids=[organisation.pk]).order_by("pk")[:4])


def _contact(rng, *, organisation, line, operator, started_at, partners) -> Contact:
    caller_type = _pick(rng, CALLER_TYPES)
    topics = [rng.choice(TOPICS[caller_type])]
    if rng.random() < 0.2:
        topics = sorted(set(topics) | {rng.choice(list(Topic.values))})
    channel = _pick(rng, CHANNELS)
    outcome = _pick(rng, OUTCOMES)
    abroad = caller_type == CallerType.MIGRANT_ABROAD
    indicators = []
    if Topic.EXPLOITATION_REPORT in topics or caller_type == CallerType.VICTIM:
        indicators = sorted(rng.sample(list(Indicator.values), rng.randint(1, 3)))
    referred = rng.choice(partners) if outcome == Outcome.REFERRAL and partners else None
    return Contact(
        organisation=organisation,
        line=line,
        operator=operator,
        channel=channel,
        started_at=started_at,
        duration_seconds=rng.randint(60, 900) if channel == Channel.PHONE else None,
        language=_pick(rng, LANGUAGES),
        caller_type=caller_type,
        caller_country=("RU" if rng.random() < 0.7 else "KZ") if abroad else "TJ",
        caller_region_id=None if abroad else _pick(rng, REGIONS),
        country_of_concern=_pick(rng, CONCERN),
        topics=topics,
        heard_via=_pick(rng, HEARD_VIA),
        indicators=indicators,
        outcome=outcome,
        referred_to_organisation=referred,
        caller_hash=caller_hash(_number(rng.randrange(10_000, 9_999_999)))
        if channel == Channel.PHONE
        else "",
        is_draft=False,
        completed_at=started_at + datetime.timedelta(minutes=15),
    )


def load() -> str:
    """Create the Khujand hotline's line, extension and a year of contacts; returns a summary line."""
    organisation = network_demo.organisation(network_demo.HUMAN_RIGHTS_CENTER)
    operator = User.objects.get(username=OPERATOR)
    line = _line(organisation, operator)
    # unscoped: the demo loader checks what it loaded before.
    loaded = Contact.unscoped.filter(line=line).count()
    if loaded:
        return f"Hotline: demo contacts already loaded ({loaded})."
    rng = random.Random(SEED)
    partners = list(Organisation.objects.filter(name_en__in=REFERRAL_PARTNERS).order_by("pk"))
    now = timezone.localtime()
    today = now.date()
    contacts = []
    for days_ago in range(365, 0, -1):
        day = today - datetime.timedelta(days=days_ago)
        expected = DAILY_CONTACTS * SEASON[day.month] * WEEKDAY[day.weekday()]
        for _ in range(max(0, round(rng.gauss(expected, expected**0.5)))):
            started_at = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(_pick(rng, HOURS), rng.randrange(60)))
            )
            contacts.append(
                _contact(
                    rng,
                    organisation=organisation,
                    line=line,
                    operator=operator,
                    started_at=started_at,
                    partners=partners,
                )
            )
    # Today's work so far: a few contacts this morning.
    for minutes_ago in (25, 70, 140):
        started_at = now - datetime.timedelta(minutes=minutes_ago)
        contacts.append(
            _contact(
                rng,
                organisation=organisation,
                line=line,
                operator=operator,
                started_at=started_at,
                partners=partners,
            )
        )
    # Repeat callers: the same synthetic numbers on several contacts; the first of them is flagged.
    repeat_hashes = [caller_hash(_number(index)) for index in range(1, REPEAT_CALLERS + 1)]
    phone_contacts = [contact for contact in contacts if contact.channel == Channel.PHONE]
    for caller_key in repeat_hashes:
        for contact in rng.sample(phone_contacts, rng.randint(4, 9)):
            contact.caller_hash = caller_key
    # Follow-ups due: callers the operator promised to call back (overdue, today, this week).
    recent = [
        contact for contact in contacts if contact.started_at.date() >= today - datetime.timedelta(days=10)
    ]
    for contact, days in zip(rng.sample(recent, 5), (-3, -1, 0, 2, 5), strict=True):
        contact.follow_up_due = today + datetime.timedelta(days=days)
    # A few contacts became cases: linked to the organisation's demo cases.
    opened = [contact for contact in contacts if contact.outcome == Outcome.CASE_OPENED]
    for contact, case in zip(opened[-4:], _demo_cases(organisation), strict=False):
        contact.case_id = case.pk
        # The operator opened it from the call: they read it (narrow roles read granted cases only).
        case_services.case_access_grant(case=case, user=operator, reason="hotline.opened", by=None)
    # Drafts: telephony records from this morning waiting for the operator to complete them.
    for number in range(1, 4):
        started_at = now - datetime.timedelta(minutes=10 + 35 * number)
        contacts.append(
            Contact(
                organisation=organisation,
                line=line,
                operator=operator,
                channel=Channel.PHONE,
                started_at=started_at,
                duration_seconds=rng.randint(90, 600),
                caller_hash=caller_hash(_number(5_000_000 + number)),
                telephony_call_id=f"demo-pbx-{today:%Y%m%d}-{number}",
                is_draft=True,
            )
        )
    # unscoped: the demo loader writes the demo organisation's rows in bulk.
    Contact.unscoped.bulk_create(contacts, batch_size=1000)
    # unscoped: as above.
    CallerFlag.unscoped.create(
        organisation=organisation,
        caller_hash=repeat_hashes[0],
        kind=FlagKind.PRANK,
        set_by=operator,
        expires_at=now + datetime.timedelta(days=60),
    )
    return f"Hotline: {len(contacts)} demo contacts of the {LINE_NAME} loaded."


def _week_counts(contacts, monday: datetime.date, weeks: int) -> list[int]:
    counts = [0] * weeks
    for started_at in contacts:
        index = (timezone.localtime(started_at).date() - monday).days // 7
        if 0 <= index < weeks:
            counts[index] += 1
    return counts


def campaign_traces_load(
    *,
    campaign_id: int,
    region_codes: list[str],
    starts_on: datetime.date,
    ends_on: datetime.date,
    heard_via: list[str],
    seed: int,
) -> int:
    """Leave a demo campaign's traces in the Khujand line's contacts (``campaigns.demo`` passes the id:
    hotline does not import campaigns). The campaign's weeks and as many after it: about half of the
    callers from ``region_codes`` who heard of the hotline via one of ``heard_via`` now name the campaign,
    and new contacts naming it raise the weekly calls from those regions well above the weeks before
    (about 50–75 % more during the campaign, and 10–50 % more after it, than in the weeks before).

    Idempotent: once a contact names the campaign nothing is done. Returns the contacts naming it."""
    organisation = network_demo.organisation(network_demo.HUMAN_RIGHTS_CENTER)
    # unscoped: the demo loader (a command) reads and writes the demo organisation's rows.
    named = Contact.unscoped.filter(organisation=organisation, campaign_id=campaign_id).count()
    if named:
        return named
    # unscoped: as above.
    line = Line.unscoped.get(organisation=organisation, name=LINE_NAME)
    operator = User.objects.get(username=OPERATOR)
    monday = starts_on - datetime.timedelta(days=starts_on.weekday())
    weeks = (ends_on - monday).days // 7 + 1
    start = timezone.make_aware(
        datetime.datetime.combine(monday - datetime.timedelta(weeks=2 * weeks), datetime.time.min)
    )
    end = timezone.make_aware(
        datetime.datetime.combine(monday + datetime.timedelta(weeks=2 * weeks), datetime.time.min)
    )
    # unscoped: as above.
    regional = Contact.unscoped.filter(
        line=line,
        is_draft=False,
        caller_region_id__in=region_codes,
        started_at__gte=start,
        started_at__lt=end,
    )
    started = list(regional.values_list("started_at", flat=True))
    before = _week_counts(started, monday - datetime.timedelta(weeks=2 * weeks), 2 * weeks)
    after = _week_counts(started, monday, 2 * weeks)
    average = sum(before) / len(before)
    rng = random.Random(seed)
    partners = list(Organisation.objects.filter(name_en__in=REFERRAL_PARTNERS).order_by("pk"))
    today = timezone.localdate()
    extra = []
    for week, existing in enumerate(after):
        # Calls climb in the campaign's first weeks and ebb after it.
        lift = 1.35 + 0.4 * min(1, week / 2) if week < weeks else max(1.1, 1.5 - 0.08 * (week - weeks))
        target = average * lift * rng.uniform(0.88, 1.12)
        for _ in range(max(round(target - existing), round(existing * 0.15))):
            day = monday + datetime.timedelta(weeks=week, days=rng.randrange(7))
            if day >= today:
                continue
            started_at = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(_pick(rng, HOURS), rng.randrange(60)))
            )
            contact = _contact(
                rng,
                organisation=organisation,
                line=line,
                operator=operator,
                started_at=started_at,
                partners=partners,
            )
            contact.caller_country = "TJ"
            contact.caller_region_id = rng.choice(region_codes)
            contact.heard_via = rng.choice(heard_via)
            contact.campaign_id = campaign_id
            extra.append(contact)
    # unscoped: as above, in bulk.
    Contact.unscoped.bulk_create(extra, batch_size=1000)
    # Callers already in the log who heard of the hotline on the campaign's channels: about half name it.
    during_and_after = regional.filter(
        started_at__gte=timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    )
    heard = list(
        during_and_after.filter(heard_via__in=heard_via, campaign_id=None)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = [pk for pk in heard if rng.random() < 0.5]
    # unscoped: as above.
    Contact.unscoped.filter(pk__in=chosen).update(campaign_id=campaign_id)
    return len(extra) + len(chosen)
