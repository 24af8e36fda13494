import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from network.models import OrganisationType
from network.tests.factories import OrganisationFactory

DIRECTORY = reverse("network:directory")


def names(response) -> list[str]:
    return [organisation.name for organisation in response.context["page"]]


@pytest.fixture
def directory_orgs(db):
    shelter = OrganisationFactory(
        name_en="Sughd Shelter", name_ru="Приют Согда", country="TJ", region_id="TJ-SU", services=["shelter"]
    )
    hotline = OrganisationFactory(
        name_en="Dushanbe Hotline",
        name_ru="Горячая линия Душанбе",
        country="TJ",
        region_id="TJ-DU",
        city="Dushanbe",
        services=["hotline"],
    )
    almaty = OrganisationFactory(
        name_en="Almaty Aid",
        name_ru="Помощь Алматы",
        country="KZ",
        region_id="KZ-75",
        city="Almaty",
        services=["shelter", "legal_aid"],
    )
    return {"shelter": shelter, "hotline": hotline, "almaty": almaty}


def test_directory_open_to_anonymous_visitors_without_inactive_organisations(client, directory_orgs):
    OrganisationFactory(name_en="Closed NGO", is_active=False)

    response = client.get(DIRECTORY)

    assert response.status_code == 200
    assert names(response) == ["Almaty Aid", "Dushanbe Hotline", "Sughd Shelter"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"country": "TJ"}, ["Dushanbe Hotline", "Sughd Shelter"]),
        ({"country": "TJ", "region": "TJ-SU"}, ["Sughd Shelter"]),
        ({"region": "KZ-75"}, ["Almaty Aid"]),
        ({"service": "shelter"}, ["Almaty Aid", "Sughd Shelter"]),
        ({"country": "KZ", "service": "legal_aid"}, ["Almaty Aid"]),
        ({"q": "hotline"}, ["Dushanbe Hotline"]),
        # A region left over from another country is forgotten, not an error.
        ({"country": "KZ", "region": "TJ-SU"}, ["Almaty Aid"]),
    ],
)
def test_directory_filters_by_country_region_and_service(client, directory_orgs, query, expected):
    response = client.get(DIRECTORY, query)

    assert names(response) == expected


def test_directory_region_choices_narrowed_to_the_chosen_country(client, db):
    response = client.get(DIRECTORY, {"country": "KG"})

    region_codes = [region.code for region in response.context["filter"].form.fields["region"].queryset]
    assert region_codes == ["KG-B", "KG-GB", "KG-C", "KG-Y", "KG-J", "KG-N", "KG-GO", "KG-O", "KG-T"]


def test_directory_country_choices_are_the_five_republics(client, db):
    response = client.get(DIRECTORY)

    choices = [code for code, _ in response.context["filter"].form.fields["country"].choices]
    assert choices == ["", "KZ", "KG", "TJ", "TM", "UZ"]


def test_directory_shows_public_fields_only(client, ngo):
    ngo.require_manager_approval = True
    ngo.public_phone = "+992 00 000 0000"
    ngo.description = "Shelter for women."
    ngo.save()
    user_with_role(Role.CASEWORKER, ngo, username="staffmember")

    response = client.get(DIRECTORY)

    content = response.content.decode()
    assert "+992 00 000 0000" in content
    assert "Shelter for women." in content
    assert "staffmember" not in content
    assert "approval" not in content


def test_directory_names_organisations_in_russian(client, ngo):
    response = client.get(DIRECTORY, HTTP_ACCEPT_LANGUAGE="ru")

    content = response.content.decode()
    assert names(response) == ["Женщины и общество"]
    assert "Women and Society" not in content
    assert "Выберите страну, регион или услугу" in content


def test_directory_paginates(client, db):
    OrganisationFactory.create_batch(21)

    response = client.get(DIRECTORY, {"page": 2})

    assert response.context["page"].number == 2
    assert len(names(response)) == 1


def test_directory_answers_htmx_with_the_results_fragment(client, directory_orgs):
    response = client.get(DIRECTORY, {"country": "KZ"}, HTTP_HX_REQUEST="true")

    assert names(response) == ["Almaty Aid"]
    assert response.content.decode().lstrip().startswith('<div id="directory">')


@pytest.mark.parametrize("rows", [1, 3])
def test_directory_queries_do_not_grow_with_rows(client, db, django_assert_num_queries, rows):
    OrganisationFactory.create_batch(rows, services=["shelter", "hotline"])
    OrganisationFactory(type=OrganisationType.CENTRAL_GOVERNMENT, is_active=False)

    with django_assert_num_queries(4):
        response = client.get(DIRECTORY, {"country": "TJ"})

    assert len(names(response)) == rows
