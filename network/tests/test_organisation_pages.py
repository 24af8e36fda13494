import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from network.models import Organisation, OrganisationType
from network.tests.factories import OrganisationFactory, ProgrammeFactory


def profile_data(**overrides) -> dict:
    data = {
        "name_en": "Women and Society",
        "name_ru": "Женщины и общество",
        "name_local": "",
        "short_name": "",
        "region": "TJ-SU",
        "city": "Buston",
        "services": ["shelter", "psychosocial"],
        "description": "Shelter and counselling.",
        "public_phone": "+992 00 000 0001",
        "public_email": "info@ngo.example.org",
        "website": "https://ngo.example.org/",
        "public_address": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def other_manager(other_ngo):
    return user_with_role(Role.MANAGER, other_ngo, username="othermanager")


@pytest.mark.parametrize(
    ("member", "status"),
    [
        ("manager", 302),
        ("other_manager", 403),
        ("caseworker", 403),
        ("hotline_operator", 403),
        ("coordinator", 403),
        ("system_admin", 200),  # the administrator's form also asks for type and country
    ],
)
def test_organisation_update_role_matrix(client, cast, other_manager, ngo, member, status):
    cast["other_manager"] = other_manager
    client.force_login(cast[member])

    response = client.post(reverse("network:organisation_update", args=[ngo.pk]), profile_data())

    assert response.status_code == status
    ngo.refresh_from_db()
    assert ngo.city == ("Buston" if status == 302 else "Chkalovsk")


def test_organisation_update_by_manager_saves_profile_services_and_audit_entry(client, manager, ngo):
    client.force_login(manager)

    response = client.post(reverse("network:organisation_update", args=[ngo.pk]), profile_data())

    assert response.url == ngo.get_absolute_url()
    ngo.refresh_from_db()
    assert (ngo.city, ngo.public_phone) == ("Buston", "+992 00 000 0001")
    assert sorted(ngo.services.values_list("code", flat=True)) == ["psychosocial", "shelter"]
    entry = AuditEntry.unscoped.get(action="organisation.updated")
    assert (entry.organisation, entry.actor) == (ngo, manager)
    assert entry.details == {
        "fields": ["city", "description", "public_email", "public_phone", "services", "website"]
    }


def test_organisation_update_manager_cannot_change_type_or_country(client, manager, ngo):
    client.force_login(manager)

    client.post(
        reverse("network:organisation_update", args=[ngo.pk]),
        profile_data(type=OrganisationType.DONOR, country="KZ", is_active=""),
    )

    ngo.refresh_from_db()
    assert (ngo.type, ngo.country, ngo.is_active) == (OrganisationType.NGO, "TJ", True)


def test_organisation_update_by_system_admin_changes_any_field(client, system_admin, ngo):
    client.force_login(system_admin)

    response = client.post(
        reverse("network:organisation_update", args=[ngo.pk]),
        profile_data(type=OrganisationType.SHELTER_OPERATOR, country="TJ", is_active="on"),
    )

    assert response.status_code == 302
    ngo.refresh_from_db()
    assert (ngo.type, ngo.city) == (OrganisationType.SHELTER_OPERATOR, "Buston")


def test_organisation_update_region_of_another_country_keeps_input(client, manager, ngo):
    client.force_login(manager)

    response = client.post(
        reverse("network:organisation_update", args=[ngo.pk]), profile_data(region="KZ-75", city="Typed city")
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["region"]
    assert form["city"].value() == "Typed city"
    assert 'value="Typed city"' in response.content.decode()


def test_organisation_create_region_must_be_in_country(client, system_admin):
    client.force_login(system_admin)

    response = client.post(
        reverse("network:organisation_create"),
        profile_data(
            name_en="New Hope", type=OrganisationType.NGO, country="KZ", region="TJ-SU", is_active="on"
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"region": ["This region is not in the chosen country."]}
    assert response.context["form"]["name_en"].value() == "New Hope"
    assert Organisation.objects.filter(name_en="New Hope").exists() is False


def test_organisation_create_by_system_admin(client, system_admin):
    client.force_login(system_admin)

    response = client.post(
        reverse("network:organisation_create"),
        profile_data(
            name_en="New Hope", type=OrganisationType.NGO, country="KZ", region="KZ-75", is_active="on"
        ),
    )

    organisation = Organisation.objects.get(name_en="New Hope")
    assert response.url == organisation.get_absolute_url()
    assert (organisation.country, organisation.region_id) == ("KZ", "KZ-75")
    assert list(AuditEntry.unscoped.values_list("action", flat=True)) == ["organisation.created"]


@pytest.mark.parametrize(
    ("member", "status"), [("system_admin", 200), ("manager", 403), ("coordinator", 403)]
)
def test_organisation_create_page_role_matrix(client, cast, member, status):
    client.force_login(cast[member])

    response = client.get(reverse("network:organisation_create"))

    assert response.status_code == status


def test_organisation_pages_need_login(client, ngo):
    response = client.get(reverse("network:organisation_detail", args=[ngo.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_organisation_detail_shows_public_data_and_programmes(client, caseworker, ngo):
    programme = ProgrammeFactory(name="Counter-trafficking in Sughd")
    programme.members.add(ngo)
    client.force_login(caseworker)

    response = client.get(reverse("network:organisation_detail", args=[ngo.pk]))

    assert list(response.context["programmes"]) == [programme]
    assert response.context["can_change"] is False
    assert "Counter-trafficking in Sughd" in response.content.decode()


def test_organisation_detail_of_inactive_organisation_is_404_for_staff(client, caseworker):
    closed = OrganisationFactory(is_active=False)
    client.force_login(caseworker)

    response = client.get(reverse("network:organisation_detail", args=[closed.pk]))

    assert response.status_code == 404


def test_organisation_list_filters_and_hides_inactive(client, caseworker, ngo, iom_office):
    OrganisationFactory(name_en="Closed NGO", is_active=False)
    client.force_login(caseworker)

    all_response = client.get(reverse("network:organisation_list"))
    filtered = client.get(reverse("network:organisation_list"), {"type": OrganisationType.INTERNATIONAL})

    assert [o.name for o in all_response.context["page"]] == ["IOM Tajikistan", "Women and Society"]
    assert [o.name for o in filtered.context["page"]] == ["IOM Tajikistan"]


@pytest.mark.parametrize("rows", [1, 3])
def test_organisation_list_queries_do_not_grow_with_rows(client, caseworker, django_assert_num_queries, rows):
    OrganisationFactory.create_batch(rows - 1, services=["shelter"])
    client.force_login(caseworker)

    with django_assert_num_queries(9):
        response = client.get(reverse("network:organisation_list"))

    assert len(response.context["page"]) == rows
