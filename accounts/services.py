"""What changes accounts: users, memberships, second factors and API tokens.

Every function takes the acting user as ``by`` (``None`` for system actions such as ``load_demo``)
and writes one audit entry whose details hold identifiers and codes only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
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
from rest_framework.authtoken.models import Token

from accounts.models import (
    RECOVERY_CODE_ALPHABET,
    RECOVERY_CODE_LENGTH,
    RECOVERY_CODE_SELECTOR_LENGTH,
    Membership,
    RecoveryCode,
    RecoveryCodeDevice,
    User,
)
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
    """E-mail ``user`` the link to set their password, once the transaction commits."""
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


def _sessions_end(*, user: User) -> int:
    """Delete every database session of ``user`` and their API token (until s6-tokens' service lands)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            session.delete()
            ended += 1
    Token.objects.filter(user=user).delete()
    return ended


@transaction.atomic
def two_factor_reset(*, user: User, by: User, reason: str, base_url: str | None = None) -> None:
    """Remove every second factor of ``user`` (lost phone) and end all their sessions and tokens.

    ``by`` must manage users of one of ``user``'s organisations (a system administrator manages all);
    the audit entry keeps the reason. With ``base_url``, the user is e-mailed (on commit) the link that
    lets them set a new password and, from that browser session, a new second factor; without it they
    ask for a password reset themselves, which opens the same door. PermissionDenied, or
    ValidationError for one's own account or an empty reason."""
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
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
    sessions = _sessions_end(user=user)
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


def api_token_issue(*, by: User) -> Token:
    """The API token of ``by`` (created on first request)."""
    token, created = Token.objects.get_or_create(user=by)
    audit_record(by=by, action="api_token.issued", details={"created": created})
    return token
