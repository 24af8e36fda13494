"""The seed's sentences written from the data: the headline facts of the chosen period and programme
("Over 1,100 victims were assisted. Most were women (62%). …"), in the reader's language, each number a
figure of an indicator that a page links to its indicator's page.

Every figure is read through ``indicator_table`` (so small-cell protection applies): a hidden figure is
never written as a number, nor used to rank or to work out a share; the sentence says "fewer than 5"
or is left out. Russian needs its plural forms (ngettext) and country names in the nominative, so the
sentences are phrased to keep every name in it ("Главные страны эксплуатации за рубежом: Россия и
Казахстан.")."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _, ngettext

from analytics.dimensions import UNKNOWN
from analytics.filters import Filters
from analytics.indicators import INDICATORS, indicator_table
from analytics.indicators.routes import INTERNAL
from analytics.scope import AnalyticsScope
from analytics.tables import TOTAL, Hidden, Table
from cases.models import choices
from network.countries import country_name

ASSISTED = "victims_assisted"
ROUTES = "routes"
# The services given, by type: shown once an indicator of that key and breakdown is registered.
SERVICES = ("victims_served", "service_type")
WITHIN, ACROSS = "False", "True"  # the ``border`` dimension's categories
MAIN_FORMS = 2
MAIN_DESTINATIONS = 2
MAIN_SERVICES = 3


@dataclass(frozen=True)
class Figure:
    """A number in a sentence, as written, and the indicator table it was read from."""

    text: str
    indicator: str
    by: str
    filters: Filters
    across: str | None = None

    @property
    def query(self) -> dict[str, str]:
        """The indicator page's query: the breakdown and the filters the figure was read under."""
        filters = self.filters
        values = {
            "by": self.by,
            "across": self.across,
            "date_from": filters.date_from.isoformat() if filters.date_from else None,
            "date_to": filters.date_to.isoformat() if filters.date_to else None,
            "country": filters.country,
            "organisation": filters.organisation_id,
            "programme": filters.programme_id,
            "sex": filters.sex,
            "age_band": filters.age_band,
            "exploitation": filters.exploitation,
        }
        return {name: str(value) for name, value in values.items() if value not in (None, "")}

    @property
    def url(self) -> str | None:
        return indicator_url(self.indicator, self.query)


def indicator_url(key: str, query: dict[str, str]) -> str | None:
    """The indicator's page with ``query``; None while no such page is routed (the figure is not linked)."""
    try:
        path = reverse("analytics:indicator_detail", args=[key])
    except NoReverseMatch:
        return None
    return f"{path}?{urlencode(query)}" if query else path


Part = str | Figure


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text in pieces, each a plain string or a figure (shown as a link)."""

    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(part.text if isinstance(part, Figure) else part for part in self.parts)

    @property
    def figures(self) -> list[Figure]:
        return [part for part in self.parts if isinstance(part, Figure)]


_MARK = "\x00"


def compose(template: str, **values: Part | tuple[Part, ...]) -> tuple[Part, ...]:
    """The translated ``template`` with its ``%(name)s`` placeholders filled by strings, figures or
    already composed parts, kept apart so that each figure stays a figure."""
    marked = template % {name: f"{_MARK}{name}{_MARK}" for name in values}
    parts: list[Part] = []
    for index, piece in enumerate(marked.split(_MARK)):
        if index % 2 == 0:
            if piece:
                parts.append(piece)
            continue
        value = values[piece]
        parts.extend(value if isinstance(value, tuple) else (value,))
    return tuple(parts)


def listing(items: list[tuple[Part, ...]]) -> tuple[Part, ...]:
    """ "a, b and c" in the active language."""
    if len(items) == 1:
        return items[0]
    head: tuple[Part, ...] = items[0]
    for item in items[1:-1]:
        head = compose(_("%(first)s, %(next)s"), first=head, next=item)
    return compose(_("%(first)s and %(last)s"), first=head, last=items[-1])


def rounded_down(number: int) -> tuple[int, bool]:
    """How the seed writes a count: exact below 100; from 100 on, its first two digits with zeros after
    ("over 1,100" for 1,134), and whether that is exact (``True``) or the count is over it.

    >>> rounded_down(1134), rounded_down(1100), rounded_down(99), rounded_down(105)
    ((1100, False), (1100, True), (99, True), (100, False))"""
    if number < 100:
        return number, True
    step = 10 ** (len(str(number)) - 2)
    figure = number // step * step
    return figure, figure == number


def _number(value) -> str:
    return number_format(value, force_grouping=True)


def _share(part, whole) -> str:
    return f"{_number(round(100 * part / whole))}%"


def _first_lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def _shown_rows(table: Table, column: str = TOTAL) -> list[str]:
    """The known categories whose figure is shown, largest first: a hidden figure is never ranked."""
    rows = [
        row.key
        for row in table.rows
        if row.key != UNKNOWN and not table.is_hidden(row.key, column) and table.value(row.key, column)
    ]
    return sorted(rows, key=lambda key: -table.value(key, column))


class _Reader:
    """The indicator tables of one summary (read once each, or given) and the figures made from them."""

    def __init__(self, filters: Filters, *, scope: AnalyticsScope | None = None, tables=None):
        self.scope, self.filters = scope, filters
        # Shared, not copied: the dashboard's panels and its summary read each table once between them.
        self.tables: dict[tuple[str, str | None, str | None], Table] = {} if tables is None else tables

    def has(self, key: str, by: str) -> bool:
        if self.scope is None:
            return (key, by, None) in self.tables
        return key in INDICATORS and by in INDICATORS[key].dimensions

    def table(self, key: str, by: str, across: str | None = None) -> Table:
        position = (key, by, across)
        if position not in self.tables:
            self.tables[position] = indicator_table(
                key, scope=self.scope, filters=self.filters, by=by, across=across
            )
        return self.tables[position]

    def figure(self, text: str, key: str, by: str, across: str | None = None) -> Figure:
        return Figure(text=text, indicator=key, by=by, across=across, filters=self.filters)


def _assisted(reader: _Reader) -> tuple[Sentence | None, Table | None]:
    """The headline: how many victims were assisted; the table is None when its total is hidden (and
    the sentence too when it is hidden to protect another figure)."""
    table = reader.table(ASSISTED, "sex")
    hidden = table.hidden.get((TOTAL, TOTAL))
    if hidden == Hidden.PRIMARY:
        threshold = table.threshold
        figure = reader.figure(_number(threshold), ASSISTED, "sex")
        template = ngettext(
            "Fewer than %(number)s victim was assisted.",
            "Fewer than %(number)s victims were assisted.",
            threshold,
        )
        return Sentence(compose(template, number=figure)), None
    if hidden is not None:
        return None, None
    figure_value, exact = rounded_down(int(table.total))
    figure = reader.figure(_number(figure_value), ASSISTED, "sex")
    if exact:
        template = ngettext(
            "%(number)s victim was assisted.", "%(number)s victims were assisted.", figure_value
        )
    else:
        template = ngettext(
            "Over %(number)s victim was assisted.", "Over %(number)s victims were assisted.", figure_value
        )
    return Sentence(compose(template, number=figure)), table


MAJORITY_OF_SEX = {
    choices.Sex.FEMALE: lambda: _("Most were women (%(share)s)."),
    choices.Sex.MALE: lambda: _("Most were men (%(share)s)."),
}


def _sexes(reader: _Reader, table: Table) -> Sentence | None:
    total = table.total
    for sex, template in MAJORITY_OF_SEX.items():
        if not table.is_hidden(sex) and table.value(sex) * 2 > total:
            share = reader.figure(_share(table.value(sex), total), ASSISTED, "sex")
            return Sentence(compose(template(), share=share))
    female = choices.Sex.FEMALE
    if table.is_hidden(female) or not table.value(female):
        return None
    share = reader.figure(_share(table.value(female), total), ASSISTED, "sex")
    return Sentence(compose(_("Women were %(share)s of them."), share=share))


def _forms(reader: _Reader) -> Sentence | None:
    table = reader.table(ASSISTED, "exploitation")
    forms = _shown_rows(table)[:MAIN_FORMS]
    if not forms:
        return None
    labels = {row.key: _first_lower(row.label) for row in table.rows}
    items = [
        compose(
            _("%(name)s (%(number)s)"),
            name=labels[form],
            number=reader.figure(_number(table.value(form)), ASSISTED, "exploitation"),
        )
        for form in forms
    ]
    template = ngettext(
        "Main form of exploitation: %(forms)s.", "Main forms of exploitation: %(forms)s.", len(forms)
    )
    return Sentence(compose(template, forms=listing(items)))


def _leading_internal(reader: _Reader, places: Table) -> str | None:
    """The country where most victims were exploited within their own country, where that figure is
    shown: from the routes (origin × internal or cross-border), else from the country of exploitation ×
    border table (whose zeros, hidden, may hide the figures beside them)."""
    if reader.has(ROUTES, "origin_country"):
        routes = reader.table(ROUTES, "origin_country", "route")
        shown = [
            row.key
            for row in routes.rows
            if row.key != UNKNOWN
            and routes.value(row.key, INTERNAL)
            and not routes.is_hidden(row.key, INTERNAL)
        ]
        return max(shown, key=lambda key: routes.value(key, INTERNAL), default=None)
    most = _shown_rows(places, WITHIN)[:1]
    return most[0] if most else None


def _within(reader: _Reader, places: Table) -> Sentence | None:
    """The share exploited within their own country, and the country most of them were exploited in."""
    table = reader.table(ASSISTED, "border")
    if table.is_hidden(WITHIN) or not table.value(WITHIN) or table.is_hidden(TOTAL):
        return None
    share = reader.figure(_share(table.value(WITHIN), table.total), ASSISTED, "border")
    leading = _leading_internal(reader, places)
    country = country_name(leading) if leading else None
    if table.value(WITHIN) * 2 > table.total:
        if country:
            parts = compose(
                _("Most were exploited within their own country (%(share)s), especially in %(country)s."),
                share=share,
                country=country,
            )
        else:
            parts = compose(_("Most were exploited within their own country (%(share)s)."), share=share)
    elif country:
        parts = compose(
            _("%(share)s were exploited within their own country, especially in %(country)s."),
            share=share,
            country=country,
        )
    else:
        parts = compose(_("%(share)s were exploited within their own country."), share=share)
    return Sentence(parts)


def _other_destinations(reader: _Reader, places: Table) -> Sentence | None:
    """The main countries of exploitation besides the one where most internal trafficking was ("…and to
    Russia and Kazakhstan"), ranked on the one-way table, whose figures stay shown."""
    leading = _leading_internal(reader, places)
    table = reader.table(ROUTES, "exploitation_country")
    countries = [key for key in _shown_rows(table) if key not in (UNKNOWN, leading)][:MAIN_DESTINATIONS]
    if not countries:
        return None
    items = [
        compose(
            _("%(name)s (%(number)s)"),
            name=country_name(code),
            number=reader.figure(_number(table.value(code)), ROUTES, "exploitation_country"),
        )
        for code in countries
    ]
    template = ngettext(
        "The other main country of exploitation: %(countries)s.",
        "The other main countries of exploitation: %(countries)s.",
        len(countries),
    )
    return Sentence(compose(template, countries=listing(items)))


def _destinations(reader: _Reader, places: Table) -> Sentence | None:
    if reader.has(ROUTES, "exploitation_country"):
        return _other_destinations(reader, places)
    countries = _shown_rows(places, ACROSS)[:MAIN_DESTINATIONS]
    if not countries:
        return None
    items = [
        compose(
            _("%(name)s (%(number)s)"),
            name=country_name(code),
            number=reader.figure(
                _number(places.value(code, ACROSS)), ASSISTED, "exploitation_country", "border"
            ),
        )
        for code in countries
    ]
    template = ngettext(
        "The main country of exploitation abroad: %(countries)s.",
        "The main countries of exploitation abroad: %(countries)s.",
        len(countries),
    )
    return Sentence(compose(template, countries=listing(items)))


def _services(reader: _Reader) -> Sentence | None:
    key, by = SERVICES
    if not reader.has(key, by):
        return None
    table = reader.table(key, by)
    services = _shown_rows(table)[:MAIN_SERVICES]
    if not services:
        return None
    labels = {row.key: _first_lower(row.label) for row in table.rows}
    items = [
        compose(
            _("%(name)s (%(number)s)"),
            name=labels[service],
            number=reader.figure(_number(table.value(service)), key, by),
        )
        for service in services
    ]
    template = ngettext(
        "The service most given: %(services)s.", "The services most given: %(services)s.", len(services)
    )
    return Sentence(compose(template, services=listing(items)))


def summary_sentences(
    *, scope: AnalyticsScope, filters: Filters, tables: dict | None = None
) -> list[Sentence]:
    """The headline facts of the period and filters for this reader (no sentence when nobody was
    assisted): how many victims were assisted, their sex, the main forms of exploitation, the share
    exploited within their own country and where, the main countries abroad, the services most given.

    ``tables``: the page's tables already read, by (indicator, by, across), which the summary reads from
    and adds to (``panels.TableReader.tables``)."""
    return _sentences(_Reader(filters, scope=scope, tables=tables))


def sentences_of_tables(*, tables: dict, filters: Filters) -> list[Sentence]:
    """The sentences written from tables already read, keyed ``(indicator, by, across)`` (a report that
    holds them, or a test of the wording on crafted tables)."""
    return _sentences(_Reader(filters, tables=tables))


def _sentences(reader: _Reader) -> list[Sentence]:
    headline, assisted = _assisted(reader)
    if assisted is None:
        return [headline] if headline else []
    if not assisted.total:
        return []
    # Where: the countries of exploitation of victims exploited within their country and across a border.
    places = reader.table(ASSISTED, "exploitation_country", "border")
    sentences = [
        headline,
        _sexes(reader, assisted),
        _forms(reader),
        _within(reader, places),
        _destinations(reader, places),
        _services(reader),
    ]
    return [sentence for sentence in sentences if sentence is not None]
