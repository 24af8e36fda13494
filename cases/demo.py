"""About 1,200 synthetic cases with the seed's shape, over 1,100 of them counted in statistics
(``load_demo`` step; skipped once loaded).

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
from cases import reintegration
from cases.models import (
    Assessment,
    AssistanceService,
    Case,
    CaseCounter,
    Consent,
    FollowUp,
    Referral,
    ReintegrationGoal,
    ReintegrationPlan,
    Screening,
    TraffickingEvent,
    TraffickingExperience,
    Victim,
    VictimSearchToken,
    choices,
)
from cases.services.common import add_months
from network.countries import CENTRAL_ASIA
from network.models import Organisation, OrganisationType, Programme, Region
from privacy.blind_index import blind_index
from privacy.search_tokens import search_tokens

HISTORICAL_CASES = (
    1120  # 2011–2013: with the refusals of statistics, the seed's "over 1,100 victims assisted"
)
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


# How victims reach an NGO, roughly as the network's reports give it: the hotline, the police and other
# NGOs refer most; consulates and labour inspections few.
REFERRAL_SOURCE_WEIGHTS = {
    choices.ReferralSource.HOTLINE: 26,
    choices.ReferralSource.POLICE: 20,
    choices.ReferralSource.NGO: 18,
    choices.ReferralSource.IOM: 9,
    choices.ReferralSource.FAMILY: 9,
    choices.ReferralSource.SELF: 8,
    choices.ReferralSource.CONSULATE: 4,
    choices.ReferralSource.LABOUR_INSPECTION: 3,
    choices.ReferralSource.OTHER: 3,
}
OUTCOME_WEIGHTS = {
    choices.ReferralOutcome.SERVICES_DELIVERED: 60,
    choices.ReferralOutcome.PARTLY_DELIVERED: 15,
    choices.ReferralOutcome.VICTIM_DECLINED: 8,
    choices.ReferralOutcome.LOST_CONTACT: 10,
    choices.ReferralOutcome.REFERRED_ONWARD: 7,
}
# Bodies outside Amanat the NGOs refer to (institutions, fictional): (name, type, country)
EXTERNAL_BODIES = [
    ("Migration Police Department, Moscow", OrganisationType.LAW_ENFORCEMENT, "RU"),
    ("Consulate General of Uzbekistan in Moscow", OrganisationType.CENTRAL_GOVERNMENT, "RU"),
    ("Embassy of Tajikistan in Moscow", OrganisationType.CENTRAL_GOVERNMENT, "RU"),
    ("State Labour Inspectorate, Almaty", OrganisationType.CENTRAL_GOVERNMENT, "KZ"),
    ("Migrant Rights Helpdesk, Istanbul", OrganisationType.NGO, "TR"),
]


EXTERNAL_STATUSES = (
    choices.ReferralStatus.REQUESTED,
    choices.ReferralStatus.ACCEPTED,
    choices.ReferralStatus.COMPLETED,
)


ECONOMIC_WEIGHTS = {
    choices.EconomicSituation.NO_INCOME: 30,
    choices.EconomicSituation.IRREGULAR_INCOME: 35,
    choices.EconomicSituation.LOW_INCOME: 22,
    choices.EconomicSituation.SUFFICIENT_INCOME: 8,
    choices.EconomicSituation.NOT_KNOWN: 5,
}
DEBT_WEIGHTS = {
    choices.Debt.FAMILY_OR_FRIENDS: 45,
    choices.Debt.BANK_OR_MICROCREDIT: 30,
    choices.Debt.MONEYLENDER: 15,
    choices.Debt.RECRUITER_OR_EMPLOYER: 25,
}
# Prior migration for work: labour migrants have mostly been abroad before, as in the seed's caseload.
MIGRATION_WEIGHTS = {
    "labour": {"never": 25, "internal": 20, "abroad_once": 27, "abroad_several": 23, "not_known": 5},
    "sexual": {"never": 50, "internal": 25, "abroad_once": 14, "abroad_several": 6, "not_known": 5},
}
EDUCATION_WEIGHTS = {
    choices.Education.PRIMARY: 8,
    choices.Education.LOWER_SECONDARY: 34,
    choices.Education.UPPER_SECONDARY: 40,
    choices.Education.POST_SECONDARY: 11,
    choices.Education.BACHELOR: 5,
    "": 2,
}


def _weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _vulnerability_factors(
    rng: random.Random, screening: Screening, victim: Victim, *, forms: list[str], age: int
) -> None:
    """The screening's root causes and the victim's education: synthetic, most poor, many in debt,
    many with prior labour migration (their own random stream, leaving the rest of the demo as it was)."""
    economic = _weighted(rng, ECONOMIC_WEIGHTS)
    screening.economic_situation = economic
    poor = economic in (choices.EconomicSituation.NO_INCOME, choices.EconomicSituation.IRREGULAR_INCOME)
    roll = rng.random()
    if roll < 0.04:
        screening.debts = [choices.Debt.NOT_KNOWN]
    elif roll < (0.7 if poor else 0.4):
        first = _weighted(rng, DEBT_WEIGHTS)
        second = _weighted(rng, DEBT_WEIGHTS) if rng.random() < 0.25 else first
        screening.debts = list(dict.fromkeys([first, second]))
    else:
        screening.debts = [choices.Debt.NONE]
    labour = choices.Exploitation.FORCED_LABOUR in forms
    screening.prior_migration = _weighted(rng, MIGRATION_WEIGHTS["labour" if labour else "sexual"])
    female = victim.sex == "female"
    if age < 20:
        family = _weighted(rng, {"both_parents": 45, "single_parent_household": 35, "orphan_or_in_care": 20})
    else:
        family = _weighted(
            rng,
            {
                "married_with_children": 45,
                "raises_children_alone": 22 if female else 3,
                "lives_alone": 15,
                "both_parents": 12,
                "single_parent_household": 6,
                "not_known": 3,
            },
        )
    screening.family_situation = [family]
    if family != "not_known" and rng.random() < (0.22 if female else 0.05):
        screening.family_situation.append(choices.FamilySituation.DOMESTIC_VIOLENCE)
    victim.education = _weighted(rng, EDUCATION_WEIGHTS)


def _referral_source(rng: random.Random) -> str:
    return rng.choices(list(REFERRAL_SOURCE_WEIGHTS), list(REFERRAL_SOURCE_WEIGHTS.values()))[0]


def _referral_outcomes(rng: random.Random, referrals: list) -> None:
    """Close the loop on the demo referrals: most accepted ones completed with an outcome, some requests
    declined by the receiver (its reason recorded)."""
    now = timezone.now()
    for referral in referrals:
        if referral.status == choices.ReferralStatus.ACCEPTED and rng.random() < 0.6:
            referral.status = choices.ReferralStatus.COMPLETED
            referral.outcome = rng.choices(list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values()))[0]
            referral.completed_at = now
        elif referral.status == choices.ReferralStatus.REQUESTED and rng.random() < 0.4:
            referral.status = choices.ReferralStatus.DECLINED
            referral.answered_at = now
            referral.decline_reason = rng.choice(
                ["No free place this month.", "The service needed is not offered in that city."]
            )


def _referral_extras(rng, cases, referrals, consents, recorder, today) -> None:
    """Referrals to bodies outside Amanat, a few transfers that were declined or withdrawn, and the
    cross-border referral the Kazakh demo caseworker can accept (consent given, waiting)."""
    open_cases = [case for case in cases if case.stage != choices.Stage.CLOSED]
    for case in rng.sample(open_cases, min(40, len(open_cases))):
        name, body_type, country = rng.choice(EXTERNAL_BODIES)
        status = rng.choice(list(EXTERNAL_STATUSES))
        referrals.append(
            Referral(
                organisation_id=case.organisation_id,
                case=case,
                to_organisation=None,
                external_name=name,
                external_type=body_type,
                external_country=country,
                external_contact="Duty officer, +000 0000000",
                external_consent_method=choices.ConsentMethod.WRITTEN,
                service_needed=rng.choice(SERVICES),
                status=status,
                outcome=choices.ReferralOutcome.SERVICES_DELIVERED
                if status == choices.ReferralStatus.COMPLETED
                else "",
                requested_by=case.caseworker or recorder,
                answered_at=timezone.now() if status != choices.ReferralStatus.REQUESTED else None,
            )
        )
    ngos = list(Organisation.objects.filter(type=OrganisationType.NGO, is_active=True))
    for case in rng.sample(open_cases, min(6, len(open_cases))):
        country = case.organisation.country
        others = [ngo for ngo in ngos if ngo.country == country and ngo.pk != case.organisation_id]
        if others:
            referrals.append(
                Referral(
                    organisation_id=case.organisation_id,
                    case=case,
                    kind=choices.ReferralKind.TRANSFER,
                    to_organisation=rng.choice(others),
                    reason=choices.ReferralReason.MIGRATION,
                    status=rng.choice([choices.ReferralStatus.DECLINED, choices.ReferralStatus.WITHDRAWN]),
                    **{f"share_{section}": True for section in choices.Section.values},
                    requested_by=case.caseworker or recorder,
                )
            )
    from network.demo import STEPPE_HOPE

    kz_ngo = Organisation.objects.filter(name_en=STEPPE_HOPE, country="KZ").first()
    sender = next((case for case in open_cases if case.organisation.country in ("UZ", "TJ")), None)
    if kz_ngo is None or sender is None:
        return
    sections = [choices.Section.PERSONAL_DATA, choices.Section.SCREENING, choices.Section.SERVICES]
    consents.append(
        Consent(
            organisation_id=sender.organisation_id,
            case=sender,
            purpose=choices.ConsentPurpose.SHARING,
            recipient=kz_ngo,
            status=choices.ConsentStatus.GIVEN,
            sections=sections,
            method=choices.ConsentMethod.WRITTEN,
            given_on=today,
            recorded_by=sender.caseworker or recorder,
        )
    )
    referrals.append(
        Referral(
            organisation_id=sender.organisation_id,
            case=sender,
            to_organisation=kz_ngo,
            service_needed=choices.ServiceType.LEGAL_AID,
            reason=choices.ReferralReason.MIGRATION,
            **{f"share_{section}": True for section in sections},
            status=choices.ReferralStatus.REQUESTED,
            requested_by=sender.caseworker or recorder,
        )
    )


def _search_tokens_load(victims: list[Victim]) -> None:
    """The name-search tokens of the demo victims, in bulk (the services write them one by one)."""
    rows = []
    for victim in victims:
        kid, tokens = search_tokens(victim.search_names(), birth_date=victim.birth_date)
        rows += [
            VictimSearchToken(organisation_id=victim.organisation_id, case=victim.case, token=token, kid=kid)
            for token in tokens
        ]
    VictimSearchToken.objects.bulk_create(rows, batch_size=2000)


REINTEGRATION_SHARE = 0.3  # of the cases with a follow-up done: a plan, goals and RSS assessments
RETRAFFICKED_SHARE = 0.03  # of those: trafficked again, learned at the last assessment
GOALS = {
    "economic": ["Start a small tailoring business", "Training as a cook", "Find stable paid work"],
    "social": ["Obtain a new passport", "Enrol the children in school", "Find rented housing"],
    "psychosocial": ["Weekly counselling sessions", "Join a peer support group", "Reconnect with the family"],
}
GOAL_STATUSES = (
    ReintegrationGoal.Status.ACHIEVED,
    ReintegrationGoal.Status.DROPPED,
    ReintegrationGoal.Status.OPEN,
)
PLAN_TYPES = [
    choices.SupportPlanType.LIVELIHOOD,
    choices.SupportPlanType.LABOUR_REHABILITATION,
    choices.SupportPlanType.SEXUAL_REHABILITATION,
    choices.SupportPlanType.SOCIAL_CARE,
]


def _rss_answers(rng: random.Random, level: float) -> dict:
    """Survey answers around a level of reintegration (0–1): each the option nearest a noisy level."""
    answers = {}
    for indicator in reintegration.INDICATORS:
        if indicator.code == "schooling" and rng.random() < 0.3:
            answers[indicator.code] = 0  # no children of school age
            continue
        target = min(max(level + rng.gauss(0, 0.15), 0), 1)
        scored = [option for option in indicator.options if option.score is not None]
        answers[indicator.code] = min(scored, key=lambda option: abs(float(option.score) - target)).code
    return answers


def _reintegration(rng: random.Random, *, cases: list, followups: list, referrals: list, recorder) -> str:
    """Reintegration plans with goals (some achieved, some dropped) and 2–4 RSS assessments over time for
    a few hundred cases: a baseline at return, then one at each follow-up done, mostly improving."""
    done = defaultdict(list)
    for followup in followups:
        if followup.done_on is not None:
            done[followup.case_id].append(followup)
    referred = {referral.case_id for referral in referrals}
    plans, goals, assessments = [], [], []
    retrafficked = 0
    for case in cases:
        # A case referred on for services is one whose reintegration is followed closely: always measured.
        if not done[case.pk] or (case.pk not in referred and rng.random() >= REINTEGRATION_SHARE):
            continue
        worker = case.caseworker or recorder
        visits = sorted(done[case.pk], key=lambda followup: followup.due_on)[: rng.randrange(1, 4)]
        plan = ReintegrationPlan(
            organisation_id=case.organisation_id,
            case=case,
            type=rng.choice(PLAN_TYPES),
            objectives="Synthetic plan: income, documents and support in the home community.",
            starts_on=case.return_date,
            planned_end_date=add_months(case.return_date, 12),
            actual_end_date=case.closed_on,
            created_by=worker,
        )
        plans.append(plan)
        for dimension in rng.sample(reintegration.DIMENSIONS, rng.randrange(2, 4)):
            status = rng.choices(list(GOAL_STATUSES), [60, 20, 20] if case.is_closed else [25, 10, 65])[0]
            changed = None if status == ReintegrationGoal.Status.OPEN else rng.choice(visits).due_on
            goals.append(
                ReintegrationGoal(
                    organisation_id=case.organisation_id,
                    case=case,
                    plan=plan,
                    dimension=dimension,
                    description=rng.choice(GOALS[dimension]),
                    target_date=add_months(case.return_date, rng.choice([6, 9, 12])),
                    status=status,
                    status_changed_on=changed,
                    status_changed_by=worker if changed else None,
                )
            )
        again = rng.random() < RETRAFFICKED_SHARE
        retrafficked += again
        level = rng.uniform(0.15, 0.45)
        for visit in [None, *visits]:
            last = visit is visits[-1]
            if visit is not None:
                level = 0.2 if again and last else min(level + rng.uniform(-0.05, 0.2), 0.95)
            answers = _rss_answers(rng, level)
            scores = reintegration.dimension_scores(answers)
            assessments.append(
                Assessment(
                    organisation_id=case.organisation_id,
                    case=case,
                    followup=visit,
                    assessed_on=visit.done_on if visit else case.return_date,
                    answers=answers,
                    composite=reintegration.composite_score(scores),
                    retrafficked=again and last,
                    assessed_by=worker,
                    **scores,
                )
            )
    for model, rows in ((ReintegrationPlan, plans), (ReintegrationGoal, goals), (Assessment, assessments)):
        model.objects.bulk_create(rows, batch_size=500)
    return (
        f"Reintegration: {len(plans)} plans, {len(goals)} goals, {len(assessments)} assessments, "
        f"{retrafficked} re-trafficked."
    )


@transaction.atomic
def load(*, stdout=None) -> str | None:
    # unscoped: the demo loader (a command) reads and writes across organisations on purpose.
    if Case.unscoped.filter(is_demo=True).exists():
        # unscoped: the demo loader counts what it loaded before.
        return f"Cases: demo cases already loaded ({Case.unscoped.filter(is_demo=True).count()})."
    rng = random.Random(SEED)
    factors = random.Random(SEED + 7)
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
                referral_source=_referral_source(rng),
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
        _vulnerability_factors(factors, screenings[-1], victims[-1], forms=forms, age=age)
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
    _followup_and_service_details(
        random.Random(SEED + 4),
        cases=cases,
        consents=consents,
        services=services,
        followups=followups,
        recorder=recorder,
    )
    _referral_outcomes(rng, referrals)
    _referral_extras(rng, cases, referrals, consents, recorder, today)
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
    _closure_reasons(random.Random(SEED + 5), cases=cases)
    _search_tokens_load(victims)
    report = (
        f"Cases: {len(cases)} synthetic cases, {len(services)} services, {len(referrals)} referrals, "
        f"{len(followups)} follow-ups."
    )
    report += " " + _reintegration(
        rng, cases=cases, followups=followups, referrals=referrals, recorder=recorder
    )
    report += " " + _case_records(random.Random(SEED + 6), cases=cases, staff=staff)
    if stdout is not None:
        stdout.write(report)
    return report


# How each kind of service is counted, and how long it usually runs (days, from–to).
SERVICE_UNITS = {
    choices.ServiceType.ACCOMMODATION: ("nights", 7, 90),
    choices.ServiceType.MEDICAL: ("consultations", 1, 45),
    choices.ServiceType.PSYCHOLOGICAL: ("sessions", 14, 120),
    choices.ServiceType.LEGAL_AID: ("consultations", 7, 180),
    choices.ServiceType.DOCUMENT_RECOVERY: ("documents", 10, 60),
    choices.ServiceType.RETURN_TRAVEL: ("tickets", 1, 3),
    choices.ServiceType.VOCATIONAL_TRAINING: ("course days", 20, 90),
    choices.ServiceType.MICRO_BUSINESS_GRANT: ("grants", 1, 1),
}
FOLLOWUP_OUTCOMES = [
    "Met at home; working at the market, income covers the family's needs.",
    "Phone call; attends the sewing course, sleeps well, no contact with the recruiter.",
    "Met at the office; the micro-business (bakery) runs, asked about a second loan.",
    "Visit with the family; children back at school, relations with the parents better.",
    "Phone call; looking for work, feels anxious; referred again to the psychologist.",
    "Met at the office; documents restored, registered at the employment centre.",
]
MISSED_OUTCOMES = [
    "Not reached: phone switched off on two calls.",
    "Not at the address on the visit; the neighbours say she is away for work.",
]


def _followup_and_service_details(
    rng: random.Random, *, cases, consents, services, followups, recorder
) -> None:
    """What the daily work leaves on a case (before the rows are saved): an outcome on each follow-up
    done, some missed (the contact failed; historical ones closed without it), consent to follow-up
    contact where there are follow-ups, services with an end and a unit, and accommodation only where
    an organisation runs a shelter (else by a shelter-running NGO of the country)."""
    today = timezone.localdate()
    shelters = defaultdict(list)
    for organisation in Organisation.objects.filter(services__code="shelter", is_active=True).order_by("pk"):
        shelters[organisation.country].append(organisation)
    shelter_ids = {organisation.pk for organisations in shelters.values() for organisation in organisations}
    by_case = {case.pk: case for case in cases}
    followed = dict.fromkeys(followup.case_id for followup in followups)
    for followup in followups:
        missed = followup.due_on < today - datetime.timedelta(days=10) and rng.random() < 0.12
        if missed:
            followup.outcome = rng.choice(MISSED_OUTCOMES)
            followup.done_on = None
            # A historical case closed long ago: the missed contact was given up; a recent one is overdue.
            followup.cancelled = by_case[followup.case_id].stage == choices.Stage.CLOSED
        elif followup.done_on is not None:
            followup.outcome = rng.choice(FOLLOWUP_OUTCOMES)
    for case_id in followed:
        case = by_case[case_id]
        if rng.random() < 0.94:
            consents.append(
                Consent(
                    organisation_id=case.organisation_id,
                    case=case,
                    purpose=choices.ConsentPurpose.FOLLOW_UP,
                    status=choices.ConsentStatus.GIVEN,
                    method=choices.ConsentMethod.WRITTEN,
                    given_on=min(case.return_date or case.registered_on, today),
                    recorded_by=case.caseworker or recorder,
                )
            )
    for service in services:
        case = by_case[service.case_id]
        if service.type == choices.ServiceType.ACCOMMODATION and service.provider_id not in shelter_ids:
            nearby = shelters.get(case.organisation.country)
            if nearby:
                service.provider = rng.choice(nearby)
            else:
                service.type = choices.ServiceType.PSYCHOLOGICAL
        unit, shortest, longest = SERVICE_UNITS.get(service.type, ("sessions", 1, 30))
        ends = service.started_on + datetime.timedelta(days=rng.randrange(shortest, longest + 1) - 1)
        service.ended_on = ends if ends <= today else None  # still running
        service.unit = unit
        if service.type == choices.ServiceType.ACCOMMODATION:
            service.quantity = Decimal(((service.ended_on or today) - service.started_on).days or 1)
        elif unit in {"tickets", "grants"}:
            service.quantity = Decimal(1 if unit == "grants" else rng.choice([1, 2]))


# Why the demo's closed cases were closed (most reintegrated, as in the seed's reports).
CLOSURE_REASONS = {
    choices.ClosureReason.REINTEGRATED: 72,
    choices.ClosureReason.LOST_CONTACT: 9,
    choices.ClosureReason.RELOCATED: 7,
    choices.ClosureReason.DECLINED_ASSISTANCE: 6,
    choices.ClosureReason.RE_TRAFFICKED: 2,
    choices.ClosureReason.NOT_TRAFFICKED: 2,
    choices.ClosureReason.DECEASED: 1,
    choices.ClosureReason.OTHER: 1,
}


def _closure_reasons(rng: random.Random, *, cases) -> None:
    """Closed demo cases get the spread of reasons a caseworker meets (saved rows: one update a reason)."""
    reasons, weights = list(CLOSURE_REASONS), list(CLOSURE_REASONS.values())
    chosen = defaultdict(list)
    for case in cases:
        if case.stage == choices.Stage.CLOSED:
            chosen[rng.choices(reasons, weights)[0]].append(case.pk)
    for reason, case_ids in chosen.items():
        # unscoped: the demo loader (a command) updates the cases it just created.
        Case.unscoped.filter(pk__in=case_ids).update(closure_reason=reason)


NOTES = [
    "Met at the office; the client asked about her documents and the next appointment.",
    "Phone call: the family is supportive; the client wants to start training next month.",
    "Accompanied the client to the clinic; a follow-up visit is booked.",
]
STORY = (
    "A synthetic story for the demo: she left for seasonal work abroad, her passport was taken, and she "
    "returned with the help of the hotline. Today she runs a small sewing workshop."
)
IDENTIFYING_BODIES = [
    "Ministry of Internal Affairs, anti-trafficking unit",
    "Prosecutor's office of the region",
    "Interagency commission on trafficking in persons",
]
# The smallest file the attachment rules accept as a PDF (synthetic, no content).
DEMO_PDF = b"%PDF-1.4\n% Amanat demo file: a synthetic consent form\n%%EOF\n"


def _case_records(rng: random.Random, *, cases: list, staff: dict) -> str:
    """Notes, a scanned consent form, the identifying body and, where the person agreed to publication,
    a story, for the cases of the last year and those whose reintegration is measured; written through
    the services so that each has its change history too."""
    from cases.services.cases import screening_update
    from cases.services.consent import consent_record
    from cases.services.records import attachment_add, note_add, story_submit

    # unscoped: the demo loader reads what it just loaded: people whose reintegration is measured.
    measured = set(Assessment.unscoped.values_list("case_id", flat=True))
    recent = [case for case in cases if case.registered_on.year > 2013 or case.pk in measured]
    notes = attachments = stories = 0
    for case in recent:
        by = case.caseworker or next(iter(staff.get(case.organisation_id, [])), None)
        if by is None:
            continue
        for text in rng.sample(NOTES, rng.randrange(1, 3)):
            note_add(case=case, by=by, text=text)
            notes += 1
        attachment_add(case=case, by=by, content=DEMO_PDF, file_name="consent-form.pdf")
        attachments += 1
        # The formal identification decision came in after the intake (a change in the case's history).
        screening_update(case=case, by=by, identifying_body_name=rng.choice(IDENTIFYING_BODIES))
        if case.pk in measured or rng.random() < 0.2:
            consent_record(
                case=case,
                by=by,
                purpose=choices.ConsentPurpose.PUBLICATION,
                status=choices.ConsentStatus.GIVEN,
                method=choices.ConsentMethod.WRITTEN,
            )
            story_submit(case=case, by=by, title="From a sewing course to a workshop", text=STORY)
            stories += 1
    return f"Records: {notes} notes, {attachments} files, {stories} stories in review."
