import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import OrganisationQuerySet
from cases.crypto import EncryptedTextField
from cases.models import choices
from cases.models.base import SectionQuerySet, case_fk, history, organisation_fk


class Note(models.Model):
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
    history = history()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Note on case %(code)s") % {"code": self.case.code})


def attachment_storage_name() -> str:
    return f"cases/attachments/{uuid.uuid4().hex}.bin"


class Attachment(models.Model):
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
    history = history()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Attachment %(pk)s of case %(code)s") % {"pk": self.pk, "code": self.case.code})


class Story(models.Model):
    """A victim's testimony, publishable only with publication consent and after anonymisation review."""

    Status = choices.StoryStatus

    organisation = organisation_fk()
    case = case_fk("stories")
    title = models.CharField(_("title"), max_length=200)
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
    review_comment = models.TextField(_("review comment"), blank=True)

    objects = SectionQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class NotificationQuerySet(OrganisationQuerySet):
    def visible_to(self, user):
        """A notification is its recipient's alone."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)


class Notification(models.Model):
    """An in-app message to one user; e-mailed once by ``notification_email_task``.

    ``organisation`` is the recipient's organisation the event concerns; no personal data in it."""

    Kind = choices.NotificationKind

    organisation = organisation_fk()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    case_code = models.CharField(_("case code"), max_length=20, blank=True)
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_code}"

    @property
    def message(self) -> str:
        messages = {
            self.Kind.REFERRAL_RECEIVED: _("Case %(code)s was referred to your organisation."),
            self.Kind.REFERRAL_ANSWERED: _("Your referral of case %(code)s was answered."),
            self.Kind.FOLLOWUP_DUE: _("A follow-up of case %(code)s is due."),
            self.Kind.APPROVAL_WAITING: _("Case %(code)s waits for your approval."),
            self.Kind.CASE_ASSIGNED: _("Case %(code)s was assigned to you."),
        }
        return str(messages[self.kind] % {"code": self.case_code})
