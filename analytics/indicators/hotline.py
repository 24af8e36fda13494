"""Hotline contacts by topic, outcome and channel.

Counted: the completed contacts (drafts left out) of the organisations in scope, on every line
(``hotline.selectors.contacts_of``), by the local day they started. A contact is a call, a message or a
visit, not a victim: the period, country, organisation and programme filters apply; the victim filters
(sex, age band, form of exploitation) do not, since a contact records none of them, and the indicator
offers no breakdown by them."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from analytics.dimensions import COUNTRY, ORGANISATION, Dimension, breakdown
from analytics.filters import Filters
from analytics.indicators import indicator
from analytics.scope import AnalyticsScope
from analytics.tables import Table
from analytics.tabulate import tabulate
from hotline import selectors as hotline_selectors
from hotline.models import Channel, Outcome, Topic
from network.countries import country_name

CONTACTS = _("contacts")
STARTED_ON = "started_at__date"

TOPIC = Dimension(
    key="topic",
    label=_("Topic"),
    path="topics",
    condition=lambda prefix, code: Q(**{f"{prefix}topics__has_item": code}),
    # A caller may ask about several things in one contact.
    exclusive=False,
    choices=lambda: Topic.choices,
)
OUTCOME = Dimension(key="outcome", label=_("Outcome"), path="outcome", choices=lambda: Outcome.choices)
CHANNEL = Dimension(key="channel", label=_("Channel"), path="channel", choices=lambda: Channel.choices)
# The country the call is about (where the caller or their relative went or means to go).
CONCERN = Dimension(
    key="country_of_concern",
    label=_("Country of concern"),
    path="country_of_concern",
    labels=lambda keys: {key: country_name(key) for key in keys},
)
CONTACT_DIMENSIONS = {
    dimension.key: dimension for dimension in (TOPIC, OUTCOME, CHANNEL, CONCERN, ORGANISATION, COUNTRY)
}
CONTACT_BREAKDOWNS = ("period", *CONTACT_DIMENSIONS)


def _dimension(key: str | None, *, filters: Filters) -> Dimension | None:
    return breakdown(
        key, dimensions=CONTACT_DIMENSIONS, granularity=filters.granularity, date_path=STARTED_ON
    )


def contacts_counted(*, scope: AnalyticsScope, filters: Filters) -> QuerySet:
    """The completed contacts in scope that started in the period (local days)."""
    organisation_ids = filters.organisation_ids(scope)
    return hotline_selectors.contacts_of(organisation_ids=organisation_ids).filter(
        filters.period_q(STARTED_ON)
    )


@indicator(
    "hotline_contacts",
    title=pgettext_lazy("indicator", "Hotline contacts"),
    unit=CONTACTS,
    dimensions=CONTACT_BREAKDOWNS,
)
def hotline_contacts(*, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None) -> Table:
    """Hotline contacts: calls, messages and visits to the hotlines of the organisations, completed by
    the operator (drafts are not counted), by the local day they started. By topic, a contact is counted
    once under each topic the caller raised (so the topics add up to more than the contacts); by
    outcome and channel, once. Contacts are not victims: the victim filters (sex, age band, form of
    exploitation) do not apply to them."""
    return tabulate(
        contacts_counted(scope=scope, filters=filters),
        title=str(pgettext_lazy("indicator", "Hotline contacts")),
        rows=_dimension(by, filters=filters),
        columns=_dimension(across, filters=filters),
        unit=str(CONTACTS),
    )
