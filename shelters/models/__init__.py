"""The shelters models (one module per concept, re-exported here)."""

from shelters.models import choices
from shelters.models.shelter import Bed, Room, Shelter, ShelterStaff
from shelters.models.stay import PlacementRequest, Stay

__all__ = ["Bed", "PlacementRequest", "Room", "Shelter", "ShelterStaff", "Stay", "choices"]
