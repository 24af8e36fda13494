"""The hotline's demo: a year of Khujand contacts shaped by season and hour, loaded once per module
(hotline.demo.load alone, after the organisations and users it needs), fast and idempotent."""

import importlib
from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts import demo as accounts_demo
from conftest import TEST_KEYS
from hotline import demo
from hotline.models import CallerFlag, Contact, Line, OperatorExtension
from network import demo as network_demo
from privacy.crypto import reset_keyring


def _counts() -> dict:
    # unscoped: the test counts every row the loader may have written.
    return {
        model.__name__: model.unscoped.count() for model in (Contact, CallerFlag, Line, OperatorExtension)
    }


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load once inside a transaction that is rolled back after the module's tests."""
    keys = override_settings(
        AMANAT_KEYS=TEST_KEYS, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with keys, django_db_blocker.unblock(), transaction.atomic():
        reset_keyring()
        from django.apps import apps

        if not apps.get_model("network", "ServiceType").objects.exists():
            importlib.import_module("network.migrations.0002_regions_and_services").load(apps, None)
            importlib.import_module("network.migrations.0003_world_regions").load(apps, None)
        network_demo.load()
        accounts_demo.load()
        summary = demo.load()
        first = _counts()
        again = demo.load()
        yield {
            "summary": summary,
            "first": first,
            "again": again,
            "second": _counts(),
        }
        transaction.set_rollback(True)
    reset_keyring()


@pytest.fixture
def contacts(loaded, db):
    # unscoped: the test reads what the loader wrote.
    return Contact.unscoped.all()


def test_demo_loads_a_few_thousand_contacts(loaded):
    assert 2_000 <= loaded["first"]["Contact"] <= 5_000


def test_demo_load_twice_changes_nothing(loaded):
    assert loaded["second"] == loaded["first"]
    assert "already loaded" in loaded["again"]


def test_demo_contacts_are_busiest_in_spring_and_in_working_hours(contacts):
    local = [timezone.localtime(started) for started in contacts.values_list("started_at", flat=True)]
    months = Counter(moment.month for moment in local)
    hours = Counter(moment.hour for moment in local)

    assert months[3] + months[4] > 2 * (months[7] + months[8])
    assert sum(hours[hour] for hour in range(9, 18)) > 0.75 * len(local)


def test_demo_has_repeat_callers_and_one_flagged(contacts):
    repeats = Counter(contacts.exclude(caller_hash="").values_list("caller_hash", flat=True))
    frequent = {key for key, count in repeats.items() if count >= 4}

    # unscoped: as above.
    flags = list(CallerFlag.unscoped.values_list("caller_hash", flat=True))
    assert len(frequent) >= 5
    assert len(flags) == 1
    assert flags[0] in frequent


def test_demo_gives_the_operator_drafts_follow_ups_and_todays_contacts(contacts):
    operator = accounts_demo.User.objects.get(username=demo.OPERATOR)
    today = timezone.localdate()

    drafts = contacts.filter(is_draft=True, operator=operator)
    assert drafts.count() == 3
    assert all(draft.telephony_call_id for draft in drafts)
    assert contacts.filter(follow_up_due__lte=today, is_draft=False).count() >= 2
    assert contacts.filter(started_at__date=today).count() >= 3


def test_demo_contacts_hold_no_personal_text(contacts):
    assert not contacts.exclude(notes=None).exclude(notes="").exists()
    assert not contacts.filter(number_consent=True).exists()
