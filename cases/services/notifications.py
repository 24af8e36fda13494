"""What cases tell users through the ``notifications`` app: the kinds it sends, and a helper naming a case."""

from django.utils.translation import gettext_lazy as _

from cases.models import Case, choices
from notifications import kinds
from notifications.services import members_with_perm, notification_create

Kind = choices.NotificationKind

for _code, _message in (
    (Kind.REFERRAL_RECEIVED, _("Case %(subject)s was referred to your organisation.")),
    # Kept for notifications sent before referrals said what happened and who did it.
    (Kind.REFERRAL_ANSWERED, _("Your referral of case %(subject)s was answered.")),
    (Kind.REFERRAL_ACCEPTED, _("Your referral of case %(subject)s was accepted by %(actor)s.")),
    (Kind.REFERRAL_DECLINED, _("Your referral of case %(subject)s was declined by %(actor)s.")),
    (Kind.REFERRAL_COMPLETED, _("Your referral of case %(subject)s was completed by %(actor)s.")),
    (Kind.FOLLOWUP_DUE, _("A follow-up of case %(subject)s is due.")),
    (Kind.APPROVAL_WAITING, _("Case %(subject)s waits for your approval.")),
    (Kind.CASE_ASSIGNED, _("Case %(subject)s was assigned to you.")),
    (
        Kind.SHARING_EXPIRED,
        _("The victim's consent to sharing case %(subject)s has expired: the sharing has ended."),
    ),
    (
        Kind.POSSIBLE_MATCH,
        _(
            "Another organisation of the network registered a person who may be the victim of case "
            "%(subject)s. The victim's consent does not allow naming your organisation to them: please "
            "make contact through the network if the victim agrees."
        ),
    ),
):
    kinds.register(_code.value, label=_code.label, message=_message)

__all__ = ["case_notify", "members_with_perm"]


def case_notify(*, recipients, organisation, kind: str, case: Case, actor=None):
    """Notify ``recipients`` about ``case`` (its code and page only), e-mailed after commit; ``actor`` is
    the organisation that acted (named in the message, in the language of the moment it was sent)."""
    return notification_create(
        recipients=recipients,
        organisation=organisation,
        kind=kind,
        subject=case.code,
        url=case.get_absolute_url(),
        actor=str(actor) if actor is not None else "",
    )
