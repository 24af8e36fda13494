"""The seed's award (``load_demo`` step, after the campaigns'): the Bishkek forum of September 2013, and a
competition whose call is open today.

2013: IOM's Regional Office for Central Asia runs the competition; the IOM office of each republic holds
its national consultation with that country's demo NGOs, which put forward the 40 entries presented in
Bishkek on 2–3 September 2013 in the seed's six nominations (default rubric). A committee of six judges
(the demo ``judge`` chairs) scores them, three judges an entry; one judge once worked at Women of the
East (an ended membership) and another declared a conflict, and neither is assigned those entries. The
submitted scores make the seed's winners win: Women and Society (Chkalovsk) the best shelter, Human
Rights Center (Khujand) the best hotline, Women of the East (Panjakent) the best reintegration. The
forum's programme is laid out by ``awards.services.programme`` and published.

Today: a new call, its national consultations over, entries being written: Women and Society has been
put forward for the best shelter, so the demo ``manager`` can write its entry. And Tajikistan's national
round, judged now: the demo ``judge`` chairs it and has entries still to score.

Every figure and every judge is invented. The competition services of the other parts of issue 11 are
not called yet: rows are made here with the models. Idempotent: a competition found by its organiser
and English name is left as it is; users are found by username."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from accounts import services as account_services
from accounts.demo import DEMO_PASSWORD
from accounts.models import Membership, User
from accounts.roles import Role
from awards import conflicts
from awards.models import (
    Assignment,
    CommitteeMember,
    Competition,
    ConflictDeclaration,
    Consultation,
    Criterion,
    Entry,
    Nomination,
    Nominee,
    Score,
    ScoreSheet,
    choices,
)
from awards.services import assignments, committee, entries as entries_services, programme, results, scoring
from network import demo as network_demo
from network.countries import CENTRAL_ASIA
from network.models import Organisation, OrganisationType

SEED = 2013
FORUM_2013 = "Central Asian NGO best practice forum, Bishkek 2013"
FORUM_2013_RU = "Форум лучших практик НПО Центральной Азии, Бишкек, 2013"
ROOMS = ["Hall A", "Hall B"]
# The 2013 figures are synthetic: (key of awards/figures.py, source, low, high) per nomination code.
FIGURES = {
    "shelter": [
        ("shelters.places", "shelters", 6, 24),
        ("shelters.stays_started", "shelters", 15, 70),
        ("shelters.occupancy_percent", "shelters", 45, 95),
    ],
    "hotline": [
        ("hotline.contacts", "hotline", 400, 3_500),
        ("hotline.referrals", "hotline", 20, 180),
    ],
    "reintegration": [
        ("reintegration.reintegration_plans", "reintegration", 10, 60),
        ("reintegration.goals_achieved", "reintegration", 15, 120),
    ],
    "creative_campaign": [
        ("campaigns.audience_estimate", "campaigns", 20_000, 400_000),
        ("campaigns.sms_delivered", "campaigns", 500, 9_000),
    ],
    "business_involvement": [
        ("campaigns.audience_estimate", "campaigns", 5_000, 90_000),
        ("reintegration.reintegration_plans", "reintegration", 5, 30),
    ],
    "government_partnership": [
        ("reintegration.reintegration_plans", "reintegration", 5, 40),
        ("hotline.referrals", "hotline", 10, 90),
    ],
}
# How many of the 40 presentations each nomination had, and the service an NGO presenting in it offers.
ENTRIES_PER_NOMINATION = {
    "shelter": 7,
    "hotline": 7,
    "reintegration": 7,
    "creative_campaign": 7,
    "business_involvement": 6,
    "government_partnership": 6,
}
SERVICE_OF_NOMINATION = {
    "shelter": "shelter",
    "hotline": "hotline",
    "reintegration": "reintegration",
    "creative_campaign": "awareness_raising",
    "business_involvement": "vocational_training",
    "government_partnership": "legal_aid",
}
SEED_WINNERS = {
    "shelter": network_demo.WOMEN_AND_SOCIETY,
    "hotline": network_demo.HUMAN_RIGHTS_CENTER,
    "reintegration": network_demo.WOMEN_OF_THE_EAST,
}
CODE_OF_NOMINATION = {
    "creative_campaign": "CC",
    "business_involvement": "BI",
    "government_partnership": "GP",
    "shelter": "SH",
    "reintegration": "RE",
    "hotline": "HL",
}
TITLES = {
    "shelter": "A safe place to stay in {city}",
    "hotline": "The {city} hotline: advice before and after migrating",
    "reintegration": "Back home in {city}: reintegration step by step",
    "creative_campaign": "Know before you go: a campaign from {city}",
    "business_involvement": "Employers of {city} against forced labour",
    "government_partnership": "Referral together with the authorities in {city}",
}
IOM_OFFICE_OF = {
    "KZ": "IOM Kazakhstan",
    "KG": "IOM Kyrgyzstan",
    "TJ": network_demo.IOM_TAJIKISTAN,
    "TM": "IOM Turkmenistan",
    "UZ": "IOM Uzbekistan",
}
CAPITAL = {"KZ": "Astana", "KG": "Bishkek", "TJ": "Dushanbe", "TM": "Ashgabat", "UZ": "Tashkent"}
ORGANISER = ("organiser", "Organiser")  # a coordinator of the Regional Office who runs the competitions
# Synthetic judges: (username, last name, organisation's English name)
JUDGES = [
    ("judge_kz", "Judge Kazakhstan", "IOM Kazakhstan"),
    ("judge_kg", "Judge Kyrgyzstan", "IOM Kyrgyzstan"),
    ("judge_tj", "Judge Tajikistan", network_demo.IOM_TAJIKISTAN),
    ("judge_uz", "Judge Uzbekistan", "IOM Uzbekistan"),
    ("judge_donor", "Judge Donor", network_demo.USAID),
]
FORMER_STAFF_JUDGE = "judge_tj"  # once a member of Women of the East (membership ended)
DECLARING_JUDGE = "judge_kg"  # declared a conflict with a Kyrgyz entrant (the first by entry code)


def _aware(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _user(username: str, role: str, organisation, last_name: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_services.user_create(
            by=None,
            organisation=organisation,
            role=role,
            username=username,
            email=f"{username}@demo.amanat.invalid",
            first_name="Demo",
            last_name=last_name,
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _judges(regional_office) -> list[User]:
    """The chair (the demo ``judge``) and the synthetic judges, one with an ended membership of an entrant."""
    judges = [User.objects.get(username="judge")]
    for username, last_name, organisation_name in JUDGES:
        judges.append(_user(username, Role.JUDGE, network_demo.organisation(organisation_name), last_name))
    former = next(judge for judge in judges if judge.username == FORMER_STAFF_JUDGE)
    women_of_the_east = network_demo.organisation(network_demo.WOMEN_OF_THE_EAST)
    # unscoped: the demo loader (a command) reads memberships across organisations on purpose.
    if not Membership.unscoped.filter(user=former, organisation=women_of_the_east).exists():
        membership = account_services.membership_grant(
            by=None, user=former, organisation=women_of_the_east, role=Role.MANAGER
        )
        account_services.membership_revoke(by=None, membership=membership)
    return judges


def _nominations(competition: Competition) -> dict[str, Nomination]:
    nominations = {}
    criteria = []
    for order, (code, name_en, name_ru, sources) in enumerate(choices.DEFAULT_NOMINATIONS):
        nomination = Nomination.unscoped.create(  # unscoped: the demo loader writes the organiser's rows.
            organisation_id=competition.organisation_id,
            competition=competition,
            code=code,
            name_en=name_en,
            name_ru=name_ru,
            figure_sources=[str(source) for source in sources],
            order=order,
        )
        nominations[code] = nomination
        for position, (criterion_code, criterion_en, criterion_ru, weight) in enumerate(
            choices.DEFAULT_CRITERIA
        ):
            criteria.append(
                Criterion(
                    nomination=nomination,
                    code=criterion_code,
                    name_en=criterion_en,
                    name_ru=criterion_ru,
                    weight=Decimal(weight),
                    descriptors=[{"en": en, "ru": ru} for en, ru in choices.DEFAULT_DESCRIPTORS],
                    order=position,
                )
            )
    Criterion.objects.bulk_create(criteria)
    return nominations


def _consultations(competition, *, held_on, admin, coordinator) -> dict[str, Consultation]:
    consultations = {}
    for number, country in enumerate(CENTRAL_ASIA):
        # unscoped: as above (the consultation is the IOM country office's row).
        consultation = Consultation.unscoped.create(
            organisation=network_demo.organisation(IOM_OFFICE_OF[country]),
            competition=competition,
            country=country,
            held_on=held_on + datetime.timedelta(days=3 * number),
            place=CAPITAL[country],
            notes="Partner NGOs presented their year's work; the participants agreed the nominees (demo).",
            created_by=coordinator if country == "TJ" else admin,
        )
        consultation.participants.set(
            Organisation.objects.filter(country=country, type=OrganisationType.NGO, is_active=True)
        )
        consultations[country] = consultation
    return consultations


def _presenters() -> dict[str, list[Organisation]]:
    """The NGOs presenting in each nomination: the seed's winners in theirs, then NGOs offering the
    nomination's service, then any other; an NGO presents once."""
    names = [row[0] for row in network_demo.SEED_NGOS] + [row[0] for row in network_demo.FICTIONAL_NGOS]
    ngos = list(
        Organisation.objects.filter(name_en__in=names).prefetch_related("services").order_by("name_en")
    )
    by_name = {ngo.name_en: ngo for ngo in ngos}
    used: set[int] = set()
    presenters: dict[str, list[Organisation]] = {}
    for code, count in ENTRIES_PER_NOMINATION.items():
        chosen = [by_name[SEED_WINNERS[code]]] if code in SEED_WINNERS else []
        used |= {ngo.pk for ngo in chosen}
        service = SERVICE_OF_NOMINATION[code]
        offering = [
            ngo
            for ngo in ngos
            if ngo.pk not in used
            and ngo.name_en not in SEED_WINNERS.values()
            and service in {s.code for s in ngo.services.all()}
        ]
        for ngo in offering[: count - len(chosen)]:
            chosen.append(ngo)
            used.add(ngo.pk)
        presenters[code] = chosen
    for code, count in ENTRIES_PER_NOMINATION.items():
        spare = [ngo for ngo in ngos if ngo.pk not in used and ngo.name_en not in SEED_WINNERS.values()]
        for ngo in spare[: count - len(presenters[code])]:
            presenters[code].append(ngo)
            used.add(ngo.pk)
    assert sum(len(chosen) for chosen in presenters.values()) == 40, "the demo network has too few NGOs"
    return presenters


def _entries(rng, competition, *, nominations, consultations, deadline, admin, manager, coordinator):
    presenters = [
        (code, number, ngo) for code, ngos in _presenters().items() for number, ngo in enumerate(ngos, 1)
    ]
    # unscoped: as above (a nominee is the nominated NGO's row).
    nominees = Nominee.unscoped.bulk_create(
        [
            Nominee(
                organisation=ngo,
                consultation=consultations[ngo.country],
                nomination=nominations[code],
                notes="Put forward by the national consultation (demo).",
                put_forward_by=coordinator if ngo.country == "TJ" else admin,
            )
            for code, _number, ngo in presenters
        ]
    )
    entries = []
    for (code, number, ngo), nominee in zip(presenters, nominees, strict=True):
        figures = [
            {"key": key, "value": rng.randint(low, high), "source": source}
            for key, source, low, high in FIGURES[code]
        ]
        entries.append(
            Entry(
                organisation=ngo,
                nominee=nominee,
                competition=competition,
                nomination=nominations[code],
                code=f"{ngo.country}-{CODE_OF_NOMINATION[code]}-{number:02d}",
                title=TITLES[code].format(city=ngo.city),
                summary=f"How {ngo.name_en} works in {ngo.city}: what was done in the year, with whom, "
                "and what the figures show (demo text).",
                figures=figures,
                figures_from=deadline.date() - datetime.timedelta(days=365),
                figures_to=deadline.date(),
                figures_drawn_at=deadline - datetime.timedelta(days=10),
                figures_frozen_at=deadline,
                submitted_at=deadline - datetime.timedelta(days=rng.randint(1, 20)),
                created_by=manager if ngo.name_en == network_demo.WOMEN_AND_SOCIETY else admin,
            )
        )
    # unscoped: as above.
    return Entry.unscoped.bulk_create(entries)


def _committee(competition, *, judges, organiser, entries) -> dict[int, set[int]]:
    """Seats, the declared conflict, and each judge's conflicted entries (by the one conflict rule)."""
    # unscoped: as above.
    CommitteeMember.unscoped.bulk_create(
        [
            CommitteeMember(
                organisation_id=competition.organisation_id,
                competition=competition,
                judge=judge,
                is_chair=judge.username == "judge",
                added_by=organiser,
            )
            for judge in judges
        ]
    )
    declaring = next(judge for judge in judges if judge.username == DECLARING_JUDGE)
    declared_with = min(
        (entry for entry in entries if entry.organisation.country == "KG"), key=str
    ).organisation
    # unscoped: as above.
    ConflictDeclaration.unscoped.create(
        organisation_id=competition.organisation_id,
        competition=competition,
        judge=declaring,
        with_organisation=declared_with,
        reason="Sat on the organisation's board until 2012 (demo).",
        declared_by=declaring,
    )
    return {
        judge.pk: conflicts.conflicted_entry_ids(judge=judge, competition=competition) for judge in judges
    }


def _assign(competition, *, judges, entries, conflicted, organiser) -> list[Assignment]:
    """Three judges an entry, never a conflicted one, the least loaded first."""
    load = defaultdict(int)
    assignments = []
    for entry in entries:
        free = [judge for judge in judges if entry.pk not in conflicted[judge.pk]]
        free.sort(key=lambda judge: (load[judge.pk], judges.index(judge)))
        for judge in free[: competition.judges_per_entry]:
            load[judge.pk] += 1
            assignments.append(
                Assignment(
                    organisation_id=competition.organisation_id,
                    competition=competition,
                    entry=entry,
                    judge=judge,
                    is_automatic=True,
                    assigned_by=organiser,
                )
            )
    # unscoped: as above.
    return Assignment.unscoped.bulk_create(assignments)


def _scores(rng, competition, *, assignments, entries, nominations, judged_on) -> None:
    """Submitted sheets: each nomination's winner (the seed's, else its first entry) scores 4–5 on every
    criterion, every other entry 2–4, so that the seed's winners come first."""
    criteria = defaultdict(list)
    for criterion in Criterion.objects.filter(nomination__competition=competition).order_by("order"):
        criteria[criterion.nomination_id].append(criterion)
    first = {}
    for entry in entries:
        first.setdefault(entry.nomination_id, entry)
    winners = {entry.pk for entry in first.values()}
    submitted_at = _aware(judged_on)
    # unscoped: as above.
    sheets = ScoreSheet.unscoped.bulk_create(
        [
            ScoreSheet(
                organisation_id=competition.organisation_id,
                assignment=assignment,
                comment="Scored against the rubric (demo).",
                submitted_at=submitted_at,
            )
            for assignment in assignments
        ]
    )
    scores = []
    for sheet, assignment in zip(sheets, assignments, strict=True):
        for criterion in criteria[assignment.entry.nomination_id]:
            value = rng.choice([4, 5, 5]) if assignment.entry_id in winners else rng.randint(2, 4)
            scores.append(
                Score(
                    organisation_id=competition.organisation_id, sheet=sheet, criterion=criterion, value=value
                )
            )
    # unscoped: as above.
    Score.unscoped.bulk_create(scores, batch_size=500)


def _programme(competition, *, organiser) -> int:
    day_one, day_two = programme.forum_days(competition)
    sessions = [
        (day_one, "09:30", "10:10", "Opening: the network's year, and the global context from IOM Moscow, "
         "Eastern Europe and Vienna"),
        (day_two, "16:40", "17:30", "Award ceremony: the evaluation committee names the best practices"),
    ]  # fmt: skip
    for day, starts_at, ends_at, title in sessions:
        programme.slot_add(
            competition=competition,
            by=organiser,
            day=day,
            starts_at=datetime.time.fromisoformat(starts_at),
            ends_at=datetime.time.fromisoformat(ends_at),
            room=ROOMS[0],
            entry=None,
            title=title,
        )
    slots = programme.programme_generate(competition=competition, by=organiser, rooms=ROOMS)
    programme.programme_publish(competition=competition, by=organiser)
    return len(slots)


def _lock_and_publish(competition: Competition, *, organiser) -> None:
    """Lock the 2013 scores and publish the results, which makes the seed's winners public."""
    results.results_lock(competition=competition, by=organiser)
    results.results_publish(competition=competition, by=organiser)


def _forum_2013(rng, *, regional_office, admin, coordinator, manager, organiser) -> Competition:
    deadline = _aware(datetime.date(2013, 7, 31), 18)
    # unscoped: as above.
    competition = Competition.unscoped.create(
        organisation=regional_office,
        name_en=FORUM_2013,
        name_ru=FORUM_2013_RU,
        description="The seed's event: about 50 NGOs from the five Central Asian republics shared best "
        "practice in Bishkek; 40 presentations in six nominations; an evaluation committee named the best.",
        countries=list(CENTRAL_ASIA),
        venue="Bishkek",
        call_opens_on=datetime.date(2013, 4, 1),
        consultations_close_on=datetime.date(2013, 6, 14),
        submission_deadline=deadline,
        judging_closes_on=datetime.date(2013, 8, 23),
        forum_starts_on=datetime.date(2013, 9, 2),
        forum_ends_on=datetime.date(2013, 9, 3),
        results_on=datetime.date(2013, 9, 3),
        published_at=_aware(datetime.date(2013, 4, 1), 9),
        created_by=organiser,
    )
    nominations = _nominations(competition)
    consultations = _consultations(
        competition, held_on=datetime.date(2013, 5, 20), admin=admin, coordinator=coordinator
    )
    entries = _entries(
        rng,
        competition,
        nominations=nominations,
        consultations=consultations,
        deadline=deadline,
        admin=admin,
        manager=manager,
        coordinator=coordinator,
    )
    judges = _judges(regional_office)
    conflicted = _committee(competition, judges=judges, organiser=organiser, entries=entries)
    assignments = _assign(
        competition, judges=judges, entries=entries, conflicted=conflicted, organiser=organiser
    )
    _scores(
        rng,
        competition,
        assignments=assignments,
        entries=entries,
        nominations=nominations,
        judged_on=datetime.date(2013, 8, 20),
    )
    _programme(competition, organiser=organiser)
    _lock_and_publish(competition, organiser=organiser)
    return competition


def current_name(today: datetime.date) -> str:
    return f"Central Asian NGO best practice award {today.year}"


def _current(*, regional_office, admin, coordinator, organiser, today) -> Competition:
    """A call open today: consultations held, entries being written until a deadline in three weeks."""
    # unscoped: as above.
    competition = Competition.unscoped.create(
        organisation=regional_office,
        name_en=current_name(today),
        name_ru=f"Премия НПО Центральной Азии за лучшую практику {today.year}",
        countries=list(CENTRAL_ASIA),
        venue="Almaty",
        call_opens_on=today - datetime.timedelta(days=30),
        consultations_close_on=today - datetime.timedelta(days=2),
        submission_deadline=_aware(today + datetime.timedelta(days=21), 18),
        judging_closes_on=today + datetime.timedelta(days=40),
        forum_starts_on=today + datetime.timedelta(days=55),
        forum_ends_on=today + datetime.timedelta(days=56),
        results_on=today + datetime.timedelta(days=56),
        published_at=_aware(today - datetime.timedelta(days=30), 9),
        created_by=organiser,
    )
    nominations = _nominations(competition)
    tajikistan = network_demo.organisation(network_demo.IOM_TAJIKISTAN)
    # unscoped: as above.
    consultation = Consultation.unscoped.create(
        organisation=tajikistan,
        competition=competition,
        country="TJ",
        held_on=today - datetime.timedelta(days=5),
        place="Dushanbe",
        notes="The Tajik partner NGOs put forward their nominees (demo).",
        created_by=coordinator,
    )
    consultation.participants.set(Organisation.objects.filter(country="TJ", type=OrganisationType.NGO))
    # unscoped: as above.
    Nominee.unscoped.create(
        organisation=network_demo.organisation(network_demo.WOMEN_AND_SOCIETY),
        consultation=consultation,
        nomination=nominations["shelter"],
        notes="The Chkalovsk shelter, again (demo).",
        put_forward_by=coordinator,
    )
    return competition


NATIONAL_ENTRIES = [  # (nomination code, NGO): Tajikistan's national round, in judging today
    ("shelter", network_demo.WOMEN_AND_SOCIETY),
    ("shelter", "Khatlon Sunrise"),
    ("hotline", network_demo.HUMAN_RIGHTS_CENTER),
    ("hotline", "Dushanbe Legal Aid Circle"),
    ("reintegration", network_demo.WOMEN_OF_THE_EAST),
    ("reintegration", "Istaravshan Open Hands"),
]
NATIONAL_JUDGES = ["judge", "judge_tj", "judge_kz", "judge_uz", "judge_donor"]


def existing_national(today: datetime.date) -> set[str]:
    tajikistan = network_demo.organisation(network_demo.IOM_TAJIKISTAN)
    # unscoped: the demo loader finds what it loaded before, by organiser and name.
    return set(Competition.unscoped.filter(organisation=tajikistan).values_list("name_en", flat=True))


def national_name(today: datetime.date) -> str:
    return f"Tajikistan national best practice award {today.year}"


def _national_round(rng, *, coordinator, today) -> Competition:
    """IOM Tajikistan's national round, judged now: the demo ``coordinator`` organises it, the demo
    ``judge`` chairs its committee and has entries still to score (the other judges have scored theirs);
    ``judge_tj`` once worked at Women of the East and is kept off its entry by the conflict rule. The
    entries' figures are drawn from the demo's own shelters, hotline and cases and frozen at the deadline.
    Made through the awards services, as an organiser and the judges would."""
    tajikistan = network_demo.organisation(network_demo.IOM_TAJIKISTAN)
    deadline = _aware(today - datetime.timedelta(days=5), 18)
    # unscoped: the demo loader writes the organiser's rows (the call's services refuse past dates).
    competition = Competition.unscoped.create(
        organisation=tajikistan,
        name_en=national_name(today),
        name_ru=f"Национальная премия Таджикистана за лучшую практику {today.year}",
        description="Tajikistan's partner NGOs, judged by a national committee before the regional forum "
        "(demo).",
        countries=["TJ"],
        venue="Dushanbe",
        call_opens_on=today - datetime.timedelta(days=90),
        consultations_close_on=today - datetime.timedelta(days=40),
        submission_deadline=deadline,
        judging_closes_on=today + datetime.timedelta(days=10),
        forum_starts_on=today + datetime.timedelta(days=30),
        forum_ends_on=today + datetime.timedelta(days=30),
        results_on=today + datetime.timedelta(days=30),
        published_at=_aware(today - datetime.timedelta(days=90), 9),
        created_by=coordinator,
    )
    nominations = _nominations(competition)
    # unscoped: as above.
    consultation = Consultation.unscoped.create(
        organisation=tajikistan,
        competition=competition,
        country="TJ",
        held_on=today - datetime.timedelta(days=45),
        place="Dushanbe",
        notes="The Tajik partner NGOs put forward six nominees (demo).",
        created_by=coordinator,
    )
    consultation.participants.set(Organisation.objects.filter(country="TJ", type=OrganisationType.NGO))
    for number, (code, name) in enumerate(NATIONAL_ENTRIES, 1):
        ngo = network_demo.organisation(name)
        # unscoped: as above (the nominee and the entry are the NGO's rows).
        nominee = Nominee.unscoped.create(
            organisation=ngo,
            consultation=consultation,
            nomination=nominations[code],
            notes="Put forward by the national consultation (demo).",
            put_forward_by=coordinator,
        )
        entry = Entry.unscoped.create(
            organisation=ngo,
            nominee=nominee,
            competition=competition,
            nomination=nominations[code],
            code=f"TJ-{CODE_OF_NOMINATION[code]}-{number:02d}",
            title=TITLES[code].format(city=ngo.city),
            summary=f"How {ngo.name_en} works in {ngo.city} (demo text).",
            submitted_at=deadline - datetime.timedelta(days=rng.randint(1, 10)),
            created_by=coordinator,
        )
        entries_services.entry_freeze(entry=entry)
    for username in NATIONAL_JUDGES:
        committee.committeemember_add(
            competition=competition,
            by=coordinator,
            judge=User.objects.get(username=username),
            is_chair=username == "judge",
        )
    assignments.assignments_generate(competition=competition, by=coordinator)
    # unscoped: the demo's other judges score their assignments; the demo judge's wait for them.
    for assignment in Assignment.unscoped.filter(competition=competition).exclude(judge__username="judge"):
        criteria = assignment.entry.nomination.criteria.all()
        scoring.scoresheet_save(
            assignment=assignment,
            by=assignment.judge,
            scores={criterion.pk: (rng.randint(3, 5), "") for criterion in criteria},
            comment="Scored against the rubric (demo).",
            submit=True,
        )
    return competition


def load() -> str:
    """Create the 2013 forum and today's call unless they are there; returns a summary line."""
    rng = random.Random(SEED)
    regional_office = network_demo.organisation(network_demo.IOM_REGIONAL_OFFICE)
    admin = User.objects.get(username="admin")
    coordinator = User.objects.get(username="coordinator")
    manager = User.objects.get(username="manager")
    organiser = _user(ORGANISER[0], Role.COORDINATOR, regional_office, ORGANISER[1])
    today = timezone.localdate()
    made = []
    # unscoped: the demo loader finds what it loaded before, by organiser and name.
    existing = set(
        Competition.unscoped.filter(organisation=regional_office).values_list("name_en", flat=True)
    )
    if FORUM_2013 not in existing:
        _forum_2013(
            rng,
            regional_office=regional_office,
            admin=admin,
            coordinator=coordinator,
            manager=manager,
            organiser=organiser,
        )
        made.append("the 2013 Bishkek forum (40 entries, six nominations, scored, programme published)")
    if current_name(today) not in existing:
        _current(
            regional_office=regional_office,
            admin=admin,
            coordinator=coordinator,
            organiser=organiser,
            today=today,
        )
        made.append(f"today's call ({today.year}: Women and Society put forward for the best shelter)")
    if national_name(today) not in existing_national(today):
        _national_round(rng, coordinator=coordinator, today=today)
        made.append("Tajikistan's national round in judging (the demo judge chairs it, entries to score)")
    if not made:
        return "Awards: demo competitions already loaded."
    return f"Awards: {'; '.join(made)}. The organiser signs in as '{ORGANISER[0]}'."
