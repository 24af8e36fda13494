from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership

ACTIVE_MEMBERSHIP_SESSION_KEY = "active_membership_id"


def membership_list_for_user(*, user):
    return Membership.objects.filter(user=user, is_active=True).select_related("organisation")


def active_membership(request) -> Membership | None:
    """The membership the user acts through now: the one chosen in the session, else the first."""
    memberships = list(membership_list_for_user(user=request.user))
    chosen = request.session.get(ACTIVE_MEMBERSHIP_SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None


# (permission that opens the item or None for everyone, URL name, label)
NAVIGATION = [
    (None, "home", _("Home")),
    ("cases.view_case", "cases:case_list", _("Cases")),
    ("accounts.manage_users", "accounts:user_list", _("Users")),
    ("audit.view_auditentry", "audit:entry_list", _("Audit")),
    (None, "network:organisation_list", _("Organisations")),
    (None, "network:programme_list", _("Programmes")),
    (None, "network:directory", _("Referral directory")),
]


def navigation_items(user) -> list[dict]:
    items = []
    for perm, url_name, label in NAVIGATION:
        if perm is not None and not user.has_perm(perm):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # an app not wired yet simply has no menu item
            continue
        items.append({"url": url, "label": label})
    return items
