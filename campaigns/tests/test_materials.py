"""Creative materials: uploaded under the attachment rules (size limit, type by the bytes), stored
encrypted, downloaded only through a view that checks scope; the API lists their metadata only."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from campaigns.models import Material
from campaigns.services import campaigns as services
from campaigns.tests.factories import CampaignFactory

PDF = b"%PDF-1.4\n% synthetic poster\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def campaign(ngo):
    return CampaignFactory(organisation=ngo)


def _materials():
    # unscoped: the test reads back every organisation's rows.
    return list(Material.unscoped.order_by("pk"))


def test_material_upload_stores_the_file_encrypted_and_audits_it(client, manager, campaign):
    client.force_login(manager)

    response = client.post(
        reverse("campaigns:campaign_material_add", args=[campaign.pk]),
        {"title": "Poster", "file": SimpleUploadedFile("poster.pdf", PDF)},
    )

    material = _materials()[0]
    with default_storage.open(material.storage_name, "rb") as stored:
        on_disk = stored.read()
    assert response.url == campaign.get_absolute_url()
    assert (material.content_type, material.size, PDF in on_disk) == ("application/pdf", len(PDF), False)
    assert list(AuditEntry.unscoped.values_list("action", flat=True)) == ["material.added"]


def test_material_upload_refuses_a_file_that_is_not_an_accepted_type(client, manager, campaign):
    client.force_login(manager)

    response = client.post(
        reverse("campaigns:campaign_material_add", args=[campaign.pk]),
        {"title": "Script of the spot", "file": SimpleUploadedFile("spot.pdf", b"just text, named .pdf")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["Only PDF, JPEG, PNG and DOCX files are accepted."]}
    assert "Script of the spot" in response.content.decode()
    assert _materials() == []


def test_material_upload_refuses_a_file_over_the_size_limit(manager, campaign, settings):
    settings.AMANAT_ATTACHMENT_MAX_BYTES = 2**20
    too_big = PDF + b"0" * 2**20

    with pytest.raises(Exception) as refused:
        services.material_add(
            campaign=campaign, by=manager, title="Big", content=too_big, file_name="big.pdf"
        )

    assert refused.value.message_dict == {"file": ["The file is larger than 1 MB."]}
    assert _materials() == []


def test_material_upload_by_a_caseworker_is_refused(client, caseworker, campaign):
    client.force_login(caseworker)

    response = client.post(
        reverse("campaigns:campaign_material_add", args=[campaign.pk]),
        {"title": "Poster", "file": SimpleUploadedFile("poster.pdf", PDF)},
    )

    assert response.status_code == 403
    assert _materials() == []


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("caseworker", 200),
        ("hotline_operator", 200),
        ("shelter_staff", 403),
        ("judge", 403),
        ("outsider", 404),
        ("password_only", 302),
    ],
)
def test_material_download_role_matrix(client, cast, manager, campaign, role, status):
    material = services.material_add(
        campaign=campaign, by=manager, title="Poster", content=PDF, file_name="p.pdf"
    )
    if role == "password_only":
        client = Client()
        client.force_login(cast["manager"])
    else:
        client.force_login(cast[role])

    response = client.get(reverse("campaigns:material_download", args=[material.pk]))

    assert response.status_code == status
    if status == 200:
        assert (response.content, response["Content-Disposition"]) == (
            PDF,
            f'attachment; filename="material-{material.pk}.pdf"',
        )


def test_material_download_by_a_partner_organisation(client, manager, campaign, other_ngo, outsider):
    campaign.partners.add(other_ngo)
    material = services.material_add(
        campaign=campaign, by=manager, title="Poster", content=PDF, file_name="p.pdf"
    )
    client.force_login(outsider)

    response = client.get(reverse("campaigns:material_download", args=[material.pk]))

    assert (response.status_code, response.content) == (200, PDF)


def test_material_api_lists_metadata_only(api, manager, campaign, other_ngo):
    ours = services.material_add(
        campaign=campaign, by=manager, title="Poster", content=PDF, file_name="p.pdf"
    )
    theirs = CampaignFactory(organisation=other_ngo)
    from campaigns.tests.factories import MaterialFactory

    MaterialFactory(organisation=other_ngo, campaign=theirs)
    api.force_authenticate(manager)

    rows = api.get("/api/v1/campaigns/materials/").json()["results"]

    assert [row["id"] for row in rows] == [ours.pk]
    assert set(rows[0]) == {
        "id",
        "campaign",
        "title",
        "file_name",
        "content_type",
        "size",
        "sha256",
        "created_at",
    }


def test_material_api_answers_404_to_another_organisation(api, outsider, manager, campaign):
    material = services.material_add(
        campaign=campaign, by=manager, title="Poster", content=PDF, file_name="p.pdf"
    )
    api.force_authenticate(outsider)

    response = api.get(f"/api/v1/campaigns/materials/{material.pk}/")

    assert response.status_code == 404
