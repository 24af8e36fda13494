"""Case notes, encrypted attachments and stories (testimonies) for publication."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from cases.models import Attachment, Case, Note, Story, choices
from cases.services.common import require_case_writer, require_perm
from cases.services.consent import consent_allows, consent_current
from privacy.files import (  # noqa: F401  (content_type_sniff: cases.services re-exports it)
    attachment_content_check,
    content_type_sniff,
    encrypted_file_save,
)


@transaction.atomic
def note_add(*, case: Case, by, text: str) -> Note:
    """A note by the case's owner, or by an organisation that accepted a referral of the case sharing its
    notes (the note is that organisation's)."""
    organisation_id = require_case_writer(by, "cases.add_note", case, choices.Section.NOTES)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")}, code="required")
    note = Note.objects.create(organisation_id=organisation_id, case=case, text=text, author=by)
    audit_record(
        by=by,
        action="note.added",
        obj=case,
        organisation=note.organisation,
        details={"note": note.pk},
    )
    return note


@transaction.atomic
def attachment_add(*, case: Case, by, content: bytes, file_name: str, description: str = "") -> Attachment:
    """Store a file encrypted under MEDIA_ROOT. Only PDF, JPEG, PNG and DOCX, up to the size limit."""
    require_perm(by, "cases.add_attachment", case)
    if hasattr(content, "read"):
        content = content.read()
    content_type = attachment_content_check(content)
    attachment = Attachment(
        organisation_id=case.organisation_id,
        case=case,
        file_name=file_name,
        description=description,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
    attachment.storage_name = encrypted_file_save(
        model=Attachment, name=attachment.storage_name, content=content
    )
    attachment.save()
    # If the transaction rolls back, the encrypted file is orphaned but unreadable without the row.
    audit_record(
        by=by,
        action="attachment.added",
        obj=case,
        details={"attachment": attachment.pk, "type": content_type},
    )
    return attachment


@transaction.atomic
def story_submit(*, case: Case, by, title: str, text: str) -> Story:
    """Submit a story for anonymisation review; needs the victim's consent to publication."""
    require_perm(by, "cases.add_story", case)
    if not consent_allows(case=case, purpose=choices.ConsentPurpose.PUBLICATION):
        raise ValidationError(
            {"__all__": _("The victim has not consented to the publication of their story.")},
            code="no_consent",
        )
    if not title.strip() or not text.strip():
        raise ValidationError({"text": _("Give the story a title and a text.")}, code="required")
    story = Story.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        title=title,
        text=text,
        status=choices.StoryStatus.IN_REVIEW,
        consent=consent_current(case=case, purpose=choices.ConsentPurpose.PUBLICATION),
        submitted_by=by,
    )
    audit_record(by=by, action="story.submitted", obj=case, details={"story": story.pk})
    return story


@transaction.atomic
def story_review(*, story: Story, by, approve: bool, comment: str = "", text: str | None = None) -> Story:
    """The anonymisation review: approve (optionally with an edited text) or ask for changes."""
    require_perm(by, "cases.publish_story", story)
    if story.status != choices.StoryStatus.IN_REVIEW:
        raise ValidationError({"__all__": _("This story is not waiting for review.")}, code="invalid_status")
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say what must change.")}, code="required")
    story.status = choices.StoryStatus.APPROVED if approve else choices.StoryStatus.CHANGES_REQUESTED
    story.reviewed_by = by
    story.reviewed_at = timezone.now()
    story.review_comment = comment
    fields = ["status", "reviewed_by", "reviewed_at", "review_comment"]
    if text is not None:
        story.text = text
        fields.append("text")
    story.save(update_fields=fields)
    audit_record(by=by, action="story.reviewed", obj=story, details={"status": story.status})
    return story


@transaction.atomic
def story_publish(*, story: Story, by) -> Story:
    require_perm(by, "cases.publish_story", story)
    if story.status != choices.StoryStatus.APPROVED:
        raise ValidationError(
            {"__all__": _("Only a story approved in review can be published.")}, code="not_approved"
        )
    if not consent_allows(case=story.case, purpose=choices.ConsentPurpose.PUBLICATION):
        raise ValidationError(
            {"__all__": _("The victim has not consented to the publication of their story.")},
            code="no_consent",
        )
    story.status = choices.StoryStatus.PUBLISHED
    story.save(update_fields=["status"])
    audit_record(by=by, action="story.published", obj=story, details={"story": story.pk})
    return story
