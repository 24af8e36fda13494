"""In-app notifications any module can send, e-mailed once each by ``notification_email_task``."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Membership
from accounts.roles import role_permissions
from notifications import kinds
from notifications.models import Notification
from notifications.tasks import notification_email_task


def members_with_perm(organisation, perm: str) -> list:
    """Active users of ``organisation`` whose role there grants ``perm``."""
    # unscoped: who to address a notification to, not tenant data shown to anyone.
    memberships = Membership.unscoped.filter(
        organisation=organisation, is_active=True, user__is_active=True
    ).select_related("user")
    return [m.user for m in memberships.order_by("user_id") if perm in role_permissions(m.role)]


def notification_create(
    *, recipients, organisation, kind: str, subject: str = "", url: str = "", actor: str = ""
) -> list[Notification]:
    """Notify each recipient (once) in the app, and by e-mail after the transaction commits.

    ``kind`` must be registered (``notifications.kinds``); LookupError otherwise."""
    kinds.get(kind)
    unique = {user.pk: user for user in recipients}
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                organisation=organisation, recipient=user, kind=kind, subject=subject, url=url, actor=actor
            )
            for user in unique.values()
        ]
    )
    for notification in notifications:
        if notification.pk is None:  # backends that don't return ids from bulk_create
            continue
        transaction.on_commit(lambda pk=notification.pk: notification_email_task.enqueue(notification_id=pk))
    return notifications


def notification_email_send(*, notification_id: int) -> bool:
    """Send the e-mail of one notification unless it was already sent (a retry never sends twice)."""
    # unscoped: an e-mail task claims its notification by id (a retry never sends twice).
    claimed = Notification.unscoped.filter(pk=notification_id, emailed_at=None).update(
        emailed_at=timezone.now()
    )
    if claimed != 1:
        return False
    # unscoped: the e-mail task's own notification, claimed above.
    notification = Notification.unscoped.select_related("recipient").get(pk=notification_id)
    if not notification.recipient.email:
        return False
    language = notification.recipient.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        send_mail(
            subject=f"{settings.SITE_NAME}: {notification.kind_label}",
            message=f"{notification.message}\n\n{_('Sign in to Amanat to see it.')}",
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    return True


def notification_mark_read(*, notification: Notification, by) -> None:
    if notification.recipient_id == by.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
