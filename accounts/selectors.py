from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import (
    ApiToken,
    Membership,
    MembershipGrant,
    MembershipGrantStatus,
    RecoveryCode,
    User,
    UserSession,
)

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


def passkey_list(*, user):
    """The user's confirmed passkeys (WebAuthn credentials), oldest first."""
    return WebAuthnCredential.objects.devices_for_user(user, confirmed=True).order_by("pk")


def two_factor_enrolled(*, user) -> bool:
    """True when ``user`` has an authenticator app or a passkey (recovery codes alone are no factor)."""
    return totp_device_confirmed(user=user) is not None or passkey_list(user=user).exists()


def recovery_codes_remaining(*, user) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True, used_at=None).count()


def two_factor_summary(*, user) -> dict:
    """What a user's own security page and their manager's user page show: factors, codes left."""
    return {
        "totp": totp_device_confirmed(user=user) is not None,
        "passkeys": passkey_list(user=user).count(),
        "recovery_codes": recovery_codes_remaining(user=user),
    }


def two_factor_required(*, user) -> bool:
    """True when ``user`` must pass a second factor: a role that reads personal data, or a device set up."""
    return user.requires_two_factor or user_has_device(user, confirmed=True)


def membership_list(*, user):
    """The memberships ``user`` may see (their organisations' staff; every one for administrators)."""
    return Membership.objects.visible_to(user).select_related("organisation", "user")


def membership_grant_pending_list(*, user):
    """Roles waiting for a second person's approval, in the organisations whose staff ``user`` sees."""
    return (
        MembershipGrant.objects.visible_to(user)
        .filter(status=MembershipGrantStatus.PENDING)
        .select_related("user", "organisation", "requested_by")
    )


def members_with_roles(*, organisation, roles):
    """Active users holding an active membership of ``organisation`` in one of ``roles`` (who may answer a
    hotline line, who works in a shelter); the caller has checked its own permission on the organisation."""
    # unscoped: the staff of the one organisation the caller acts for, asked by a service that checked it.
    user_ids = Membership.unscoped.filter(organisation=organisation, role__in=roles, is_active=True).values(
        "user_id"
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("last_name", "username")


def user_list(*, user):
    """Users holding a membership ``user`` may see, each with those visible memberships prefetched."""
    visible = membership_list(user=user)
    return (
        User.objects.filter(pk__in=visible.values("user_id"))
        .prefetch_related(Prefetch("memberships", queryset=visible, to_attr="visible_memberships"))
        .order_by("username")
    )


def user_session_list(*, user):
    """``user``'s own sessions that have not reached their idle or absolute limit, most recent first.

    Last-seen times are written once a minute, hence the minute of grace on the idle limit."""
    now = timezone.now()
    idle = timedelta(seconds=settings.AMANAT_SESSION_IDLE_SECONDS + 60)
    absolute = timedelta(seconds=settings.AMANAT_SESSION_ABSOLUTE_SECONDS)
    return UserSession.objects.filter(user=user, last_seen_at__gt=now - idle, created_at__gt=now - absolute)


def api_token_list(*, user):
    """``user``'s own API tokens that still work, newest first."""
    return ApiToken.objects.filter(Q(expiry__gt=timezone.now()) | Q(expiry=None), user=user)


# (permission that opens the item or None for everyone, URL name, label)
NAVIGATION = [
    (None, "home", _("Home")),
    ("cases.view_case", "cases:case_list", _("Cases")),
    ("cases.view_followup", "cases:followup_due_list", _("Follow-ups due")),
    ("cases.answer_referral", "cases:referral_inbox", _("Incoming referrals")),
    ("cases.approve_case", "cases:approval_list", _("Approvals")),
    ("shelters.view_shelter", "shelters:shelter_list", _("Shelters")),
    ("shelters.view_board", "shelters:board", _("Bed board")),
    ("hotline.view_contact", "hotline:contact_list", _("Hotline")),
    ("campaigns.view_campaign", "campaigns:campaign_list", _("Campaigns")),
    (None, "notifications:notification_list", _("Notifications")),
    # Hotline operations (issue 9).
    ("hotline.view_answer", "hotline:answer_list", _("Knowledge base")),
    ("hotline.view_statistics", "hotline:statistics", _("Hotline statistics")),
    ("hotline.manage_telephony", "hotline:telephony", _("Telephony")),
    ("awards.view_competition", "awards:competition_list", _("Awards")),
    ("accounts.manage_users", "accounts:user_list", _("Users")),
    ("accounts.manage_users", "accounts:membership_grant_list", _("Role approvals")),
    ("audit.view_auditentry", "audit:entry_list", _("Audit")),
    (None, "network:organisation_list", _("Organisations")),
    (None, "network:programme_list", _("Programmes")),
    (None, "network:directory", _("Referral directory")),
    # Analytics (issue 12): the dashboard of a manager's organisation, a coordinator's country, the network.
    ("analytics.view_organisation_figures", "analytics:dashboard", _("Dashboard")),
    ("analytics.view_aggregates", "analytics:dashboard", _("Dashboard")),
    # Data exchange (issue 13): HTCDS imports and exports, releases, the global reference data.
    ("exchange.import_cases", "exchange:index", _("Data exchange")),
    ("exchange.export_deidentified", "exchange:index", _("Data exchange")),
    ("exchange.view_reference_data", "exchange:index", _("Data exchange")),
]


def navigation_items(user) -> list[dict]:
    items = []
    for perm, url_name, label in NAVIGATION:
        if perm is not None and not user.has_perm(perm):
            continue
        if any(item["url"] == reverse(url_name) for item in items):  # one item opened by several permissions
            continue
        items.append({"url": reverse(url_name), "label": label})
    return items


def organisations_ever_joined(*, user) -> set[int]:
    """Ids of every organisation ``user`` is or was a member of, in any role (memberships are ended, never
    deleted): what makes a judge conflicted with an organisation's award entries."""
    if user is None or user.pk is None:
        return set()
    # unscoped: a user's own memberships, past ones included; the awards' conflict rule reads them.
    return set(Membership.unscoped.filter(user=user).values_list("organisation_id", flat=True))


def active_users_with_role(*, role: str):
    """Active users holding an active membership in ``role`` anywhere (the network's judges, whom an
    awards organiser seats on a committee); the caller has checked its own permission."""
    # unscoped: which users hold a network-wide role is what the caller picks from, not tenant rows.
    user_ids = Membership.unscoped.filter(role=role, is_active=True).values("user_id")
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def memberships_ever_held(*, user_ids):
    """Every membership, ended ones included, of the users ``user_ids`` with its organisation: what an
    awards committee page lists as its judges' automatic conflicts of interest."""
    # unscoped: the judges' own memberships, past ones included, which the conflict rule reads too.
    return Membership.unscoped.filter(user_id__in=user_ids).select_related("organisation")
