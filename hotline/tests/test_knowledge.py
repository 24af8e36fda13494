"""The operators' knowledge base: every edit a new version, live only once a manager who did not write it
approves it, searchable during a call (in every language, any case), shared with the network by choice."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from hotline import selectors, services
from hotline.models import Answer, AnswerVersion
from hotline.tests.factories import AnswerVersionFactory, live_answer

CONTENT = {
    "title_en": "If your passport was taken",
    "title_ru": "Если у вас забрали паспорт",
    "body_en": "Nobody may keep your passport, not even an employer.",
    "body_ru": "Никто не вправе удерживать ваш паспорт, даже работодатель.",
    "keywords": "document ID",
}


@pytest.fixture
def second_manager(ngo):
    return user_with_role(Role.MANAGER, ngo, username="manager2")


def draft(ngo, by, **content):
    return services.answer_create(organisation=ngo, by=by, topic="documents", **{**CONTENT, **content})


def test_answer_is_live_only_after_a_manager_approves_it(ngo, hotline_operator, manager):
    version = draft(ngo, hotline_operator)
    assert selectors.answer_search(user=hotline_operator, query="passport") == []

    services.answer_version_approve(version=version, by=manager)

    answer = Answer.unscoped.get()
    assert answer.live_version == version
    assert (version.approved_by, version.approved_at is not None) == (manager, True)
    assert selectors.answer_search(user=hotline_operator, query="passport") == [answer]


def test_answer_edit_writes_a_new_version_and_the_live_one_stays_until_approved(
    ngo, hotline_operator, manager
):
    first = draft(ngo, hotline_operator)
    services.answer_version_approve(version=first, by=manager)
    answer = first.answer

    second = services.answer_edit(
        answer=answer, by=hotline_operator, **{**CONTENT, "title_en": "Passport taken"}
    )

    answer.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert answer.live_version == first
    services.answer_version_approve(version=second, by=manager)
    answer.refresh_from_db()
    assert answer.live_version == second
    assert list(AnswerVersion.unscoped.filter(answer=answer).values_list("number", "title_en")) == [
        (2, "Passport taken"),
        (1, "If your passport was taken"),
    ]


def test_approving_an_older_version_keeps_the_later_live_one(ngo, hotline_operator, manager):
    first = draft(ngo, hotline_operator)
    second = services.answer_edit(answer=first.answer, by=hotline_operator, **CONTENT)
    services.answer_version_approve(version=second, by=manager)

    services.answer_version_approve(version=first, by=manager)

    assert Answer.unscoped.get().live_version == second


def test_answer_version_cannot_be_approved_by_its_author(ngo, manager):
    version = draft(ngo, manager)

    with pytest.raises(ValidationError):
        services.answer_version_approve(version=version, by=manager)

    assert AnswerVersion.unscoped.get().approved_at is None


def test_answer_version_cannot_be_approved_by_an_operator(ngo, hotline_operator, manager):
    version = draft(ngo, manager)

    with pytest.raises(PermissionDenied):
        services.answer_version_approve(version=version, by=hotline_operator)


def test_answer_version_cannot_be_approved_twice(ngo, manager, second_manager):
    version = draft(ngo, manager)
    services.answer_version_approve(version=version, by=second_manager)

    with pytest.raises(ValidationError):
        services.answer_version_approve(version=version, by=second_manager)


def test_answer_needs_every_language(ngo, hotline_operator):
    with pytest.raises(ValidationError) as error:
        draft(ngo, hotline_operator, body_ru="")

    assert list(error.value.message_dict) == ["body_ru"]
    assert Answer.unscoped.count() == 0


def test_answer_sharing_is_a_managers_decision(ngo, hotline_operator):
    with pytest.raises(PermissionDenied):
        services.answer_create(
            organisation=ngo, by=hotline_operator, topic="documents", is_shared=True, **CONTENT
        )


@pytest.mark.parametrize("query", ["ПАСПОРТ", "паспорт", "Passport", "работодатель паспорт", "id"])
def test_answer_search_finds_words_of_any_language_and_case(ngo, hotline_operator, query):
    answer = live_answer(ngo, **CONTENT, search_text="")
    services.answer_edit(
        answer=answer, by=hotline_operator, **CONTENT
    )  # a draft: the search reads the live one
    version = answer.live_version
    version.search_text = services.knowledge.answer_search_text(*CONTENT.values())
    version.save(update_fields=["search_text"])

    assert selectors.answer_search(user=hotline_operator, query=query) == [answer]


def test_answer_search_finds_nothing_for_words_not_in_the_answer(ngo, hotline_operator):
    live_answer(ngo)

    assert selectors.answer_search(user=hotline_operator, query="passport Dubai") == []


def test_shared_answer_is_read_by_other_organisations_only_when_live(ngo, other_ngo, manager):
    outsider_operator = user_with_role(Role.HOTLINE_OPERATOR, other_ngo)
    own_only = live_answer(ngo)
    shared = live_answer(ngo)
    Answer.unscoped.filter(pk=shared.pk).update(is_shared=True)
    AnswerVersionFactory(organisation=ngo, answer=shared, number=2)  # its draft stays the owner's

    visible = list(selectors.answer_list(user=outsider_operator))

    assert visible == [shared]
    assert own_only not in visible
    assert list(
        selectors.answer_version_list(user=outsider_operator, answer=shared).values_list("number", flat=True)
    ) == [1]


def test_answer_approval_is_audited(ngo, hotline_operator, manager):
    version = draft(ngo, hotline_operator)

    services.answer_version_approve(version=version, by=manager)

    assert list(AuditEntry.objects.visible_to(manager).values_list("action", flat=True).order_by("pk")) == [
        "hotline.answer_created",
        "hotline.answer_approved",
    ]


# Pages -----------------------------------------------------------------------------------------------


def test_knowledge_panel_search_posts_the_words_and_answers_the_partial(client, ngo, hotline_operator):
    answer = live_answer(ngo)
    client.force_login(hotline_operator)

    response = client.post(reverse("hotline:answer_search"), {"q": "паспорт"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert [template.name for template in response.templates] == ["hotline/_answer_results.html"]
    assert list(response.context["results"]) == [answer]
    assert "If your passport was taken" in response.content.decode()


def test_knowledge_search_is_post_only(client, hotline_operator):
    client.force_login(hotline_operator)

    assert client.get(reverse("hotline:answer_search"), {"q": "паспорт"}).status_code == 405


def test_answer_create_page_saves_a_draft(client, ngo, hotline_operator):
    client.force_login(hotline_operator)

    response = client.post(reverse("hotline:answer_create"), {"topic": "documents", **CONTENT})

    answer = Answer.unscoped.get()
    assert response.url == reverse("hotline:answer_detail", args=[answer.pk])
    assert (answer.live_version, answer.versions.get().created_by) == (None, hotline_operator)


def test_answer_update_page_prefills_the_latest_version_and_saves_another(client, ngo, hotline_operator):
    answer = live_answer(ngo)
    client.force_login(hotline_operator)
    assert client.get(reverse("hotline:answer_update", args=[answer.pk])).context["form"].initial[
        "title_ru"
    ] == ("Если у вас забрали паспорт")

    client.post(reverse("hotline:answer_update", args=[answer.pk]), {"topic": "documents", **CONTENT})

    assert list(answer.versions.values_list("number", flat=True)) == [2, 1]


def test_answer_detail_lists_versions_with_author_and_approver(client, ngo, hotline_operator, manager):
    version = draft(ngo, hotline_operator)
    services.answer_version_approve(version=version, by=manager)
    client.force_login(hotline_operator)

    response = client.get(reverse("hotline:answer_detail", args=[version.answer_id]))

    assert [(v.created_by, v.approved_by) for v in response.context["versions"]] == [
        (hotline_operator, manager)
    ]


def test_answer_approve_page_is_post_only_and_approves(client, ngo, hotline_operator, manager):
    version = draft(ngo, hotline_operator)
    client.force_login(manager)

    assert client.get(reverse("hotline:answer_version_approve", args=[version.pk])).status_code == 405
    response = client.post(reverse("hotline:answer_version_approve", args=[version.pk]))

    assert response.status_code == 302
    assert Answer.unscoped.get().live_version == version


@pytest.mark.parametrize(
    ("role", "list_status", "create_status", "approve_status"),
    [
        ("manager", 200, 200, 302),
        ("hotline_operator", 200, 200, 403),
        ("caseworker", 200, 403, 403),
        ("shelter_staff", 403, 403, 403),
        ("outsider", 200, 403, 404),
    ],
)
def test_knowledge_pages_role_matrix(client, request, ngo, role, list_status, create_status, approve_status):
    author = user_with_role(Role.HOTLINE_OPERATOR, ngo)
    version = draft(ngo, author)
    client.force_login(request.getfixturevalue(role))

    statuses = (
        client.get(reverse("hotline:answer_list")).status_code,
        client.get(reverse("hotline:answer_create")).status_code,
        client.post(reverse("hotline:answer_version_approve", args=[version.pk])).status_code,
    )

    assert statuses == (list_status, create_status, approve_status)


@pytest.mark.parametrize("rows", [1, 3])
def test_knowledge_list_shows_own_and_shared_answers_in_the_same_queries(
    client, ngo, other_ngo, hotline_operator, django_assert_num_queries, rows
):
    live_answer(other_ngo)  # not shared: absent
    answers = [live_answer(ngo) for _ in range(rows)]
    client.force_login(hotline_operator)

    with django_assert_num_queries(6):
        response = client.get(reverse("hotline:answer_list"))

    assert list(response.context["answers"]) == answers


# API -------------------------------------------------------------------------------------------------


def test_api_answers_list_live_answers_only(api, ngo, other_ngo, hotline_operator):
    live = live_answer(ngo)
    AnswerVersionFactory(organisation=ngo)  # a draft answer
    live_answer(other_ngo)
    api.force_authenticate(hotline_operator)

    response = api.get("/api/v1/hotline/answers/")

    assert response.status_code == 200
    assert [(row["id"], row["title_ru"]) for row in response.json()["results"]] == [
        (live.pk, "Если у вас забрали паспорт")
    ]


def test_api_answers_refuse_a_role_without_the_knowledge_base(api, shelter_staff):
    api.force_authenticate(shelter_staff)

    assert api.get("/api/v1/hotline/answers/").status_code == 403
