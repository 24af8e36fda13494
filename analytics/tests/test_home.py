import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from accounts.tests.factories import UserFactory
from audit.models import AuditEntry
from awards.tests.factories import AssignmentFactory, CompetitionFactory, NomineeFactory, ScoreSheetFactory
from cases.models.choices import Stage
from cases.tests.factories import CaseFactory, FollowUpFactory
from network.models import Service, ServiceType
from network.tests.factories import OrganisationFactory, ProgrammeFactory

NETWORK = [
    ("Organisations in the network", 5),
    ("Organisations in Tajikistan", 3),
    ("Kinds of service offered in Tajikistan", 2),
]


def cases(open_cases: int, mine: int, *extra) -> list[tuple[str, int]]:
    return [("Open cases", open_cases), ("Open cases assigned to you", mine), *extra]


WORK = [("Your follow-ups due this week", 1), ("Referrals waiting for an answer", 0)]
NO_WORK = [("Your follow-ups due this week", 0), ("Referrals waiting for an answer", 0)]

EXPECTED_COUNTS = {
    "manager": [
        *cases(2, 1, *NO_WORK, ("Approvals waiting", 0)),
        ("People in your organisation", 4),
        ("Audit entries", 1),
        *NETWORK,
        ("Award entries to write", 0),
    ],
    "caseworker": [*cases(2, 1, *WORK), *NETWORK],
    # They read only the cases granted to them (opened by them, residents of their shelter): none here.
    "hotline_operator": [*cases(0, 0), *NETWORK],
    "shelter_staff": [*cases(0, 0), *NETWORK],
    "outsider": [
        *cases(1, 0, ("Your follow-ups due this week", 0), ("Referrals waiting for an answer", 0)),
        *NETWORK,
    ],
    "system_admin": [("Active users", 9), ("Organisations", 6), ("Audit entries", 3)],
    "coordinator": [
        ("Organisations in Tajikistan", 3),
        ("Programmes in Tajikistan", 1),
        ("Competitions you run", 0),
    ],
    "analyst": [
        ("Organisations in Kazakhstan", 1),
        ("Organisations in Kyrgyzstan", 0),
        ("Organisations in Tajikistan", 3),
        ("Organisations in Turkmenistan", 0),
        ("Organisations in Uzbekistan", 0),
    ],
    "judge": [("Entries to score", 0)],
}


@pytest.fixture
def network(ngo, other_ngo, iom_office, caseworker, manager):
    """Around the cast's three Tajik organisations: one in Kazakhstan, a closed one, two programmes;
    two open cases and a closed one in ``ngo`` (a follow-up due for the caseworker), one in ``other_ngo``."""
    worked = CaseFactory(organisation=ngo, caseworker=caseworker)
    FollowUpFactory(case=worked, organisation=ngo, assigned_to=caseworker, due_on=timezone.localdate())
    CaseFactory(organisation=ngo, caseworker=manager)
    CaseFactory(organisation=ngo, caseworker=caseworker, stage=Stage.CLOSED)
    CaseFactory(organisation=other_ngo)
    shelter = ServiceType.objects.get_or_create(code=Service.SHELTER)[0]
    hotline = ServiceType.objects.get_or_create(code=Service.HOTLINE)[0]
    legal_aid = ServiceType.objects.get_or_create(code=Service.LEGAL_AID)[0]
    ngo.services.add(shelter, hotline)
    other_ngo.services.add(shelter)
    kazakh_ngo = OrganisationFactory(country="KZ", region_id=None)
    kazakh_ngo.services.add(legal_aid)
    OrganisationFactory(country="TJ", is_active=False).services.add(legal_aid)
    programme = ProgrammeFactory()  # its donor, in the United States, is the fifth active organisation
    programme.members.add(ngo)
    ProgrammeFactory(donor=programme.donor).members.add(kazakh_ngo)
    UserFactory(is_active=False)
    for organisation in (ngo, other_ngo, None):
        AuditEntry.objects.create(organisation=organisation, action="test.done")


@pytest.mark.parametrize("role", EXPECTED_COUNTS)
def test_home_counts_what_each_role_may_see(client, cast, network, role):
    client.force_login(cast[role])

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert [(count.label, count.number) for count in response.context["counts"]] == EXPECTED_COUNTS[role]


def test_home_shows_counts_and_active_membership(client, cast, network):
    client.force_login(cast["manager"])

    response = client.get(reverse("home"))

    content = response.content.decode()
    assert '<span class="count-number">4</span>' in content
    assert "People in your organisation" in content
    assert "You are working as <strong>NGO manager</strong> at <strong>Women and Society</strong>." in content


def test_home_without_membership_asks_to_be_added(client, db):
    client.force_login(UserFactory())

    response = client.get(reverse("home"))

    assert response.context["counts"] == []
    assert "You are not a member of any organisation yet." in response.content.decode()


def test_home_welcomes_judge(client, judge):
    client.force_login(judge)

    response = client.get(reverse("home"))

    assert "Thank you for serving on the evaluation committee." in response.content.decode()


def test_home_anonymous_redirects_to_login(client, db):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_home_reads_in_russian_after_language_switch(client, caseworker):
    client.force_login(caseworker)

    response = client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    home = client.get(response.url)

    content = home.content.decode()
    assert response.url == "/"
    assert '<html lang="ru" data-theme="light">' in content
    assert "<h1>Добро пожаловать, caseworker</h1>" in content
    assert "Организации в сети" in content
    assert "Выйти" in content


def test_base_layout_has_landmarks_and_private_navigation(client, manager):
    client.force_login(manager)

    content = client.get(reverse("home")).content.decode()

    assert '<a class="skip-link" href="#main">Skip to main content</a>' in content
    assert '<main id="main" class="container" tabindex="-1">' in content
    assert f'<li><a href="{reverse("home")}" aria-current="page">Home</a></li>' in content
    assert f'action="{reverse("accounts:logout")}"' in content
    assert '<span class="badge">NGO manager</span>' in content
    assert 'name="language" value="ru" lang="ru"' in content


def test_not_found_page_is_translated_and_has_no_private_navigation(client, db):
    with translation.override("ru"):
        response = client.get("/directory/no-such-page/", HTTP_ACCEPT_LANGUAGE="ru")

    content = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Страница не найдена</h1>" in content
    assert 'class="main-nav"' not in content


@pytest.mark.parametrize(("template", "heading"), [("400.html", "Bad request"), ("403.html", "Not allowed")])
def test_error_page_renders_for_anonymous_visitor(db, template, heading):
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)

    content = render_to_string(template, request=request)

    assert f"<h1>{heading}</h1>" in content


def test_csrf_failure_page_explains_in_plain_words(db):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(reverse("set_language"), {"language": "ru"})

    assert response.status_code == 403
    assert "<h1>The form has expired</h1>" in response.content.decode()


def test_server_error_page_renders_without_context_or_database():
    with translation.override("ru"):
        content = render_to_string("500.html")

    assert "<h1>Ошибка сервера</h1>" in content
    assert '<html lang="ru" data-theme="light">' in content


def test_home_counts_the_awards_work_waiting(client, ngo, iom_office, manager, coordinator, judge):
    competition = CompetitionFactory(organisation=iom_office, published_at=timezone.now())
    NomineeFactory(organisation=ngo, nomination__competition=competition, nomination__organisation=iom_office)
    locked = CompetitionFactory(organisation=iom_office, scores_locked_at=timezone.now())
    scored, _waiting = AssignmentFactory.create_batch(
        2, organisation=iom_office, competition=competition, judge=judge
    )
    ScoreSheetFactory(organisation=iom_office, assignment=scored, submitted_at=timezone.now())
    AssignmentFactory(organisation=iom_office, competition=locked, judge=judge)
    seen = {}

    for user in (manager, coordinator, judge):
        client.force_login(user)
        counts = client.get(reverse("home")).context["counts"]
        seen[user.username] = [
            (count.label, count.number) for count in counts if (count.url or "").startswith("/awards/")
        ]

    assert seen == {
        "manager": [("Award entries to write", 1)],
        "coordinator": [("Competitions you run", 2)],
        "judge": [("Entries to score", 1)],
    }
