import pytest

from shelters import services
from shelters.tests.factories import ShelterFactory


@pytest.fixture
def shelter(ngo, shelter_staff, manager):
    """The Chkalovsk shelter of ``ngo`` (12 places, women and children), ``shelter_staff`` working in it."""
    shelter = ShelterFactory(
        organisation=ngo, name="Chkalovsk shelter", capacity=12, address="Synthetic street 1"
    )
    services.shelter_staff_set(shelter=shelter, users=[shelter_staff], by=manager)
    return shelter
