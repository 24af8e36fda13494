"""Campaigns: SMS delivered, and people reached by channel as the campaigns module counts them.

People counted (records show them reached) and people estimated (a broadcaster's or platform's figure)
are two indicators, never added into one number, as on a campaign's reach page
(``campaigns.selectors.reach``): counted are the numbers an SMS was delivered to (distinct numbers), the
participants counted at events and the copies printed; estimated are the TV and radio audience and the
social-media reach. Each channel's figures come from its own rows (messages, participations,
activities) of the organisations in scope, by the day they reached people (``reached_on``: the day of
the delivery report, or the activity's first day, or its campaign's). Campaign audiences are not
victims: the victim filters do not apply to them."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from analytics.dimensions import COUNTRY, ORGANISATION, Dimension, breakdown
from analytics.filters import Filters
from analytics.indicators import indicator
from analytics.scope import AnalyticsScope
from analytics.tables import TOTAL, Category, Table
from analytics.tabulate import Measure, tabulate
from campaigns.selectors import reach as reach_selectors

REACHED_ON = "reached_on"
PLACE_DIMENSIONS = {"organisation": ORGANISATION, "country": COUNTRY}
CHANNEL = "channel"
REACH_BREAKDOWNS = ("period", CHANNEL, *PLACE_DIMENSIONS)
SMS_BREAKDOWNS = ("period", *PLACE_DIMENSIONS)
MESSAGES = _("messages")
PEOPLE = _("people")
PEOPLE_ESTIMATED = _("people (estimate)")


@dataclass(frozen=True)
class Source:
    """One channel's figure: its rows in scope and the period, and what is counted of them."""

    channel: str
    rows: QuerySet
    measure: Measure


@dataclass(frozen=True)
class DistinctCount(Measure):
    """Distinct values of a field (numbers reached): one value may be in several categories."""

    @property
    def additive(self) -> bool:
        return False


def _dimension(key: str | None, filters: Filters) -> Dimension | None:
    if key == CHANNEL:  # the channels are the sources themselves, not a dimension of their rows
        return None
    return breakdown(key, dimensions=PLACE_DIMENSIONS, granularity=filters.granularity, date_path=REACHED_ON)


def _in_period(rows: QuerySet, filters: Filters) -> QuerySet:
    return rows.filter(filters.period_q(REACHED_ON))


def channel_table(
    sources: list[Source], *, title, unit, filters: Filters, by: str, across: str | None
) -> Table:
    """One table over several channels, each counted by the database from its own rows (a number reached
    in two months is in both and once in the SMS total); channels add up, as on a campaign's reach page."""
    labels = dict(reach_selectors.channel_choices())
    order = list(labels)
    # A number reached in two months (or by two organisations) is in both: those figures do not add up.
    additive = all(source.measure.additive for source in sources)
    if CHANNEL not in (by, across):
        rows, columns = _dimension(by, filters), _dimension(across, filters)
        tables = [
            tabulate(source.rows, title="", rows=rows, columns=columns, measure=source.measure)
            for source in sources
        ]
        summed = _sum_tables(tables, rows=rows, columns=columns, title=title, unit=unit)
        summed.rows_exclusive = additive and rows.exclusive
        summed.columns_exclusive = additive and (columns is None or columns.exclusive)
        return summed
    other = across if by == CHANNEL else by
    other_dimension = _dimension(other, filters)
    figures: dict[str, Table | object] = {}
    for source in sources:
        if other_dimension is None:
            figures[source.channel] = source.rows.aggregate(_n=source.measure.aggregate())["_n"] or 0
        else:
            figures[source.channel] = tabulate(
                source.rows, title="", rows=other_dimension, measure=source.measure
            )
    totals = {
        code: (figure.total if isinstance(figure, Table) else figure) for code, figure in figures.items()
    }
    channels = [code for code in order if totals.get(code)]
    table = Table(
        title=str(title),
        rows=[],
        columns=[],
        cells={},
        row_totals={},
        column_totals={},
        total=sum(totals.values()),
        unit=str(unit),
    )
    channel_categories = [Category(code, str(labels[code])) for code in channels]
    channel_title = str(_("Channel"))
    if other_dimension is None:
        table.rows, table.row_title = channel_categories, channel_title
        table.row_totals = {code: totals[code] for code in channels}
        return table
    other_totals: dict[str, object] = {}
    other_labels: dict[str, str] = {}
    for code in channels:
        for category in figures[code].rows:
            other_totals[category.key] = other_totals.get(category.key, 0) + figures[code].value(category.key)
            other_labels[category.key] = category.label
    other_keys = other_dimension.ordered(other_totals)
    others = [Category(key, other_labels[key]) for key in other_keys]
    pairs = {(code, key): figures[code].value(key) for code in channels for key in other_keys}
    if by == CHANNEL:
        table.rows, table.row_title = channel_categories, channel_title
        table.columns, table.column_title = others, str(other_dimension.label)
        table.columns_exclusive = additive
        table.row_totals = {code: totals[code] for code in channels}
        table.column_totals = {key: other_totals[key] for key in other_keys}
        table.cells = pairs
    else:
        table.rows, table.row_title = others, str(other_dimension.label)
        table.columns, table.column_title = channel_categories, channel_title
        table.rows_exclusive = additive
        table.row_totals = {key: other_totals[key] for key in other_keys}
        table.column_totals = {code: totals[code] for code in channels}
        table.cells = {(key, code): number for (code, key), number in pairs.items()}
    return table


def _sum_tables(tables: list[Table], *, rows: Dimension, columns: Dimension | None, title, unit) -> Table:
    """The channels' tables by the same breakdown(s), added position by position."""
    row_labels: dict[str, str] = {}
    column_labels: dict[str, str] = {}
    for table in tables:
        row_labels.update({category.key: category.label for category in table.rows})
        column_labels.update({category.key: category.label for category in table.columns})
    first = tables[0]
    summed = Table(
        title=str(title),
        rows=[],
        columns=[],
        cells={},
        row_totals={},
        column_totals={},
        total=sum(table.total for table in tables),
        row_title=first.row_title,
        column_title=first.column_title,
        unit=str(unit),
    )
    row_totals = {key: sum(table.value(key) for table in tables) for key in row_labels}
    row_keys = rows.ordered(row_totals)
    summed.rows = [Category(key, row_labels[key]) for key in row_keys]
    summed.row_totals = {key: row_totals[key] for key in row_keys}
    if columns is not None:
        column_totals = {key: sum(table.value(TOTAL, key) for table in tables) for key in column_labels}
        column_keys = columns.ordered(column_totals)
        summed.columns = [Category(key, column_labels[key]) for key in column_keys]
        summed.column_totals = {key: column_totals[key] for key in column_keys}
        summed.cells = {
            (row, column): sum(table.value(row, column) for table in tables)
            for row in row_keys
            for column in column_keys
        }
    return summed


@indicator(
    "sms_delivered",
    title=pgettext_lazy("indicator", "Campaign SMS delivered"),
    unit=MESSAGES,
    dimensions=SMS_BREAKDOWNS,
)
def sms_delivered(*, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None) -> Table:
    """Campaign SMS delivered: the messages of the organisations' campaign broadcasts that the gateway
    reported delivered, by the local day of the report (one number sent two broadcasts is two
    messages). The victim filters do not apply."""
    messages = reach_selectors.delivered_messages_of(organisation_ids=filters.organisation_ids(scope))
    return tabulate(
        _in_period(messages, filters),
        title=str(pgettext_lazy("indicator", "Campaign SMS delivered")),
        rows=_dimension(by, filters),
        columns=_dimension(across, filters),
        unit=str(MESSAGES),
    )


@indicator(
    "campaign_people_reached",
    title=pgettext_lazy("indicator", "People reached by campaigns (counted)"),
    unit=PEOPLE,
    dimensions=REACH_BREAKDOWNS,
)
def campaign_people_reached(
    *, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None
) -> Table:
    """People reached by campaigns, as records count them: by SMS, the distinct numbers a message of the
    organisations' broadcasts was delivered to in the period (a number reached twice counts once); at
    events, the participants counted; in print, the copies printed. Audience and reach estimates are
    not in it (see "People reached by campaigns (estimated)"). The victim filters do not apply."""
    organisation_ids = filters.organisation_ids(scope)
    activities = _in_period(reach_selectors.activities_of(organisation_ids=organisation_ids), filters)
    sources = [
        Source(
            "sms",
            _in_period(reach_selectors.delivered_messages_of(organisation_ids=organisation_ids), filters),
            DistinctCount(field="number_hash"),
        ),
        Source(
            "event",
            _in_period(reach_selectors.participations_of(organisation_ids=organisation_ids), filters),
            Measure(field="count", kind="sum"),
        ),
        Source("print", activities.filter(channel="print"), Measure(field="copies", kind="sum")),
    ]
    return channel_table(
        sources,
        title=pgettext_lazy("indicator", "People reached by campaigns (counted)"),
        unit=PEOPLE,
        filters=filters,
        by=by,
        across=across,
    )


@indicator(
    "campaign_people_estimated",
    title=pgettext_lazy("indicator", "People reached by campaigns (estimated)"),
    unit=PEOPLE_ESTIMATED,
    dimensions=REACH_BREAKDOWNS,
)
def campaign_people_estimated(
    *, scope: AnalyticsScope, filters: Filters, by: str, across: str | None = None
) -> Table:
    """People reached by campaigns, as broadcasters and platforms estimate them: the audience of the
    organisations' TV and radio activities (an activity's audience over all its airings) and the reach
    of their social-media activities, by the activity's first day. Estimates, never added to the people
    counted. The victim filters do not apply."""
    activities = _in_period(
        reach_selectors.activities_of(organisation_ids=filters.organisation_ids(scope)), filters
    )
    sources = [
        Source(channel, activities.filter(channel=channel), Measure(field=field, kind="sum"))
        for channel, field in (
            ("tv", "audience_estimate"),
            ("radio", "audience_estimate"),
            ("social_media", "reach_estimate"),
        )
    ]
    return channel_table(
        sources,
        title=pgettext_lazy("indicator", "People reached by campaigns (estimated)"),
        unit=PEOPLE_ESTIMATED,
        filters=filters,
        by=by,
        across=across,
    )
