"""Two admissions for the last place at the same moment, through two real connections: one is admitted,
the other is refused with a clear message (PostgreSQL locks the shelter's row; SQLite serialises writers)."""

import contextlib
import sqlite3
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases.tests.factories import CaseFactory
from network.tests.factories import OrganisationFactory
from shelters import services
from shelters.models import Stay
from shelters.tests.factories import BedFactory, ShelterFactory, StayFactory


@contextlib.contextmanager
def _threads_database(tmp_path):
    """The database the threads' own connections open. PostgreSQL: the test database. SQLite: a file copy
    of the test database, as SQLite is deployed (a file, transactions that take the write lock at BEGIN,
    a busy timeout); the test database itself is a shared-cache memory database, whose table locks refuse
    a second writer at once instead of letting it wait."""
    if connection.vendor != "sqlite":
        yield
        return
    path = str(tmp_path / "threads.sqlite3")
    with contextlib.closing(sqlite3.connect(path)) as copy:
        connection.ensure_connection()
        connection.connection.backup(copy)
    settings_dict = connections.settings["default"]
    name = settings_dict["NAME"]
    settings_dict["NAME"] = path
    try:
        yield
    finally:
        settings_dict["NAME"] = name


def _in_thread(read):
    """``read()`` on a connection of the threads' database."""
    result = []

    def run():
        try:
            result.append(read())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0]


def _admit_at_once(admissions) -> list:
    """Run each admission in its own thread (its own database connection), all released together."""
    outcomes, barrier = [], threading.Barrier(len(admissions))

    def run(admission):
        try:
            barrier.wait()
            outcomes.append(admission())
        except ValidationError as error:
            outcomes.append(error.message_dict)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(admission,)) for admission in admissions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_admissions_for_the_last_place_admit_exactly_one(tmp_path):
    organisation = OrganisationFactory()
    manager = user_with_role(Role.MANAGER, organisation, username="manager-a")
    shelter = ShelterFactory(organisation=organisation, capacity=2)
    StayFactory(organisation=organisation, shelter=shelter)
    first, second = CaseFactory(organisation=organisation), CaseFactory(organisation=organisation)

    with _threads_database(tmp_path):
        outcomes = _admit_at_once(
            [
                lambda: services.stay_admit(shelter=shelter, case=first, by=manager, target_group="women"),
                lambda: services.stay_admit(shelter=shelter, case=second, by=manager, target_group="women"),
            ]
        )
        open_stays = _in_thread(lambda: Stay.unscoped.filter(shelter=shelter, discharged_on=None).count())

    admitted = [outcome for outcome in outcomes if isinstance(outcome, Stay)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, dict)]
    assert (len(admitted), refused) == (1, [{"shelter": ["The shelter is full: all 2 places are taken."]}])
    assert open_stays == 2


@pytest.mark.django_db(transaction=True)
def test_two_admissions_to_the_same_bed_admit_exactly_one(tmp_path):
    organisation = OrganisationFactory()
    manager = user_with_role(Role.MANAGER, organisation, username="manager-b")
    bed = BedFactory(organisation=organisation, shelter__tracks_beds=True, shelter__capacity=5)
    first, second = CaseFactory(organisation=organisation), CaseFactory(organisation=organisation)

    with _threads_database(tmp_path):
        outcomes = _admit_at_once(
            [
                lambda case=case: services.stay_admit(
                    shelter=bed.shelter, case=case, by=manager, target_group="women", bed=bed
                )
                for case in (first, second)
            ]
        )
        open_stays = _in_thread(lambda: Stay.unscoped.filter(bed=bed, discharged_on=None).count())

    admitted = [outcome for outcome in outcomes if isinstance(outcome, Stay)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, dict)]
    assert (len(admitted), refused) == (1, [{"bed": ["This bed is taken. Choose a free bed."]}])
    assert open_stays == 1
