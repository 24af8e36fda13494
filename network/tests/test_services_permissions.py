"""Each network service checks its own permission: a caller that forgets to ask changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from network import services
from network.models import Organisation, OrganisationType, Programme
from network.tests.factories import OrganisationFactory, ProgrammeFactory


def test_organisation_create_without_permission_is_refused(manager):

    with pytest.raises(PermissionDenied):
        services.organisation_create(
            by=manager, name_en="Unwanted NGO", type=OrganisationType.NGO, country="TJ"
        )

    assert not Organisation.objects.filter(name_en="Unwanted NGO").exists()
    assert not AuditEntry.unscoped.filter(action="organisation.created").exists()


def test_organisation_create_by_system_admin(system_admin):

    organisation = services.organisation_create(
        by=system_admin, name_en="New NGO", type=OrganisationType.NGO, country="TJ"
    )

    assert organisation.name_en == "New NGO"


@pytest.mark.parametrize("member", ["outsider", "caseworker", "judge"])
def test_organisation_update_without_permission_is_refused(cast, ngo, member):

    with pytest.raises(PermissionDenied):
        services.organisation_update(organisation=ngo, by=cast[member], city="Elsewhere")

    assert Organisation.objects.get(pk=ngo.pk).city == "Chkalovsk"


def test_organisation_update_by_its_manager(manager, ngo):

    services.organisation_update(organisation=ngo, by=manager, city="Istaravshan")

    assert Organisation.objects.get(pk=ngo.pk).city == "Istaravshan"


def test_organisation_service_without_user_is_refused(ngo):

    with pytest.raises(PermissionDenied):
        services.organisation_update(organisation=ngo, by=None, city="Elsewhere")


@pytest.mark.parametrize("member", ["manager", "coordinator"])
def test_programme_create_without_permission_is_refused(cast, member):
    donor = OrganisationFactory(type=OrganisationType.DONOR, country="US", region_id=None)

    with pytest.raises(PermissionDenied):
        services.programme_create(
            by=cast[member], name="Unwanted", donor=donor, start_date=datetime.date(2025, 1, 1)
        )

    assert not Programme.objects.filter(name="Unwanted").exists()


@pytest.mark.parametrize("member", ["manager", "coordinator"])
def test_programme_update_without_permission_is_refused(cast, member):
    programme = ProgrammeFactory(name="Kept")

    with pytest.raises(PermissionDenied):
        services.programme_update(programme=programme, by=cast[member], name="Renamed")

    assert Programme.objects.get(pk=programme.pk).name == "Kept"


def test_programme_update_by_system_admin(system_admin):
    programme = ProgrammeFactory(name="Kept")

    services.programme_update(programme=programme, by=system_admin, name="Renamed")

    assert Programme.objects.get(pk=programme.pk).name == "Renamed"
