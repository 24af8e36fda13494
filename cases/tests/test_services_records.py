import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AccessLogEntry
from cases import selectors, services
from cases.models import Story
from network.tests.factories import ProgrammeFactory

PDF = b"%PDF-1.4\n% synthetic test file\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_service_record_with_cost_programme_and_provider(case, caseworker, other_ngo):
    programme = ProgrammeFactory()

    service = services.service_record(
        case=case,
        by=caseworker,
        type="accommodation",
        provider=other_ngo,
        started_on=datetime.date(2026, 1, 16),
        ended_on=datetime.date(2026, 2, 16),
        quantity=31,
        unit="nights",
        cost="310.00",
        currency="tjs",
        programme=programme,
    )

    assert (service.provider, service.currency, service.cost, service.organisation_id) == (
        other_ngo,
        "TJS",
        Decimal("310.00"),
        case.organisation_id,
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"currency": "XYZ", "cost": 10}, "currency"),
        ({"cost": 10}, "currency"),
        ({"started_on": datetime.date(2026, 2, 1), "ended_on": datetime.date(2026, 1, 1)}, "ended_on"),
        ({"type": "massage"}, "type"),
    ],
)
def test_service_record_rejects_bad_data_by_field(case, caseworker, fields, field):
    with pytest.raises(ValidationError) as error:
        services.service_record(case=case, by=caseworker, **{"type": "medical", **fields})

    assert list(error.value.message_dict) == [field]


def test_service_record_allowed_for_shelter_staff_not_outsider(case, shelter_staff, outsider):
    services.service_record(case=case, by=shelter_staff, type="accommodation")

    with pytest.raises(PermissionDenied):
        services.service_record(case=case, by=outsider, type="accommodation")


def test_note_add_stores_text_encrypted(case, caseworker):
    note = services.note_add(case=case, by=caseworker, text="Called the family")

    assert note.text == "Called the family"
    assert type(note).unscoped.filter(text=None).count() == 0


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (PDF, "application/pdf"),
        (b"\xff\xd8\xff\xe0synthetic", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\nsynthetic", "image/png"),
        (_docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_attachment_add_checks_type_by_content_and_encrypts(
    case, caseworker, settings, tmp_path, content, content_type
):
    settings.MEDIA_ROOT = tmp_path

    attachment = services.attachment_add(case=case, by=caseworker, content=content, file_name="scan.bin")

    stored = (tmp_path / attachment.storage_name).read_bytes()
    assert attachment.content_type == content_type
    assert stored.startswith(b"v1:") and content not in stored
    assert selectors.attachment_content(user=caseworker, attachment_pk=attachment.pk)[1] == content
    assert AccessLogEntry.unscoped.get().purpose == "attachment.content"


def test_attachment_add_refuses_other_types_and_large_files(case, caseworker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.AMANAT_ATTACHMENT_MAX_BYTES = 100

    with pytest.raises(ValidationError) as wrong_type:
        services.attachment_add(case=case, by=caseworker, content=b"<html>evil</html>", file_name="a.pdf")
    with pytest.raises(ValidationError) as too_large:
        services.attachment_add(case=case, by=caseworker, content=PDF + b"0" * 100, file_name="a.pdf")

    assert [wrong_type.value.messages[0][:9], too_large.value.message_dict["file"][0][:25]] == [
        "Only PDF,",
        "The file is larger than 0",
    ]


def test_story_submit_needs_publication_consent(case, caseworker):
    with pytest.raises(ValidationError):
        services.story_submit(case=case, by=caseworker, title="A new start", text="Synthetic testimony")

    services.consent_record(case=case, by=caseworker, purpose="publication", method="written")
    story = services.story_submit(case=case, by=caseworker, title="A new start", text="Synthetic testimony")

    assert (story.status, story.consent.purpose) == ("in_review", "publication")


def test_story_review_and_publish_by_manager(case, caseworker, manager):
    services.consent_record(case=case, by=caseworker, purpose="publication", method="written")
    story = services.story_submit(case=case, by=caseworker, title="A new start", text="Synthetic testimony")
    with pytest.raises(PermissionDenied):
        services.story_review(story=story, by=caseworker, approve=True)

    services.story_review(story=story, by=manager, approve=True, text="Anonymised testimony")
    published = services.story_publish(story=story, by=manager)

    assert (published.status, Story.unscoped.get().text) == ("published", "Anonymised testimony")


def test_story_publish_refused_after_consent_withdrawn(case, caseworker, manager):
    services.consent_record(case=case, by=caseworker, purpose="publication", method="written")
    story = services.story_submit(case=case, by=caseworker, title="A new start", text="Synthetic testimony")
    services.story_review(story=story, by=manager, approve=True)
    services.consent_withdraw(case=case, by=caseworker, purpose="publication")

    with pytest.raises(ValidationError):
        services.story_publish(story=story, by=manager)
