"""Factories for every shelters model that belongs to an organisation. Synthetic data only."""

import datetime

import factory

from accounts.tests.factories import UserFactory
from cases.tests.factories import CaseFactory
from network.tests.factories import OrganisationFactory
from shelters.models import Bed, PlacementRequest, Room, Shelter, Stay, choices
from tenancy.testing import TenantModelFactory


class ShelterFactory(TenantModelFactory):
    class Meta:
        model = Shelter

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Test shelter {n}")
    city = "Chkalovsk"
    region_id = "TJ-SU"
    target_groups = factory.LazyFunction(lambda: [choices.TargetGroup.WOMEN, choices.TargetGroup.CHILDREN])
    capacity = 12
    services = factory.LazyFunction(lambda: [choices.ShelterService.ACCOMMODATION])


class _ShelterChildFactory(TenantModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    shelter = factory.SubFactory(ShelterFactory, organisation=factory.SelfAttribute("..organisation"))


class RoomFactory(_ShelterChildFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Room {n}")


class BedFactory(_ShelterChildFactory):
    class Meta:
        model = Bed

    label = factory.Sequence(lambda n: f"Bed {n}")
    room = factory.SubFactory(
        RoomFactory,
        organisation=factory.SelfAttribute("..organisation"),
        shelter=factory.SelfAttribute("..shelter"),
    )


class StayFactory(_ShelterChildFactory):
    class Meta:
        model = Stay

    case = factory.SubFactory(CaseFactory, organisation=factory.SelfAttribute("..organisation"))
    target_group = choices.TargetGroup.WOMEN
    admitted_on = datetime.date(2026, 1, 20)
    created_by = factory.SubFactory(UserFactory)


class PlacementRequestFactory(_ShelterChildFactory):
    class Meta:
        model = PlacementRequest

    case = factory.SubFactory(CaseFactory, organisation=factory.SelfAttribute("..organisation"))
    target_group = choices.TargetGroup.WOMEN
    requested_for = factory.LazyFunction(datetime.date.today)
    requested_by = factory.SubFactory(UserFactory)
