"""Certificates for winners and nominees as PDF, from one template, in English and Russian, with Cyrillic
rendered (the text extracted from the PDF reads back in Russian); only after results are published and
only for the entry's own managers and the organisers."""

import datetime
import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards import certificates
from awards.models import Competition
from awards.tests.factories import CompetitionFactory, EntryFactory, NominationFactory, ResultFactory


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def competition(iom_office):
    return CompetitionFactory(
        organisation=iom_office,
        name_en="Central Asian best practice award 2013",
        name_ru="Центральноазиатская премия за лучшую практику 2013",
        venue="Bishkek",
        published_at=timezone.now(),
        forum_starts_on=datetime.date(2013, 9, 2),
        forum_ends_on=datetime.date(2013, 9, 3),
        results_published_at=timezone.now(),
    )


@pytest.fixture
def shelter(competition):
    return NominationFactory(
        organisation=competition.organisation,
        competition=competition,
        name_en="Best shelter for victims of trafficking",
        name_ru="Лучший приют для пострадавших от торговли людьми",
    )


@pytest.fixture
def winning_entry(competition, shelter, ngo):
    entry = EntryFactory(organisation=ngo, competition=competition, nomination=shelter, code="TJ-SH-01")
    ResultFactory(organisation=competition.organisation, competition=competition, entry=entry, is_winner=True)
    return entry


def _get(client, entry, **params):
    return client.get(reverse("awards:entry_certificate", args=[entry.pk]), params)


def test_winner_certificate_in_russian_reads_back_in_cyrillic(client, manager, winning_entry):
    client.force_login(manager)

    response = _get(client, winning_entry, language="ru")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="certificate-TJ-SH-01-ru.pdf"'
    text = _text(response.content)
    assert "Сертификат" in text
    assert "Женщины и общество" in text
    assert "Победитель в номинации «Лучший приют для пострадавших от торговли людьми»" in text
    assert "Центральноазиатская премия за лучшую практику 2013" in text
    assert "2–3 сентября 2013" in text


def test_winner_certificate_in_english(client, manager, winning_entry, iom_office):
    client.force_login(manager)

    text = _text(_get(client, winning_entry, language="en").content)

    assert "Certificate" in text
    assert "awarded to Women and Society" in text
    assert "Winner of the nomination “Best shelter for victims of trafficking”" in text
    assert "Bishkek, 2–3 September 2013" in text
    assert f"Organised by {iom_office.name_en}" in text


def test_nominee_certificate_comes_from_the_same_template(client, manager, competition, shelter, ngo):
    entry = EntryFactory(organisation=ngo, competition=competition, nomination=shelter)
    client.force_login(manager)

    text = _text(_get(client, entry, language="ru").content)

    assert "Номинант в номинации «Лучший приют для пострадавших от торговли людьми»" in text
    assert "Победитель" not in text


def test_certificate_language_defaults_to_the_pages(client, manager, winning_entry):
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = _get(client, winning_entry)

    assert response["Content-Disposition"].endswith('-ru.pdf"')
    assert "Сертификат" in _text(response.content)


def test_certificate_before_results_are_published_answers_404(client, manager, coordinator, winning_entry):
    competition = winning_entry.competition
    competition.results_published_at = None
    competition.save(update_fields=["results_published_at"])
    answers = []
    for user in (manager, coordinator):
        client.force_login(user)
        answers.append(_get(client, winning_entry).status_code)

    assert answers == [404, 404]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("coordinator", 200),
        ("caseworker", 403),
        ("judge", 403),
        ("outsider", 403),
        ("other_manager", 404),
        ("password_only", 302),
    ],
)
def test_certificate_role_matrix(client, cast, other_ngo, winning_entry, role, status):
    from accounts.roles import Role
    from accounts.tests.factories import user_with_role

    if role == "password_only":
        client = Client()
        client.force_login(cast["manager"])
    elif role == "other_manager":
        client.force_login(user_with_role(Role.MANAGER, other_ngo, username="other-manager"))
    else:
        client.force_login(cast[role])

    response = _get(client, winning_entry, language="en")

    assert response.status_code == status


def test_forum_dates_across_months_and_years():
    assert certificates.forum_dates(datetime.date(2013, 9, 30), datetime.date(2013, 10, 1)) == (
        "30 September – 1 October 2013"
    )
    one_day = datetime.date(2013, 9, 2)
    assert certificates.forum_dates(one_day, one_day) == "2 September 2013"


def test_entry_page_offers_the_certificate_once_results_are_published(client, manager, ngo, iom_office):
    competition = CompetitionFactory(organisation=iom_office, published_at=timezone.now())
    entry = EntryFactory(organisation=ngo, competition=competition)
    client.force_login(manager)
    before = client.get(reverse("awards:entry_detail", args=[entry.pk])).content.decode()
    Competition.unscoped.filter(pk=competition.pk).update(results_published_at=timezone.now())

    after = client.get(reverse("awards:entry_detail", args=[entry.pk])).content.decode()

    link = reverse("awards:entry_certificate", args=[entry.pk]) + "?language=ru"
    assert (link in before, link in after) == (False, True)
