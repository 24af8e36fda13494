"""The forum's programme: laid out by nomination over the forum's days and rooms, slots by hand without
overlaps, published to every reader of the call, printable, and read through the API."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from awards.models import Slot
from awards.selectors import programme as selectors
from awards.services import programme as services
from awards.tests.factories import CompetitionFactory, EntryFactory, NominationFactory, SlotFactory

FORUM = datetime.date(2013, 9, 2)


@pytest.fixture
def competition(iom_office, coordinator):
    return CompetitionFactory(
        organisation=iom_office,
        created_by=coordinator,
        published_at=timezone.now(),
        forum_starts_on=FORUM,
        forum_ends_on=FORUM + datetime.timedelta(days=1),
    )


def _nominations(competition, count):
    return [
        NominationFactory(organisation=competition.organisation, competition=competition, order=n)
        for n in range(count)
    ]


def _entries(competition, nominations, per_nomination, **fields):
    """Entries of as many NGOs (an NGO is put forward once per nomination)."""
    entries = []
    for nomination, count in zip(nominations, per_nomination, strict=True):
        entries += [
            EntryFactory(competition=competition, nomination=nomination, **fields) for _ in range(count)
        ]
    return entries


def _slots(competition):
    # unscoped: the test reads what the service wrote.
    return Slot.unscoped.filter(competition=competition).order_by("day", "room", "starts_at")


def test_day_times_skip_the_breaks():
    times = services.day_times(
        slot_minutes=20, day_starts=services.DAY_STARTS, day_ends=services.DAY_ENDS, breaks=services.BREAKS
    )

    starts = [start.strftime("%H:%M") for start, _ in times]
    # 09:30–10:50 (4), 11:20–13:00 (5), 14:00–17:20 (10): no slot runs into a break or past the day.
    assert len(times) == 19
    assert starts[:5] == ["09:30", "09:50", "10:10", "10:30", "11:20"]
    assert "13:00" not in starts and starts[8:10] == ["12:40", "14:00"]
    assert times[-1][1] == datetime.time(17, 20)


def test_programme_generate_lays_forty_presentations_over_two_days_by_nomination(
    competition, coordinator, ngo
):
    nominations = _nominations(competition, 6)
    _entries(competition, nominations, [8, 7, 7, 6, 6, 6])

    slots = services.programme_generate(competition=competition, by=coordinator, rooms=["Hall A", "Hall B"])

    placed = _slots(competition)
    assert len(slots) == placed.count() == 40
    assert {slot.day for slot in placed} == {FORUM, FORUM + datetime.timedelta(days=1)}
    # Each nomination is presented in one room on one day.
    tracks = {(slot.nomination_id, slot.day, slot.room) for slot in placed}
    assert len(tracks) == 6
    assert all(slot.nomination_id == slot.entry.nomination_id for slot in placed)
    assert AuditEntry.unscoped.filter(action="programme.generated").count() == 1


def test_programme_generate_fills_one_room_over_two_days_without_overlaps(competition, coordinator):
    _entries(competition, _nominations(competition, 6), [8, 7, 7, 6, 5, 5])

    services.programme_generate(competition=competition, by=coordinator, rooms=["Hall A"])

    placed = _slots(competition)
    assert placed.count() == 38
    for day in (FORUM, FORUM + datetime.timedelta(days=1)):
        times = [(slot.starts_at, slot.ends_at) for slot in placed.filter(day=day)]
        assert all(earlier[1] <= later[0] for earlier, later in itertools.pairwise(times))


def test_programme_generate_presents_only_submitted_entries_once_some_are(competition, coordinator, ngo):
    nominations = _nominations(competition, 2)
    submitted = _entries(competition, nominations, [2, 1], submitted_at=timezone.now())
    _entries(competition, nominations, [1, 1])

    services.programme_generate(competition=competition, by=coordinator, rooms=["Hall A"])

    assert {slot.entry_id for slot in _slots(competition)} == {entry.pk for entry in submitted}


def test_programme_generate_refuses_what_does_not_fit_and_says_why(competition, coordinator, ngo):
    _entries(competition, _nominations(competition, 1), [39])

    with pytest.raises(ValidationError) as refused:
        services.programme_generate(competition=competition, by=coordinator, rooms=["Hall A"])

    assert refused.value.message_dict == {
        "rooms": [
            "39 presentations do not fit: the forum's days and rooms hold 38 slots of 20 minutes. "
            "Add a room or shorten the slots."
        ]
    }
    assert not _slots(competition).exists()


def test_programme_generate_replaces_presentations_and_keeps_sessions(competition, coordinator, ngo):
    _entries(competition, _nominations(competition, 1), [3])
    opening = SlotFactory(
        organisation=competition.organisation,
        competition=competition,
        day=FORUM,
        room="Hall A",
        starts_at=datetime.time(9, 30),
        ends_at=datetime.time(10, 10),
        title="Opening",
    )
    services.programme_generate(competition=competition, by=coordinator, rooms=["Hall A"])

    services.programme_generate(competition=competition, by=coordinator, rooms=["Hall A"])

    placed = list(_slots(competition))
    assert len(placed) == 4 and opening in placed
    presentations = [slot for slot in placed if slot.entry_id]
    assert [slot.starts_at for slot in presentations] == [
        datetime.time(10, 10),
        datetime.time(10, 30),
        datetime.time(11, 20),
    ]


def test_programme_generate_never_replaces_a_published_programme_without_confirmation(
    competition, coordinator, ngo
):
    _entries(competition, _nominations(competition, 1), [2])
    services.programme_generate(competition=competition, by=coordinator, rooms=["Hall A"])
    services.programme_publish(competition=competition, by=coordinator)
    before = list(_slots(competition).values_list("pk", flat=True))

    with pytest.raises(ValidationError) as refused:
        services.programme_generate(competition=competition, by=coordinator, rooms=["Hall B"])
    services.programme_generate(
        competition=competition, by=coordinator, rooms=["Hall B"], replace_published=True
    )

    assert "programme" in refused.value.message_dict
    competition.refresh_from_db()
    assert competition.programme_published_at is None
    assert set(_slots(competition).values_list("room", flat=True)) == {"Hall B"}
    assert not _slots(competition).filter(pk__in=before).exists()


def test_programme_generate_is_for_the_organisers_only(competition, judge, ngo):
    _entries(competition, _nominations(competition, 1), [1])

    with pytest.raises(PermissionDenied):
        services.programme_generate(competition=competition, by=judge, rooms=["Hall A"])


def _add(competition, coordinator, **fields):
    values = {
        "day": FORUM,
        "starts_at": datetime.time(10, 0),
        "ends_at": datetime.time(10, 20),
        "room": "Hall A",
        "entry": None,
        "title": "Opening",
        **fields,
    }
    return services.slot_add(competition=competition, by=coordinator, **values)


def test_slot_add_refuses_an_overlap_in_the_room_and_names_the_slot(competition, coordinator):
    _add(competition, coordinator)

    with pytest.raises(ValidationError) as refused:
        _add(
            competition,
            coordinator,
            starts_at=datetime.time(10, 10),
            ends_at=datetime.time(10, 40),
            title="Panel",
        )
    next_door = _add(competition, coordinator, room="Hall B", title="Panel")

    assert refused.value.message_dict == {"starts_at": ["Overlaps the slot 10:00–10:20 Opening in Hall A."]}
    assert next_door.room == "Hall B"


def test_slot_add_refuses_a_day_outside_the_forum_and_a_foreign_entry(competition, coordinator, ngo):
    foreign = EntryFactory(organisation=ngo)

    with pytest.raises(ValidationError) as refused:
        _add(competition, coordinator, day=FORUM - datetime.timedelta(days=1), entry=foreign)

    assert set(refused.value.message_dict) == {"day", "entry"}


def test_slot_add_takes_the_entrys_nomination_and_refuses_it_twice(competition, coordinator, ngo):
    entry = EntryFactory(organisation=ngo, competition=competition)
    slot = _add(competition, coordinator, entry=entry, title="")

    with pytest.raises(ValidationError) as refused:
        _add(competition, coordinator, entry=entry, room="Hall B", title="")

    assert slot.nomination == entry.nomination
    assert list(refused.value.message_dict) == ["entry"]


def test_slot_update_moves_a_slot_and_checks_overlaps_without_itself(competition, coordinator):
    slot = _add(competition, coordinator)
    _add(competition, coordinator, starts_at=datetime.time(11, 0), ends_at=datetime.time(11, 20), title="Tea")

    services.slot_update(slot=slot, by=coordinator, ends_at=datetime.time(10, 40))
    with pytest.raises(ValidationError):
        services.slot_update(slot=slot, by=coordinator, ends_at=datetime.time(11, 10))

    slot.refresh_from_db()
    assert slot.ends_at == datetime.time(10, 40)
    assert AuditEntry.unscoped.filter(action="slot.changed").count() == 1


def test_programme_publish_shows_the_programme_to_readers_of_the_call(competition, coordinator, manager):
    slot = _add(competition, coordinator)
    hidden = list(selectors.slot_list(user=manager))

    services.programme_publish(competition=competition, by=coordinator)

    assert hidden == []
    assert list(selectors.slot_list(user=manager)) == [slot]


def test_programme_publish_refuses_an_empty_programme(competition, coordinator):
    with pytest.raises(ValidationError) as refused:
        services.programme_publish(competition=competition, by=coordinator)

    assert refused.value.message_dict == {"programme": ["The programme has no slot yet."]}


def test_programme_days_groups_by_day_and_room(competition, coordinator, ngo, manager):
    entry = EntryFactory(organisation=ngo, competition=competition, code="TJ-01", title="Safe home")
    _add(competition, coordinator, entry=entry, title="")
    _add(competition, coordinator, room="Hall B", title="Panel")
    _add(competition, coordinator, day=FORUM + datetime.timedelta(days=1), title="Awards")
    services.programme_publish(competition=competition, by=coordinator)

    days = selectors.programme_days(user=manager, competition=competition)

    assert [(day.day, [room.room for room in day.rooms]) for day in days] == [
        (FORUM, ["Hall A", "Hall B"]),
        (FORUM + datetime.timedelta(days=1), ["Hall A"]),
    ]
    assert days[0].rooms[0].slots[0].entry.organisation == ngo


# Pages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("manager", 200),
        ("judge", 200),
        ("caseworker", 403),
        ("password_only", 302),
    ],
)
def test_programme_page_role_matrix(client, cast, competition, role, status):
    _add(competition, cast["coordinator"], title="Opening session")
    services.programme_publish(competition=competition, by=cast["coordinator"])
    if role == "password_only":
        client = Client()
        client.force_login(cast["manager"])
    else:
        client.force_login(cast[role])

    response = client.get(reverse("awards:competition_programme", args=[competition.pk]))

    assert response.status_code == status
    if status == 200:
        assert "Opening session" in response.content.decode()


def test_programme_page_of_another_organisers_draft_competition_answers_404(client, coordinator, other_ngo):
    draft = CompetitionFactory(organisation=other_ngo)
    client.force_login(coordinator)

    response = client.get(reverse("awards:competition_programme", args=[draft.pk]))

    assert response.status_code == 404


def test_programme_page_before_publishing_shows_readers_nothing(client, competition, coordinator, manager):
    _add(competition, coordinator, title="Opening session")
    client.force_login(manager)

    response = client.get(reverse("awards:competition_programme", args=[competition.pk]))

    assert "Opening session" not in response.content.decode()
    assert "The programme is not published yet." in response.content.decode()


def test_programme_page_prints_and_reads_on_a_phone(client, competition, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("awards:competition_programme", args=[competition.pk]))

    assert 'href="/static/css/awards_programme.css"' in response.content.decode()
    with open("static/css/awards_programme.css", encoding="utf-8") as css:
        assert "@media print" in css.read()


@pytest.mark.parametrize("rows", [1, 3])
def test_programme_page_queries_do_not_grow_with_slots(
    client, competition, coordinator, ngo, rows, django_assert_num_queries
):
    for n in range(rows):
        entry = EntryFactory(organisation=ngo, competition=competition)
        _add(
            competition,
            coordinator,
            entry=entry,
            title="",
            starts_at=datetime.time(10 + n, 0),
            ends_at=datetime.time(10 + n, 20),
        )
    client.force_login(coordinator)

    with django_assert_num_queries(7):
        response = client.get(reverse("awards:competition_programme", args=[competition.pk]))

    assert len(response.context["days"][0].rooms[0].slots) == rows


def test_programme_generate_page_lays_out_and_flashes(client, competition, coordinator, ngo):
    _entries(competition, _nominations(competition, 2), [3, 2])
    client.force_login(coordinator)

    response = client.post(
        reverse("awards:competition_programme_generate", args=[competition.pk]),
        {"rooms": "Hall A, Hall B", "slot_minutes": "20"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("awards:competition_programme", args=[competition.pk])
    assert "Programme laid out: 5 presentations." in response.content.decode()
    assert _slots(competition).count() == 5


@pytest.mark.parametrize(
    ("role", "status"), [("coordinator", 302), ("manager", 403), ("judge", 403), ("password_only", 302)]
)
def test_programme_publish_page_role_matrix(client, cast, competition, role, status):
    _add(competition, cast["coordinator"])
    if role == "password_only":
        client = Client()
        client.force_login(cast["manager"])
    else:
        client.force_login(cast[role])

    response = client.post(reverse("awards:competition_programme_publish", args=[competition.pk]))

    competition.refresh_from_db()
    assert response.status_code == status
    assert (competition.programme_published_at is not None) == (role == "coordinator")


def test_slot_add_page_keeps_input_and_shows_the_clash(client, competition, coordinator):
    _add(competition, coordinator)
    client.force_login(coordinator)

    response = client.post(
        reverse("awards:competition_slot_add", args=[competition.pk]),
        {
            "day": FORUM.isoformat(),
            "starts_at": "10:10",
            "ends_at": "10:30",
            "room": "Hall A",
            "title": "Panel",
        },
    )

    assert response.status_code == 200
    assert "Overlaps the slot 10:00–10:20 Opening in Hall A." in response.content.decode()
    assert 'value="Panel"' in response.content.decode()


def test_slot_update_and_remove_pages(client, competition, coordinator):
    slot = _add(competition, coordinator)
    client.force_login(coordinator)

    changed = client.post(
        reverse("awards:slot_update", args=[slot.pk]),
        {
            "day": FORUM.isoformat(),
            "starts_at": "10:00",
            "ends_at": "10:30",
            "room": "Hall C",
            "title": "Opening",
        },
    )
    removed = client.post(reverse("awards:slot_remove", args=[slot.pk]))

    assert (changed.status_code, removed.status_code) == (302, 302)
    assert not _slots(competition).exists()
    assert list(
        AuditEntry.unscoped.filter(action__startswith="slot.").order_by("pk").values_list("action", flat=True)
    ) == [
        "slot.added",
        "slot.changed",
        "slot.removed",
    ]


@pytest.mark.parametrize(("role", "status"), [("coordinator", 200), ("manager", 403), ("outsider", 403)])
def test_slot_update_page_role_matrix(client, cast, competition, role, status):
    slot = _add(competition, cast["coordinator"])
    client.force_login(cast[role])

    response = client.get(reverse("awards:slot_update", args=[slot.pk]))

    assert response.status_code == status


# API -------------------------------------------------------------------------------------------------

LIST = "/api/v1/awards/programme-slots/"


def test_slot_api_lists_published_slots_filtered_by_competition(api, competition, coordinator, manager):
    slot = _add(competition, coordinator)
    services.programme_publish(competition=competition, by=coordinator)
    other = CompetitionFactory(
        organisation=competition.organisation,
        published_at=timezone.now(),
        programme_published_at=timezone.now(),
    )
    SlotFactory(organisation=other.organisation, competition=other, day=other.forum_starts_on)
    api.force_authenticate(manager)

    response = api.get(LIST, {"competition": competition.pk})

    assert response.status_code == 200
    assert [(row["id"], row["room"], row["title"]) for row in response.json()["results"]] == [
        (slot.pk, "Hall A", "Opening")
    ]


@pytest.mark.parametrize(("role", "status"), [("manager", 200), ("judge", 200), ("caseworker", 403)])
def test_slot_api_role_matrix(api, cast, role, status):
    api.force_authenticate(cast[role])

    response = api.get(LIST)

    assert response.status_code == status


def test_slot_api_password_only_is_refused(manager):
    from rest_framework.test import APIClient

    session = APIClient()
    session.force_login(manager)

    assert session.get(LIST).status_code == 403
