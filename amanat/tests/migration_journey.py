"""One trip back through the migrations and forward again for every data-migration test.

Each data-migration test (cases/tests/test_migration_*.py, the labour-sector test in
test_regions_follow_country.py, network/tests/test_organisation_types.py,
notifications/tests/test_migration_from_cases.py) writes rows as an older version would have, lets the
migrations run forwards, reads what they made of the rows, migrates back and reads what came back.
Migrating back and forth costs minutes on SQLite (Django re-renders the models' state at every operation):
five tests doing it four times each were two thirds of the suite's time. Here the rows of every test are
written at the version each test starts from, on one way forwards, and read on one way back:

    back to cases 0001, network 0003, no notifications → rows of record binding, notifications and
    organisation types; forwards to cases 0014 → survey rows; to cases 0016 → labour-sector rows;
    forwards to the latest → read every test's rows; back to cases 0016 → labour sectors; to cases 0014 and
    network 0003 → survey and organisation types; to cases 0004 → record binding; to cases 0001 without
    notifications → notifications; forwards to the latest again.

``run()`` returns what each test reads, by test module; the tests assert on it (``migration_journey``
in conftest.py runs it once a session). The database ends as a transactional test leaves it: empty but for
the reference data."""

from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

START = [("cases", "0001_initial"), ("network", "0003_world_regions"), ("notifications", None)]
SURVEY_BEFORE = [("cases", "0014_referral_loop")]
LABOUR_BEFORE = [("cases", "0016_reintegration_survey_old_fields_removed")]
ORGANISATION_TYPES_BEFORE = [("network", "0003_world_regions")]
RECORD_BINDING_VALUES_REWRITTEN = [("cases", "0004_record_keys_required")]


def migrate(targets):
    """Migrate to ``targets`` (None: the latest); returns the project's state there (its ``apps``, the
    models of that version, are rendered when asked for: rendering them takes seconds)."""
    executor = MigrationExecutor(connection)
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1] is not None])


def run() -> dict:
    from accounts.roles import Role
    from accounts.tests.factories import user_with_role
    from cases.tests import (
        test_migration_record_binding as record_binding,
        test_migration_reintegration_survey as survey,
        test_regions_follow_country as labour,
    )
    from conftest import reference_data_load
    from network.tests import test_organisation_types as organisation_types
    from network.tests.factories import OrganisationFactory
    from notifications.tests import test_migration_from_cases as notifications

    reference_data_load()
    ngo = OrganisationFactory(name_en="Women and Society", country="TJ", region_id="TJ-SU", city="Chkalovsk")
    caseworker = user_with_role(Role.CASEWORKER, ngo, username="caseworker")
    seen = {}
    try:
        old = migrate(START).apps
        binding_rows = record_binding.rows_written_before_record_binding(old, ngo.pk)
        notification_rows = notifications.rows_written_before_the_move(old, ngo.pk, caseworker.pk)
        organisation_rows = organisation_types.rows_written_before_the_new_types(old)

        survey_rows = survey.rows_scored_before_the_survey(migrate(SURVEY_BEFORE).apps, ngo.pk, caseworker.pk)
        labour_rows = labour.rows_written_before_labour_sectors(migrate(LABOUR_BEFORE).apps, ngo.pk)

        latest = migrate(None).apps
        seen["record_binding"] = {"after": record_binding.read_after(binding_rows)}
        seen["notifications"] = {"rows": notification_rows, "after": notifications.read_after(latest)}
        seen["organisation_types"] = {
            "rows": organisation_rows,
            "after": organisation_types.read_after(organisation_rows),
        }
        seen["survey"] = {"rows": survey_rows, "after": survey.read_after(survey_rows)}
        seen["labour"] = {"after": labour.read_after_and_change(labour_rows)}

        seen["labour"]["back"] = labour.read_back(migrate(LABOUR_BEFORE).apps, labour_rows)
        back = migrate(SURVEY_BEFORE + ORGANISATION_TYPES_BEFORE).apps
        seen["survey"]["back"] = survey.read_back(back, survey_rows)
        seen["organisation_types"]["back"] = organisation_types.read_back(back, organisation_rows)
        migrate(RECORD_BINDING_VALUES_REWRITTEN)
        seen["record_binding"]["back"] = record_binding.read_back(binding_rows)
        seen["notifications"]["back"] = notifications.read_back(migrate(START).apps)
    finally:
        migrate(None)
        call_command("flush", interactive=False, verbosity=0)
        reference_data_load()
    return seen
