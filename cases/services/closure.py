"""Closing a case without surprises: what closure will touch (open referrals, active sharing, pending
follow-ups), the caseworker's explicit decision on each, and the closure itself, at once or once a
manager approves it."""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, ngettext

from audit.services import audit_record
from cases.models import ApprovalRequest, Case, FollowUp, Referral, choices
from cases.models.base import sharing_consents
from cases.services.cases import _approval_request, approval_required
from cases.services.common import check_choices, require_perm
from cases.services.referrals import referral_withdraw

Status = choices.ReferralStatus
OPEN_STATUSES = (Status.REQUESTED, Status.AWAITING_APPROVAL)
SHARING_STATUSES = (Status.ACCEPTED, Status.COMPLETED)


@dataclasses.dataclass
class ClosurePreview:
    """What closing the case touches; each referral listed needs a decision: withdraw or keep."""

    open_referrals: list[Referral]  # sent by the case's organisation, not yet answered
    active_sharing: list[Referral]  # accepted or completed referrals whose receiver sees sections now
    pending_followups: list[FollowUp]

    @property
    def referrals(self) -> list[Referral]:
        return [*self.open_referrals, *self.active_sharing]


def case_closure_preview(*, case: Case) -> ClosurePreview:
    """The open referrals, the active sharing and the pending follow-ups of ``case``.

    Only what the case's organisation sent: that is what it can withdraw. Sharing counts while the
    victim's consent lets the receiver see something (the consent rule of ``sharing_referrals``)."""
    sent = (
        # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
        Referral.unscoped.filter(case=case, organisation_id=case.organisation_id)
        .select_related("case", "to_organisation")
        .order_by("requested_at", "pk")
    )
    return ClosurePreview(
        open_referrals=list(sent.filter(status__in=OPEN_STATUSES)),
        active_sharing=list(
            # A completed referral keeps its read-only sharing while the consent holds.
            sent.filter(status__in=SHARING_STATUSES, kind=choices.ReferralKind.REFERRAL).filter(
                Exists(sharing_consents())
            )
        ),
        # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
        pending_followups=list(FollowUp.unscoped.filter(case=case).pending()),
    )


def _undecided_message(referral: Referral, preview: ClosurePreview) -> str:
    names = {"code": referral.case.code, "organisation": referral.receiver_name}
    if referral in preview.open_referrals:
        return _("Choose whether to withdraw or keep the referral of %(code)s to %(organisation)s.") % names
    return _("Choose whether to end or keep the sharing of %(code)s with %(organisation)s.") % names


def _decisions_check(
    preview: ClosurePreview, *, withdraw: set[int], keep: set[int], keep_followups: bool | None
) -> None:
    """Every open referral and every active sharing has a decision, and so have pending follow-ups.

    Ids that are no longer open are nothing to do (the referral was answered meanwhile)."""
    errors: dict[str, list[str]] = {}
    both = withdraw & keep
    if both:
        errors["keep_referrals"] = [_("A referral cannot be both withdrawn and kept.")]
    undecided = [referral for referral in preview.referrals if referral.pk not in withdraw | keep]
    if undecided:
        errors["referrals"] = [_undecided_message(referral, preview) for referral in undecided]
    if preview.pending_followups and keep_followups is None:
        count = len(preview.pending_followups)
        errors["keep_followups"] = [
            ngettext(
                "Choose whether to keep or cancel the %(count)d pending follow-up.",
                "Choose whether to keep or cancel the %(count)d pending follow-ups.",
                count,
            )
            % {"count": count}
        ]
    if errors:
        raise ValidationError(errors, code="undecided")


def _close(*, case: Case, by, reason: str, details: str, decisions: dict) -> Case:
    preview = case_closure_preview(case=case)
    withdraw = set(decisions.get("withdraw", []))
    ended = {"referrals_withdrawn": [], "sharing_ended": [], "referrals_kept": [], "sharing_kept": []}
    for referral in preview.referrals:
        is_open = referral in preview.open_referrals
        if referral.pk in withdraw:
            referral_withdraw(referral=referral, by=by)
            ended["referrals_withdrawn" if is_open else "sharing_ended"].append(referral.pk)
        else:
            ended["referrals_kept" if is_open else "sharing_kept"].append(referral.pk)
    followups = [followup.pk for followup in preview.pending_followups]
    keep_followups = bool(decisions.get("keep_followups"))
    if followups and not keep_followups:
        # unscoped: the rows of the case the caller was given (already in scope, its permission checked).
        FollowUp.unscoped.filter(pk__in=followups).update(cancelled=True)
    case.stage = choices.Stage.CLOSED
    case.closure_reason = reason
    case.closure_details = details
    case.closed_on = timezone.localdate()
    case.save(update_fields=["stage", "closure_reason", "closure_details", "closed_on", "updated_at"])
    audit_record(
        by=by,
        action="case.closed",
        obj=case,
        details={
            "reason": reason,
            **ended,
            "followups_kept": followups if keep_followups else [],
            "followups_cancelled": [] if keep_followups else followups,
        },
    )
    return case


@transaction.atomic
def case_close(
    *,
    case: Case,
    by,
    reason: str,
    details: str = "",
    withdraw_referrals=(),
    keep_referrals=(),
    keep_followups: bool | None = None,
) -> Case | ApprovalRequest:
    """Close the case with a reason, or, where the organisation requires it, ask a manager to approve.

    Nothing is decided for the caseworker: each open referral and each active sharing
    (``case_closure_preview``) must be in ``withdraw_referrals`` (withdrawn, sharing ended) or in
    ``keep_referrals``, and with pending follow-ups ``keep_followups`` must say whether monitoring goes
    on after closure (kept ones stay due and reminded) or they are cancelled. ValidationError naming
    each undecided item (by case code and organisation). Returns the closed case, or the pending
    ApprovalRequest, which carries the decisions to the moment of approval."""
    require_perm(by, "cases.close_case", case)
    if not reason:
        raise ValidationError({"reason": _("Choose the reason for closing.")}, code="required")
    check_choices("reason", [reason], choices.ClosureReason.values)
    if case.is_closed:
        raise ValidationError({"reason": _("The case is already closed.")}, code="closed")
    if reason == choices.ClosureReason.OTHER and not details.strip():
        raise ValidationError({"details": _("Explain the reason for closing.")}, code="required")
    withdraw, keep = {int(pk) for pk in withdraw_referrals}, {int(pk) for pk in keep_referrals}
    preview = case_closure_preview(case=case)
    _decisions_check(preview, withdraw=withdraw, keep=keep, keep_followups=keep_followups)
    open_ids = {referral.pk for referral in preview.referrals}
    decisions = {
        "withdraw": sorted(withdraw & open_ids),
        "keep": sorted(keep & open_ids),
        "keep_followups": keep_followups if preview.pending_followups else None,
    }
    if approval_required(case=case, by=by):
        return _approval_request(
            case=case,
            by=by,
            action=choices.ApprovalAction.CLOSE,
            reason=reason,
            details=details,
            closure_decisions=decisions,
        )
    return _close(case=case, by=by, reason=reason, details=details, decisions=decisions)


def case_close_approved(*, approval: ApprovalRequest, by) -> Case:
    """The closure a manager approved, with the decisions taken when it was requested (case_approve).

    Refused when the case gained an open referral, a sharing or follow-ups nobody decided on since."""
    case = approval.case
    decisions = approval.closure_decisions or {}
    try:
        _decisions_check(
            case_closure_preview(case=case),
            withdraw=set(decisions.get("withdraw", [])),
            keep=set(decisions.get("keep", [])),
            keep_followups=decisions.get("keep_followups"),
        )
    except ValidationError as error:
        raise ValidationError(
            {
                "__all__": [
                    _(
                        "The case changed since the closure was requested; reject this request "
                        "and close the case again."
                    ),
                    *error.messages,
                ]
            },
            code="changed",
        ) from None
    return _close(
        case=case, by=by, reason=approval.closure_reason, details=approval.details, decisions=decisions
    )
