"""The forum's programme as its readers see it: day → room → slots.

Organisation names are shown even when judging is blind: the programme is public to the forum's
participants, and at the forum each organisation presents its own work on stage. Blind mode hides names
from judges while they score, which the programme page does not serve (a judge reads it only once it
is published, like every participant)."""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import QuerySet

from awards.models import Competition, Slot


@dataclasses.dataclass
class ProgrammeRoom:
    room: str
    slots: list[Slot]


@dataclasses.dataclass
class ProgrammeDay:
    day: datetime.date
    rooms: list[ProgrammeRoom]


def slot_list(*, user) -> QuerySet[Slot]:
    return Slot.objects.visible_to(user).select_related(
        "competition", "nomination", "entry__organisation", "entry__nomination"
    )


def programme_days(*, user, competition: Competition) -> list[ProgrammeDay]:
    """The slots of ``competition`` that ``user`` reads, by day, then room (in order of first use), then
    time; one query."""
    days: dict[datetime.date, dict[str, list[Slot]]] = {}
    slots = slot_list(user=user).filter(competition=competition).order_by("day", "starts_at", "room", "pk")
    for slot in slots:
        days.setdefault(slot.day, {}).setdefault(slot.room, []).append(slot)
    return [
        ProgrammeDay(day=day, rooms=[ProgrammeRoom(room=room, slots=items) for room, items in rooms.items()])
        for day, rooms in days.items()
    ]
