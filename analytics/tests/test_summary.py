"""The seed's sentences from the data: how many victims were assisted (written as the seed writes it),
who they were, how and where they were exploited, in English and in Russian, each number a link to its
indicator; a hidden figure is never written as a number."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Membership
from analytics.filters import Filters
from analytics.scope import analytics_scope
from analytics.summary import ASSISTED, Figure, rounded_down, sentences_of_tables, summary_sentences
from analytics.tables import TOTAL, Category, Hidden, Table
from cases.models import choices
from cases.tests.factories import (
    AssistanceServiceFactory,
    CaseFactory,
    TraffickingEventFactory,
    TraffickingExperienceFactory,
    VictimFactory,
)

LABOUR, SEXUAL = choices.Exploitation.FORCED_LABOUR, choices.Exploitation.SEXUAL_EXPLOITATION
FEMALE, MALE = choices.Sex.FEMALE, choices.Sex.MALE
YEAR_2013 = Filters(date_from=datetime.date(2013, 1, 1), date_to=datetime.date(2013, 12, 31))
YEAR_2012 = Filters(date_from=datetime.date(2012, 1, 1), date_to=datetime.date(2012, 12, 31))


@pytest.mark.parametrize(
    ("count", "written"),
    [
        (1134, (1100, False)),
        (1100, (1100, True)),
        (1199, (1100, False)),
        (99, (99, True)),
        (7, (7, True)),
        (100, (100, True)),
        (105, (100, False)),
        (987, (980, False)),
        (12345, (12000, False)),
    ],
)
def test_counts_are_written_as_the_seed_writes_them(count, written):
    assert rounded_down(count) == written


def victim(organisation, *, sex=FEMALE, forms=(LABOUR,), cross_border=False, exploited_in="UZ", year=2013):
    case = CaseFactory(organisation=organisation, registered_on=datetime.date(year, 3, 1))
    # Origin (routes: the citizenship, no recruitment event here): the country of exploitation for those
    # exploited within their own country, Uzbekistan for those taken abroad.
    citizenship = ["UZ"] if cross_border else [exploited_in]
    VictimFactory(case=case, organisation=organisation, sex=sex, citizenship=citizenship)
    TraffickingExperienceFactory(
        case=case, organisation=organisation, exploitation_types=list(forms), is_cross_border=cross_border
    )
    TraffickingEventFactory(case=case, organisation=organisation, country=exploited_in)
    AssistanceServiceFactory(case=case, organisation=organisation)
    return case


@pytest.fixture
def assisted(ngo):
    """20 victims assisted in 2013: 14 women, 6 men; 12 for labour, 6 sexually, 2 both; 13 exploited
    within the country (8 in Uzbekistan, 5 in Tajikistan), 7 abroad (4 in Russia, 2 in Kazakhstan, 1 in
    Türkiye). Left out: a victim of 2012 and one of 2013 given no service."""
    for sex, forms, cross_border, country, times in [
        (FEMALE, (LABOUR,), False, "UZ", 6),
        (MALE, (LABOUR,), False, "UZ", 2),
        (FEMALE, (SEXUAL,), False, "TJ", 3),
        (MALE, (LABOUR,), False, "TJ", 2),
        (FEMALE, (LABOUR, SEXUAL), True, "RU", 2),
        (MALE, (LABOUR,), True, "RU", 2),
        (FEMALE, (SEXUAL,), True, "KZ", 2),
        (FEMALE, (SEXUAL,), True, "TR", 1),
    ]:
        for _ in range(times):
            victim(ngo, sex=sex, forms=forms, cross_border=cross_border, exploited_in=country)
    victim(ngo, year=2012)
    not_served = CaseFactory(organisation=ngo, registered_on=datetime.date(2013, 5, 1))
    VictimFactory(case=not_served, organisation=ngo)


def scope_of(user):
    return analytics_scope(user=user, membership=Membership.unscoped.get(user=user))


def test_the_summary_writes_the_headline_facts_in_english(manager, assisted):
    with translation.override("en"):
        sentences = summary_sentences(scope=scope_of(manager), filters=YEAR_2013)

    assert [sentence.text for sentence in sentences] == [
        "20 victims were assisted.",
        "Most were women (70%).",
        "Main forms of exploitation: forced labour (14) and sexual exploitation (8).",
        "Most were exploited within their own country (65%), especially in Uzbekistan.",
        "The other main countries of exploitation: Tajikistan (5) and Russian Federation (4).",
    ]


def test_the_summary_is_grammatical_russian(manager, assisted):
    with translation.override("ru"):
        sentences = summary_sentences(scope=scope_of(manager), filters=YEAR_2013)
        one_victim = summary_sentences(scope=scope_of(manager), filters=YEAR_2012)

    assert [sentence.text for sentence in sentences] == [
        "20 пострадавших получили помощь.",
        "Большинство из них — женщины (70%).",
        "Основные формы эксплуатации: принудительный труд (14) и сексуальная эксплуатация (8).",
        "Большинство пострадавших (65%) подверглись эксплуатации в своей собственной стране; "
        "чаще всего это Узбекистан.",
        "Другие основные страны эксплуатации: Таджикистан (5) и Российская Федерация (4).",
    ]
    assert one_victim[0].text == "1 пострадавший получил помощь."


def test_each_number_carries_its_indicator_breakdown_and_filters(manager, assisted):
    sentences = summary_sentences(scope=scope_of(manager), filters=YEAR_2013)

    figures = [(f.text, f.indicator, f.by, f.across) for sentence in sentences for f in sentence.figures]
    destination = sentences[4].figures[0]

    assert figures == [
        ("20", ASSISTED, "sex", None),
        ("70%", ASSISTED, "sex", None),
        ("14", ASSISTED, "exploitation", None),
        ("8", ASSISTED, "exploitation", None),
        ("65%", ASSISTED, "border", None),
        ("5", "routes", "exploitation_country", None),
        ("4", "routes", "exploitation_country", None),
    ]
    assert destination.query == {
        "by": "exploitation_country",
        "date_from": "2013-01-01",
        "date_to": "2013-12-31",
    }


def test_an_empty_period_has_no_sentence_and_the_partial_says_so(manager, assisted):
    nothing = Filters(date_from=datetime.date(2020, 1, 1), date_to=datetime.date(2020, 12, 31))

    sentences = summary_sentences(scope=scope_of(manager), filters=nothing)
    with translation.override("en"):
        html = render_to_string("analytics/_summary.html", {"sentences": sentences})

    assert sentences == []
    assert "No data for the chosen period and filters." in html


def test_the_partial_links_each_number_where_the_indicator_page_exists():
    figure = Figure(text="20", indicator=ASSISTED, by="sex", filters=Filters())
    sentences = sentences_of_tables(tables=_tables(total=20, women=14), filters=Filters())

    html = render_to_string("analytics/_summary.html", {"sentences": sentences})

    # Until the indicator page is routed a figure is written, unlinked, in bold.
    expected = f'<a href="{figure.url}">20</a>' if figure.url else "<strong>20</strong>"
    assert expected in html
    assert "victims were assisted." in html


def _tables(*, total, women, hidden=None, threshold=5):
    """The summary's tables, made by hand: assisted by sex (and nothing by anything else)."""
    rows = [Category(FEMALE, "Female"), Category(MALE, "Male")]
    by_sex = Table(
        title="Victims assisted",
        rows=rows,
        columns=[],
        cells={},
        row_totals={FEMALE: women, MALE: total - women},
        column_totals={},
        total=total,
        hidden=hidden or {},
        threshold=threshold,
    )
    empty = Table(title="", rows=[], columns=[], cells={}, row_totals={}, column_totals={}, total=0)
    return {
        (ASSISTED, "sex", None): by_sex,
        (ASSISTED, "exploitation", None): empty,
        (ASSISTED, "border", None): empty,
        (ASSISTED, "exploitation_country", "border"): empty,
    }


def test_a_hidden_total_is_written_fewer_than_the_threshold_and_nothing_else():
    hidden = {(TOTAL, TOTAL): Hidden.PRIMARY, (FEMALE, TOTAL): Hidden.PRIMARY}
    tables = _tables(total=3, women=2, hidden=hidden)

    with translation.override("en"):
        english = [sentence.text for sentence in sentences_of_tables(tables=tables, filters=Filters())]
    with translation.override("ru"):
        russian = [sentence.text for sentence in sentences_of_tables(tables=tables, filters=Filters())]

    assert english == ["Fewer than 5 victims were assisted."]
    assert russian == ["Менее 5 пострадавших получили помощь."]


def test_a_hidden_figure_is_never_written_nor_made_a_share():
    hidden = {(FEMALE, TOTAL): Hidden.PRIMARY, (MALE, TOTAL): Hidden.COMPLEMENTARY}

    with translation.override("en"):
        sentences = sentences_of_tables(tables=_tables(total=40, women=3, hidden=hidden), filters=Filters())

    assert [sentence.text for sentence in sentences] == ["40 victims were assisted."]


def test_over_a_round_figure_in_both_languages():
    tables = _tables(total=1134, women=800)

    with translation.override("en"):
        english = [sentence.text for sentence in sentences_of_tables(tables=tables, filters=Filters())]
    with translation.override("ru"):
        russian = [sentence.text for sentence in sentences_of_tables(tables=tables, filters=Filters())]

    assert english == ["Over 1,100 victims were assisted.", "Most were women (71%)."]
    assert russian == ["Более 1\xa0100 пострадавших получили помощь.", "Большинство из них — женщины (71%)."]
