"""personal_data_read / personal_file_read: personal data is decrypted and its read logged in one step."""

import pytest
from django.db import connection

from audit.models import AccessLogEntry
from cases.models import Victim
from cases.tests.factories import VictimFactory
from privacy.access import personal_data_read
from privacy.fields import RecordBindingError

pytestmark = pytest.mark.django_db


def test_personal_data_read_decrypts_and_logs_one_entry(caseworker, ngo):
    victim = VictimFactory(organisation=ngo, given_name="Dilnoza")

    record = personal_data_read(
        Victim.objects.visible_to(caseworker),
        pk=victim.pk,
        by=caseworker,
        purpose="victim.personal_data",
        label=lambda found: found.case.code,
    )

    entry = AccessLogEntry.unscoped.get()
    assert record.__dict__["given_name"] == "Dilnoza"  # opened by the helper, not later by a template
    assert (entry.actor, entry.object_type, entry.object_id, entry.object_label, entry.purpose) == (
        caseworker,
        "cases.victim",
        str(victim.pk),
        victim.case.code,
        "victim.personal_data",
    )


def test_personal_data_read_outside_scope_logs_nothing(outsider, ngo):
    victim = VictimFactory(organisation=ngo)

    with pytest.raises(Victim.DoesNotExist):
        personal_data_read(
            Victim.objects.visible_to(outsider), pk=victim.pk, by=outsider, purpose="victim.personal_data"
        )

    assert AccessLogEntry.unscoped.count() == 0


def test_personal_data_read_of_a_moved_value_shows_and_logs_nothing(caseworker, ngo):
    first, second = VictimFactory(organisation=ngo), VictimFactory(organisation=ngo)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_victim SET mobile_phone = (SELECT given_name FROM cases_victim WHERE id = %s) "
            "WHERE id = %s",
            [first.pk, second.pk],
        )

    with pytest.raises(RecordBindingError):
        personal_data_read(
            Victim.objects.visible_to(caseworker), pk=second.pk, by=caseworker, purpose="victim.personal_data"
        )

    assert AccessLogEntry.unscoped.count() == 0
