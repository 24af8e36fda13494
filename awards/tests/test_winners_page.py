"""The public winners pages: nothing before the results are published, the winners after."""

import pytest
from django.conf import settings
from django.urls import reverse

from analytics.tests.test_russian_everywhere import (
    cyrillic_share,
    english_found,
    english_fragments,
    visible_text,
)
from awards.services import results
from awards.tests.factories import judge_user
from awards.tests.scoring_support import (
    assign,
    entry_in,
    judging_competition,
    nomination_with_rubric,
    seat,
    submit,
)
from network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def competition(iom_office):
    competition = judging_competition(
        iom_office, name_en="Best practice award 2013", name_ru="Премия 2013 года"
    )
    shelters = nomination_with_rubric(competition, name_en="Best shelter", name_ru="Лучший приют")
    winner = OrganisationFactory(
        name_en="Women and Society", name_ru="Женщины и общество", city="Chkalovsk", country="TJ"
    )
    submit(
        assign(entry_in(shelters, winner, code="SH-1", title="Приют в Чкаловске")), 5, comment="Judge's note"
    )
    submit(assign(entry_in(shelters, code="SH-2", title="Another shelter")), 3)
    return competition


def _publish(competition):
    chair = seat(competition, judge_user(), is_chair=True).judge
    results.results_lock(competition=competition, by=chair)
    results.results_publish(competition=competition, by=chair)


def test_winners_page_answers_404_before_publishing_even_when_locked(client, competition):
    url = reverse("awards:competition_winners", args=[competition.pk])
    before = client.get(url).status_code
    results.results_lock(competition=competition, by=seat(competition, judge_user(), is_chair=True).judge)

    assert (before, client.get(url).status_code) == (404, 404)


def test_winners_page_shows_the_winner_to_anyone_without_judges_scores(client, competition):
    _publish(competition)

    response = client.get(reverse("awards:competition_winners", args=[competition.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert [
        text
        for text in ["Women and Society", "Chkalovsk", "Tajikistan", "Приют в Чкаловске", "Best shelter"]
        if text in html
    ] == ["Women and Society", "Chkalovsk", "Tajikistan", "Приют в Чкаловске", "Best shelter"]
    assert "Another shelter" not in html
    assert "Judge's note" not in html and "Judge&#x27;s note" not in html


def test_winners_index_lists_only_published_competitions(client, competition, iom_office):
    unpublished = judging_competition(iom_office, name_en="Unpublished award")
    _publish(competition)

    html = client.get(reverse("awards:winners_index")).content.decode()

    assert "Best practice award 2013" in html
    assert unpublished.name_en not in html


def test_winners_index_queries(client, competition, iom_office, django_assert_num_queries):
    _publish(competition)
    with django_assert_num_queries(1):
        client.get(reverse("awards:winners_index"))
    for _ in range(2):
        other = judging_competition(iom_office)
        nomination = nomination_with_rubric(other)
        submit(assign(entry_in(nomination)), 4)
        _publish(other)
    with django_assert_num_queries(1):
        client.get(reverse("awards:winners_index"))


def test_winners_page_reads_entirely_in_russian(client, competition):
    _publish(competition)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    text = visible_text(
        client.get(reverse("awards:competition_winners", args=[competition.pk])).content.decode()
    )

    assert (english_found(text, english_fragments()), cyrillic_share(text) > 0.5) == ([], True)
    assert "Женщины и общество" in text and "Таджикистан" in text


@pytest.mark.parametrize("role", ["anonymous", "password_only", "manager", "judge", "outsider"])
def test_winners_pages_role_matrix_once_published(client, cast, competition, role):
    from django.test import Client

    _publish(competition)
    if role == "password_only":
        client = Client()
        client.force_login(cast["manager"])  # second factor not passed: a public page still answers
    elif role != "anonymous":
        client.force_login(cast[role])

    answers = [
        client.get(reverse("awards:competition_winners", args=[competition.pk])).status_code,
        client.get(reverse("awards:winners_index")).status_code,
    ]

    assert answers == [200, 200]
