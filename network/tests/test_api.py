import pytest

from network.models import Organisation, OrganisationType, Programme
from network.tests.factories import OrganisationFactory, ProgrammeFactory

PUBLIC_FIELDS = [
    "id",
    "name",
    "name_en",
    "name_ru",
    "name_local",
    "type",
    "country",
    "country_name",
    "region",
    "region_name",
    "city",
    "services",
    "description",
    "public_phone",
    "public_email",
    "website",
    "public_address",
]


def test_directory_api_is_public_and_shows_public_fields_only(api, ngo):
    ngo.services.set(["shelter"])

    response = api.get("/api/v1/directory/")

    assert response.status_code == 200
    assert response.json()["count"] == 1
    entry = response.json()["results"][0]
    assert list(entry) == PUBLIC_FIELDS
    assert (entry["name"], entry["region"], entry["services"]) == ("Women and Society", "TJ-SU", ["shelter"])


def test_directory_api_names_in_russian(api, ngo):
    response = api.get("/api/v1/directory/", HTTP_ACCEPT_LANGUAGE="ru")

    entry = response.json()["results"][0]
    assert (entry["name"], entry["country_name"], entry["region_name"]) == (
        "Женщины и общество",
        "Таджикистан",
        "Согдийская область",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"country": "KZ"}, ["Almaty Aid"]),
        ({"country": "TJ", "region": "TJ-SU"}, ["Women and Society"]),
        ({"service": "legal_aid"}, ["Almaty Aid"]),
    ],
)
def test_directory_api_filters(api, ngo, query, expected):
    OrganisationFactory(name_en="Almaty Aid", country="KZ", region_id="KZ-75", services=["legal_aid"])

    response = api.get("/api/v1/directory/", query)

    assert [entry["name"] for entry in response.json()["results"]] == expected


def test_directory_api_region_of_another_country_is_400_on_region(api, ngo):
    response = api.get("/api/v1/directory/", {"country": "KZ", "region": "TJ-SU"})

    assert response.status_code == 400
    assert response.json()["field"] == "region"


@pytest.mark.parametrize("rows", [1, 3])
def test_directory_api_queries_do_not_grow_with_rows(api, db, django_assert_num_queries, rows):
    OrganisationFactory.create_batch(rows, services=["shelter", "hotline"])

    with django_assert_num_queries(3):
        response = api.get("/api/v1/directory/")

    assert response.json()["count"] == rows


def test_regions_api_filters_by_country(api, db):
    response = api.get("/api/v1/regions/", {"country": "TJ"})

    assert [region["code"] for region in response.json()["results"]] == [
        "TJ-RA",
        "TJ-DU",
        "TJ-GB",
        "TJ-KT",
        "TJ-SU",
    ]


def test_organisations_api_needs_authentication(api, ngo):
    response = api.get("/api/v1/organisations/")

    assert response.status_code == 401
    assert response.json()["field"] is None


def test_organisations_api_lists_for_any_member_and_filters(api, judge, ngo, iom_office):
    api.force_authenticate(judge)

    response = api.get("/api/v1/organisations/", {"type": OrganisationType.INTERNATIONAL})

    assert [entry["name"] for entry in response.json()["results"]] == ["IOM Tajikistan"]


@pytest.mark.parametrize(
    ("member", "status"),
    [("manager", 200), ("other_manager", 403), ("caseworker", 403), ("judge", 403), ("system_admin", 200)],
)
def test_organisations_api_update_role_matrix(api, cast, other_ngo, ngo, member, status):
    from accounts.roles import Role
    from accounts.tests.factories import user_with_role

    cast["other_manager"] = user_with_role(Role.MANAGER, other_ngo, username="othermanager")
    api.force_authenticate(cast[member])

    response = api.patch(f"/api/v1/organisations/{ngo.pk}/", {"city": "Buston"}, format="json")

    assert response.status_code == status
    ngo.refresh_from_db()
    assert (ngo.city == "Buston") is (status == 200)


def test_organisations_api_manager_cannot_change_type(api, manager, ngo):
    api.force_authenticate(manager)

    response = api.patch(
        f"/api/v1/organisations/{ngo.pk}/",
        {"type": OrganisationType.DONOR, "services": ["hotline"]},
        format="json",
    )

    assert response.status_code == 200
    ngo.refresh_from_db()
    assert ngo.type == OrganisationType.NGO
    assert list(ngo.services.values_list("code", flat=True)) == ["hotline"]


def test_organisations_api_region_of_another_country_is_400_with_field(api, system_admin):
    api.force_authenticate(system_admin)

    response = api.post(
        "/api/v1/organisations/",
        {"name_en": "New Hope", "type": "ngo", "country": "KZ", "region": "TJ-SU"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": "This region is not in the chosen country.",
        "field": "region",
        "errors": {"region": ["This region is not in the chosen country."]},
    }


@pytest.mark.parametrize(
    ("member", "status"), [("system_admin", 201), ("manager", 403), ("coordinator", 403)]
)
def test_organisations_api_create_role_matrix(api, cast, member, status):
    api.force_authenticate(cast[member])

    response = api.post(
        "/api/v1/organisations/",
        {"name_en": "New Hope", "type": "ngo", "country": "KZ", "region": "KZ-75", "services": ["shelter"]},
        format="json",
    )

    assert response.status_code == status
    assert Organisation.objects.filter(name_en="New Hope").exists() is (status == 201)


@pytest.mark.parametrize("rows", [1, 3])
def test_organisations_api_queries_do_not_grow_with_rows(api, judge, django_assert_num_queries, rows):
    OrganisationFactory.create_batch(rows - 1, services=["shelter"])
    api.force_authenticate(judge)

    with django_assert_num_queries(4):
        response = api.get("/api/v1/organisations/")

    assert response.json()["count"] == rows


def test_programmes_api_create_end_before_start_is_400_on_end_date(api, system_admin):
    donor = OrganisationFactory(type=OrganisationType.DONOR, country="US", region_id=None)
    api.force_authenticate(system_admin)

    response = api.post(
        "/api/v1/programmes/",
        {"name": "Safe Migration", "donor": donor.pk, "start_date": "2025-01-01", "end_date": "2024-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "end_date"


@pytest.mark.parametrize(("member", "status"), [("system_admin", 201), ("manager", 403), ("analyst", 403)])
def test_programmes_api_create_role_matrix(api, cast, ngo, member, status):
    donor = OrganisationFactory(type=OrganisationType.DONOR, country="US", region_id=None)
    api.force_authenticate(cast[member])

    response = api.post(
        "/api/v1/programmes/",
        {"name": "Safe Migration", "donor": donor.pk, "start_date": "2025-01-01", "members": [ngo.pk]},
        format="json",
    )

    assert response.status_code == status
    assert Programme.objects.filter(name="Safe Migration").count() == (1 if status == 201 else 0)


@pytest.mark.parametrize("rows", [1, 3])
def test_programmes_api_lists_with_members(api, analyst, ngo, django_assert_num_queries, rows):
    for programme in ProgrammeFactory.create_batch(rows):
        programme.members.add(ngo)
    api.force_authenticate(analyst)

    with django_assert_num_queries(3):
        response = api.get("/api/v1/programmes/")

    assert [entry["members"] for entry in response.json()["results"]] == [[ngo.pk]] * rows
