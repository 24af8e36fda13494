"""The forum's programme: presentation slots by day, room and nomination, laid out automatically or by
hand, then published to every reader of the call.

Only the competition's organisers (``awards.manage_competition`` on it) change the programme. Every
function checks that permission (PermissionDenied), refuses bad input with a ValidationError naming the
field, and writes its audit entry (what changed, never names)."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from accounts.backends import require_perm
from audit.services import audit_record
from awards.models import Competition, Entry, Slot

MANAGE = "awards.manage_competition"
DAY_STARTS = datetime.time(9, 30)
DAY_ENDS = datetime.time(17, 30)
BREAKS = ((datetime.time(11, 0), datetime.time(11, 20)), (datetime.time(13, 0), datetime.time(14, 0)))
SLOT_FIELDS = ("day", "starts_at", "ends_at", "room", "entry", "title")


def forum_days(competition: Competition) -> list[datetime.date]:
    days = (competition.forum_ends_on - competition.forum_starts_on).days + 1
    return [competition.forum_starts_on + datetime.timedelta(days=n) for n in range(max(days, 0))]


def _minutes(value: datetime.time) -> int:
    return value.hour * 60 + value.minute


def _time(minutes: int) -> datetime.time:
    return datetime.time(minutes // 60, minutes % 60)


def day_times(
    *, slot_minutes: int, day_starts: datetime.time, day_ends: datetime.time, breaks
) -> list[tuple[datetime.time, datetime.time]]:
    """The presentation times of one day: slots of ``slot_minutes`` from the start, none across a break."""
    times, start, end = [], _minutes(day_starts), _minutes(day_ends)
    pauses = sorted((_minutes(pause_start), _minutes(pause_end)) for pause_start, pause_end in breaks)
    while start + slot_minutes <= end:
        clash = next(
            (pause for pause in pauses if start < pause[1] and pause[0] < start + slot_minutes), None
        )
        if clash is not None:
            start = clash[1]
            continue
        times.append((_time(start), _time(start + slot_minutes)))
        start += slot_minutes
    return times


@dataclasses.dataclass
class _Track:
    """One room on one day: the times still free, in order."""

    day: datetime.date
    room: str
    free: list[tuple[datetime.time, datetime.time]]
    nominations: list = dataclasses.field(default_factory=list)  # [(nomination, [entries])]

    @property
    def room_left(self) -> int:
        return len(self.free) - sum(len(entries) for _, entries in self.nominations)


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def _tracks(*, competition, rooms, times, sessions) -> list[_Track]:
    """Every (day, room) with the times no session of its own (an opening, a panel) takes."""
    tracks = []
    for day in forum_days(competition):
        for room in rooms:
            taken = [(s.starts_at, s.ends_at) for s in sessions if s.day == day and s.room == room]
            free = [t for t in times if not any(_overlaps(*t, *session) for session in taken)]
            tracks.append(_Track(day=day, room=room, free=free))
    return tracks


def _pack(groups, tracks: list[_Track]) -> None:
    """A nomination's presentations in one room on one day where they fit (largest nomination first, into
    the first track with room); one that fits nowhere whole is spread over the tracks with most room."""
    for nomination, entries in sorted(groups, key=lambda group: -len(group[1])):
        whole = next((track for track in tracks if track.room_left >= len(entries)), None)
        if whole is not None:
            whole.nominations.append((nomination, entries))
            continue
        left = list(entries)
        for track in sorted(tracks, key=lambda track: -track.room_left):
            if not left:
                break
            if track.room_left:
                part, left = left[: track.room_left], left[track.room_left :]
                track.nominations.append((nomination, part))


def _clean_rooms(rooms) -> list[str]:
    cleaned = list(dict.fromkeys(room.strip() for room in rooms or [] if room and room.strip()))
    if not cleaned:
        raise ValidationError({"rooms": _("Name at least one room.")}, code="required")
    if any(len(room) > 100 for room in cleaned):
        raise ValidationError({"rooms": _("A room's name is at most 100 characters.")}, code="max_length")
    return cleaned


def _entries_to_present(*, competition, by):
    entries = Entry.objects.visible_to(by).filter(competition=competition)
    submitted = entries.filter(submitted_at__isnull=False)
    chosen = submitted if submitted.exists() else entries
    return list(chosen.select_related("nomination").order_by("nomination__order", "nomination__pk", "code"))


@transaction.atomic
def programme_generate(
    *,
    competition: Competition,
    by,
    rooms: list[str],
    slot_minutes: int = 20,
    day_starts: datetime.time = DAY_STARTS,
    day_ends: datetime.time = DAY_ENDS,
    breaks=BREAKS,
    replace_published: bool = False,
) -> list[Slot]:
    """Lay the competition's submitted entries (all its entries while none is submitted) out over the
    forum's days and ``rooms``, by nomination, each nomination kept in one room on one day where it fits.

    Replaces the presentation slots of an unpublished programme; sessions of their own (no entry) stay and
    keep their times. A published programme is replaced only with ``replace_published`` and goes back to
    unpublished, for the organisers to check and publish again. ValidationError (nothing changed) when the
    presentations do not fit, naming how many do and how many places there are."""
    require_perm(by, MANAGE, competition)
    if competition.programme_published_at and not replace_published:
        raise ValidationError(
            {"programme": _("The programme is published: confirm that it is to be replaced.")},
            code="published",
        )
    rooms = _clean_rooms(rooms)
    if not 5 <= slot_minutes <= 240:
        raise ValidationError(
            {"slot_minutes": _("A presentation lasts between 5 and 240 minutes.")}, code="invalid"
        )
    if day_ends <= day_starts:
        raise ValidationError({"day_ends": _("The day cannot end before it starts.")}, code="invalid")
    entries = _entries_to_present(competition=competition, by=by)
    if not entries:
        raise ValidationError(
            {"programme": _("The competition has no entries to present yet.")}, code="empty"
        )
    sessions = list(competition.slots.filter(entry__isnull=True))
    times = day_times(slot_minutes=slot_minutes, day_starts=day_starts, day_ends=day_ends, breaks=breaks)
    tracks = _tracks(competition=competition, rooms=rooms, times=times, sessions=sessions)
    places = sum(len(track.free) for track in tracks)
    if len(entries) > places:
        raise ValidationError(
            {
                "rooms": ngettext(
                    "%(entries)d presentations do not fit: the forum's days and rooms hold %(places)d "
                    "slot of %(minutes)d minutes. Add a room or shorten the slots.",
                    "%(entries)d presentations do not fit: the forum's days and rooms hold %(places)d "
                    "slots of %(minutes)d minutes. Add a room or shorten the slots.",
                    places,
                )
                % {"entries": len(entries), "places": places, "minutes": slot_minutes}
            },
            code="does_not_fit",
        )
    groups = defaultdict(list)
    for entry in entries:
        groups[entry.nomination].append(entry)
    _pack(list(groups.items()), tracks)
    competition.slots.filter(entry__isnull=False).delete()
    slots = []
    for track in tracks:
        # In a room, nominations follow the competition's order of nominations.
        ordered = sorted(track.nominations, key=lambda group: (group[0].order, group[0].pk))
        presentations = [entry for _nomination, part in ordered for entry in part]
        for (starts_at, ends_at), entry in zip(track.free, presentations, strict=False):
            slots.append(
                Slot(
                    organisation_id=competition.organisation_id,
                    competition=competition,
                    day=track.day,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    room=track.room,
                    nomination=entry.nomination,
                    entry=entry,
                )
            )
    Slot.unscoped.bulk_create(slots)
    if competition.programme_published_at:
        competition.programme_published_at = None
        competition.save(update_fields=["programme_published_at"])
    audit_record(
        by=by,
        action="programme.generated",
        obj=competition,
        details={"slots": len(slots), "rooms": len(rooms), "slot_minutes": slot_minutes},
    )
    return slots


def _slot_label(slot: Slot) -> str:
    what = slot.entry.code if slot.entry_id else slot.title
    return f"{slot.starts_at:%H:%M}–{slot.ends_at:%H:%M} {what}".strip()


def _clean_slot(*, competition: Competition, slot: Slot | None, fields: dict) -> dict:
    unexpected = set(fields) - set(SLOT_FIELDS)
    if unexpected:
        raise TypeError(f"unexpected fields: {sorted(unexpected)}")
    current = {name: getattr(slot, name) if slot else None for name in SLOT_FIELDS}
    values = {**current, **fields}
    values["room"] = (values["room"] or "").strip()
    values["title"] = (values["title"] or "").strip()
    errors: dict[str, list[str]] = {}
    if values["day"] not in forum_days(competition):
        errors.setdefault("day", []).append(_("Choose one of the forum's days."))
    if values["starts_at"] is None:
        errors.setdefault("starts_at", []).append(_("This field is required."))
    if values["ends_at"] is None:
        errors.setdefault("ends_at", []).append(_("This field is required."))
    elif values["starts_at"] is not None and values["ends_at"] <= values["starts_at"]:
        errors.setdefault("ends_at", []).append(_("The slot cannot end before it starts."))
    if not values["room"]:
        errors.setdefault("room", []).append(_("This field is required."))
    entry = values["entry"]
    if entry is not None and entry.competition_id != competition.pk:
        errors.setdefault("entry", []).append(_("Choose an entry of this competition."))
    if entry is None and not values["title"]:
        errors.setdefault("title", []).append(_("Name the session, or choose the entry presented."))
    if entry is not None and "entry" not in errors:
        elsewhere = competition.slots.filter(entry=entry).exclude(pk=getattr(slot, "pk", None)).first()
        if elsewhere is not None:
            errors.setdefault("entry", []).append(
                _("This entry is already presented on %(day)s at %(slot)s in %(room)s.")
                % {"day": elsewhere.day.isoformat(), "slot": _slot_label(elsewhere), "room": elsewhere.room}
            )
    if not errors:
        clash = (
            competition.slots.filter(
                day=values["day"],
                room=values["room"],
                starts_at__lt=values["ends_at"],
                ends_at__gt=values["starts_at"],
            )
            .exclude(pk=getattr(slot, "pk", None))
            .select_related("entry")
            .first()
        )
        if clash is not None:
            errors["starts_at"] = [
                _("Overlaps the slot %(slot)s in %(room)s.")
                % {"slot": _slot_label(clash), "room": clash.room}
            ]
    if errors:
        raise ValidationError(errors)
    values["nomination"] = entry.nomination if entry is not None else None
    return values


@transaction.atomic
def slot_add(*, competition: Competition, by, **fields) -> Slot:
    """Add a slot to the programme: a presentation (``entry``) or a session of its own (``title``), on a
    forum day, in a room where no other slot overlaps it (the error names the clashing slot)."""
    require_perm(by, MANAGE, competition)
    values = _clean_slot(competition=competition, slot=None, fields=fields)
    slot = Slot.unscoped.create(
        organisation_id=competition.organisation_id, competition=competition, **values
    )
    audit_record(by=by, action="slot.added", obj=slot, details={"competition": competition.pk})
    return slot


@transaction.atomic
def slot_update(*, slot: Slot, by, **fields) -> Slot:
    """Move or change a slot, under the rules of ``slot_add``."""
    competition = slot.competition
    require_perm(by, MANAGE, competition)
    values = _clean_slot(competition=competition, slot=slot, fields=fields)
    changed = [name for name, value in values.items() if getattr(slot, name) != value]
    for name in changed:
        setattr(slot, name, values[name])
    if changed:
        slot.save(update_fields=changed)
        audit_record(by=by, action="slot.changed", obj=slot, details={"fields": sorted(changed)})
    return slot


@transaction.atomic
def slot_remove(*, slot: Slot, by) -> None:
    competition = slot.competition
    require_perm(by, MANAGE, competition)
    audit_record(by=by, action="slot.removed", obj=slot, details={"competition": competition.pk})
    slot.delete()


@transaction.atomic
def programme_publish(*, competition: Competition, by) -> Competition:
    """Show the programme to every reader of the call. ValidationError while it has no slot."""
    require_perm(by, MANAGE, competition)
    if not competition.slots.exists():
        raise ValidationError({"programme": _("The programme has no slot yet.")}, code="empty")
    competition.programme_published_at = timezone.now()
    competition.save(update_fields=["programme_published_at"])
    audit_record(by=by, action="programme.published", obj=competition)
    return competition
