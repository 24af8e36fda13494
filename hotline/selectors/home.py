"""The hotline operator's home page: today's contacts, drafts to complete, follow-ups due."""

import datetime

from django.db.models import Q
from django.utils import timezone

from hotline.models import Contact

HOME_ROWS = 8
FOLLOW_UP_DAYS = 7


def operator_home(*, user) -> dict | None:
    """What waits for ``user`` on the hotline, or None when they log no contacts.

    Drafts are the user's own and the telephony records of their lines that no extension matched;
    follow-ups are due within a week (overdue ones first) on the contacts the user may read."""
    if not user.has_perm("hotline.add_contact"):
        return None
    contacts = Contact.objects.visible_to(user)
    today = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    drafts = contacts.filter(Q(operator=user) | Q(operator__isnull=True), is_draft=True)
    follow_ups = contacts.filter(
        is_draft=False,
        follow_up_due__isnull=False,
        follow_up_due__lte=today + datetime.timedelta(days=FOLLOW_UP_DAYS),
    )
    return {
        "today": contacts.filter(started_at__gte=start, is_draft=False).count(),
        "drafts": list(drafts.select_related("line").order_by("-started_at", "-pk")[:HOME_ROWS]),
        "drafts_total": drafts.count(),
        "follow_ups": list(follow_ups.select_related("line").order_by("follow_up_due", "pk")[:HOME_ROWS]),
        "follow_ups_total": follow_ups.count(),
        "today_date": today,
    }
