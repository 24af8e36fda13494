"""The demo's shelters: the Chkalovsk shelter of Women and Society with a year of stays, a few residents
now, one discharge planned in two days and one placement request waiting; a shelter for each other
shelter-running NGO of the demo, part full, so that the network's bed board has something to show.

Idempotent (nothing is added once the demo shelters exist) and fast: every table is written with one
``bulk_create``."""

import datetime
import random

from django.utils import timezone

from accounts.models import User
from cases import selectors as case_selectors, services as case_services
from network import demo as network_demo
from network.models import Organisation
from shelters.models import Bed, PlacementRequest, Room, Shelter, ShelterStaff, Stay, choices
from shelters.services.common import RESIDENT

SEED = 9
TG = choices.TargetGroup
CHKALOVSK_ROOMS = 4
BEDS_PER_ROOM = 3
# (target groups, capacity) of the other demo shelters, by turn.
OTHER_SHELTERS = [
    ([TG.WOMEN, TG.CHILDREN], 10),
    ([TG.WOMEN], 8),
    ([TG.MEN], 6),
    ([TG.FAMILIES, TG.CHILDREN], 14),
    ([TG.WOMEN, TG.CHILDREN, TG.FAMILIES], 16),
]
REASONS = [choices.DischargeReason.PLAN_COMPLETED] * 6 + [
    choices.DischargeReason.OWN_WISH,
    choices.DischargeReason.TRANSFERRED,
    choices.DischargeReason.SAFETY,
]
DESTINATIONS = [choices.DischargeDestination.FAMILY] * 5 + [
    choices.DischargeDestination.OWN_HOUSING,
    choices.DischargeDestination.OWN_HOUSING,
    choices.DischargeDestination.OTHER_SHELTER,
    choices.DischargeDestination.RETURN_HOME,
]


def _year_of_stays(rng, *, shelter, beds, cases, groups, by, today, places) -> list[Stay]:
    """Admissions day by day over the last year into free places (a stay of one to five months); the cases
    are taken in turn, a case coming back only after the others (a re-admission)."""
    free_from = [today - datetime.timedelta(days=365)] * places  # the day each place is next free
    stays, turn = [], 0
    day = today - datetime.timedelta(days=365)
    while day <= today:
        for place, free_day in enumerate(free_from):
            if free_day > day or rng.random() > 0.18 or not cases:
                continue
            length = rng.randrange(30, 151)
            leaves = day + datetime.timedelta(days=length)
            case = cases[turn % len(cases)]
            if any(
                stay.case_id == case.pk and (stay.discharged_on is None or stay.discharged_on > day)
                for stay in stays
            ):
                continue
            turn += 1
            still_here = leaves > today
            stays.append(
                Stay(
                    organisation_id=shelter.organisation_id,
                    shelter=shelter,
                    case_id=case.pk,
                    bed=beds[place] if beds else None,
                    target_group=rng.choice(groups) if len(groups) > 1 and rng.random() < 0.3 else groups[0],
                    admitted_on=day,
                    planned_discharge_on=leaves,
                    discharged_on=None if still_here else leaves,
                    discharge_reason="" if still_here else rng.choice(REASONS),
                    discharge_destination="" if still_here else rng.choice(DESTINATIONS),
                    created_by=by,
                    is_demo=True,
                )
            )
            free_from[place] = leaves if not still_here else today + datetime.timedelta(days=999)
        day += datetime.timedelta(days=1)
    return stays


def _other_ngos_cases(organisation_ids) -> dict[int, list]:
    """Other organisations' demo cases, to give their shelters residents."""
    cases: dict[int, list] = {pk: [] for pk in organisation_ids}
    demo_cases = case_selectors.demo_case_list(organisation_ids=organisation_ids)
    for case in demo_cases.only("pk", "organisation_id"):
        cases[case.organisation_id].append(case)
    return cases


def load() -> str | None:
    # unscoped: the demo loader (a command) checks what it loaded before.
    if Shelter.unscoped.filter(is_demo=True).exists():
        return f"Shelters: demo shelters already loaded ({Shelter.unscoped.filter(is_demo=True).count()})."
    users = {
        user.username: user
        for user in User.objects.filter(username__in=["manager", "shelter", "caseworker2"])
    }
    if "manager" not in users or "shelter" not in users:
        return "Shelters: no demo users, nothing loaded."
    rng = random.Random(SEED)
    today = timezone.localdate()
    women_and_society = network_demo.organisation(network_demo.WOMEN_AND_SOCIETY)
    manager, staff = users["manager"], users["shelter"]

    chkalovsk = Shelter(
        organisation=women_and_society,
        name="Chkalovsk shelter",
        city="Chkalovsk",
        region_id="TJ-SU",
        address="Synthetic demo address, Chkalovsk",
        target_groups=[TG.WOMEN, TG.CHILDREN],
        capacity=CHKALOVSK_ROOMS * BEDS_PER_ROOM,
        tracks_beds=True,
        services=[
            choices.ShelterService.ACCOMMODATION,
            choices.ShelterService.MEDICAL,
            choices.ShelterService.PSYCHOSOCIAL,
            choices.ShelterService.LEGAL,
            choices.ShelterService.CHILDCARE,
        ],
        rules="Visitors only by appointment with the staff.\nNo phones in the bedrooms after 22:00.",
        is_demo=True,
    )
    others = list(
        Organisation.objects.filter(
            services__code="shelter", is_active=True, type="ngo", region__isnull=False
        )
        .exclude(pk=women_and_society.pk)
        .order_by("country", "name_en")
    )
    other_shelters = [
        Shelter(
            organisation=organisation,
            name=f"{organisation.city} shelter",
            city=organisation.city,
            region_id=organisation.region_id,
            target_groups=groups,
            capacity=capacity,
            services=[choices.ShelterService.ACCOMMODATION, choices.ShelterService.PSYCHOSOCIAL],
            is_demo=True,
        )
        for organisation, (groups, capacity) in zip(
            others, [OTHER_SHELTERS[n % len(OTHER_SHELTERS)] for n in range(len(others))], strict=True
        )
    ]
    Shelter.objects.bulk_create([chkalovsk, *other_shelters])
    ShelterStaff.objects.bulk_create([ShelterStaff(shelter=chkalovsk, user=staff)])
    rooms = Room.objects.bulk_create(
        [
            Room(organisation=women_and_society, shelter=chkalovsk, name=f"Room {n}")
            for n in range(1, CHKALOVSK_ROOMS + 1)
        ]
    )
    beds = Bed.objects.bulk_create(
        [
            Bed(
                organisation=women_and_society, shelter=chkalovsk, room=room, label=f"{room.name[-1]}{letter}"
            )
            for room in rooms
            for letter in "ABC"[:BEDS_PER_ROOM]
        ]
    )

    own_cases = list(
        case_selectors.case_list(user=manager)
        .filter(organisation=women_and_society, is_demo=True)
        .order_by("registered_on", "pk")
    )
    stays = _year_of_stays(
        rng,
        shelter=chkalovsk,
        beds=beds,
        cases=own_cases,
        groups=chkalovsk.target_groups,
        by=staff,
        today=today,
        places=chkalovsk.capacity,
    )
    current = [stay for stay in stays if stay.discharged_on is None]
    if current:
        current[0].planned_discharge_on = today + datetime.timedelta(days=2)
    other_cases = _other_ngos_cases([shelter.organisation_id for shelter in other_shelters])
    for shelter in other_shelters:
        stays += [
            stay
            for stay in _year_of_stays(
                rng,
                shelter=shelter,
                beds=None,
                cases=other_cases[shelter.organisation_id],
                groups=shelter.target_groups,
                by=manager,
                today=today,
                places=shelter.capacity,
            )
            if stay.discharged_on is None or stay.discharged_on > today - datetime.timedelta(days=60)
        ]
    Stay.objects.bulk_create(stays)
    by_pk = {case.pk: case for case in own_cases}
    for stay in current:  # the shelter's staff open their residents' cases, as an admission lets them
        case_services.case_access_grant(case=by_pk[stay.case_id], user=staff, reason=RESIDENT, by=manager)

    residents = {stay.case_id for stay in current}
    waiting = next((case for case in reversed(own_cases) if case.pk not in residents), None)
    requester = manager
    if "caseworker2" in users:
        theirs = (
            case_selectors.case_list(user=users["caseworker2"])
            .filter(is_demo=True)
            .order_by("-registered_on")
            .first()
        )
        if theirs is not None:
            waiting, requester = theirs, users["caseworker2"]
    requests = 0
    if waiting is not None:
        PlacementRequest.objects.bulk_create(
            [
                PlacementRequest(
                    organisation_id=waiting.organisation_id,
                    case_id=waiting.pk,
                    shelter=chkalovsk,
                    target_group=TG.WOMEN,
                    requested_for=today + datetime.timedelta(days=1),
                    note="Synthetic demo note: needs a quiet room and a doctor's visit.",
                    requested_by=requester,
                    is_demo=True,
                )
            ]
        )
        requests = 1
    return (
        f"Shelters: {1 + len(other_shelters)} shelters, {len(stays)} stays ({len(current)} residents now in "
        f"Chkalovsk), {requests} placement request waiting."
    )
