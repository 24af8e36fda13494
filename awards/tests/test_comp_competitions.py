"""Competitions: an IOM office's coordinator creates one (with the seed's six nominations and the default
rubric), keeps its timeline in order, sets each nomination's rubric and publishes the call; the rubric
freezes once judges start scoring; the network reads published calls, other offices never see drafts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from awards.models import Competition, Criterion, Nomination, choices
from awards.services import competitions as services
from awards.tests.factories import (
    CompetitionFactory,
    ConsultationFactory,
    CriterionFactory,
    NominationFactory,
    ScoreSheetFactory,
)
from network.models import OrganisationType
from network.tests.factories import OrganisationFactory


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _timeline(**overrides):
    fields = {
        "name_en": "Best practice award 2026",
        "name_ru": "Премия за лучшую практику 2026",
        "countries": ["KZ", "KG", "TJ", "TM", "UZ"],
        "venue": "Bishkek",
        "call_opens_on": _in(1),
        "consultations_close_on": _in(20),
        "submission_deadline": timezone.now() + datetime.timedelta(days=40),
        "judging_closes_on": _in(60),
        "forum_starts_on": _in(70),
        "forum_ends_on": _in(71),
        "results_on": _in(71),
    }
    fields.update(overrides)
    return fields


def _form(**overrides):
    data = {
        "name_en": "Best practice award 2026",
        "name_ru": "Премия за лучшую практику 2026",
        "description": "The network's yearly award.",
        "countries": ["KG", "TJ"],
        "venue": "Bishkek",
        "call_opens_on": _in(1).isoformat(),
        "consultations_close_on": _in(20).isoformat(),
        "submission_deadline": f"{_in(40).isoformat()}T18:00",
        "judging_closes_on": _in(60).isoformat(),
        "forum_starts_on": _in(70).isoformat(),
        "forum_ends_on": _in(71).isoformat(),
        "results_on": _in(71).isoformat(),
        "figures_months": "12",
        "judges_per_entry": "3",
        "spread_threshold_percent": "30",
        "default_nominations": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def kz_office(db):
    return OrganisationFactory(
        name_en="IOM Kazakhstan", type=OrganisationType.INTERNATIONAL, country="KZ", region_id="KZ-75"
    )


@pytest.fixture
def kz_coordinator(kz_office):
    return user_with_role(Role.COORDINATOR, kz_office, username="kz-coordinator")


@pytest.fixture
def people(cast, kz_coordinator):
    return {**cast, "kz_coordinator": kz_coordinator}


@pytest.fixture
def draft(iom_office, coordinator):
    return CompetitionFactory(organisation=iom_office, created_by=coordinator)


@pytest.fixture
def published(iom_office, coordinator):
    return CompetitionFactory(organisation=iom_office, created_by=coordinator, published_at=timezone.now())


def _competitions():
    # unscoped: the test reads back every organisation's rows.
    return list(Competition.unscoped.order_by("pk"))


def _password_only(user, session):
    """``user`` signed in with the password only, having set up a second factor (a coordinator holds no
    role reading personal data: without a device of their own, no second factor is asked of them)."""
    TOTPDevice.objects.get_or_create(user=user, name="phone", defaults={"confirmed": True})
    session.force_login(user)
    return session


def _client_for(client, people, role):
    if role == "password_only":
        return _password_only(people["coordinator"], Client())
    client.force_login(people[role])
    return client


# Services: creation ------------------------------------------------------------------------------------


def test_competition_create_seeds_the_six_nominations_with_the_default_rubric(coordinator, iom_office):
    competition = services.competition_create(by=coordinator, organisation=iom_office, **_timeline())

    # unscoped: the test reads back the organiser's rows.
    nominations = list(Nomination.unscoped.filter(competition=competition).order_by("order"))
    first_rubric = list(nominations[0].criteria.order_by("order"))
    assert [n.code for n in nominations] == [code for code, *_ in choices.DEFAULT_NOMINATIONS]
    assert nominations[3].figure_sources == ["shelters"]
    assert [(c.code, c.weight) for c in first_rubric] == [
        (code, Decimal(weight)) for code, _en, _ru, weight in choices.DEFAULT_CRITERIA
    ]
    assert first_rubric[0].descriptors[4] == {
        "en": "Outstanding, a model for the network",
        "ru": "Выдающийся пример для всей сети",
    }
    assert Criterion.objects.filter(nomination__competition=competition).count() == 30
    assert (competition.organisation, competition.published_at, competition.phase) == (
        iom_office,
        None,
        "draft",
    )
    assert list(AuditEntry.unscoped.values_list("action", flat=True)) == ["competition.created"]


def test_competition_create_without_the_default_nominations(coordinator, iom_office):
    competition = services.competition_create(
        by=coordinator, organisation=iom_office, default_nominations=False, **_timeline()
    )

    # unscoped: the test reads back the organiser's rows.
    assert Nomination.unscoped.filter(competition=competition).count() == 0


@pytest.mark.parametrize("who", ["manager", "judge", "kz_coordinator"])
def test_competition_create_by_anyone_but_the_office_s_coordinator_is_refused(people, iom_office, who):
    with pytest.raises(PermissionDenied):
        services.competition_create(by=people[who], organisation=iom_office, **_timeline())

    assert _competitions() == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"consultations_close_on": _in(0)},
            "consultations_close_on",
            "National consultations cannot close before the call opens.",
        ),
        (
            {"submission_deadline": timezone.now() + datetime.timedelta(days=20)},
            "submission_deadline",
            "The submission deadline must come after the national consultations close.",
        ),
        (
            {"judging_closes_on": _in(39)},
            "judging_closes_on",
            "Judging cannot close before the submission deadline.",
        ),
        ({"forum_starts_on": _in(59)}, "forum_starts_on", "The forum cannot start before judging closes."),
        ({"forum_ends_on": _in(69)}, "forum_ends_on", "The forum cannot end before it starts."),
        ({"results_on": _in(69)}, "results_on", "Results cannot be announced before the forum starts."),
        ({"countries": ["TJ", "RU"]}, "countries", "Not a Central Asian republic: RU."),
        ({"countries": []}, "countries", "Choose at least one country."),
        ({"name_en": "  "}, "name_en", "This field is required."),
    ],
)
def test_competition_create_refuses_a_timeline_out_of_order(coordinator, iom_office, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        services.competition_create(by=coordinator, organisation=iom_office, **_timeline(**changes))

    assert refused.value.message_dict == {field: [message]}
    assert _competitions() == []


def test_competition_create_accepts_consultations_closing_the_day_the_call_opens(coordinator, iom_office):
    competition = services.competition_create(
        by=coordinator, organisation=iom_office, **_timeline(consultations_close_on=_in(1))
    )

    assert competition.consultations_close_on == competition.call_opens_on


def test_competition_update_checks_the_timeline_against_the_stored_dates(coordinator, draft):
    with pytest.raises(ValidationError) as refused:
        services.competition_update(
            competition=draft,
            by=coordinator,
            forum_starts_on=draft.judging_closes_on - datetime.timedelta(days=1),
        )

    assert list(refused.value.message_dict) == ["forum_starts_on"]


def test_competition_update_keeps_countries_whose_consultation_is_recorded(coordinator, iom_office, draft):
    ConsultationFactory(competition=draft, organisation=iom_office, country="TJ")

    with pytest.raises(ValidationError) as refused:
        services.competition_update(competition=draft, by=coordinator, countries=["KG"])

    assert refused.value.message_dict == {
        "countries": ["A national consultation is already recorded for TJ."]
    }


def test_competition_update_audits_the_changed_fields(coordinator, draft):
    services.competition_update(competition=draft, by=coordinator, venue="Almaty", blind=True)

    draft.refresh_from_db()
    assert (draft.venue, draft.blind) == ("Almaty", True)
    assert AuditEntry.unscoped.get(action="competition.updated").details == {"fields": ["blind", "venue"]}


# Services: publishing ----------------------------------------------------------------------------------


def test_competition_publish_refuses_a_competition_without_nominations(coordinator, draft):
    with pytest.raises(ValidationError) as refused:
        services.competition_publish(competition=draft, by=coordinator)

    assert refused.value.message_dict == {"nominations": ["Add at least one nomination first."]}


def test_competition_publish_refuses_a_nomination_without_criteria(coordinator, iom_office, draft):
    NominationFactory(organisation=iom_office, competition=draft, name_en="Best hotline")

    with pytest.raises(ValidationError) as refused:
        services.competition_publish(competition=draft, by=coordinator)

    assert refused.value.message_dict == {
        "nominations": ["These nominations have no criteria yet: Best hotline."]
    }
    draft.refresh_from_db()
    assert draft.published_at is None


def test_competition_publish_opens_the_call_once(coordinator, iom_office, draft):
    CriterionFactory(nomination=NominationFactory(organisation=iom_office, competition=draft))

    services.competition_publish(competition=draft, by=coordinator)
    with pytest.raises(ValidationError) as again:
        services.competition_publish(competition=draft, by=coordinator)

    draft.refresh_from_db()
    assert (draft.published_at is not None, draft.phase) == (True, "consultations")
    assert again.value.message_dict == {"published_at": ["The call is already published."]}
    assert list(AuditEntry.unscoped.values_list("action", flat=True)) == ["competition.published"]


# Services: nominations and their rubrics ---------------------------------------------------------------


def _criterion(code="impact", weight="2", levels=5, **overrides):
    row = {
        "code": code,
        "name_en": f"Criterion {code}",
        "name_ru": f"Критерий {code}",
        "weight": weight,
        "descriptors": [{"en": f"Level {n}", "ru": f"Уровень {n}"} for n in range(1, levels + 1)],
    }
    row.update(overrides)
    return row


def test_nomination_add_starts_with_the_default_rubric_on_the_default_scale(coordinator, draft):
    nomination = services.nomination_add(
        competition=draft, by=coordinator, name_en="Best legal aid", figure_sources=["reintegration"]
    )

    assert (nomination.code, nomination.organisation_id, nomination.criteria.count()) == (
        "best-legal-aid",
        draft.organisation_id,
        len(choices.DEFAULT_CRITERIA),
    )


def test_nomination_add_on_another_scale_waits_for_its_criteria(coordinator, draft):
    nomination = services.nomination_add(
        competition=draft, by=coordinator, name_en="Best legal aid", scale_min=0, scale_max=10
    )

    assert nomination.criteria.count() == 0


def test_criteria_set_replaces_the_rubric_and_keeps_unchanged_codes(coordinator, iom_office, draft):
    nomination = NominationFactory(organisation=iom_office, competition=draft)
    kept = CriterionFactory(nomination=nomination, code="impact")
    CriterionFactory(nomination=nomination, code="dropped")

    services.criteria_set(
        nomination=nomination,
        by=coordinator,
        criteria=[_criterion("impact", "3"), _criterion("evidence", "1.5")],
    )

    assert [(c.pk == kept.pk, c.code, c.weight) for c in nomination.criteria.order_by("order")] == [
        (True, "impact", Decimal("3.00")),
        (False, "evidence", Decimal("1.50")),
    ]
    assert AuditEntry.unscoped.get(action="nomination.criteria_set").details == {
        "criteria": ["impact", "evidence"]
    }


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ([_criterion(weight="0")], "Criterion “Criterion impact”: the weight must be a number above zero."),
        ([_criterion(weight="-1")], "Criterion “Criterion impact”: the weight must be a number above zero."),
        (
            [_criterion(levels=4)],
            "Criterion “Criterion impact”: give one descriptor in English per level of the scale (5), "
            "lowest first.",
        ),
        ([_criterion(), _criterion()], "Two criteria have the code “impact”: codes must differ."),
        ([_criterion(name_en="")], "Criterion 1: give its name in English."),
        ([], "Give at least one criterion."),
    ],
)
def test_criteria_set_refuses_a_bad_rubric(coordinator, iom_office, draft, criteria, message):
    nomination = NominationFactory(organisation=iom_office, competition=draft)
    CriterionFactory(nomination=nomination, code="before")

    with pytest.raises(ValidationError) as refused:
        services.criteria_set(nomination=nomination, by=coordinator, criteria=criteria)

    assert refused.value.message_dict == {"criteria": [message]}
    assert list(nomination.criteria.values_list("code", flat=True)) == ["before"]


def test_nomination_update_refuses_a_new_scale_the_criteria_do_not_describe(coordinator, iom_office, draft):
    nomination = NominationFactory(organisation=iom_office, competition=draft)
    CriterionFactory(nomination=nomination)

    with pytest.raises(ValidationError) as refused:
        services.nomination_update(nomination=nomination, by=coordinator, scale_min=1, scale_max=10)
    services.nomination_update(
        nomination=nomination, by=coordinator, scale_min=1, scale_max=3, criteria=[_criterion(levels=3)]
    )

    assert refused.value.message_dict == {
        "scale_max": ["The criteria describe another scale: change their descriptors with the scale."]
    }
    nomination.refresh_from_db()
    assert (nomination.scale_max, [len(c.descriptors) for c in nomination.criteria.all()]) == (3, [3])


def test_the_rubric_freezes_once_a_score_sheet_exists(coordinator, iom_office, draft):
    nomination = NominationFactory(organisation=iom_office, competition=draft)
    CriterionFactory(nomination=nomination)
    ScoreSheetFactory(
        organisation=iom_office, assignment__competition=draft, assignment__entry__nomination=nomination
    )
    locked = "Judges have started scoring this competition: its rubric can no longer change."

    refusals = []
    for attempt in (
        lambda: services.criteria_set(nomination=nomination, by=coordinator, criteria=[_criterion()]),
        lambda: services.nomination_update(nomination=nomination, by=coordinator, scale_max=7),
        lambda: services.nomination_add(competition=draft, by=coordinator, name_en="Late nomination"),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        refusals.append(refused.value.messages)
    services.nomination_update(nomination=nomination, by=coordinator, name_en="Best shelter, renamed")

    assert refusals == [[locked], [locked], [locked]]
    nomination.refresh_from_db()
    assert (nomination.name_en, nomination.scale_max) == ("Best shelter, renamed", 5)


def test_nomination_services_refuse_a_coordinator_of_another_office(kz_coordinator, iom_office, draft):
    nomination = NominationFactory(organisation=iom_office, competition=draft)

    with pytest.raises(PermissionDenied):
        services.criteria_set(nomination=nomination, by=kz_coordinator, criteria=[_criterion()])


# Pages: role matrices ----------------------------------------------------------------------------------

ROLES = ["coordinator", "kz_coordinator", "manager", "judge", "outsider", "password_only"]


@pytest.mark.parametrize(
    ("url_name", "expected_draft", "expected_published"),
    [
        # coordinator (organiser), kz_coordinator, manager, judge, outsider, password only
        ("awards:competition_detail", (200, 404, 404, 404, 404, 302), (200, 200, 200, 200, 404, 302)),
        ("awards:competition_update", (200, 404, 404, 404, 404, 302), (200, 403, 403, 403, 404, 302)),
        ("awards:competition_nomination_add", (200, 404, 404, 404, 404, 302), (200, 403, 403, 403, 404, 302)),
    ],
)
@pytest.mark.parametrize("state", ["draft", "published"])
def test_competition_pages_role_matrix(
    client, people, draft, published, url_name, expected_draft, expected_published, state
):
    competition = draft if state == "draft" else published
    expected = dict(zip(ROLES, expected_draft if state == "draft" else expected_published, strict=True))

    answers = {}
    for role in ROLES:
        client.logout()
        answers[role] = (
            _client_for(client, people, role).get(reverse(url_name, args=[competition.pk])).status_code
        )

    assert answers == expected


def test_nomination_update_role_matrix(client, people, iom_office, published):
    nomination = NominationFactory(organisation=iom_office, competition=published)
    CriterionFactory(nomination=nomination)

    answers = {}
    for role in ROLES:
        client.logout()
        url = reverse("awards:nomination_update", args=[nomination.pk])
        answers[role] = _client_for(client, people, role).get(url).status_code

    assert answers == dict(zip(ROLES, (200, 403, 403, 403, 404, 302), strict=True))


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("awards:competition_list", (200, 200, 200, 200, 403, 302)),
        ("awards:competition_create", (200, 200, 403, 403, 403, 302)),
    ],
)
def test_competition_list_and_create_role_matrix(client, people, url_name, expected):
    answers = {}
    for role in ROLES:
        client.logout()
        answers[role] = _client_for(client, people, role).get(reverse(url_name)).status_code

    assert answers == dict(zip(ROLES, expected, strict=True))


@pytest.mark.parametrize("role", ROLES)
def test_competition_publish_only_by_the_organiser(client, people, iom_office, draft, role):
    CriterionFactory(nomination=NominationFactory(organisation=iom_office, competition=draft))

    response = _client_for(client, people, role).post(reverse("awards:competition_publish", args=[draft.pk]))

    draft.refresh_from_db()
    expected = {"coordinator": 302, "password_only": 302}.get(role, 404)
    assert (response.status_code, draft.published_at is not None) == (expected, role == "coordinator")


def test_competition_publish_without_criteria_says_why(client, coordinator, iom_office, draft):
    NominationFactory(organisation=iom_office, competition=draft, name_en="Best hotline")
    client.force_login(coordinator)

    response = client.post(reverse("awards:competition_publish", args=[draft.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "These nominations have no criteria yet: Best hotline."
    ]


# Pages: forms ------------------------------------------------------------------------------------------


def test_competition_create_page_saves_the_competition_with_its_nominations(client, coordinator, iom_office):
    client.force_login(coordinator)

    response = client.post(reverse("awards:competition_create"), _form())

    competition = _competitions()[0]
    assert response.url == competition.get_absolute_url()
    assert (
        competition.organisation,
        competition.countries,
        timezone.localtime(competition.submission_deadline).hour,
    ) == (
        iom_office,
        ["KG", "TJ"],
        18,
    )
    # unscoped: the test reads back the organiser's rows.
    assert Nomination.unscoped.filter(competition=competition).count() == 6


def test_competition_create_page_shows_the_timeline_error_and_keeps_the_input(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("awards:competition_create"), _form(results_on=_in(65).isoformat()))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "results_on": ["Results cannot be announced before the forum starts."]
    }
    assert "The network&#x27;s yearly award." in response.content.decode()
    assert _competitions() == []


def test_competition_update_page_changes_the_competition(client, coordinator, draft):
    client.force_login(coordinator)
    data = _form(name_en="Renamed award", countries=["TJ"])
    data.pop("default_nominations")

    response = client.post(reverse("awards:competition_update", args=[draft.pk]), data)

    draft.refresh_from_db()
    assert (response.url, draft.name_en, draft.countries) == (
        draft.get_absolute_url(),
        "Renamed award",
        ["TJ"],
    )


def test_nomination_add_page_adds_and_leads_to_its_rubric(client, coordinator, draft):
    client.force_login(coordinator)

    response = client.post(
        reverse("awards:competition_nomination_add", args=[draft.pk]),
        {
            "name_en": "Best legal aid",
            "name_ru": "Лучшая правовая помощь",
            "scale_min": "1",
            "scale_max": "5",
        },
    )

    # unscoped: the test reads back the organiser's rows.
    nomination = Nomination.unscoped.get(competition=draft)
    assert response.url == reverse("awards:nomination_update", args=[nomination.pk])


def _nomination_post(nomination, criteria, **overrides):
    data = {
        "name_en": nomination.name_en,
        "name_ru": nomination.name_ru,
        "description": "",
        "figure_sources": nomination.figure_sources,
        "scale_min": str(nomination.scale_min),
        "scale_max": str(nomination.scale_max),
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(nomination.criteria.count()),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "30",
    }
    for index, row in enumerate(criteria):
        for name, value in row.items():
            data[f"criteria-{index}-{name}"] = value
    data.update(overrides)
    return data


def test_nomination_update_page_sets_the_scale_and_criteria(client, coordinator, iom_office, draft):
    nomination = NominationFactory(organisation=iom_office, competition=draft)
    CriterionFactory(nomination=nomination, code="old")
    client.force_login(coordinator)
    criteria = [
        {"code": "old", "name_en": "Old", "weight": "1", "descriptors_en": "Low\nMid\nHigh", "DELETE": "on"},
        {
            "code": "",
            "name_en": "Results",
            "name_ru": "Результаты",
            "weight": "2.5",
            "descriptors_en": "Low\nMiddle\nHigh",
            "descriptors_ru": "Низко\nСредне\nВысоко",
        },
    ]

    response = client.post(
        reverse("awards:nomination_update", args=[nomination.pk]),
        _nomination_post(nomination, criteria, scale_max="3"),
    )

    assert response.status_code == 302
    assert [(c.code, c.weight, c.descriptors[2]) for c in nomination.criteria.all()] == [
        ("results", Decimal("2.50"), {"en": "High", "ru": "Высоко"})
    ]


def test_nomination_update_page_refuses_descriptors_not_matching_the_scale(
    client, coordinator, iom_office, draft
):
    nomination = NominationFactory(organisation=iom_office, competition=draft)
    client.force_login(coordinator)
    criteria = [{"code": "results", "name_en": "Results", "weight": "1", "descriptors_en": "Low\nHigh"}]

    response = client.post(
        reverse("awards:nomination_update", args=[nomination.pk]), _nomination_post(nomination, criteria)
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Criterion “Results”: give one descriptor in English per level of the scale (5), lowest first."
    ]
    assert "Low\nHigh" in response.content.decode()


def test_competition_detail_shows_the_timeline_and_the_rubrics(client, manager, published, iom_office):
    nomination = NominationFactory(organisation=iom_office, competition=published, name_en="Best shelter")
    CriterionFactory(nomination=nomination, name_en="Results for victims", weight=3)
    client.force_login(manager)

    response = client.get(published.get_absolute_url())

    timeline = response.context["timeline"]
    assert [(row.key, row.passed, row.current) for row in timeline] == [
        ("call", True, False),
        ("consultations", False, True),
        ("deadline", False, False),
        ("judging", False, False),
        ("forum", False, False),
        ("results", False, False),
    ]
    page = response.content.decode()
    assert ("Results for victims" in page, "Level 5" in page, response.context["countries"]) == (
        True,
        True,
        [],
    )


@pytest.mark.parametrize("rows", [1, 3])
def test_competition_list_queries_do_not_grow_with_rows(
    client, manager, iom_office, other_ngo, rows, django_assert_num_queries
):
    for _ in range(rows):
        CompetitionFactory(organisation=iom_office, published_at=timezone.now())
    CompetitionFactory(organisation=iom_office)  # a draft: not the manager's to read
    client.force_login(manager)

    with django_assert_num_queries(6):
        response = client.get(reverse("awards:competition_list"))

    assert len(response.context["competitions"]) == rows


# API ---------------------------------------------------------------------------------------------------

LIST = "/api/v1/awards/competitions/"


def test_competition_api_nests_the_nominations_and_their_criteria(api, manager, iom_office, published):
    nomination = NominationFactory(organisation=iom_office, competition=published, code="shelter")
    CriterionFactory(nomination=nomination, code="impact", weight=3)
    CompetitionFactory(organisation=iom_office)  # a draft
    api.force_authenticate(manager)

    response = api.get(LIST)

    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [published.pk]
    assert [
        (n["code"], [(c["code"], c["weight"]) for c in n["criteria"]]) for n in rows[0]["nominations"]
    ] == [("shelter", [("impact", "3.00")])]


@pytest.mark.parametrize("rows", [1, 3])
def test_competition_api_list_queries_do_not_grow_with_rows(
    api, manager, iom_office, rows, django_assert_num_queries
):
    for _ in range(rows):
        competition = CompetitionFactory(organisation=iom_office, published_at=timezone.now())
        CriterionFactory(nomination=NominationFactory(organisation=iom_office, competition=competition))
    api.force_authenticate(manager)

    with django_assert_num_queries(5):
        response = api.get(LIST)

    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", (200, 200)),
        ("kz_coordinator", (200, 404)),
        ("manager", (200, 404)),
        ("judge", (200, 404)),
        ("outsider", (403, 403)),
    ],
)
def test_competition_api_role_matrix_on_a_draft(api, people, draft, role, expected):
    api.force_authenticate(people[role])

    answers = (api.get(LIST).status_code, api.get(f"{LIST}{draft.pk}/").status_code)

    assert answers == expected


def test_competition_api_password_only_is_refused(coordinator, draft):
    session = _password_only(coordinator, APIClient())

    assert (session.get(LIST).status_code, session.get(f"{LIST}{draft.pk}/").status_code) == (403, 403)


def test_nomination_update_page_renames_a_nomination_whose_rubric_is_frozen(
    client, coordinator, iom_office, draft
):
    nomination = NominationFactory(organisation=iom_office, competition=draft)
    CriterionFactory(nomination=nomination, code="impact")
    ScoreSheetFactory(
        organisation=iom_office, assignment__competition=draft, assignment__entry__nomination=nomination
    )
    client.force_login(coordinator)
    url = reverse("awards:nomination_update", args=[nomination.pk])

    page = client.get(url)
    response = client.post(url, _nomination_post(nomination, [], name_en="Best shelter, renamed"))

    nomination.refresh_from_db()
    assert (page.context["formset"], response.status_code) == (None, 302)
    assert (nomination.name_en, list(nomination.criteria.values_list("code", flat=True))) == (
        "Best shelter, renamed",
        ["impact"],
    )
