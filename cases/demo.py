"""About 1,100 synthetic cases with the seed's shape (``load_demo`` step; skipped once loaded).

Men and women, trafficked for labour and/or sexual exploitation, most inside their own country
(above all Uzbekistan) or to Russia and Kazakhstan; services funded by the USAID/IOM programme,
referrals (some across borders) and follow-ups after return. Every name is from small invented
lists; nothing here describes a real person."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Role
from cases.models import (
    AssistanceService,
    Case,
    CaseCounter,
    Consent,
    FollowUp,
    Referral,
    Screening,
    TraffickingEvent,
    TraffickingExperience,
    Victim,
    choices,
)
from cases.services.common import add_months
from network.countries import CENTRAL_ASIA
from network.models import Organisation, OrganisationType, Programme, Region
from privacy.blind_index import blind_index

HISTORICAL_CASES = 1000  # the seed's "over 1100 victims", 2011–2013
RECENT_CASES = 100  # open cases of the last year, so that follow-ups are due in the demo
SEED = 2013

GIVEN_NAMES = {
    "female": [
        "Gulnora",
        "Dilnoza",
        "Malika",
        "Zarina",
        "Nigora",
        "Madina",
        "Aigul",
        "Nodira",
        "Sabina",
        "Feruza",
    ],
    "male": [
        "Rustam",
        "Farrukh",
        "Sardor",
        "Bakhtiyor",
        "Timur",
        "Azamat",
        "Jamshid",
        "Daler",
        "Nurlan",
        "Ilhom",
    ],
}
FAMILY_NAMES = [
    "Karimov",
    "Rakhimov",
    "Nazarov",
    "Yusupov",
    "Saidov",
    "Aliev",
    "Sultanov",
    "Tursunov",
    "Umarov",
]
# Weight of each republic in the caseload: Uzbekistan first, as in the seed.
COUNTRY_WEIGHTS = {"UZ": 40, "TJ": 20, "KG": 18, "KZ": 14, "TM": 8}
CURRENCY = {"UZ": "UZS", "TJ": "TJS", "KG": "KGS", "KZ": "KZT", "TM": "TMT"}
COST_UNIT = {"UZS": 120000, "TJS": 110, "KGS": 900, "KZT": 5000, "TMT": 35}
LABOUR_SECTORS = [
    choices.Industry.F,
    choices.Industry.A,
    choices.Industry.C,
    choices.Industry.T,
    choices.Industry.I,
]
SERVICES = [
    choices.ServiceType.ACCOMMODATION,
    choices.ServiceType.MEDICAL,
    choices.ServiceType.PSYCHOLOGICAL,
    choices.ServiceType.LEGAL_AID,
    choices.ServiceType.DOCUMENT_RECOVERY,
    choices.ServiceType.RETURN_TRAVEL,
    choices.ServiceType.VOCATIONAL_TRAINING,
    choices.ServiceType.MICRO_BUSINESS_GRANT,
]


def _exploitation(rng: random.Random, sex: str) -> list[str]:
    roll = rng.random()
    sexual_share = 0.45 if sex == "female" else 0.05
    if roll < sexual_share * 0.8:
        return [choices.Exploitation.SEXUAL_EXPLOITATION]
    if roll < sexual_share:
        return [choices.Exploitation.FORCED_LABOUR, choices.Exploitation.SEXUAL_EXPLOITATION]
    return [choices.Exploitation.FORCED_LABOUR]


def _destination(rng: random.Random, country: str) -> str:
    roll = rng.random()
    internal = 0.7 if country == "UZ" else 0.45
    if roll < internal:
        return country
    if roll < internal + (1 - internal) * 0.65 or country == "KZ":
        return "RU"
    return "KZ"


# Where exploitation abroad mostly happens: the big labour markets of Russia and Kazakhstan.
EXPLOITATION_HUBS = {
    "RU": ["RU-MOW", "RU-MOW", "RU-MOS", "RU-SPE", "RU-SVE", "RU-NVS", "RU-KDA", "RU-TA", "RU-TYU"],
    "KZ": ["KZ-75", "KZ-75", "KZ-71", "KZ-79", "KZ-19"],
}


def _exploitation_regions(rng: random.Random, events: list[TraffickingEvent]) -> None:
    """Give most places of exploitation a region of their country (in Russia and Kazakhstan mostly the
    big labour markets, elsewhere any region)."""
    regions = defaultdict(list)
    countries = {event.country for event in events}
    for code, country in Region.objects.filter(country__in=countries).values_list("code", "country"):
        regions[country].append(code)
    for event in events:
        if event.type != choices.EventType.EXPLOITATION or not regions[event.country] or rng.random() < 0.15:
            continue
        event.region_id = rng.choice(EXPLOITATION_HUBS.get(event.country) or regions[event.country])


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(max((end - start).days, 1)))


def _codes(plan: list[tuple[str, int]]) -> list[str]:
    """Reserve the codes for (country, year) pairs in one update per pair."""
    needed = defaultdict(int)
    for key in plan:
        needed[key] += 1
    first = {}
    for (country, year), count in needed.items():
        counter, _ = CaseCounter.objects.get_or_create(country=country, year=year)
        CaseCounter.objects.filter(pk=counter.pk).update(last=F("last") + count)
        first[(country, year)] = counter.last + 1
    codes = []
    for country, year in plan:
        codes.append(f"{country}-{year}-{first[(country, year)]:06d}")
        first[(country, year)] += 1
    return codes


@transaction.atomic
def load(*, stdout=None) -> str | None:
    # unscoped: the demo loader (a command) reads and writes across organisations on purpose.
    if Case.unscoped.filter(is_demo=True).exists():
        # unscoped: the demo loader counts what it loaded before.
        return f"Cases: demo cases already loaded ({Case.unscoped.filter(is_demo=True).count()})."
    rng = random.Random(SEED)
    ngos = defaultdict(list)
    for organisation in Organisation.objects.filter(
        type=OrganisationType.NGO, country__in=CENTRAL_ASIA, is_active=True
    ):
        ngos[organisation.country].append(organisation)
    if not ngos:
        return "Cases: no demo NGOs, nothing loaded."
    countries = [country for country in COUNTRY_WEIGHTS if ngos[country]]
    weights = [COUNTRY_WEIGHTS[country] for country in countries]
    staff = defaultdict(list)
    # unscoped: the demo loader picks staff of every demo organisation.
    for membership in Membership.unscoped.filter(role__in=[Role.CASEWORKER, Role.MANAGER], is_active=True):
        staff[membership.organisation_id].append(membership.user)
    recorder = next((users[0] for users in staff.values()), None)
    if recorder is None:
        return "Cases: no demo caseworker to record the cases, nothing loaded."
    programme = Programme.objects.filter(end_date__isnull=True).order_by("pk").first()
    today = timezone.localdate()

    people = []
    for number in range(HISTORICAL_CASES + RECENT_CASES):
        recent = number >= HISTORICAL_CASES
        country = rng.choices(countries, weights)[0]
        organisation = rng.choice(ngos[country])
        registered_on = (
            _day(rng, today - datetime.timedelta(days=365), today - datetime.timedelta(days=20))
            if recent
            else _day(rng, datetime.date(2011, 10, 1), datetime.date(2013, 8, 31))
        )
        people.append((organisation, registered_on, recent))
    codes = _codes([(organisation.country, registered_on.year) for organisation, registered_on, _ in people])

    cases = []
    for (organisation, registered_on, recent), code in zip(people, codes, strict=True):
        caseworkers = staff.get(organisation.pk) or [None]
        if recent:
            stage = rng.choice(
                [choices.Stage.ASSISTANCE, choices.Stage.REINTEGRATION, choices.Stage.MONITORING]
            )
        else:
            stage = rng.choices([choices.Stage.CLOSED, choices.Stage.MONITORING], [85, 15])[0]
        closed = stage == choices.Stage.CLOSED
        return_date = registered_on + datetime.timedelta(days=rng.randrange(3, 40))
        cases.append(
            Case(
                organisation=organisation,
                code=code,
                stage=stage,
                caseworker=rng.choice(caseworkers),
                registered_on=registered_on,
                return_date=return_date if stage != choices.Stage.ASSISTANCE else None,
                closed_on=add_months(return_date, 12) if closed else None,
                closure_reason=choices.ClosureReason.REINTEGRATED if closed else "",
                is_demo=True,
            )
        )
    cases = Case.objects.bulk_create(cases)

    victims, screenings, experiences, events, consents, services, referrals, followups = (
        [] for _ in range(8)
    )
    for case in cases:
        country = case.organisation.country
        sex = rng.choices(["female", "male"], [55, 45])[0]
        birth_date = _day(rng, datetime.date(1970, 1, 1), datetime.date(1996, 12, 31))
        given, family = rng.choice(GIVEN_NAMES[sex]), rng.choice(FAMILY_NAMES)
        family = f"{family}a" if sex == "female" else family
        age = case.registered_on.year - birth_date.year
        victims.append(
            Victim(
                organisation_id=case.organisation_id,
                case=case,
                given_name=given,
                family_name=family,
                sex=sex,
                gender=choices.Gender.FEMININE if sex == "female" else choices.Gender.MASCULINE,
                birth_date=birth_date,
                age_at_registration=age,
                citizenship=[country],
                mailing_country=country,
                home_region_id=case.organisation.region_id,
                mobile_phone=f"+000 {rng.randrange(10**6, 10**7)}",  # not a real numbering plan
                blind_index=blind_index(given_name=given, family_name=family, birth_date=birth_date),
            )
        )
        screenings.append(
            Screening(
                organisation_id=case.organisation_id,
                case=case,
                referral_source=rng.choice(choices.ReferralSource.values),
                screened_on=case.registered_on,
                indicators=rng.sample(choices.Indicator.values, rng.randrange(2, 6)),
                identification_status=rng.choices(
                    [choices.TraffickingStatus.IDENTIFIED, choices.TraffickingStatus.PRESUMED], [85, 15]
                )[0],
                identification_date=case.registered_on,
                decided_by=case.caseworker,
                decision_making_organisation=rng.choice(
                    [choices.DecisionMakingOrg.NGO, choices.DecisionMakingOrg.POLICE]
                ),
            )
        )
        forms = _exploitation(rng, sex)
        destination = _destination(rng, country)
        exploited_until = case.registered_on - datetime.timedelta(days=rng.randrange(5, 60))
        exploited_from = exploited_until - datetime.timedelta(days=rng.randrange(30, 700))
        experiences.append(
            TraffickingExperience(
                organisation_id=case.organisation_id,
                case=case,
                exploitation_types=forms,
                sex_exploitation_types=[choices.SexExploitation.PROSTITUTION]
                if choices.Exploitation.SEXUAL_EXPLOITATION in forms
                else [],
                labour_sectors=[rng.choice(LABOUR_SECTORS)]
                if choices.Exploitation.FORCED_LABOUR in forms
                else [],
                relation_to_recruiter=rng.choice(choices.RecruiterRelation.values),
                recruitment_methods=[rng.choice(choices.RecruitmentMethod.values)],
                means_of_control=rng.sample(choices.MeansOfControl.values[:15], rng.randrange(1, 4)),
                age_when_trafficked=max(age - 1, 14),
                is_cross_border=destination != country,
                duration_days=(exploited_until - exploited_from).days,
            )
        )
        events.append(
            TraffickingEvent(
                organisation_id=case.organisation_id,
                case=case,
                type=choices.EventType.RECRUITMENT,
                country=country,
                region_id=case.organisation.region_id,
                started_on=exploited_from - datetime.timedelta(days=rng.randrange(5, 30)),
            )
        )
        events.append(
            TraffickingEvent(
                organisation_id=case.organisation_id,
                case=case,
                type=choices.EventType.EXPLOITATION,
                country=destination,
                started_on=exploited_from,
                ended_on=exploited_until,
            )
        )
        for purpose in (choices.ConsentPurpose.ASSISTANCE, choices.ConsentPurpose.STATISTICS):
            consents.append(
                Consent(
                    organisation_id=case.organisation_id,
                    case=case,
                    purpose=purpose,
                    status=choices.ConsentStatus.GIVEN
                    if purpose == choices.ConsentPurpose.ASSISTANCE or rng.random() < 0.92
                    else choices.ConsentStatus.REFUSED,
                    method=choices.ConsentMethod.WRITTEN,
                    given_on=case.registered_on,
                    recorded_by=case.caseworker or recorder,
                )
            )
        currency = CURRENCY[country]
        for service_type in rng.sample(SERVICES, rng.randrange(1, 4)):
            services.append(
                AssistanceService(
                    organisation_id=case.organisation_id,
                    case=case,
                    type=service_type,
                    provider_id=case.organisation_id,
                    started_on=case.registered_on + datetime.timedelta(days=rng.randrange(0, 10)),
                    quantity=Decimal(rng.randrange(1, 30)),
                    cost=Decimal(COST_UNIT[currency] * rng.randrange(1, 20)),
                    currency=currency,
                    programme=programme,
                    recorded_by=case.caseworker or recorder,
                )
            )
        if rng.random() < 0.15:
            cross_border = rng.random() < 0.35
            options = [
                ngo
                for other_country in ngos
                if (other_country != country) == cross_border
                for ngo in ngos[other_country]
                if ngo.pk != case.organisation_id
            ]
            if options:
                receiver = rng.choice(options)
                consents.append(
                    Consent(
                        organisation_id=case.organisation_id,
                        case=case,
                        purpose=choices.ConsentPurpose.SHARING,
                        recipient=receiver,
                        status=choices.ConsentStatus.GIVEN,
                        sections=[
                            choices.Section.PERSONAL_DATA,
                            choices.Section.SCREENING,
                            choices.Section.SERVICES,
                        ],
                        method=choices.ConsentMethod.WRITTEN,
                        given_on=case.registered_on,
                        recorded_by=case.caseworker or recorder,
                    )
                )
                accepted = rng.random() < 0.8 or case.stage == choices.Stage.CLOSED
                referrals.append(
                    Referral(
                        organisation_id=case.organisation_id,
                        case=case,
                        to_organisation=receiver,
                        service_needed=rng.choice(SERVICES),
                        reason=choices.ReferralReason.MIGRATION
                        if cross_border
                        else choices.ReferralReason.ADDITIONAL_SERVICES,
                        share_screening=True,
                        share_services=True,
                        share_personal_data=accepted,
                        status=choices.ReferralStatus.ACCEPTED
                        if accepted
                        else choices.ReferralStatus.REQUESTED,
                        requested_by=case.caseworker or recorder,
                        answered_at=timezone.now() if accepted else None,
                    )
                )
        if case.return_date:
            for month in (1, 3, 6, 12):
                due_on = add_months(case.return_date, month)
                followups.append(
                    FollowUp(
                        organisation_id=case.organisation_id,
                        case=case,
                        due_on=due_on,
                        months_after_return=month,
                        assigned_to=case.caseworker,
                        done_on=due_on if due_on < today - datetime.timedelta(days=10) else None,
                    )
                )
    _exploitation_regions(rng, events)
    for model, rows in (
        (Victim, victims),
        (Screening, screenings),
        (TraffickingExperience, experiences),
        (TraffickingEvent, events),
        (Consent, consents),
        (AssistanceService, services),
        (Referral, referrals),
        (FollowUp, followups),
    ):
        model.objects.bulk_create(rows, batch_size=500)
    report = (
        f"Cases: {len(cases)} synthetic cases, {len(services)} services, {len(referrals)} referrals, "
        f"{len(followups)} follow-ups."
    )
    if stdout is not None:
        stdout.write(report)
    return report
