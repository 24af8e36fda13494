"""What changes accounts: users, memberships, second factors and API tokens.

Every function takes the acting user as ``by`` (``None`` for system actions such as ``load_demo``)
and writes one audit entry whose details hold identifiers and codes only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts.models import Membership, User
from accounts.roles import MANAGER_GRANTABLE_ROLES, Role
from accounts.tenancy import ALL_ORGANISATIONS, organisations_with_perm
from audit.services import audit_record

MANAGE_USERS = "accounts.manage_users"


def grantable_roles(user) -> list[str]:
    """The roles ``user`` may grant: every role network-wide administrators, the NGO roles managers."""
    if organisations_with_perm(user, MANAGE_USERS) is ALL_ORGANISATIONS:
        return list(Role.values)
    return [str(role) for role in MANAGER_GRANTABLE_ROLES]


def _check_may_grant(*, by, organisation, role: str) -> None:
    if by is None:  # a system action (load_demo, a command) needs no one's permission
        return
    if not by.has_perm(MANAGE_USERS, organisation) or role not in grantable_roles(by):
        raise PermissionDenied


@transaction.atomic
def user_create(
    *,
    by: User | None,
    organisation,
    role: str,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a user without a usable password and grant them ``role`` in ``organisation``.

    The user sets a password through the link that ``user_invite`` sends. PermissionDenied when
    ``by`` may not manage users of ``organisation`` or grant ``role``."""
    _check_may_grant(by=by, organisation=organisation, role=role)
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(by=by, action="user.created", obj=user, organisation=organisation)
    membership_grant(by=by, user=user, organisation=organisation, role=role)
    return user


def password_set_url(*, user: User, base_url: str) -> str:
    """The one-time link where ``user`` chooses a password (Django's password-reset confirmation)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", args=[uidb64, token])
    return base_url.rstrip("/") + path


def user_invite(*, by: User | None, user: User, base_url: str) -> None:
    """E-mail ``user`` the link to set their password, once the transaction commits.

    PermissionDenied unless ``by`` manages users of one of ``user``'s organisations."""
    if by is not None and not any(
        by.has_perm(MANAGE_USERS, membership) for membership in user.memberships.filter(is_active=True)
    ):
        raise PermissionDenied
    language = user.preferred_language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"user": user, "url": password_set_url(user=user, base_url=base_url)}
        subject = str(_("Your Amanat account"))
        body = render_to_string("accounts/email/invitation.txt", context)
    recipient = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))
    audit_record(by=by, action="user.invited", obj=user)


@transaction.atomic
def membership_grant(*, by: User | None, user: User, organisation, role: str) -> Membership:
    """Give ``user`` ``role`` in ``organisation`` (reactivating a revoked membership of that role)."""
    _check_may_grant(by=by, organisation=organisation, role=role)
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    audit_record(by=by, action="membership.granted", obj=membership, details={"role": role})
    return membership


@transaction.atomic
def membership_revoke(*, by: User | None, membership: Membership) -> Membership:
    """Deactivate ``membership``; the row stays for the history. ValidationError for one's own."""
    if by is not None:
        if not by.has_perm(MANAGE_USERS, membership):
            raise PermissionDenied
        if membership.user_id == by.pk:
            raise ValidationError(_("You cannot revoke your own membership."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_record(by=by, action="membership.revoked", obj=membership, details={"role": membership.role})
    return membership


def totp_device_for_setup(*, by: User) -> TOTPDevice:
    """The unconfirmed TOTP device ``by`` is setting up, created on first call."""
    device = TOTPDevice.objects.filter(user=by, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=by, name=str(_("Authenticator app")), confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, by: User, device: TOTPDevice, token: str) -> bool:
    """Confirm ``device`` when ``token`` is its current code; False (and nothing changes) otherwise."""
    if device.user_id != by.pk or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(by=by, action="two_factor.device_confirmed", obj=None, details={"device_id": device.pk})
    return True


def totp_verify(*, by: User, device: TOTPDevice, token: str) -> bool:
    """Check ``token`` against ``by``'s confirmed ``device`` and record the outcome."""
    passed = device.user_id == by.pk and device.confirmed and device.verify_token(token)
    audit_record(by=by, action="two_factor.passed" if passed else "two_factor.failed")
    return bool(passed)


def api_token_issue(*, by: User) -> Token:
    """The API token of ``by`` (created on first request)."""
    token, created = Token.objects.get_or_create(user=by)
    audit_record(by=by, action="api_token.issued", details={"created": created})
    return token
