"""Consent per purpose, versioned: every change is a new row that supersedes the current one."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from cases.models import Case, Consent, Referral, Story, choices
from cases.services.common import check_choices, check_not_future, check_order, require_perm
from cases.services.notifications import case_notify, members_with_perm

Purpose = choices.ConsentPurpose


def consent_current(*, case: Case, purpose: str, recipient=None) -> Consent | None:
    """The current version of the consent to ``purpose`` (for sharing: with ``recipient``)."""
    return (
        # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
        Consent.unscoped.filter(case=case, purpose=purpose, recipient=recipient, superseded_by__isnull=True)
        .order_by("-version")
        .first()
    )


def consent_allows(
    *, case: Case, purpose: str, recipient=None, day: datetime.date | None = None, sections=()
) -> bool:
    """Whether the current version of the consent is given and unexpired (and, for sharing, covers
    every one of ``sections``)."""
    consent = consent_current(case=case, purpose=purpose, recipient=recipient)
    return (
        consent is not None
        and consent.is_valid_on(day or timezone.localdate())
        and set(sections) <= set(consent.sections)
    )


def consent_refused(*, case: Case, purpose: str) -> bool:
    """Whether the victim said no to ``purpose``: its current version is refused, withdrawn or expired
    (a case without any answer recorded is not refused)."""
    consent = consent_current(case=case, purpose=purpose)
    return consent is not None and not consent.is_valid


def consent_require_not_refused(*, case: Case, purpose: str, field: str = "__all__") -> None:
    """ValidationError when the victim refused ``purpose`` (assistance: services and referrals;
    follow-up: scheduling). A manager's logged override (``consent_override``) is a new, given version."""
    if consent_refused(case=case, purpose=purpose):
        messages = {
            Purpose.ASSISTANCE: _(
                "The victim has refused assistance: record their consent again, or a manager overrides "
                "the refusal with a reason."
            ),
            Purpose.FOLLOW_UP: _("The victim has refused follow-up contact."),
        }
        raise ValidationError({field: messages[purpose]}, code="consent_refused")


def counts_in_statistics(*, case: Case) -> bool:
    """Whether the case may be counted in statistics (see AMANAT_COUNT_CASES_WITHOUT_STATISTICS_CONSENT)."""
    consent = consent_current(case=case, purpose=Purpose.STATISTICS)
    if consent is None:
        return settings.AMANAT_COUNT_CASES_WITHOUT_STATISTICS_CONSENT
    return consent.is_valid


def _check_sections(purpose: str, status: str, sections) -> list[str]:
    """The sections a sharing consent covers: at least one when given; none for other purposes."""
    if purpose != Purpose.SHARING:
        if sections:
            raise ValidationError(
                {"sections": _("Only consent to sharing covers sections of the case.")}, code="invalid"
            )
        return []
    sections = check_choices("sections", list(sections or []), choices.Section.values)
    if status == choices.ConsentStatus.GIVEN and not sections:
        raise ValidationError(
            {"sections": _("Choose the parts of the case the victim agrees to share.")}, code="required"
        )
    return [section for section in choices.Section.values if section in sections]


def _unpublish_stories(case: Case) -> None:
    """No publication consent, no published story: it is taken down at once."""
    # unscoped: the case's own stories, in the service that records its consent.
    Story.unscoped.filter(case=case, status=choices.StoryStatus.PUBLISHED).update(
        status=choices.StoryStatus.UNPUBLISHED
    )


def _check_recipient(case: Case, purpose: str, recipient) -> None:
    if purpose == Purpose.SHARING and recipient is None:
        raise ValidationError(
            {"recipient": _("Name the organisation the data may be shared with.")}, code="required"
        )
    if purpose != Purpose.SHARING and recipient is not None:
        raise ValidationError(
            {"recipient": _("Only consent to sharing names an organisation.")}, code="invalid"
        )
    if recipient is not None and recipient.pk == case.organisation_id:
        raise ValidationError(
            {"recipient": _("Choose another organisation than the case's own.")}, code="invalid"
        )


def _new_version(*, case: Case, by, purpose: str, recipient, **fields) -> Consent:
    previous = (
        # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
        Consent.unscoped.select_for_update()
        .filter(case=case, purpose=purpose, recipient=recipient, superseded_by__isnull=True)
        .order_by("-version")
        .first()
    )
    consent = Consent.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        purpose=purpose,
        recipient=recipient,
        version=previous.version + 1 if previous else 1,
        recorded_by=by,
        **fields,
    )
    if previous is not None:
        previous.superseded_by = consent
        previous.save(update_fields=["superseded_by"])
    return consent


def _audit_version(*, by, action: str, case: Case, consent: Consent, **details) -> None:
    """The audit entry of a new consent version: its purpose, recipient and number (never the notes)."""
    audit_record(
        by=by,
        action=action,
        obj=case,
        details={
            "purpose": consent.purpose,
            **details,
            "recipient": consent.recipient_id,
            "version": consent.version,
        },
    )


@transaction.atomic
def consent_record(
    *,
    case: Case,
    by,
    purpose: str,
    method: str,
    status: str = choices.ConsentStatus.GIVEN,
    recipient=None,
    given_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
    notes: str = "",
    sections=None,
) -> Consent:
    """Record the victim's answer (given or refused) for one purpose as a new version.

    A sharing consent names the sections it covers; a refused publication consent takes a published
    story down. Sharing ends at once on refusal (the consent rule is read at every access)."""
    require_perm(by, "cases.add_consent", case)
    check_choices("purpose", [purpose], Purpose.values)
    check_choices("status", [status], [choices.ConsentStatus.GIVEN, choices.ConsentStatus.REFUSED])
    if method == choices.ConsentMethod.OVERRIDE:
        raise ValidationError(
            {"method": _("An override is recorded separately, with a reason.")}, code="invalid"
        )
    check_choices("method", [method], choices.ConsentMethod.values)
    _check_recipient(case, purpose, recipient)
    sections = _check_sections(purpose, status, sections)
    given_on = given_on or timezone.localdate()
    check_not_future("given_on", given_on, timezone.localdate())
    check_order("given_on", given_on, "expires_on", expires_on)
    consent = _new_version(
        case=case,
        by=by,
        purpose=purpose,
        recipient=recipient,
        status=status,
        method=method,
        given_on=given_on,
        expires_on=expires_on,
        notes=notes,
        sections=sections,
    )
    if purpose == Purpose.PUBLICATION and status != choices.ConsentStatus.GIVEN:
        _unpublish_stories(case)
    _audit_version(by=by, action="consent.recorded", case=case, consent=consent, status=status)
    return consent


@transaction.atomic
def consent_withdraw(*, case: Case, by, purpose: str, recipient=None, notes: str = "") -> Consent:
    """The victim withdraws a consent: a new version with status 'withdrawn'. Sharing ends at once (the
    consent rule is read at every access); withdrawn publication consent takes a published story down."""
    require_perm(by, "cases.add_consent", case)
    current = consent_current(case=case, purpose=purpose, recipient=recipient)
    if current is None or current.status != choices.ConsentStatus.GIVEN:
        raise ValidationError({"purpose": _("There is no consent to withdraw.")}, code="no_consent")
    consent = _new_version(
        case=case,
        by=by,
        purpose=purpose,
        recipient=recipient,
        status=choices.ConsentStatus.WITHDRAWN,
        method=current.method
        if current.method != choices.ConsentMethod.OVERRIDE
        else choices.ConsentMethod.ORAL,
        given_on=timezone.localdate(),
        notes=notes,
        sections=current.sections,
    )
    if purpose == Purpose.PUBLICATION:
        _unpublish_stories(case)
    if purpose == Purpose.SHARING:
        # No consent, no sharing: accepted referrals to that organisation stop sharing now.
        # unscoped: the withdrawn consent ends the case's accepted referrals to that organisation.
        Referral.unscoped.filter(
            case=case,
            to_organisation=recipient,
            kind=choices.ReferralKind.REFERRAL,
            status=choices.ReferralStatus.ACCEPTED,
        ).update(status=choices.ReferralStatus.WITHDRAWN)
    _audit_version(by=by, action="consent.withdrawn", case=case, consent=consent)
    return consent


@transaction.atomic
def consent_override(
    *,
    case: Case,
    by,
    purpose: str,
    reason: str,
    recipient=None,
    expires_on: datetime.date | None = None,
    sections=None,
) -> Consent:
    """Act without the victim's consent (e.g. a child in danger): only with ``cases.override_consent``
    and a written reason; the override is logged and shown as such on the consent record."""
    require_perm(by, "cases.override_consent", case)
    check_choices("purpose", [purpose], Purpose.values)
    _check_recipient(case, purpose, recipient)
    if not reason.strip():
        raise ValidationError({"reason": _("Write down why consent is overridden.")}, code="required")
    sections = _check_sections(purpose, choices.ConsentStatus.GIVEN, sections)
    consent = _new_version(
        case=case,
        by=by,
        purpose=purpose,
        recipient=recipient,
        status=choices.ConsentStatus.GIVEN,
        method=choices.ConsentMethod.OVERRIDE,
        given_on=timezone.localdate(),
        expires_on=expires_on,
        is_override=True,
        override_reason=reason,
        sections=sections,
    )
    _audit_version(by=by, action="consent.overridden", case=case, consent=consent)
    return consent


def consent_expiry_notify(*, day: datetime.date | None = None) -> int:
    """Tell both sides that a sharing consent has expired (run daily by ``consent_expiry_notify_task``):
    the case's caseworker (else its managers) and the receiving organisation's members who answer
    referrals. Sharing itself already ended at the expiry (the consent rule is read at every access);
    this only says so. Each expired consent is claimed first, so a retry never notifies twice."""
    day = day or timezone.localdate()
    # unscoped: a daily task across all organisations; it reads no personal data.
    expired = Consent.unscoped.filter(
        purpose=Purpose.SHARING,
        status=choices.ConsentStatus.GIVEN,
        superseded_by__isnull=True,
        expires_on__lt=day,
        expiry_notified_at__isnull=True,
    ).select_related("case__organisation", "case__caseworker", "recipient")
    notified = 0
    for consent in expired:
        with transaction.atomic():
            # unscoped: claiming the row this task read above.
            claimed = Consent.unscoped.filter(pk=consent.pk, expiry_notified_at__isnull=True).update(
                expiry_notified_at=timezone.now()
            )
            # unscoped: whether anything was shared with the recipient under this consent.
            shared = Referral.unscoped.filter(
                case_id=consent.case_id,
                to_organisation_id=consent.recipient_id,
                kind=choices.ReferralKind.REFERRAL,
                status=choices.ReferralStatus.ACCEPTED,
            ).exists()
            if claimed != 1 or not shared:
                continue
            case = consent.case
            owners = (
                [case.caseworker]
                if case.caseworker
                else members_with_perm(case.organisation, "cases.approve_case")
            )
            kind = choices.NotificationKind.SHARING_EXPIRED
            case_notify(recipients=owners, organisation=case.organisation, kind=kind, case=case)
            case_notify(
                recipients=members_with_perm(consent.recipient, "cases.answer_referral"),
                organisation=consent.recipient,
                kind=kind,
                case=case,
            )
            audit_record(
                by=None,
                action="consent.sharing_expired",
                obj=case,
                details={"recipient": consent.recipient_id, "version": consent.version},
            )
            notified += 1
    return notified
