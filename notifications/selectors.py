from django.db.models import QuerySet

from notifications.models import Notification


def notification_list(*, user) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.visible_to(user)
