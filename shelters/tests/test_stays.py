"""Admitting and discharging residents: what bad input gets, who is told, who sees the residents."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from cases import selectors as case_selectors
from cases.tests.factories import CaseFactory
from notifications.models import Notification
from shelters import selectors, services
from shelters.models import Stay
from shelters.tests.factories import BedFactory, ShelterFactory, StayFactory

TODAY = timezone.localdate()


def test_stay_admit_records_the_stay_and_its_audit_entry(ngo, shelter, manager):
    case = CaseFactory(organisation=ngo)

    stay = services.stay_admit(
        shelter=shelter, case=case, by=manager, target_group="women", planned_discharge_on=TODAY
    )

    assert (stay.organisation, stay.case, stay.admitted_on, stay.discharged_on) == (ngo, case, TODAY, None)
    assert list(AuditEntry.unscoped.filter(action__startswith="stay.").values_list("action", flat=True)) == [
        "stay.admitted"
    ]


def test_stay_admit_beyond_capacity_is_refused_on_the_field_and_saves_nothing(ngo, shelter_staff, manager):
    full = ShelterFactory(organisation=ngo, capacity=1)
    StayFactory(organisation=ngo, shelter=full)

    with pytest.raises(ValidationError) as refusal:
        services.stay_admit(
            shelter=full, case=CaseFactory(organisation=ngo), by=manager, target_group="women"
        )

    assert refusal.value.message_dict == {"shelter": ["The shelter is full: all 1 places are taken."]}
    assert Stay.unscoped.filter(shelter=full).count() == 1


def test_stay_admit_to_a_taken_bed_is_refused_on_the_bed(ngo, manager):
    bed = BedFactory(organisation=ngo, shelter__tracks_beds=True)
    StayFactory(organisation=ngo, shelter=bed.shelter, bed=bed)

    with pytest.raises(ValidationError) as refusal:
        services.stay_admit(
            shelter=bed.shelter, case=CaseFactory(organisation=ngo), by=manager, target_group="women", bed=bed
        )

    assert refusal.value.message_dict == {"bed": ["This bed is taken. Choose a free bed."]}


def test_stay_admit_of_a_target_group_the_shelter_does_not_take_is_refused(ngo, shelter, manager):
    with pytest.raises(ValidationError) as refusal:
        services.stay_admit(
            shelter=shelter, case=CaseFactory(organisation=ngo), by=manager, target_group="men"
        )

    assert list(refusal.value.message_dict) == ["target_group"]


def test_stay_admit_with_planned_discharge_before_admission_is_refused(ngo, shelter, manager):
    with pytest.raises(ValidationError) as refusal:
        services.stay_admit(
            shelter=shelter,
            case=CaseFactory(organisation=ngo),
            by=manager,
            target_group="women",
            admitted_on=TODAY,
            planned_discharge_on=TODAY - datetime.timedelta(days=1),
        )

    assert refusal.value.message_dict == {
        "planned_discharge_on": ["The planned discharge is before the admission."]
    }


def test_stay_admit_of_a_case_outside_the_users_scope_is_refused(shelter, shelter_staff, other_ngo):
    with pytest.raises(ValidationError) as refusal:
        services.stay_admit(
            shelter=shelter, case=CaseFactory(organisation=other_ngo), by=shelter_staff, target_group="women"
        )

    assert refusal.value.message_dict == {"case": ["Unknown case."]}
    assert Stay.unscoped.count() == 0


def test_stay_discharge_before_admission_is_an_error_on_the_field_and_saves_nothing(
    ngo, shelter, shelter_staff
):
    stay = StayFactory(organisation=ngo, shelter=shelter, admitted_on=TODAY)

    with pytest.raises(ValidationError) as refusal:
        services.stay_discharge(
            stay=stay,
            by=shelter_staff,
            discharged_on=TODAY - datetime.timedelta(days=3),
            reason="plan_completed",
            destination="family",
        )

    assert refusal.value.message_dict == {"discharged_on": ["The discharge is before the admission."]}
    assert Stay.unscoped.get(pk=stay.pk).discharged_on is None


def test_stay_discharge_frees_the_place(ngo, shelter_staff, manager):
    small = ShelterFactory(organisation=ngo, capacity=1)
    stay = StayFactory(organisation=ngo, shelter=small, admitted_on=TODAY - datetime.timedelta(days=10))

    services.stay_discharge(stay=stay, by=manager, reason="plan_completed", destination="family")
    services.stay_admit(shelter=small, case=CaseFactory(organisation=ngo), by=manager, target_group="women")

    assert Stay.unscoped.filter(shelter=small, discharged_on=None).count() == 1
    assert Stay.unscoped.get(pk=stay.pk).discharged_on == TODAY


def test_stay_update_moves_to_a_free_bed_only(ngo, manager):
    first = BedFactory(organisation=ngo, shelter__tracks_beds=True)
    second = BedFactory(organisation=ngo, shelter=first.shelter)
    stay = StayFactory(organisation=ngo, shelter=first.shelter, bed=first)
    StayFactory(organisation=ngo, shelter=first.shelter, bed=second)

    with pytest.raises(ValidationError) as refusal:
        services.stay_update(stay=stay, by=manager, bed=second)

    assert refusal.value.message_dict == {"bed": ["This bed is taken. Choose a free bed."]}


def test_shelter_with_unknown_region_or_negative_capacity_is_refused_on_the_field(ngo, manager):
    fields = {"name": "New", "city": "Khujand", "target_groups": ["women"], "capacity": 5}

    with pytest.raises(ValidationError) as unknown_region:
        services.shelter_create(organisation=ngo, by=manager, region="TJ-XX", **fields)
    with pytest.raises(ValidationError) as negative:
        services.shelter_create(organisation=ngo, by=manager, region="TJ-SU", **{**fields, "capacity": -1})

    assert unknown_region.value.message_dict == {"region": ["Unknown region."]}
    assert negative.value.message_dict == {"capacity": ["Enter a number that is not negative."]}
    assert selectors.shelter_list(user=manager).count() == 0


def test_admission_reaching_90_percent_alerts_staff_and_managers_once(ngo, shelter, shelter_staff, manager):
    for _ in range(9):
        StayFactory(organisation=ngo, shelter=shelter)
    caseworker = user_with_role(Role.CASEWORKER, ngo, username="not-told")

    services.stay_admit(shelter=shelter, case=CaseFactory(organisation=ngo), by=manager, target_group="women")
    services.stay_admit(shelter=shelter, case=CaseFactory(organisation=ngo), by=manager, target_group="women")

    alerts = Notification.unscoped.filter(kind="shelters.nearly_full")
    assert sorted(alerts.values_list("recipient__username", flat=True)) == ["manager", "shelter"]
    assert caseworker.pk not in alerts.values_list("recipient_id", flat=True)


def test_shelter_staff_see_the_residents_of_their_shelter_only(ngo, shelter, shelter_staff, manager):
    mine = StayFactory(organisation=ngo, shelter=shelter)
    other_shelter = ShelterFactory(organisation=ngo)
    StayFactory(organisation=ngo, shelter=other_shelter)

    staff_sees = list(selectors.stay_list(user=shelter_staff))
    manager_sees = selectors.stay_list(user=manager).count()

    assert (staff_sees, manager_sees) == ([mine], 2)


def test_shelter_staff_added_later_see_the_residents(ngo, shelter, manager):
    StayFactory(organisation=ngo, shelter=shelter)
    newcomer = user_with_role(Role.SHELTER_STAFF, ngo, username="newcomer")
    before = selectors.stay_list(user=newcomer).count()

    services.shelter_staff_set(shelter=shelter, users=[*shelter.staff.all(), newcomer], by=manager)

    assert (before, selectors.stay_list(user=newcomer).count()) == (0, 1)


def test_shelter_staff_must_hold_a_shelter_role(ngo, shelter, manager, caseworker):
    with pytest.raises(ValidationError) as refusal:
        services.shelter_staff_set(shelter=shelter, users=[caseworker], by=manager)

    assert list(refusal.value.message_dict) == ["staff"]


def test_shelter_capacity_cannot_drop_below_its_residents(ngo, shelter, manager):
    StayFactory(organisation=ngo, shelter=shelter)
    StayFactory(organisation=ngo, shelter=shelter)

    with pytest.raises(ValidationError) as refusal:
        services.shelter_update(shelter=shelter, by=manager, capacity=1)

    assert list(refusal.value.message_dict) == ["capacity"]


def test_adding_beds_makes_the_capacity_the_number_of_beds(ngo, shelter, manager):
    room = services.room_add(shelter=shelter, by=manager, name="Room A")

    services.bed_add(shelter=shelter, by=manager, label="A1", room=room)
    services.bed_add(shelter=shelter, by=manager, label="A2", room=room)

    shelter.refresh_from_db()
    assert (shelter.tracks_beds, shelter.capacity) == (True, 2)


def test_admission_lets_the_shelter_staff_open_the_case_until_discharge(ngo, shelter, shelter_staff, manager):
    case = CaseFactory(organisation=ngo)
    before = case_selectors.case_list(user=shelter_staff).filter(pk=case.pk).exists()

    stay = services.stay_admit(shelter=shelter, case=case, by=manager, target_group="women")
    while_resident = list(case_selectors.case_list(user=shelter_staff))
    services.stay_discharge(stay=stay, by=shelter_staff, reason="plan_completed", destination="family")

    assert (before, while_resident) == (False, [case])
    assert case_selectors.case_list(user=shelter_staff).count() == 0


def test_staff_removed_from_the_shelter_lose_the_residents_cases(ngo, shelter, shelter_staff, manager):
    case = CaseFactory(organisation=ngo)
    services.stay_admit(shelter=shelter, case=case, by=manager, target_group="women")

    services.shelter_staff_set(shelter=shelter, users=[], by=manager)

    assert case_selectors.case_list(user=shelter_staff).count() == 0
    assert selectors.stay_list(user=shelter_staff).count() == 0


def test_shelter_staff_do_not_see_the_other_cases_of_their_organisation(ngo, shelter, shelter_staff):
    CaseFactory(organisation=ngo)

    assert case_selectors.case_list(user=shelter_staff).count() == 0
