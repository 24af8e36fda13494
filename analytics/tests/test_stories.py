"""Stories beside figures: a manager attaches their organisation's published stories to indicators;
dashboards and reports show them beside those indicators to readers whose scope holds the
organisation, and a story whose publication consent ends disappears at once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import Role
from accounts.tests.factories import user_with_role
from analytics import stories
from analytics.models import IndicatorStory
from analytics.scope import analytics_scope
from analytics.tests.factories import published_story
from audit.models import AuditEntry
from cases import selectors as case_selectors, services as case_services
from cases.models import choices
from cases.tests.factories import StoryFactory
from network.tests.factories import OrganisationFactory

PUBLICATION = choices.ConsentPurpose.PUBLICATION
ASSISTED = "victims_assisted"


def scope_of(user):
    return analytics_scope(user=user, membership=Membership.unscoped.get(user=user))


@pytest.fixture
def story(ngo):
    return published_story(ngo)


def titles(found):
    return [story.title for story in found]


def test_attaching_shows_the_story_beside_the_indicator_and_writes_the_audit_entry(manager, story):
    stories.story_attach(by=manager, story=story, indicator=ASSISTED)

    assert titles(stories.stories_beside(scope=scope_of(manager), indicator=ASSISTED)) == ["A road home"]
    assert stories.stories_beside(scope=scope_of(manager), indicator="victims_registered") == []
    assert list(AuditEntry.unscoped.values_list("action", "details")) == [
        ("story.attached", {"story": story.pk, "indicator": ASSISTED})
    ]


def test_detaching_takes_it_away_and_writes_the_audit_entry(manager, story):
    stories.story_attach(by=manager, story=story, indicator=ASSISTED)

    stories.story_detach(by=manager, story=story, indicator=ASSISTED)

    assert stories.stories_beside(scope=scope_of(manager), indicator=ASSISTED) == []
    assert list(AuditEntry.unscoped.values_list("action", flat=True).order_by("pk")) == [
        "story.attached",
        "story.detached",
    ]


def test_only_a_manager_attaches_and_only_a_published_consented_story_to_a_known_indicator_once(
    manager, caseworker, ngo, story
):
    draft = StoryFactory(organisation=ngo)
    stories.story_attach(by=manager, story=story, indicator=ASSISTED)

    with pytest.raises(PermissionDenied):
        stories.story_attach(by=caseworker, story=story, indicator="victims_registered")
    with pytest.raises(ValidationError) as unknown:
        stories.story_attach(by=manager, story=story, indicator="no_such_indicator")
    with pytest.raises(ValidationError) as unpublished:
        stories.story_attach(by=manager, story=draft, indicator=ASSISTED)
    with pytest.raises(ValidationError) as twice:
        stories.story_attach(by=manager, story=story, indicator=ASSISTED)

    assert list(unknown.value.message_dict) == ["indicator"]
    assert list(unpublished.value.message_dict) == ["story"]
    assert twice.value.message_dict["indicator"] == ["This story is already shown beside this indicator."]
    assert IndicatorStory.unscoped.count() == 1


def test_a_withdrawn_publication_consent_hides_the_story_at_once(manager, story):
    stories.story_attach(by=manager, story=story, indicator=ASSISTED)

    case_services.consent_withdraw(case=story.case, by=manager, purpose=PUBLICATION)

    assert stories.stories_beside(scope=scope_of(manager), indicator=ASSISTED) == []
    assert list(case_selectors.published_stories(user=manager)) == []


def test_an_expired_publication_consent_hides_a_story_still_marked_published(manager, ngo):
    expired = published_story(ngo, expires_on=datetime.date(2025, 1, 1))
    # Attached while its consent held.
    IndicatorStory.objects.create(organisation=ngo, story=expired, indicator=ASSISTED, attached_by=manager)

    assert stories.stories_beside(scope=scope_of(manager), indicator=ASSISTED) == []
    assert list(case_selectors.published_stories(user=manager)) == []


def test_coordinators_see_the_stories_of_their_country_and_analysts_the_network(
    manager, coordinator, analyst, story
):
    kazakh = OrganisationFactory(country="KZ")
    kazakh_manager = user_with_role(Role.MANAGER, kazakh, username="kz-manager")
    stories.story_attach(by=manager, story=story, indicator=ASSISTED)
    stories.story_attach(
        by=kazakh_manager, story=published_story(kazakh, title="Back from Almaty"), indicator=ASSISTED
    )

    seen_by_coordinator = stories.stories_beside(scope=scope_of(coordinator), indicator=ASSISTED)
    seen_by_analyst = stories.stories_beside(scope=scope_of(analyst), indicator=ASSISTED)

    assert titles(seen_by_coordinator) == ["A road home"]
    assert sorted(titles(seen_by_analyst)) == ["A road home", "Back from Almaty"]


def test_the_partial_shows_title_text_and_organisation_never_the_case(manager, coordinator, story):
    stories.story_attach(by=manager, story=story, indicator=ASSISTED)

    html = render_to_string(
        "analytics/_stories.html",
        {"stories": stories.stories_beside(scope=scope_of(coordinator), indicator=ASSISTED)},
    )

    assert "A road home" in html
    assert "A synthetic testimony used in tests." in html
    assert "Women and Society" in html
    assert story.case.code not in html


def _client_as(role, client, cast, other_ngo):
    if role == "password_only":
        client = Client()
        client.force_login(cast["manager"])
    elif role == "other_manager":
        client.force_login(user_with_role(Role.MANAGER, other_ngo, username="other-manager"))
    else:
        client.force_login(cast[role])
    return client


ROLES = [
    ("manager", 302),
    ("caseworker", 403),
    ("coordinator", 403),
    ("analyst", 403),
    ("outsider", 403),
    ("other_manager", 404),
    ("password_only", 302),
]


@pytest.mark.parametrize(("role", "status"), ROLES)
def test_attach_role_matrix(client, cast, other_ngo, story, role, status):
    client = _client_as(role, client, cast, other_ngo)

    response = client.post(reverse("analytics:story_attach", args=[story.pk]), {"indicator": ASSISTED})

    assert response.status_code == status
    assert IndicatorStory.unscoped.count() == (1 if role == "manager" else 0)


@pytest.mark.parametrize(("role", "status"), ROLES)
def test_detach_role_matrix(client, cast, other_ngo, story, role, status):
    stories.story_attach(by=cast["manager"], story=story, indicator=ASSISTED)
    client = _client_as(role, client, cast, other_ngo)

    response = client.post(reverse("analytics:story_detach", args=[story.pk]), {"indicator": ASSISTED})

    assert response.status_code == status
    assert IndicatorStory.unscoped.count() == (0 if role == "manager" else 1)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("other_manager", 200),  # their own organisation's page: none of ngo's stories on it
        ("caseworker", 403),
        ("coordinator", 403),
        ("analyst", 403),
        ("outsider", 403),
        ("password_only", 302),
    ],
)
def test_story_page_role_matrix(client, cast, other_ngo, story, role, status):
    client = _client_as(role, client, cast, other_ngo)

    response = client.get(reverse("analytics:story_list"))

    assert response.status_code == status
    assert ("A road home" in response.content.decode()) == (role == "manager")


@pytest.mark.parametrize("count", [1, 3])
def test_story_page_reads_a_fixed_number_of_queries(client, manager, ngo, count, django_assert_num_queries):
    for number in range(count):
        story = published_story(ngo, title=f"Story {number}")
        stories.story_attach(by=manager, story=story, indicator=ASSISTED)
    client.force_login(manager)
    client.get(reverse("analytics:story_list"))  # the session and the menu's first reads

    with django_assert_num_queries(7):
        response = client.get(reverse("analytics:story_list"))

    assert response.status_code == 200


def test_story_page_lists_own_published_stories_only_and_attachments_taken_down(
    client, manager, ngo, other_ngo, story
):
    StoryFactory(organisation=ngo, title="Still in review")
    published_story(other_ngo, title="Another organisation's")
    stories.story_attach(by=manager, story=story, indicator=ASSISTED)
    withdrawn = published_story(ngo, title="Taken down")
    stories.story_attach(by=manager, story=withdrawn, indicator="victims_registered")
    case_services.consent_withdraw(case=withdrawn.case, by=manager, purpose=PUBLICATION)
    client.force_login(manager)

    page = client.get(reverse("analytics:story_list")).content.decode()

    assert "A road home" in page
    assert "Still in review" not in page
    assert "Another organisation&#x27;s" not in page
    assert "Taken down" not in page
    assert "Stories no longer published" in page
