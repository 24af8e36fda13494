import pytest
from django.urls import reverse

from audit.models import AccessLogEntry
from cases.models import Attachment, Note, Story, choices
from cases.tests.conftest import grant_to_narrow_cast
from cases.tests.factories import CaseFactory, ConsentFactory

PDF = b"%PDF-1.4\n% synthetic test file\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def case(request, ngo, caseworker):
    case = CaseFactory(organisation=ngo, caseworker=caseworker, stage=choices.Stage.ASSISTANCE)
    grant_to_narrow_cast(request, case)
    return case


def _upload(client, case, content=PDF, name="report.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("cases:case_attachments", args=[case.pk]),
        {"file": SimpleUploadedFile(name, content), "description": "Medical report"},
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("caseworker", 302),
        ("hotline_operator", 302),
        ("shelter_staff", 302),
        ("outsider", 404),
        ("coordinator", 403),
    ],
)
def test_note_add_role_matrix(client, cast, case, role, status):
    client.force_login(cast[role])

    response = client.post(reverse("cases:case_notes", args=[case.pk]), {"text": "Called, all well."})

    assert response.status_code == status


def test_note_add_shows_the_note(client, case, caseworker):
    client.force_login(caseworker)

    client.post(reverse("cases:case_notes", args=[case.pk]), {"text": "Called, all well."})
    page = client.get(reverse("cases:case_notes", args=[case.pk]))

    assert [note.text for note in page.context["notes"]] == ["Called, all well."]
    assert Note.unscoped.get().author == caseworker


def test_attachment_upload_and_download_is_logged(client, case, caseworker):
    client.force_login(caseworker)

    uploaded = _upload(client, case)
    attachment = Attachment.unscoped.get()
    response = client.get(reverse("cases:attachment_download", args=[case.pk, attachment.pk]))

    assert uploaded.status_code == 302
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{case.code}-{attachment.pk}.pdf"'
    assert list(AccessLogEntry.unscoped.values_list("actor_id", "object_type", "object_label")) == [
        (caseworker.pk, "cases.attachment", case.code)
    ]


def test_attachment_download_is_404_for_outsider_and_not_logged(client, case, caseworker, outsider):
    client.force_login(caseworker)
    _upload(client, case)
    attachment = Attachment.unscoped.get()
    client.force_login(outsider)

    response = client.get(reverse("cases:attachment_download", args=[case.pk, attachment.pk]))

    assert response.status_code == 404
    assert AccessLogEntry.unscoped.count() == 0


def test_attachment_download_of_another_case_is_404(client, ngo, case, caseworker):
    client.force_login(caseworker)
    _upload(client, case)
    attachment = Attachment.unscoped.get()
    other_case = CaseFactory(organisation=ngo)

    response = client.get(reverse("cases:attachment_download", args=[other_case.pk, attachment.pk]))

    assert response.status_code == 404


def test_attachment_upload_refuses_other_file_types_on_the_field(client, case, caseworker):
    client.force_login(caseworker)

    response = _upload(client, case, content=b"MZ not a document", name="tool.exe")

    assert response.context["form"].errors == {"file": ["Only PDF, JPEG, PNG and DOCX files are accepted."]}
    assert Attachment.unscoped.count() == 0


def test_story_without_publication_consent_is_refused_with_the_reason(client, case, caseworker):
    client.force_login(caseworker)

    response = client.post(reverse("cases:case_story", args=[case.pk]), {"title": "Home again", "text": "…"})

    assert response.context["form"].non_field_errors() == [
        "The victim has not consented to the publication of their story."
    ]
    assert Story.unscoped.count() == 0


def test_story_with_consent_goes_to_review(client, case, caseworker):
    ConsentFactory(organisation=case.organisation, case=case, purpose="publication", recorded_by=caseworker)
    client.force_login(caseworker)

    client.post(reverse("cases:case_story", args=[case.pk]), {"title": "Home again", "text": "A new start."})

    assert Story.unscoped.get().status == choices.StoryStatus.IN_REVIEW


def test_story_review_by_manager_then_publish(client, case, caseworker, manager):
    ConsentFactory(organisation=case.organisation, case=case, purpose="publication", recorded_by=caseworker)
    client.force_login(caseworker)
    client.post(reverse("cases:case_story", args=[case.pk]), {"title": "Home again", "text": "A new start."})
    story = Story.unscoped.get()
    url = reverse("cases:story_review", args=[case.pk, story.pk])
    refused = client.post(url, {"decision": "approve"})
    client.force_login(manager)

    client.post(url, {"decision": "approve"})
    client.post(url, {"decision": "publish"})

    assert refused.status_code == 403
    assert Story.unscoped.get().status == choices.StoryStatus.PUBLISHED


def test_story_review_asking_for_changes_needs_a_comment(client, case, caseworker, manager):
    ConsentFactory(organisation=case.organisation, case=case, purpose="publication", recorded_by=caseworker)
    client.force_login(caseworker)
    client.post(
        reverse("cases:case_story", args=[case.pk]),
        {"title": "Home again", "text": "A new start."},
        follow=True,
    )
    story = Story.unscoped.get()
    client.force_login(manager)

    response = client.post(
        reverse("cases:story_review", args=[case.pk, story.pk]), {"decision": "changes"}, follow=True
    )

    assert [str(message) for message in response.context["messages"]] == ["Say what must change."]
    assert Story.unscoped.get().status == choices.StoryStatus.IN_REVIEW
