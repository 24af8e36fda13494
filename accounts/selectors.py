from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership, User

ACTIVE_MEMBERSHIP_SESSION_KEY = "active_membership_id"


def membership_list_for_user(*, user):
    # unscoped: a user's own memberships (the organisations they may switch to).
    return Membership.unscoped.filter(user=user, is_active=True).select_related("organisation")


def active_membership(request) -> Membership | None:
    """The membership the user acts through now: the one chosen in the session, else the first.

    Read once per request (the view and the layout's context processor both ask)."""
    chosen = request.session.get(ACTIVE_MEMBERSHIP_SESSION_KEY)
    cached = getattr(request, "_amanat_active_membership", None)
    if cached is not None and cached[0] == chosen:
        return cached[1]
    memberships = list(membership_list_for_user(user=request.user))
    active = next((m for m in memberships if m.pk == chosen), memberships[0] if memberships else None)
    request._amanat_active_membership = (chosen, active)
    return active


def totp_device_confirmed(*, user) -> TOTPDevice | None:
    """The user's confirmed TOTP device (the first, if an administrator left several)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def membership_list(*, user):
    """The memberships ``user`` may see (their organisations' staff; every one for administrators)."""
    return Membership.objects.visible_to(user).select_related("organisation", "user")


def user_list(*, user):
    """Users holding a membership ``user`` may see, each with those visible memberships prefetched."""
    visible = membership_list(user=user)
    return (
        User.objects.filter(pk__in=visible.values("user_id"))
        .prefetch_related(Prefetch("memberships", queryset=visible, to_attr="visible_memberships"))
        .order_by("username")
    )


# (permission that opens the item or None for everyone, URL name, label)
NAVIGATION = [
    (None, "home", _("Home")),
    ("cases.view_case", "cases:case_list", _("Cases")),
    ("cases.view_followup", "cases:followup_due_list", _("Follow-ups due")),
    ("cases.answer_referral", "cases:referral_inbox", _("Incoming referrals")),
    ("cases.approve_case", "cases:approval_list", _("Approvals")),
    (None, "notifications:notification_list", _("Notifications")),
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
        items.append({"url": reverse(url_name), "label": label})
    return items
