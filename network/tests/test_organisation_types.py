"""The registry holds every kind of body HTCDS names: a "government" organisation of the previous version
becomes a central government body, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from network.models import Organisation, OrganisationType

BEFORE = [("network", "0003_world_regions")]


@pytest.mark.django_db(transaction=True)
def test_organisation_type_migration_maps_government_to_central_government_and_back():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps.get_model("network", "Organisation")
        ministry = old.objects.create(name_en="Fictional Ministry", country="TJ", type="government")
        ngo = old.objects.create(name_en="Fictional NGO", country="TJ", type="ngo")

        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        after = dict(Organisation.objects.filter(pk__in=[ministry.pk, ngo.pk]).values_list("pk", "type"))

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        back = old.objects.get(pk=ministry.pk).type
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert after == {ministry.pk: OrganisationType.CENTRAL_GOVERNMENT, ngo.pk: OrganisationType.NGO}
    assert back == "government"
