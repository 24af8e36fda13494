"""Telephony: integration accounts (created by a manager, token shown once), the extension map, and
call detail records received from the telephony system as draft contacts."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import services as accounts_services
from audit.services import audit_record
from hotline.callers import caller_hash
from hotline.models import Channel, Contact, Line, OperatorExtension, TelephonyAccount
from hotline.models.telephony import TOKEN_PREFIX

MANAGE = "hotline.manage_telephony"
ADD_CALL_RECORD = "hotline.add_call_record"


def telephony_token_digest(token: str) -> str:
    # A random 256-bit token needs no salt or slow hash: SHA-256 cannot be reversed or guessed.
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def telephony_account_create(*, organisation, name: str, by) -> tuple[TelephonyAccount, str]:
    """A new integration account of ``organisation`` and its token (returned once, stored as a digest).

    The account is a service user without a usable password whose one role only posts call records."""
    if by is not None and not by.has_perm(MANAGE, organisation):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("This field is required.")})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    user = accounts_services.user_create(
        by=None,  # the role is never granted by hand: only this service makes such an account
        organisation=organisation,
        role="telephony",
        username=f"telephony-{organisation.pk}-{secrets.token_hex(4)}",
        email="",
        first_name=name[:150],
    )
    account = TelephonyAccount.objects.create(
        organisation=organisation,
        user=user,
        name=name,
        token_prefix=token[:10],
        token_digest=telephony_token_digest(token),
        created_by=by,
    )
    audit_record(by=by, action="hotline.telephony_account_created", obj=account)
    return account, token


@transaction.atomic
def telephony_account_revoke(*, account: TelephonyAccount, by) -> None:
    """The token stops working at once; the service user is deactivated (its records stay)."""
    if not by.has_perm(MANAGE, account):
        raise PermissionDenied
    now = timezone.now()
    # unscoped: the account row the caller may manage, claimed once.
    if TelephonyAccount.unscoped.filter(pk=account.pk, revoked_at=None).update(revoked_at=now):
        account.user.is_active = False
        account.user.save(update_fields=["is_active"])
        audit_record(by=by, action="hotline.telephony_account_revoked", obj=account)


def telephony_account_authenticate(*, token: str) -> TelephonyAccount | None:
    """The active account holding ``token``, None otherwise; notes its use at most once a minute."""
    # unscoped: authentication finds the account by its token before anyone is known.
    account = (
        TelephonyAccount.unscoped.select_related("user")
        .filter(token_digest=telephony_token_digest(token), revoked_at=None, user__is_active=True)
        .first()
    )
    if account is None:
        return None
    now = timezone.now()
    if account.last_used_at is None or (now - account.last_used_at).total_seconds() >= 60:
        TelephonyAccount.unscoped.filter(pk=account.pk).update(last_used_at=now)  # unscoped: its own row
    return account


@transaction.atomic
def operator_extension_set(*, line: Line, extension: str, operator, by) -> OperatorExtension:
    """``extension`` on ``line`` is answered by ``operator`` (replacing whoever answered it before)."""
    if not by.has_perm(MANAGE, line):
        raise PermissionDenied
    extension = (extension or "").strip()
    if not extension:
        raise ValidationError({"extension": _("This field is required.")})
    if not line.operators.filter(pk=operator.pk).exists():
        raise ValidationError({"operator": _("This person does not answer this line.")})
    # unscoped: the one row of this line and extension, whichever operator it names now.
    row, _created = OperatorExtension.unscoped.update_or_create(
        line=line,
        extension=extension,
        defaults={"operator": operator, "organisation_id": line.organisation_id},
    )
    audit_record(by=by, action="hotline.extension_set", obj=row, details={"extension": extension})
    return row


@transaction.atomic
def operator_extension_remove(*, row: OperatorExtension, by) -> None:
    if not by.has_perm(MANAGE, row):
        raise PermissionDenied
    audit_record(by=by, action="hotline.extension_removed", obj=row, details={"extension": row.extension})
    # unscoped: the row the caller may manage.
    OperatorExtension.unscoped.filter(pk=row.pk).delete()


def call_record_receive(
    *,
    by,
    line_id: int,
    call_id: str,
    started_at,
    duration_seconds: int,
    caller_number: str = "",
    operator_extension: str = "",
) -> tuple[Contact, bool]:
    """A call detail record from the telephony of ``by``'s organisation, kept as a draft contact.

    Idempotent on ``call_id`` per organisation: a replay (even a concurrent one) answers the record
    already kept and ``False``. The caller's number is hashed here and never stored (a number is kept
    only when the caller consents, on the contact form). The draft is the operator's whose extension on
    the line answered; without a match it waits on the line. PermissionDenied for another
    organisation's line; ValidationError naming the field for an unknown line or a negative duration."""
    if duration_seconds is not None and duration_seconds < 0:
        raise ValidationError({"duration_seconds": _("The duration cannot be below zero.")})
    # unscoped: the line is looked up by id and then checked against the account's organisation.
    line = Line.unscoped.filter(pk=line_id).first()
    if line is None:
        raise ValidationError({"line": _("Unknown line.")})
    if not by.has_perm(ADD_CALL_RECORD, line):
        raise PermissionDenied
    # unscoped: the replay check reads the one record of this organisation with this call id.
    existing = Contact.unscoped.filter(organisation_id=line.organisation_id, telephony_call_id=call_id)
    contact = existing.first()
    if contact is not None:
        return contact, False
    operator_id = None
    if operator_extension:
        # unscoped: the extension map of a line the account may post to.
        operator_id = (
            OperatorExtension.unscoped.filter(line=line, extension=operator_extension)
            .values_list("operator_id", flat=True)
            .first()
        )
    try:
        with transaction.atomic():
            contact = Contact.objects.create(
                organisation_id=line.organisation_id,
                line=line,
                operator_id=operator_id,
                channel=Channel.PHONE,
                started_at=started_at,
                duration_seconds=duration_seconds,
                caller_hash=caller_hash(caller_number),
                telephony_call_id=call_id,
                is_draft=True,
            )
            audit_record(by=by, action="hotline.call_record_received", obj=contact)
    except IntegrityError:
        # A concurrent replay stored it first (the unique constraint on organisation and call id).
        contact = existing.first()
        if contact is None:
            raise
        return contact, False
    return contact, True
