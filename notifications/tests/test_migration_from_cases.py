"""The move of Notification out of cases keeps every row, forwards and backwards (both databases)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0001_initial"), ("notifications", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1] is not None]).apps


def leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_notification_rows_survive_the_move_to_their_own_app(ngo, caseworker):
    old_apps = migrate(BEFORE)
    OldNotification = old_apps.get_model("cases", "Notification")
    OldCase = old_apps.get_model("cases", "Case")
    case = OldCase.objects.create(organisation_id=ngo.pk, code="TJ-2026-000042", registered_on="2026-01-05")
    OldNotification.objects.create(
        organisation_id=ngo.pk,
        recipient_id=caseworker.pk,
        kind="referral_received",
        case=case,
        case_code=case.code,
    )

    new_apps = migrate(leaf_nodes())
    moved = new_apps.get_model("notifications", "Notification").objects.get()
    back_apps = migrate(BEFORE)
    restored = back_apps.get_model("cases", "Notification").objects.get()
    migrate(leaf_nodes())

    assert (moved.kind, moved.subject, moved.url, moved.recipient_id) == (
        "referral_received",
        "TJ-2026-000042",
        f"/cases/{case.pk}/",
        caseworker.pk,
    )
    assert moved._meta.db_table == "notifications_notification"
    assert (restored.case_id, restored.case_code) == (case.pk, "TJ-2026-000042")
