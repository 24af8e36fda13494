"""The move of Notification out of cases keeps every row, forwards and backwards (both databases).
The migrations run once for every data-migration test: amanat/tests/migration_journey.py."""

import pytest


def rows_written_before_the_move(apps, organisation_id, user_id):
    """At cases 0001, without the notifications app: a notification of cases. Returns its case and
    recipient."""
    OldNotification = apps.get_model("cases", "Notification")
    OldCase = apps.get_model("cases", "Case")
    case = OldCase.objects.create(
        organisation_id=organisation_id, code="TJ-2026-000042", registered_on="2026-01-05"
    )
    OldNotification.objects.create(
        organisation_id=organisation_id,
        recipient_id=user_id,
        kind="referral_received",
        case=case,
        case_code=case.code,
    )
    return case, user_id


def read_after(apps):
    return apps.get_model("notifications", "Notification").objects.get()


def read_back(apps):
    return apps.get_model("cases", "Notification").objects.get()


@pytest.mark.django_db(transaction=True)  # the journey migrates: no test transaction around it
def test_notification_rows_survive_the_move_to_their_own_app(migration_journey):
    journey = migration_journey["notifications"]
    (case, recipient_id), moved, restored = journey["rows"], journey["after"], journey["back"]

    assert (moved.kind, moved.subject, moved.url, moved.recipient_id) == (
        "referral_received",
        "TJ-2026-000042",
        f"/cases/{case.pk}/",
        recipient_id,
    )
    assert moved._meta.db_table == "notifications_notification"
    assert (restored.case_id, restored.case_code) == (case.pk, "TJ-2026-000042")
