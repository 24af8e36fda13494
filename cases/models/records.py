import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import choices
from cases.models.base import SectionQuerySet, case_fk
from privacy.fields import EncryptedTextField
from privacy.models import EncryptedRecord
from tenancy import TenantModel, organisation_fk, tenant_history


class Note(TenantModel, EncryptedRecord):
    """A caseworker's update on the case (HTCDS case comment); the text is encrypted."""

    shared_section = choices.Section.NOTES

    organisation = organisation_fk()
    case = case_fk("notes")
    text = EncryptedTextField(_("note"), long=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Note on case %(code)s") % {"code": self.case.code})


def attachment_storage_name() -> str:
    return f"cases/attachments/{uuid.uuid4().hex}.bin"


class Attachment(TenantModel, EncryptedRecord):
    """An encrypted file under MEDIA_ROOT (outside the web root); served only through a view."""

    shared_section = choices.Section.ATTACHMENTS
    encrypted_file_fields = ("storage_name",)  # rotate_keys re-encrypts these files

    organisation = organisation_fk()
    case = case_fk("attachments")
    file_name = EncryptedTextField(_("file name"))
    description = EncryptedTextField(_("description"))
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    storage_name = models.CharField(
        max_length=200, unique=True, default=attachment_storage_name, editable=False
    )
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Attachment %(pk)s of case %(code)s") % {"pk": self.pk, "code": self.case.code})


class Story(TenantModel, EncryptedRecord):
    """A victim's testimony, publishable only with publication consent and after anonymisation review."""

    Status = choices.StoryStatus

    organisation = organisation_fk()
    case = case_fk("stories")
    title = EncryptedTextField(_("title"), max_length=200, blank=False)
    text = EncryptedTextField(_("story"), long=True)
    status = models.CharField(_("review status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    consent = models.ForeignKey(
        "cases.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publication consent"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = EncryptedTextField(_("review comment"), long=True)

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        # Never the title: it is the victim's own words.
        return str(_("Story %(pk)s of case %(code)s") % {"pk": self.pk, "code": self.case.code})
