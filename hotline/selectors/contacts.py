"""What the contact log reads, always from ``visible_to(user)``."""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from hotline.models import CallerFlag, Contact, Line
from hotline.models.contact import VIEW_EVERY_CONTACT
from network.models import Organisation
from privacy.access import personal_data_read
from tenancy import ALL_ORGANISATIONS, organisations_with_perm


def line_list(*, user) -> QuerySet[Line]:
    return Line.objects.visible_to(user).select_related("organisation")


def lines_operated(*, user) -> QuerySet[Line]:
    """The active lines ``user`` may log calls on: those they answer, every line for a manager."""
    lines = line_list(user=user).filter(is_active=True)
    every = organisations_with_perm(user, VIEW_EVERY_CONTACT)
    if every is ALL_ORGANISATIONS:
        return lines
    return lines.filter(Q(organisation_id__in=every) | Q(operators=user)).distinct()


def contact_list(*, user) -> QuerySet[Contact]:
    return Contact.objects.visible_to(user).select_related(
        "line", "operator", "caller_region", "case", "referred_to_organisation"
    )


def contact_get(*, user, pk: int) -> Contact:
    """The contact in the user's scope (Contact.DoesNotExist outside it), its personal data not read."""
    return contact_list(user=user).get(pk=pk)


def contact_detail(*, user, pk: int, request=None) -> Contact:
    """The contact with its notes and number decrypted for display; writes one access-log entry.

    Contact.DoesNotExist outside the user's scope."""
    return personal_data_read(
        contact_list(user=user),
        pk=pk,
        by=user,
        purpose="hotline.contact",
        label=lambda contact: f"hotline-contact-{contact.pk}",
        request=request,
    )


@dataclasses.dataclass(frozen=True)
class EarlierContact:
    started_at: datetime.datetime
    channel: str
    line_name: str
    topics: list[str]
    outcome: str
    has_case: bool

    @property
    def topic_labels(self) -> list[str]:
        return [str(Contact.Topic(code).label) for code in self.topics if code in Contact.Topic.values]

    @property
    def outcome_label(self) -> str:
        return str(Contact.Outcome(self.outcome).label) if self.outcome in Contact.Outcome.values else ""


@dataclasses.dataclass(frozen=True)
class CallerHistory:
    contacts: list[EarlierContact]
    flags: list[CallerFlag]
    total: int

    @property
    def is_repeat(self) -> bool:
        return bool(self.total or self.flags)


HISTORY_ROWS = 10


def caller_history(
    *, user, organisation_id: int, caller_hash: str, exclude_pk: int | None = None
) -> CallerHistory:
    """What the organisation knows of a repeat caller: the dates, lines, topics and outcomes of earlier
    completed contacts and the flags still running — never another organisation's, never a note or a
    number. An operator sees the summary of calls to every line of the organisation (a caller may ring
    another of its lines); the contacts themselves stay in their own scope. Empty for a user without
    ``hotline.view_contact`` in the organisation or an unknown number."""
    if not caller_hash or not user.has_perm("hotline.view_contact", Organisation(pk=organisation_id)):
        return CallerHistory(contacts=[], flags=[], total=0)
    # unscoped: one organisation's summary for its own operator (permission checked above); no
    # personal field is read, and the organisation is always the filter.
    earlier = Contact.unscoped.filter(
        organisation_id=organisation_id, caller_hash=caller_hash, is_draft=False
    )
    if exclude_pk is not None:
        earlier = earlier.exclude(pk=exclude_pk)
    rows = list(
        earlier.order_by("-started_at").values(
            "started_at", "channel", "line__name", "topics", "outcome", "case_id"
        )[:HISTORY_ROWS]
    )
    total = earlier.count() if len(rows) == HISTORY_ROWS else len(rows)
    flags = list(
        CallerFlag.objects.visible_to(user)
        .active(timezone.now())
        .filter(organisation_id=organisation_id, caller_hash=caller_hash)
        .order_by("-created_at")
    )
    return CallerHistory(
        contacts=[
            EarlierContact(
                started_at=row["started_at"],
                channel=row["channel"],
                line_name=row["line__name"],
                topics=row["topics"] or [],
                outcome=row["outcome"],
                has_case=row["case_id"] is not None,
            )
            for row in rows
        ],
        flags=flags,
        total=total,
    )


# Callers name a campaign months after it ended: the choices reach back this far.
CAMPAIGN_ECHO_DAYS = 180


def campaign_model():
    """The campaigns' model, through the contact's field: hotline stands below campaigns and never
    imports it."""
    return Contact._meta.get_field("campaign").related_model


def campaign_choices(*, user, organisation_ids, on: datetime.date) -> QuerySet:
    """Campaigns the user may read that one of ``organisation_ids`` runs (leads or partners) and that
    ran around the day ``on``: started by then and ended at most CAMPAIGN_ECHO_DAYS before."""
    campaigns = campaign_model().objects.visible_to(user)
    return (
        campaigns.filter(
            Q(organisation_id__in=organisation_ids) | Q(partners__in=organisation_ids),
            starts_on__lte=on,
            ends_on__gte=on - datetime.timedelta(days=CAMPAIGN_ECHO_DAYS),
        )
        .distinct()
        .order_by("-starts_on", "name")
    )
