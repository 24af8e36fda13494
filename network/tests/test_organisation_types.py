"""The registry holds every kind of body HTCDS names: a "government" organisation of the previous version
becomes a central government body, and back. The migrations run once for every data-migration test:
amanat/tests/migration_journey.py (rows written at network 0003, read at the latest version and back)."""

import pytest

from network.models import Organisation, OrganisationType


def rows_written_before_the_new_types(apps):
    old = apps.get_model("network", "Organisation")
    ministry = old.objects.create(name_en="Fictional Ministry", country="TJ", type="government")
    ngo = old.objects.create(name_en="Fictional NGO", country="TJ", type="ngo")
    return ministry.pk, ngo.pk


def read_after(rows):
    return dict(Organisation.objects.filter(pk__in=rows).values_list("pk", "type"))


def read_back(apps, rows):
    return apps.get_model("network", "Organisation").objects.get(pk=rows[0]).type


@pytest.mark.django_db(transaction=True)  # the journey migrates: no test transaction around it
def test_organisation_type_migration_maps_government_to_central_government_and_back(migration_journey):
    journey = migration_journey["organisation_types"]
    ministry, ngo = journey["rows"]

    assert journey["after"] == {ministry: OrganisationType.CENTRAL_GOVERNMENT, ngo: OrganisationType.NGO}
    assert journey["back"] == "government"
