"""The rules of notes, stories and attachments that the happy paths do not reach."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Note, Story, choices


@pytest.fixture
def story(case, caseworker):
    services.consent_record(case=case, by=caseworker, purpose="publication", method="written")
    return services.story_submit(case=case, by=caseworker, title="A new start", text="Synthetic testimony")


def test_story_publish_before_review_is_refused(story, manager):

    with pytest.raises(ValidationError) as raised:
        services.story_publish(story=story, by=manager)

    assert raised.value.messages == ["Only a story approved in review can be published."]
    assert Story.unscoped.get().status == choices.StoryStatus.IN_REVIEW


def test_story_review_asking_for_changes_needs_a_comment_and_happens_once(story, manager):
    with pytest.raises(ValidationError) as no_comment:
        services.story_review(story=story, by=manager, approve=False, comment="  ")

    services.story_review(story=story, by=manager, approve=False, comment="Remove the village name.")
    with pytest.raises(ValidationError) as again:
        services.story_review(story=story, by=manager, approve=True)

    assert list(no_comment.value.message_dict) == ["comment"]
    assert again.value.messages == ["This story is not waiting for review."]
    assert Story.unscoped.get().status == choices.StoryStatus.CHANGES_REQUESTED


def test_story_submit_needs_a_title_and_a_text(case, caseworker):
    services.consent_record(case=case, by=caseworker, purpose="publication", method="written")

    with pytest.raises(ValidationError) as raised:
        services.story_submit(case=case, by=caseworker, title=" ", text="Synthetic testimony")

    assert list(raised.value.message_dict) == ["text"]
    assert Story.unscoped.count() == 0


def test_note_add_refuses_an_empty_note(case, caseworker):

    with pytest.raises(ValidationError):
        services.note_add(case=case, by=caseworker, text="   ")

    assert Note.unscoped.count() == 0


def _zip(**files) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"\xff\xd8\xff\xe0synthetic", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\nsynthetic", "image/png"),
        (b"PK\x03\x04 not really a zip archive", None),
        (_zip(**{"evil.exe": "MZ"}), None),
        (_zip(**{"[Content_Types].xml": "<Types/>"}), None),
        (b"<html><script>alert(1)</script>", None),
    ],
)
def test_content_type_sniff_reads_the_bytes_not_the_name(content, content_type):

    assert services.content_type_sniff(content) == content_type


def test_attachment_add_reads_an_uploaded_file_object(case, caseworker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    attachment = services.attachment_add(
        case=case, by=caseworker, content=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), file_name="letter.pdf"
    )

    assert attachment.content_type == "application/pdf"
