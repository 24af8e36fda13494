"""What changes accounts: users, memberships, second factors, API tokens and signed-in sessions.

Every function takes the acting user as ``by`` (``None`` for system actions such as ``load_demo``)
and writes one audit entry whose details hold identifiers and codes only.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import (
    RECOVERY_CODE_ALPHABET,
    RECOVERY_CODE_LENGTH,
    RECOVERY_CODE_SELECTOR_LENGTH,
    ApiToken,
    Membership,
    MembershipGrant,
    MembershipGrantStatus,
    RecoveryCode,
    RecoveryCodeDevice,
    User,
    UserSession,
)
from accounts.roles import MANAGER_GRANTABLE_ROLES, Role, role_permissions
from audit.services import audit_record
from tenancy import ALL_ORGANISATIONS, organisations_with_perm

MANAGE_USERS = "accounts.manage_users"
# Last-seen and last-used times are written at most this often: a busy session stays cheap.
LAST_SEEN_RESOLUTION = timedelta(seconds=60)


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
    """E-mail ``user`` the link to set their password, once the transaction commits.

    PermissionDenied unless ``by`` manages users of one of ``user``'s organisations."""
    if by is not None and not any(
        by.has_perm(MANAGE_USERS, membership)
        for membership in Membership.objects.visible_to(by).filter(user=user, is_active=True)
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


PERSONAL_DATA_PERM = "cases.view_personal_data"


def _is_system_admin(user: User) -> bool:
    # unscoped: whether a user is an administrator anywhere decides who must approve, not what is shown.
    return Membership.unscoped.filter(user=user, role=Role.SYSTEM_ADMIN, is_active=True).exists()


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
    # unscoped: the grantee's own memberships in that organisation, asked by the service granting it.
    reads_already = Membership.unscoped.filter(
        user=user, organisation=organisation, is_active=True, role__in=_personal_data_roles()
    ).exists()
    return not reads_already


def _personal_data_roles() -> list[str]:
    return [role for role in Role.values if PERSONAL_DATA_PERM in role_permissions(role)]


def _is_manager_of(user: User, organisation) -> bool:
    # unscoped: one question about the granter's own membership in that organisation.
    return Membership.unscoped.filter(
        user=user, organisation=organisation, role=Role.MANAGER, is_active=True
    ).exists()


def _membership_activate(*, user: User, organisation, role: str) -> Membership:
    # unscoped: a membership is granted by the service that checked the granter's permission first.
    membership, created = Membership.unscoped.get_or_create(user=user, organisation=organisation, role=role)
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
        # unscoped: the request is made by the service that checked the granter's permission first.
        grant, created = MembershipGrant.unscoped.get_or_create(
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
    # unscoped: the request was found through the decider's scope; this locks that same row.
    grant = MembershipGrant.unscoped.select_for_update().get(pk=grant.pk)
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
    # unscoped: the request was found through the decider's scope; this locks that same row.
    grant = MembershipGrant.unscoped.select_for_update().get(pk=grant.pk)
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
    """Deactivate ``membership`` and sign its user out everywhere; the row stays for the history.

    ValidationError for one's own."""
    if by is not None:
        if not by.has_perm(MANAGE_USERS, membership):
            raise PermissionDenied
        if membership.user_id == by.pk:
            raise ValidationError(_("You cannot revoke your own membership."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_record(by=by, action="membership.revoked", obj=membership, details={"role": membership.role})
    # What the user may do has changed: every open session and token is ended, wherever it is.
    user_sign_out_everywhere(user=membership.user, by=by, reason="membership_revoked")
    return membership


def user_signin_unlock(*, by: User, user: User) -> None:
    """End the wait before ``user`` may sign in again (at every address). PermissionDenied unless ``by``
    manages users of an organisation where ``user`` holds a membership."""
    from accounts import throttle

    membership = Membership.objects.visible_to(by).filter(user=user).select_related("organisation").first()
    if membership is None or not by.has_perm(MANAGE_USERS, membership):
        raise PermissionDenied
    cleared = throttle.signin_unlock(username=user.get_username())
    audit_record(
        by=by,
        action="user.signin_unlocked",
        obj=user,
        organisation=membership.organisation,
        details={"cleared": cleared},
    )


def totp_device_for_setup(*, by: User) -> TOTPDevice:
    """The unconfirmed TOTP device ``by`` is setting up, created on first call (one 30 s step, no drift)."""
    device = TOTPDevice.objects.filter(user=by, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=by, name=str(_("Authenticator app")), confirmed=False, tolerance=0, drift=0
        )
    return device


def _totp_matches(device: TOTPDevice, token: str) -> bool:
    # Whatever a row says (an admin-made device, a restored backup), a code counts for its own
    # 30-second step only; django-otp's last_t then refuses the same step a second time.
    device.tolerance = 0
    device.drift = 0
    return device.verify_token(token)


@transaction.atomic
def totp_device_confirm(*, by: User, device: TOTPDevice, token: str) -> bool:
    """Confirm ``device`` when ``token`` is its current code; False (and nothing changes) otherwise.

    The caller checks that ``by`` may enrol (``accounts.two_factor.enrolment_allowed``)."""
    if device.user_id != by.pk or device.confirmed or not _totp_matches(device, token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(by=by, action="two_factor.device_confirmed", obj=None, details={"device_id": device.pk})
    return True


@transaction.atomic
def two_factor_verify(*, by: User, token: str) -> TOTPDevice | RecoveryCodeDevice | None:
    """The device of ``by`` that accepts ``token``, else None; the outcome is audited either way.

    A six-digit token is checked against the authenticator app (current step only, once); anything
    else against the unused recovery codes, which it then uses up."""
    device = None
    if token.isdigit() and len(token) == 6:
        totp_device = TOTPDevice.objects.devices_for_user(by, confirmed=True).order_by("pk").first()
        if totp_device is not None and _totp_matches(totp_device, token):
            device = totp_device
    else:
        recovery = RecoveryCodeDevice.objects.devices_for_user(by, confirmed=True).first()
        if recovery is not None and recovery.verify_token(token):
            device = recovery
    if device is None:
        audit_record(by=by, action="two_factor.failed")
    elif isinstance(device, RecoveryCodeDevice):
        remaining = device.codes.filter(used_at=None).count()
        audit_record(by=by, action="two_factor.recovery_code_used", details={"remaining": remaining})
    else:
        audit_record(by=by, action="two_factor.passed")
    return device


def _recovery_code_new() -> str:
    return get_random_string(RECOVERY_CODE_LENGTH, allowed_chars=RECOVERY_CODE_ALPHABET)


@transaction.atomic
def recovery_codes_generate(*, by: User) -> list[str]:
    """Replace ``by``'s recovery codes with ten new ones and return them, formatted, to show once.

    Only their salted hashes are stored; the old codes stop working at once."""
    device, _created = RecoveryCodeDevice.objects.get_or_create(
        user=by, defaults={"name": str(_("Recovery codes")), "confirmed": True}
    )
    device.codes.all().delete()
    codes: dict[str, str] = {}
    while len(codes) < settings.AMANAT_RECOVERY_CODE_COUNT:
        code = _recovery_code_new()
        codes.setdefault(code[:RECOVERY_CODE_SELECTOR_LENGTH], code)  # one code per selector
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, selector=selector, code_hash=make_password(code))
        for selector, code in codes.items()
    )
    device.throttle_reset()
    audit_record(by=by, action="two_factor.recovery_codes_generated", details={"count": len(codes)})
    return ["-".join(code[i : i + 4] for i in range(0, RECOVERY_CODE_LENGTH, 4)) for code in codes.values()]


@transaction.atomic
def two_factor_reset(*, user: User, by: User, reason: str, base_url: str | None = None) -> None:
    """Remove every second factor of ``user`` (lost phone) and end all their sessions and tokens.

    ``by`` must manage users of one of ``user``'s organisations (a system administrator manages all);
    the audit entry keeps the reason. With ``base_url``, the user is e-mailed (on commit) the link that
    lets them set a new password and, from that browser session, a new second factor; without it they
    ask for a password reset themselves, which opens the same door. PermissionDenied, or
    ValidationError for one's own account or an empty reason."""
    memberships = Membership.objects.visible_to(by).filter(user=user).select_related("organisation")
    managed = [membership for membership in memberships if by.has_perm(MANAGE_USERS, membership)]
    if not managed:
        raise PermissionDenied
    if user.pk == by.pk:
        raise ValidationError(_("You cannot reset your own second factor; ask another manager."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the reset."))
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    sessions = user_sign_out_everywhere(user=user, by=by, reason="two_factor_reset")["sessions"]
    audit_record(
        by=by,
        action="two_factor.reset",
        obj=user,
        organisation=managed[0].organisation,
        details={"reason": reason, "devices": removed, "sessions": sessions},
    )
    if base_url is not None and user.email:
        _two_factor_reset_mail(user=user, base_url=base_url)


def _two_factor_reset_mail(*, user: User, base_url: str) -> None:
    language = user.preferred_language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"user": user, "url": password_set_url(user=user, base_url=base_url)}
        subject = str(_("Your Amanat second factor was reset"))
        body = render_to_string("accounts/email/two_factor_reset.txt", context)
    recipient = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))


@transaction.atomic
def passkey_register(*, by: User, helper, state: dict, data: dict):
    """Verify the browser's answer to the registration ``state`` and store the passkey of ``by``.

    The caller checks that the session is verified; py_webauthn's errors propagate."""
    credential = helper.register_complete(user=by, state=state, data=data)
    audit_record(by=by, action="two_factor.passkey_registered", details={"device_id": credential.pk})
    return credential


@transaction.atomic
def passkey_verify(*, by: User, helper, state: dict, data: dict):
    """Check the browser's signature over the authentication ``state`` with a passkey of ``by``.

    Returns the credential (its sign count updated); py_webauthn's errors propagate."""
    credential = helper.authenticate_complete(user=by, state=state, data=data)
    audit_record(by=by, action="two_factor.passed", details={"method": "passkey"})
    return credential


@transaction.atomic
def passkey_delete(*, by: User, credential) -> None:
    """Remove one of ``by``'s passkeys. ValidationError when it is the last second factor of a user
    whose role requires one."""
    if credential.user_id != by.pk:
        raise PermissionDenied
    others = WebAuthnCredential.objects.filter(user=by, confirmed=True).exclude(pk=credential.pk).exists()
    has_totp = TOTPDevice.objects.filter(user=by, confirmed=True).exists()
    if by.requires_two_factor and not (others or has_totp):
        raise ValidationError(_("This is your only second factor; set up another one first."))
    device_id = credential.pk
    credential.delete()
    audit_record(by=by, action="two_factor.passkey_deleted", details={"device_id": device_id})


@transaction.atomic
def api_token_issue(*, by: User, second_factor_passed: bool) -> tuple[ApiToken, str]:
    """A new API token for ``by`` and its secret text (returned once; only its digest is stored).

    Every call issues another token; each expires ``AMANAT_API_TOKEN_SECONDS`` after issue.
    ``second_factor_passed`` says that ``by`` gave a valid second-factor code with this request: only
    then may the token act for a user who must pass one (``api.permissions.SecondFactorPassed``)."""
    token, key = ApiToken.objects.create(user=by)
    if second_factor_passed:
        token.second_factor_passed = True
        token.save(update_fields=["second_factor_passed"])
    audit_record(
        by=by,
        action="api_token.issued",
        details={"token": token.digest[:16], "second_factor": second_factor_passed},
    )
    return token, key


def api_token_mark_used(*, token: ApiToken) -> None:
    """Note when ``token`` was last used (at most once a minute, so reads stay reads)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_SEEN_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def api_token_revoke(*, by: User, token: ApiToken) -> None:
    """Delete ``token`` of ``by`` at once; the next request with it answers 401."""
    if token.user_id != by.pk:
        raise PermissionDenied
    details = {"token": token.digest[:16]}
    token.delete()
    audit_record(by=by, action="api_token.revoked", details=details)


@transaction.atomic
def api_token_revoke_all(*, by: User, reason: str) -> int:
    """Delete every API token of ``by`` (on logout from the web); the number deleted."""
    deleted, _ = ApiToken.objects.filter(user=by).delete()
    if deleted:  # most logouts end no token: no entry for nothing done
        audit_record(by=by, action="api_token.revoked_all", details={"reason": reason, "tokens": deleted})
    return deleted


def _truncated_network(address: str | None) -> str:
    """The client's network, never its address: an IPv4 /24 or an IPv6 /48."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


_BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def _device_summary(user_agent: str) -> str:
    """The browser's and system's family only ("Firefox, Windows"), nothing that singles out a device."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    return ", ".join(part for part in (browser, system) if part)


def user_session_start(*, user: User, session_key: str, user_agent: str, address: str | None) -> UserSession:
    """Record the session ``user`` just signed in with (called on every login)."""
    now = timezone.now()
    # Sessions past their limits can never be used again (the middleware signs them out): forget them.
    idle = timedelta(seconds=settings.AMANAT_SESSION_IDLE_SECONDS) + LAST_SEEN_RESOLUTION
    absolute = timedelta(seconds=settings.AMANAT_SESSION_ABSOLUTE_SECONDS)
    UserSession.objects.filter(
        Q(created_at__lt=now - absolute) | Q(last_seen_at__lt=now - idle), user=user
    ).delete()
    user_session, _ = UserSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "created_at": now,
            "last_seen_at": now,
            "device": _device_summary(user_agent),
            "network": _truncated_network(address),
        },
    )
    return user_session


def user_session_seen(*, user_session_id: int | None) -> None:
    """Note that the session was used just now (the middleware calls this at most once a minute)."""
    UserSession.objects.filter(pk=user_session_id).update(last_seen_at=timezone.now())


def user_session_rekey(*, user_session_id: int, session_key: str) -> None:
    """Follow the session to its renewed key (after a password change or the second factor)."""
    UserSession.objects.filter(pk=user_session_id).update(session_key=session_key)


def user_session_forget(*, user: User, user_session_id: int | None) -> None:
    """Drop the record of a session that was just logged out (its store entry is flushed by Django)."""
    UserSession.objects.filter(user=user, pk=user_session_id).delete()


def _session_store_delete(session_key: str) -> None:
    import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key).delete()


def _managing_membership(by: User, user: User) -> Membership | None:
    """A membership of ``user`` in an organisation whose users ``by`` manages, revoked ones included
    (a manager ends the sessions of someone they have just removed)."""
    memberships = Membership.objects.visible_to(by).filter(user=user).select_related("organisation")
    return next((membership for membership in memberships if by.has_perm(MANAGE_USERS, membership)), None)


@transaction.atomic
def user_session_end(*, by: User, user_session: UserSession) -> None:
    """End one of ``by``'s own sessions: its next request is signed out."""
    if user_session.user_id != by.pk:
        raise PermissionDenied
    session_id = user_session.pk
    _session_store_delete(user_session.session_key)
    user_session.delete()
    audit_record(by=by, action="session.ended", details={"session": session_id})


SIGN_OUT_REASONS = {
    "user",  # the user on their "Sessions and tokens" page
    "manager",  # a manager (or administrator) from the users page
    "api_logout_all",
    "password_changed",
    "password_reset",
    "membership_revoked",
    "two_factor_reset",
}


@transaction.atomic
def user_sign_out_everywhere(
    *, user: User, by: User | None, reason: str, keep_session_id: int | None = None
) -> dict[str, int]:
    """End every session and delete every API token of ``user``, except the session ``keep_session_id``.

    ``by`` is ``user``, a manager of one of ``user``'s organisations, an administrator, or ``None``
    for the system (a password reset by e-mail link). PermissionDenied for anyone else. Writes one
    audit entry with the counts; returns them as ``{"sessions": n, "tokens": m}``."""
    if reason not in SIGN_OUT_REASONS:
        raise ValueError(f"Unknown sign-out reason {reason!r}")
    organisation = None
    if by is not None and by.pk != user.pk:
        membership = _managing_membership(by, user)
        if membership is None:
            raise PermissionDenied
        organisation = membership.organisation
    sessions = UserSession.objects.filter(user=user).exclude(pk=keep_session_id)
    session_keys = list(sessions.values_list("session_key", flat=True))
    for session_key in session_keys:
        _session_store_delete(session_key)
    sessions.delete()
    tokens, _ = ApiToken.objects.filter(user=user).delete()
    counts = {"sessions": len(session_keys), "tokens": tokens}
    audit_record(
        by=by,
        action="user.signed_out_everywhere",
        obj=user,
        organisation=organisation,
        details={"reason": reason, **counts},
    )
    return counts
