"""The seed's awareness campaigns (``load_demo`` step, after the hotline's): "NGOs in each Central Asian
Republic have also used SMS, TV, and radio broadcasts to raise awareness of thousands of young individuals
who are vulnerable to human trafficking".

One or two campaigns per republic, each led by a demo NGO with partners, the USAID/IOM programme as
funder, regions, languages, key messages and a budget; TV and radio spots with their airings and audience
estimates (with a source), print runs, events with their participants by sex and age band, social media.
In Tajikistan an SMS campaign of the Khujand hotline's NGO sends through a console gateway (it prints,
sends nothing) to a list of a few hundred synthetic numbers (+992 90 …), a few of them opted out, and
its finished broadcast has its messages delivered, failed or not confirmed. The two Tajik campaigns leave
their traces in the Khujand hotline's demo contacts (``hotline.demo.campaign_traces_load``): callers who
name them, and more calls from their region during and after them than in the weeks before.

Dates are relative to today, like the hotline's year of contacts. Every figure is invented; no number is a
real person's. Campaigns has no create services yet: the rows are made here, with the models, by the
campaigns app's own code. Idempotent: a campaign found by organisation and name is left as it is."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from campaigns import numbers
from campaigns.models import (
    Activity,
    Airing,
    Broadcast,
    BroadcastText,
    Campaign,
    Gateway,
    Message,
    OperatorPrice,
    OptOut,
    Participation,
    SmsPolicy,
    Subscriber,
    SubscriberList,
    choices,
)
from hotline import demo as hotline_demo
from network import demo as network_demo
from network.models import Organisation, Programme

SEED = 10
Channel = choices.Channel
SUBSCRIBERS = 320
OPTED_OUT = 14
KEY_MESSAGES = {
    "job_offer": "Check a job offer abroad before you travel: call the hotline, free of charge.\n"
    "Keep your passport yourself; nobody may take it from you.\n"
    "Tell your family where you work and how to reach you.",
    "rights": "Forced labour is a crime, wherever it happens.\n"
    "Help is free and confidential: the hotline answers in your language.",
}
SMS_TEXTS = {
    "tg": "Пеш аз сафар пешниҳоди корро санҷед. Хати боварӣ ройгон: 0800 00 000. Барои рад кардан СТОП.",
    "ru": "Перед поездкой проверьте предложение о работе. Горячая линия: 0800 00 000. Отписка: СТОП",
    "uz": "Safardan oldin ish taklifini tekshiring. Ishonch telefoni bepul: 0800 00 000. Rad etish: STOP",
}

# name, lead, partners, regions, languages, channels, start (days ago), weeks, budget, spent, key messages,
# activities: (channel, title, outlet, programme, audience or reach estimate, source, airings, extra)
CAMPAIGNS = [
    {
        "name": "Know before you go: TV and radio in Sughd",
        "lead": network_demo.WOMEN_AND_SOCIETY,
        "partners": [
            network_demo.HUMAN_RIGHTS_CENTER, network_demo.WOMEN_OF_THE_EAST, network_demo.IOM_TAJIKISTAN
        ],
        "regions": ["TJ-SU"],
        "languages": ["tg", "ru", "uz"],
        "channels": [Channel.TV, Channel.RADIO, Channel.PRINT, Channel.EVENT, Channel.SOCIAL_MEDIA],
        "target_groups": [choices.TargetGroup.YOUNG_PEOPLE, choices.TargetGroup.PROSPECTIVE_MIGRANTS],
        "starts": 270,
        "weeks": 6,
        "budget": "18500",
        "spent": "17240",
        "messages": "job_offer",
        "heard_via": ["tv", "radio", "campaign"],
        "activities": [
            (Channel.TV, "Spot “The job offer”", "Sughd Regional TV (demo)", "30-second spot", 180_000,
             "Broadcaster's audience panel (demo figure)", 14, {}),
            (Channel.TV, "Talk show on safe migration", "Sughd Regional TV (demo)", "Evening talk show",
             65_000, "Broadcaster's audience panel (demo figure)", 2, {}),
            (Channel.RADIO, "Radio spot in Tajik and Uzbek", "Radio Khujand (demo)", "45-second spot", 60_000,
             "Station's listener survey (demo figure)", 24, {}),
            (Channel.PRINT, "Leaflet “Before you travel”", "", "", None, "", 0,
             {"copies": 5_000, "distribution": "Khujand bus station, migration service office, colleges"}),
            (Channel.EVENT, "Information session at the Khujand job fair", "Khujand job fair", "", None, "",
             0,
             {"participants": {("female", "18-24"): 64, ("female", "25-34"): 31, ("male", "0-17"): 22,
                               ("male", "18-24"): 87, ("male", "25-34"): 45, ("female", "35+"): 12}}),
            (Channel.SOCIAL_MEDIA, "Short videos and posts", "Instagram, Telegram", "", 45_000,
             "Platform insights (demo figure)", 0, {"posts": 24, "engagement": 3_100}),
        ],
    },
    {
        "name": "Check the job offer: SMS from the Khujand hotline",
        "lead": network_demo.HUMAN_RIGHTS_CENTER,
        "partners": [network_demo.WOMEN_AND_SOCIETY],
        "regions": ["TJ-SU"],
        "languages": ["tg", "ru", "uz"],
        "channels": [Channel.SMS],
        "target_groups": [choices.TargetGroup.PROSPECTIVE_MIGRANTS, choices.TargetGroup.RETURNEES],
        "starts": 100,
        "weeks": 6,
        "budget": "3200",
        "spent": "2650",
        "messages": "job_offer",
        "heard_via": ["sms", "campaign"],
        "sms": True,
        "activities": [],
    },
    {
        "name": "Safe road to work",
        "lead": "Tashkent Trust Line",
        "partners": ["Samarkand New Life", "Fergana Valley Safe Path", "IOM Uzbekistan"],
        "regions": ["UZ-TK", "UZ-SA", "UZ-FA"],
        "languages": ["uz", "ru"],
        "channels": [Channel.TV, Channel.RADIO, Channel.EVENT],
        "target_groups": [choices.TargetGroup.YOUNG_PEOPLE, choices.TargetGroup.PARENTS],
        "starts": 200,
        "weeks": 8,
        "budget": "24000",
        "spent": "22100",
        "messages": "job_offer",
        "activities": [
            (Channel.TV, "Spot “Ask before you sign”", "Tashkent City TV (demo)", "30-second spot", 420_000,
             "Broadcaster's audience panel (demo figure)", 20, {}),
            (Channel.RADIO, "Call-in programme on labour migration", "Radio Samarkand (demo)",
             "Weekly call-in", 90_000, "Station's listener survey (demo figure)", 8, {}),
            (Channel.EVENT, "School and college meetings in Fergana", "Fergana colleges", "", None, "", 0,
             {"participants": {("female", "0-17"): 140, ("male", "0-17"): 152, ("female", "18-24"): 61,
                               ("male", "18-24"): 58}}),
        ],
    },
    {
        "name": "Ask before you leave",
        "lead": "Ala-Too Rights Line",
        "partners": ["Osh Bridge of Trust", "IOM Kyrgyzstan"],
        "regions": ["KG-GB", "KG-GO"],
        "languages": ["ky", "ru"],
        "channels": [Channel.TV, Channel.RADIO, Channel.PRINT],
        "target_groups": [choices.TargetGroup.PROSPECTIVE_MIGRANTS, choices.TargetGroup.WOMEN],
        "starts": 150,
        "weeks": 5,
        "budget": "12800",
        "spent": "12800",
        "messages": "rights",
        "activities": [
            (Channel.TV, "Spot “Your passport is yours”", "Bishkek TV (demo)", "20-second spot", 210_000,
             "Broadcaster's audience panel (demo figure)", 12, {}),
            (Channel.RADIO, "Radio drama in Kyrgyz", "Radio Osh (demo)", "Five-part drama", 75_000,
             "Station's listener survey (demo figure)", 10, {}),
            (Channel.PRINT, "Posters at bus stations", "", "", None, "", 0,
             {"copies": 1_200, "distribution": "Bishkek and Osh bus stations"}),
        ],
    },
    {
        "name": "Work abroad safely",
        "lead": network_demo.STEPPE_HOPE,
        "partners": ["Open Road Women's Alliance", "IOM Kazakhstan"],
        "regions": ["KZ-75", "KZ-71"],
        "languages": ["kk", "ru"],
        "channels": [Channel.TV, Channel.RADIO, Channel.SOCIAL_MEDIA],
        "target_groups": [choices.TargetGroup.YOUNG_PEOPLE, choices.TargetGroup.EMPLOYERS],
        "starts": 120,
        "weeks": 6,
        "budget": "15500",
        "spent": "14020",
        "messages": "rights",
        "activities": [
            (Channel.TV, "Spot “Fair work”", "Almaty Channel (demo)", "30-second spot", 350_000,
             "Broadcaster's audience panel (demo figure)", 16, {}),
            (Channel.RADIO, "Morning show interviews", "Astana FM (demo)", "Morning show", 110_000,
             "Station's listener survey (demo figure)", 6, {}),
            (Channel.SOCIAL_MEDIA, "Campaign page and videos", "Instagram, TikTok", "", 80_000,
             "Platform insights (demo figure)", 0, {"posts": 36, "engagement": 5_400}),
        ],
    },
    {
        "name": "Know your rights before travelling",
        "lead": "Ashgabat Family Harmony",
        "partners": ["Lebap Riverside", "IOM Turkmenistan"],
        "regions": ["TM-S", "TM-L"],
        "languages": ["tk", "ru"],
        "channels": [Channel.TV, Channel.RADIO, Channel.EVENT],
        "target_groups": [choices.TargetGroup.YOUNG_PEOPLE, choices.TargetGroup.RETURNEES],
        "starts": 180,
        "weeks": 4,
        "budget": "9000",
        "spent": "8350",
        "messages": "rights",
        "activities": [
            (Channel.TV, "Spot “Before the journey”", "Ashgabat TV (demo)", "30-second spot", 150_000,
             "Broadcaster's audience panel (demo figure)", 8, {}),
            (Channel.RADIO, "Radio spot in Turkmen", "Radio Lebap (demo)", "30-second spot", 40_000,
             "Station's listener survey (demo figure)", 12, {}),
            (Channel.EVENT, "Community meetings in Türkmenabat", "Türkmenabat community centres", "", None,
             "", 0,
             {"participants": {("female", "25-34"): 48, ("female", "35+"): 37, ("male", "25-34"): 29,
                               ("male", "35+"): 21}}),
        ],
    },
]  # fmt: skip


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _activities(rng, *, campaign: Campaign, region: str, user, specs) -> None:
    span = (campaign.ends_on - campaign.starts_on).days
    airings, participations = [], []
    for channel, title, outlet, programme, estimate, source, airing_count, extra in specs:
        activity = Activity.unscoped.create(
            organisation=campaign.organisation,
            campaign=campaign,
            channel=channel,
            title=title,
            region_id=region,
            starts_on=campaign.starts_on,
            ends_on=campaign.ends_on,
            outlet=outlet,
            programme=programme,
            audience_estimate=estimate if channel in (Channel.TV, Channel.RADIO) else None,
            reach_estimate=estimate if channel == Channel.SOCIAL_MEDIA else None,
            estimate_source=source,
            copies=extra.get("copies"),
            distribution=extra.get("distribution", ""),
            posts=extra.get("posts"),
            engagement=extra.get("engagement"),
            created_by=user,
        )
        for number in range(airing_count):
            day = campaign.starts_on + datetime.timedelta(days=round(number * span / max(airing_count, 1)))
            airings.append(
                Airing(
                    organisation=campaign.organisation,
                    campaign=campaign,
                    activity=activity,
                    aired_at=_aware(day, rng.choice([8, 13, 19, 20]), rng.choice([0, 15, 30, 45])),
                    duration_seconds=30 if "spot" in programme else 1_800,
                )
            )
        for (sex, band), count in extra.get("participants", {}).items():
            participations.append(
                Participation(
                    organisation=campaign.organisation,
                    campaign=campaign,
                    activity=activity,
                    sex=sex,
                    age_band=band,
                    count=count,
                )
            )
    # unscoped: the demo loader (a command) writes the demo organisations' rows in bulk.
    Airing.unscoped.bulk_create(airings)
    # unscoped: as above.
    Participation.unscoped.bulk_create(participations)


def _sms(rng, *, campaign: Campaign, user) -> None:
    """A console gateway, a list of synthetic subscribers with a few opted out, and a finished broadcast
    whose messages were delivered, failed or not confirmed (made here: no send goes out in a demo)."""
    organisation = campaign.organisation
    # unscoped: as above.
    gateway = Gateway.unscoped.create(
        organisation=organisation, name="Demo console gateway", sender="HRC", rate_limit=20
    )
    # unscoped: as above.
    OperatorPrice.unscoped.create(
        organisation=organisation,
        gateway=gateway,
        operator="Demo Mobile",
        prefix="+99290",
        price_per_segment=Decimal("0.0150"),
    )
    # unscoped: as above.
    SmsPolicy.unscoped.get_or_create(organisation=organisation)
    # unscoped: as above.
    subscriber_list = SubscriberList.unscoped.create(
        organisation=organisation,
        name="Khujand job fair sign-ups",
        consent_source="Sign-up form at the Khujand job fair (paper, kept by the NGO)",
        language="tg",
        created_by=user,
    )
    consent_date = campaign.starts_on - datetime.timedelta(days=30)
    subscribers = []
    for index in range(SUBSCRIBERS):
        e164 = f"+99290{index + 1:07d}"
        subscribers.append(
            Subscriber(
                organisation=organisation,
                subscriber_list=subscriber_list,
                number=e164,
                number_hash=numbers.number_hash(e164),
                country="TJ",
                time_zone="Asia/Dushanbe",
                language=rng.choices(["tg", "ru", "uz"], weights=[60, 25, 15])[0],
                consent_source=subscriber_list.consent_source,
                consent_date=consent_date,
            )
        )
    # unscoped: as above.
    subscribers = Subscriber.unscoped.bulk_create(subscribers)
    opted_out = rng.sample(subscribers, OPTED_OUT)
    # unscoped: as above.
    OptOut.unscoped.bulk_create(
        [
            OptOut(
                organisation=organisation,
                number_hash=subscriber.number_hash,
                via=choices.OptOutVia.KEYWORD if number % 3 else choices.OptOutVia.LINK,
                keyword=("СТОП" if number % 2 else "STOP") if number % 3 else "",
            )
            for number, subscriber in enumerate(opted_out)
        ]
    )
    started_at = _aware(campaign.starts_on, 10)
    # unscoped: as above.
    broadcast = Broadcast.unscoped.create(
        organisation=organisation,
        campaign=campaign,
        name="Check the job offer: first send",
        gateway=gateway,
        region_id="TJ-SU",
        scheduled_for=started_at,
        status=choices.BroadcastStatus.FINISHED,
        created_by=user,
        started_by=user,
        started_at=started_at,
        finished_at=started_at + datetime.timedelta(minutes=25),
    )
    broadcast.lists.add(subscriber_list)
    texts = {
        language: BroadcastText.unscoped.create(  # unscoped: as above.
            organisation=organisation, broadcast=broadcast, language=language, body=body, position=position
        )
        for position, (language, body) in enumerate(SMS_TEXTS.items())
    }
    excluded = {subscriber.pk for subscriber in opted_out}
    messages = []
    statuses = [
        choices.MessageStatus.DELIVERED,
        choices.MessageStatus.FAILED,
        choices.MessageStatus.UNCONFIRMED,
    ]
    statuses.append(choices.MessageStatus.SENT)
    for number, subscriber in enumerate(s for s in subscribers if s.pk not in excluded):
        status = rng.choices(statuses, weights=[88, 6, 2, 4])[0]
        sent_at = started_at + datetime.timedelta(seconds=number * 4)
        text = texts[subscriber.language]
        messages.append(
            Message(
                organisation=organisation,
                broadcast=broadcast,
                gateway=gateway,
                subscriber=subscriber,
                number_hash=subscriber.number_hash,
                text=text,
                segments=1 if len(text.body) <= 70 else 2,
                status=status,
                attempts=1 if status != choices.MessageStatus.FAILED else 3,
                claimed_at=sent_at,
                sent_at=sent_at if status != choices.MessageStatus.UNCONFIRMED else None,
                delivered_at=sent_at + datetime.timedelta(seconds=rng.randint(2, 90))
                if status == choices.MessageStatus.DELIVERED
                else None,
                gateway_message_id=f"demo-{broadcast.pk}-{number + 1}"
                if status != choices.MessageStatus.UNCONFIRMED
                else None,
                error="Absent subscriber (demo)" if status == choices.MessageStatus.FAILED else "",
            )
        )
    # unscoped: as above.
    Message.unscoped.bulk_create(messages, batch_size=500)


def _campaign(rng, spec, *, today, programme, donor, admin) -> tuple[Campaign, bool]:
    lead = network_demo.organisation(spec["lead"])
    # unscoped: the demo loader finds what it loaded before, by organisation and name.
    campaign = Campaign.unscoped.filter(organisation=lead, name=spec["name"]).first()
    if campaign is not None:
        return campaign, False
    # Campaigns start on a Monday: their weeks are whole weeks of the effect's table.
    starts_on = today - datetime.timedelta(days=spec["starts"])
    starts_on -= datetime.timedelta(days=starts_on.weekday())
    # unscoped: as above.
    campaign = Campaign.unscoped.create(
        organisation=lead,
        name=spec["name"],
        programme=programme,
        donor=donor,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(weeks=spec["weeks"], days=-1),
        target_groups=spec["target_groups"],
        languages=spec["languages"],
        key_messages=KEY_MESSAGES[spec["messages"]],
        channels=spec["channels"],
        currency="USD",
        budget=Decimal(spec["budget"]),
        spent=Decimal(spec["spent"]),
        created_by=admin,
    )
    campaign.partners.set(Organisation.objects.filter(name_en__in=spec["partners"]))
    campaign.regions.set(spec["regions"])
    _activities(rng, campaign=campaign, region=spec["regions"][0], user=admin, specs=spec["activities"])
    if spec.get("sms"):
        _sms(rng, campaign=campaign, user=admin)
    return campaign, True


def load() -> str:
    """Create the demo campaigns with their activities, the SMS campaign's list and broadcast, and their
    traces in the hotline's contacts; returns a summary line."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    programme = Programme.objects.get(name=network_demo.PROGRAMME)
    admin = User.objects.get(username="admin")
    created, traces = 0, 0
    for index, spec in enumerate(CAMPAIGNS):
        campaign, new = _campaign(
            rng, spec, today=today, programme=programme, donor=programme.donor, admin=admin
        )
        created += new
        if spec.get("heard_via"):
            traces += hotline_demo.campaign_traces_load(
                campaign_id=campaign.pk,
                region_codes=spec["regions"],
                starts_on=campaign.starts_on,
                ends_on=campaign.ends_on,
                heard_via=spec["heard_via"],
                seed=SEED + index,
            )
    if not created:
        return f"Campaigns: demo campaigns already loaded ({len(CAMPAIGNS)})."
    return (
        f"Campaigns: {created} demo campaigns in the five republics loaded; "
        f"{traces} hotline contacts name the Tajik ones."
    )
