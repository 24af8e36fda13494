from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from notifications import kinds
from tenancy import TenantModel, TenantQuerySet, organisation_fk


class NotificationQuerySet(TenantQuerySet):
    def visible_to(self, user):
        """A notification is its recipient's alone."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)._as_scoped()

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(TenantModel, models.Model):
    """An in-app message to one user; e-mailed once by ``notification_email_task``.

    ``organisation`` is the recipient's organisation the event concerns. ``kind`` is registered by the
    sending module (``notifications.kinds``); ``subject`` is a record's code and ``url`` its page, which
    answers 404 when the recipient can no longer see it. No personal data in any of them."""

    organisation = organisation_fk()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=32)
    subject = models.CharField(_("subject"), max_length=20, blank=True)
    # Who acted (an organisation's name, never a person's): "%(actor)s" in the kind's message.
    actor = models.CharField(_("by"), max_length=200, blank=True)
    url = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()
    unscoped = NotificationQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.subject}"

    @property
    def kind_label(self) -> str:
        return str(kinds.get(self.kind).label)

    @property
    def message(self) -> str:
        return str(kinds.get(self.kind).message) % {"subject": self.subject, "actor": self.actor}
