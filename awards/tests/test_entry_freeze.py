"""An entry is written by the nominee's manager until the submission deadline, with figures drawn from the
organisation's own data; at the deadline its figures are frozen, once, and every change is refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from awards.models import Competition, Entry
from awards.services import entries as services
from awards.tasks import entries_freeze_task
from awards.tests.factories import CompetitionFactory, EntryFactory, NominationFactory, NomineeFactory
from shelters.tests.factories import ShelterFactory, StayFactory

PDF = b"%PDF-1.4\n% synthetic test file\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def competition(iom_office):
    return CompetitionFactory(organisation=iom_office, published_at=timezone.now())


@pytest.fixture
def shelter_nomination(competition):
    return NominationFactory(
        organisation=competition.organisation, competition=competition, figure_sources=["shelters"], order=3
    )


@pytest.fixture
def nominee(ngo, shelter_nomination):
    return NomineeFactory(organisation=ngo, nomination=shelter_nomination)


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _deadline_passes(competition) -> None:
    Competition.unscoped.filter(pk=competition.pk).update(
        submission_deadline=timezone.now() - datetime.timedelta(hours=1)
    )


def _figure(entry, key):
    return next(row["value"] for row in entry.figures if row["key"] == key)


def test_entry_create_gives_the_code_draws_the_figures_and_records_the_audit_entry(ngo, manager, nominee):
    for order in range(3):  # the nomination is the competition's fourth: D
        NominationFactory(
            organisation=nominee.nomination.organisation,
            competition=nominee.nomination.competition,
            order=order,
        )
    shelter = ShelterFactory(organisation=ngo, capacity=8)
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=_days_ago(20))

    entry = services.entry_create(
        nominee=nominee, by=manager, title="  A safe place  ", summary="How we work."
    )

    assert (entry.code, entry.title, entry.organisation_id) == ("D-01", "A safe place", ngo.pk)
    assert (_figure(entry, "shelters.places"), _figure(entry, "shelters.stays_started")) == (8, 1)
    assert (entry.figures_from, entry.figures_to) == services.award_figures.figures_period(
        competition=nominee.nomination.competition
    )
    assert entry.figures_frozen_at is None
    assert list(AuditEntry.unscoped.values_list("action", flat=True)) == ["entry.created"]


def test_entry_codes_number_the_entries_of_a_nomination(ngo, other_ngo, nominee, manager):
    second = NomineeFactory(
        organisation=other_ngo, nomination=nominee.nomination, consultation=nominee.consultation
    )
    other_manager = user_with_role(Role.MANAGER, other_ngo)

    codes = [
        services.entry_create(nominee=nominee, by=manager, title="One", summary="S").code,
        services.entry_create(nominee=second, by=other_manager, title="Two", summary="S").code,
    ]

    assert codes == ["A-01", "A-02"]


def test_entry_create_refuses_a_second_entry_another_organisation_and_empty_fields(
    nominee, manager, outsider
):
    services.entry_create(nominee=nominee, by=manager, title="One", summary="S")

    with pytest.raises(ValidationError) as twice:
        services.entry_create(nominee=nominee, by=manager, title="Two", summary="S")
    with pytest.raises(PermissionDenied):
        services.entry_create(nominee=nominee, by=outsider, title="Three", summary="S")

    assert twice.value.message_dict == {"nominee": ["This nomination already has an entry."]}
    assert Entry.unscoped.count() == 1


def test_entry_create_names_the_empty_fields(nominee, manager):

    with pytest.raises(ValidationError) as refused:
        services.entry_create(nominee=nominee, by=manager, title=" ", summary="")

    assert refused.value.message_dict == {
        "title": ["This field is required."],
        "summary": ["This field is required."],
    }


def test_every_change_is_refused_after_the_deadline_with_the_reason(ngo, manager, nominee, media):
    entry = services.entry_create(nominee=nominee, by=manager, title="One", summary="S")
    entry_file = services.entryfile_add(
        entry=entry, by=manager, title="Slides", content=PDF, file_name="s.pdf"
    )
    competition = nominee.nomination.competition
    late_nominee = NomineeFactory(
        organisation=ngo,
        nomination=NominationFactory(organisation=competition.organisation, competition=competition),
        consultation=nominee.consultation,
    )
    _deadline_passes(nominee.nomination.competition)
    entry = Entry.unscoped.select_related("competition").get(pk=entry.pk)
    entry_file.entry = entry

    refusals = []
    for change in (
        lambda: services.entry_update(entry=entry, by=manager, title="Changed"),
        lambda: services.entry_submit(entry=entry, by=manager),
        lambda: services.entry_figures_refresh(entry=entry, by=manager),
        lambda: services.entryfile_add(entry=entry, by=manager, title="More", content=PDF, file_name="m.pdf"),
        lambda: services.entryfile_remove(entry_file=entry_file, by=manager),
        lambda: services.entry_create(nominee=late_nominee, by=manager, title="Late", summary="S"),
    ):
        with pytest.raises(ValidationError) as refused:
            change()
        refusals.append(refused.value.messages[0])

    assert len(refusals) == 6
    assert all(message.startswith("The submission deadline passed on ") for message in refusals), refusals
    assert all(message.endswith(": the entry is frozen.") for message in refusals), refusals
    assert Entry.unscoped.get(pk=entry.pk).title == "One"
    assert entry.files.count() == 1


def test_freeze_draws_the_figures_once_and_later_data_does_not_change_them(ngo, manager, nominee):
    shelter = ShelterFactory(organisation=ngo, capacity=10)
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=_days_ago(30))
    entry = services.entry_create(nominee=nominee, by=manager, title="One", summary="S")
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=_days_ago(10))  # after the entry was written
    competition = nominee.nomination.competition
    _deadline_passes(competition)
    competition.refresh_from_db()

    first = services.entries_freeze(competition=competition)
    frozen = Entry.unscoped.get(pk=entry.pk)
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=_days_ago(5))  # after the freeze
    ShelterFactory(organisation=ngo, capacity=20)
    second = services.entries_freeze(competition=competition)
    again = Entry.unscoped.get(pk=entry.pk)

    assert (first, second) == (1, 0)
    assert frozen.figures_frozen_at is not None
    assert (_figure(frozen, "shelters.stays_started"), _figure(frozen, "shelters.places")) == (2, 10)
    assert (again.figures, again.figures_frozen_at) == (frozen.figures, frozen.figures_frozen_at)
    assert list(AuditEntry.unscoped.filter(action="entry.frozen").values_list("object_id", flat=True)) == [
        str(entry.pk)
    ]


def test_freeze_leaves_entries_alone_before_the_deadline(manager, nominee):
    entry = services.entry_create(nominee=nominee, by=manager, title="One", summary="S")

    frozen = services.entries_freeze(competition=nominee.nomination.competition)

    assert (frozen, Entry.unscoped.get(pk=entry.pk).figures_frozen_at) == (0, None)


def test_the_command_and_the_periodic_task_freeze_every_competition_whose_deadline_passed(
    ngo, other_ngo, manager, nominee, iom_office
):
    passed = services.entry_create(nominee=nominee, by=manager, title="One", summary="S")
    _deadline_passes(nominee.nomination.competition)
    open_entry = EntryFactory(organisation=other_ngo, competition=CompetitionFactory(organisation=iom_office))
    late = EntryFactory(organisation=other_ngo)
    _deadline_passes(late.competition)

    call_command("freeze_entries", stdout=open("/dev/null", "w"))  # noqa: SIM115
    by_task = entries_freeze_task.call()

    frozen = dict(Entry.unscoped.values_list("pk", "figures_frozen_at"))
    assert (frozen[passed.pk] is not None, frozen[late.pk] is not None, frozen[open_entry.pk]) == (
        True,
        True,
        None,
    )
    assert by_task == 0


def test_entry_opened_after_the_deadline_is_frozen_on_the_spot(client, ngo, manager, nominee):
    shelter = ShelterFactory(organisation=ngo, capacity=10)
    entry = services.entry_create(nominee=nominee, by=manager, title="One", summary="S")
    StayFactory(organisation=ngo, shelter=shelter, admitted_on=_days_ago(3))
    _deadline_passes(nominee.nomination.competition)
    client.force_login(manager)

    response = client.get(reverse("awards:entry_detail", args=[entry.pk]))

    frozen = Entry.unscoped.get(pk=entry.pk)
    assert response.status_code == 200
    assert frozen.figures_frozen_at is not None
    assert _figure(frozen, "shelters.stays_started") == 1
    assert "Frozen at" in response.content.decode()


def test_update_page_after_the_deadline_says_why_and_changes_nothing(client, manager, nominee):
    entry = services.entry_create(nominee=nominee, by=manager, title="One", summary="S")
    _deadline_passes(nominee.nomination.competition)
    client.force_login(manager)

    response = client.post(reverse("awards:entry_update", args=[entry.pk]), {"title": "Two", "summary": "S"})

    assert response.status_code == 200
    assert "the entry is frozen." in response.content.decode()
    assert Entry.unscoped.get(pk=entry.pk).title == "One"
