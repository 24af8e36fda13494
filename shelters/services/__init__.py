"""What changes shelter data. Import from here: ``from shelters import services``."""

from shelters.services.placements import (
    placement_request_accept,
    placement_request_create,
    placement_request_decline,
    placement_request_withdraw,
)
from shelters.services.shelters import bed_add, room_add, shelter_create, shelter_staff_set, shelter_update
from shelters.services.stays import stay_admit, stay_discharge, stay_update

__all__ = [
    "bed_add",
    "placement_request_accept",
    "placement_request_create",
    "placement_request_decline",
    "placement_request_withdraw",
    "room_add",
    "shelter_create",
    "shelter_staff_set",
    "shelter_update",
    "stay_admit",
    "stay_discharge",
    "stay_update",
]
