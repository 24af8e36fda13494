"""What changes accounts: users, memberships, second factors and API tokens.

Every function takes the acting user as ``by`` (``None`` for system actions such as ``load_demo``)
and writes one audit entry whose details hold identifiers and codes only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts.models import (
    ApiTokenSecondFactor,
    Membership,
    MembershipGrant,
    MembershipGrantStatus,
    User,
    token_fingerprint,
)
from accounts.roles import MANAGER_GRANTABLE_ROLES, Role, role_permissions
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
    base_url: str = "",
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
    membership_grant(by=by, user=user, organisation=organisation, role=role, base_url=base_url)
    return user


def password_set_url(*, user: User, base_url: str) -> str:
    """The one-time link where ``user`` chooses a password (Django's password-reset confirmation)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", args=[uidb64, token])
    return base_url.rstrip("/") + path


def user_invite(*, by: User | None, user: User, base_url: str) -> None:
    """E-mail ``user`` the link to set their password, once the transaction commits."""
    language = user.preferred_language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"user": user, "url": password_set_url(user=user, base_url=base_url)}
        subject = str(_("Your Amanat account"))
        body = render_to_string("accounts/email/invitation.txt", context)
    recipient = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))
    audit_record(by=by, action="user.invited", obj=user)


PERSONAL_DATA_PERM = "cases.view_personal_data"


def _is_system_admin(user: User) -> bool:
    return Membership.objects.filter(user=user, role=Role.SYSTEM_ADMIN, is_active=True).exists()


def membership_grant_needs_approval(*, by: User | None, user: User, organisation, role: str) -> bool:
    """True when granting ``role`` needs a second person's approval (issue 6, item 9).

    An administrator giving themselves, or any administrator, a role that reads ``organisation``'s
    personal data needs a second administrator or that NGO's manager to approve — unless it is that
    NGO's manager who grants it to someone else, or the user already reads the NGO's personal data."""
    if by is None or PERSONAL_DATA_PERM not in role_permissions(role):
        return False
    if user.pk != by.pk and not _is_system_admin(user):
        return False
    if user.pk != by.pk and _is_manager_of(by, organisation):
        return False
    reads_already = Membership.objects.filter(
        user=user, organisation=organisation, is_active=True, role__in=_personal_data_roles()
    ).exists()
    return not reads_already


def _personal_data_roles() -> list[str]:
    return [role for role in Role.values if PERSONAL_DATA_PERM in role_permissions(role)]


def _is_manager_of(user: User, organisation) -> bool:
    return Membership.objects.filter(
        user=user, organisation=organisation, role=Role.MANAGER, is_active=True
    ).exists()


def _membership_activate(*, user: User, organisation, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    return membership


@transaction.atomic
def membership_grant(
    *, by: User | None, user: User, organisation, role: str, base_url: str = ""
) -> Membership | MembershipGrant:
    """Give ``user`` ``role`` in ``organisation`` (reactivating a revoked membership of that role).

    When ``membership_grant_needs_approval``, nothing is granted yet: a pending ``MembershipGrant`` is
    returned (the same one if already asked), the NGO's managers are e-mailed on commit (``base_url``
    makes the link absolute) and the request is on the NGO's audit page. A role reading personal data
    granted at once by anyone but the NGO's manager is e-mailed to its managers too."""
    _check_may_grant(by=by, organisation=organisation, role=role)
    if membership_grant_needs_approval(by=by, user=user, organisation=organisation, role=role):
        grant, created = MembershipGrant.objects.get_or_create(
            user=user,
            organisation=organisation,
            role=role,
            status=MembershipGrantStatus.PENDING,
            defaults={"requested_by": by},
        )
        if created:
            audit_record(
                by=by,
                action="membership.grant_requested",
                obj=grant,
                details={"role": role, "user_id": user.pk},
            )
            organisation_managers_notify(
                organisation=organisation,
                subject=_("A role in your organisation is waiting for approval"),
                template="accounts/email/membership_grant_requested.txt",
                context={"grant": grant},
                url=base_url.rstrip("/") + reverse("accounts:membership_grant_list"),
            )
        return grant
    membership = _membership_activate(user=user, organisation=organisation, role=role)
    audit_record(by=by, action="membership.granted", obj=membership, details={"role": role})
    if (
        by is not None
        and PERSONAL_DATA_PERM in role_permissions(role)
        and not _is_manager_of(by, organisation)
    ):
        # An administrator's account for an NGO's staff needs no approval, but its managers hear of it:
        # an administrator's second account would otherwise read the victims unnoticed.
        organisation_managers_notify(
            organisation=organisation,
            subject=_("A role in your organisation was granted"),
            template="accounts/email/membership_granted.txt",
            context={"membership": membership, "granted_by": by},
            url=base_url.rstrip("/") + reverse("accounts:user_detail", args=[user.pk]),
        )
    return membership


def _check_may_decide(*, by: User, grant: MembershipGrant) -> None:
    """A second person decides: an administrator or the NGO's manager, neither the asker nor the user."""
    if not by.has_perm(MANAGE_USERS, grant.organisation) or by.pk in {grant.requested_by_id, grant.user_id}:
        raise PermissionDenied
    if grant.status != MembershipGrantStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))


def membership_grant_may_decide(*, by: User, grant: MembershipGrant) -> bool:
    try:
        _check_may_decide(by=by, grant=grant)
    except (PermissionDenied, ValidationError):
        return False
    return True


@transaction.atomic
def membership_grant_approve(*, grant: MembershipGrant, by: User) -> Membership:
    """Grant the requested membership and tell the NGO's managers on commit.

    PermissionDenied unless ``by`` is a second administrator or the NGO's manager (never the one who
    asked, never the user who gets the role); ValidationError when already decided."""
    grant = MembershipGrant.objects.select_for_update().get(pk=grant.pk)
    _check_may_decide(by=by, grant=grant)
    membership = _membership_activate(user=grant.user, organisation=grant.organisation, role=grant.role)
    grant.status = MembershipGrantStatus.APPROVED
    grant.decided_by = by
    grant.decided_at = timezone.now()
    grant.membership = membership
    grant.save(update_fields=["status", "decided_by", "decided_at", "membership"])
    audit_record(
        by=by,
        action="membership.granted",
        obj=membership,
        details={"role": grant.role, "grant_id": grant.pk, "requested_by_id": grant.requested_by_id},
    )
    organisation_managers_notify(
        organisation=grant.organisation,
        subject=_("A role in your organisation was approved"),
        template="accounts/email/membership_grant_approved.txt",
        context={"grant": grant},
        url="",
    )
    return membership


@transaction.atomic
def membership_grant_decline(*, grant: MembershipGrant, by: User) -> MembershipGrant:
    """Refuse the requested membership; the same people may decide as for ``membership_grant_approve``."""
    grant = MembershipGrant.objects.select_for_update().get(pk=grant.pk)
    _check_may_decide(by=by, grant=grant)
    grant.status = MembershipGrantStatus.DECLINED
    grant.decided_by = by
    grant.decided_at = timezone.now()
    grant.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        by=by,
        action="membership.grant_declined",
        obj=grant,
        details={"role": grant.role, "user_id": grant.user_id, "requested_by_id": grant.requested_by_id},
    )
    return grant


def organisation_managers_notify(*, organisation, subject, template: str, context: dict, url: str) -> None:
    """E-mail each active manager of ``organisation``, in their language, once the transaction commits.

    Accounts sits below the notifications of ``cases`` (and the coming ``notifications`` app), so this
    sends plain e-mail; the audit entry is what the NGO's audit page shows."""
    # Memberships are read to address the e-mail, not to show tenant data.
    managers = User.objects.filter(
        memberships__organisation=organisation,
        memberships__role=Role.MANAGER,
        memberships__is_active=True,
        is_active=True,
    ).distinct()
    messages = []
    for manager in managers:
        if not manager.email:
            continue
        with translation.override(manager.preferred_language or settings.LANGUAGE_CODE):
            body = render_to_string(template, {**context, "organisation": organisation, "url": url})
            messages.append((str(subject), body, None, [manager.email]))
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages))


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


@transaction.atomic
def api_token_issue(*, by: User, second_factor_passed: bool) -> Token:
    """The API token of ``by`` (created on first request).

    ``second_factor_passed`` says that ``by`` gave a valid second-factor code with this request: only
    then may the token act for a user who must pass one (``api.permissions.SecondFactorPassed``)."""
    token, created = Token.objects.get_or_create(user=by)
    if second_factor_passed:
        ApiTokenSecondFactor.objects.get_or_create(
            fingerprint=token_fingerprint(token), defaults={"user": by}
        )
    audit_record(
        by=by,
        action="api_token.issued",
        details={"created": created, "second_factor": second_factor_passed},
    )
    return token
