"""National consultations: the coordinator of a country records the one consultation of that country for a
published competition held there and puts forward nominees (organisations of the country, in the
competition's nominations) until consultations close; the organisers read every country's; a nominee is
withdrawn only while its organisation has no entry."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from awards.models import Consultation, Nominee
from awards.services import consultations as services
from awards.tests.factories import (
    CompetitionFactory,
    ConsultationFactory,
    EntryFactory,
    NominationFactory,
    NomineeFactory,
)
from network.models import OrganisationType
from network.tests.factories import OrganisationFactory


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def kz_office(db):
    return OrganisationFactory(
        name_en="IOM Kazakhstan", type=OrganisationType.INTERNATIONAL, country="KZ", region_id="KZ-75"
    )


@pytest.fixture
def kz_coordinator(kz_office):
    return user_with_role(Role.COORDINATOR, kz_office, username="kz-coordinator")


@pytest.fixture
def kz_ngo(db):
    return OrganisationFactory(name_en="Sana Sezim", country="KZ", region_id="KZ-75")


@pytest.fixture
def people(cast, kz_coordinator):
    return {**cast, "kz_coordinator": kz_coordinator}


@pytest.fixture
def competition(iom_office, coordinator):
    """Published, organised by IOM Tajikistan, consultations open for ten more days."""
    return CompetitionFactory(organisation=iom_office, created_by=coordinator, published_at=timezone.now())


@pytest.fixture
def nomination(iom_office, competition):
    return NominationFactory(organisation=iom_office, competition=competition, name_en="Best shelter")


@pytest.fixture
def consultation(iom_office, competition, coordinator):
    return ConsultationFactory(
        organisation=iom_office, competition=competition, country="TJ", created_by=coordinator
    )


def _closed(competition):
    competition.consultations_close_on = _in(-1)
    competition.save(update_fields=["consultations_close_on"])


def _consultations():
    # unscoped: the test reads back every organisation's rows.
    return list(Consultation.unscoped.order_by("pk"))


def _nominees():
    # unscoped: the test reads back every organisation's rows.
    return list(Nominee.unscoped.order_by("pk"))


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


# Services: the consultation ----------------------------------------------------------------------------


def test_consultation_create_records_the_country_s_consultation(
    coordinator, iom_office, ngo, other_ngo, competition
):
    consultation = services.consultation_create(
        competition=competition,
        by=coordinator,
        organisation=iom_office,
        held_on=_in(-2),
        place="Dushanbe",
        participants=[ngo, other_ngo],
        other_participants="Ministry of Labour",
        notes="Twelve NGOs took part.",
    )

    assert (consultation.country, consultation.organisation, set(consultation.participants.all())) == (
        "TJ",
        iom_office,
        {ngo, other_ngo},
    )
    assert AuditEntry.unscoped.get().action == "consultation.created"


def test_consultation_create_refuses_a_country_not_the_office_s(coordinator, iom_office, competition):
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            competition=competition, by=coordinator, organisation=iom_office, country="KZ", held_on=_in(-1)
        )

    assert refused.value.message_dict == {
        "country": ["Your office runs the national consultation of Tajikistan only."]
    }
    assert _consultations() == []


def test_consultation_create_refuses_a_country_the_competition_is_not_held_in(
    coordinator, iom_office, competition
):
    competition.countries = ["KZ", "KG"]
    competition.save(update_fields=["countries"])

    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            competition=competition, by=coordinator, organisation=iom_office, held_on=_in(-1)
        )

    assert refused.value.message_dict == {"country": ["This competition is not held in Tajikistan."]}
    assert _consultations() == []


def test_consultation_create_refuses_a_second_consultation_of_the_country(
    coordinator, iom_office, consultation
):
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            competition=consultation.competition, by=coordinator, organisation=iom_office, held_on=_in(-1)
        )

    assert refused.value.message_dict == {
        "country": ["The national consultation of Tajikistan is already recorded for this competition."]
    }


def test_consultation_create_refuses_after_consultations_close(coordinator, iom_office, competition):
    _closed(competition)

    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            competition=competition, by=coordinator, organisation=iom_office, held_on=_in(-3)
        )

    assert refused.value.message_dict == {
        "competition": [f"National consultations closed on {formats.date_format(_in(-1))}."]
    }


def test_consultation_create_refuses_a_draft_competition(coordinator, iom_office, competition):
    competition.published_at = None
    competition.save(update_fields=["published_at"])

    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            competition=competition, by=coordinator, organisation=iom_office, held_on=_in(-3)
        )

    assert refused.value.message_dict == {
        "competition": ["The call of this competition is not published yet."]
    }


def test_consultation_create_refuses_participants_of_another_country(
    coordinator, iom_office, competition, kz_ngo
):
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            competition=competition,
            by=coordinator,
            organisation=iom_office,
            held_on=_in(-1),
            participants=[kz_ngo],
        )

    assert refused.value.message_dict == {"participants": ["Not an organisation of Tajikistan: Sana Sezim."]}


def test_consultation_create_refuses_a_date_after_consultations_close(coordinator, iom_office, competition):
    with pytest.raises(ValidationError) as refused:
        services.consultation_create(
            competition=competition, by=coordinator, organisation=iom_office, held_on=_in(11)
        )

    assert list(refused.value.message_dict) == ["held_on"]


@pytest.mark.parametrize("who", ["manager", "judge", "kz_coordinator"])
def test_consultation_create_for_the_office_by_anyone_else_is_refused(people, iom_office, competition, who):
    with pytest.raises(PermissionDenied):
        services.consultation_create(
            competition=competition, by=people[who], organisation=iom_office, held_on=_in(-1)
        )


def test_the_coordinator_of_another_country_records_theirs(kz_coordinator, kz_office, competition):
    consultation = services.consultation_create(
        competition=competition, by=kz_coordinator, organisation=kz_office, held_on=_in(-1), place="Almaty"
    )

    assert (consultation.country, consultation.organisation) == ("KZ", kz_office)


def test_consultation_update_changes_the_record_until_consultations_close(coordinator, consultation, ngo):
    services.consultation_update(
        consultation=consultation, by=coordinator, place="Khujand", participants=[ngo]
    )
    _closed(consultation.competition)
    with pytest.raises(ValidationError):
        services.consultation_update(consultation=consultation, by=coordinator, place="Dushanbe")

    consultation.refresh_from_db()
    assert (consultation.place, list(consultation.participants.all())) == ("Khujand", [ngo])
    assert AuditEntry.unscoped.get(action="consultation.updated").details == {
        "fields": ["participants", "place"]
    }


# Services: nominees ------------------------------------------------------------------------------------


def test_nominee_add_puts_an_organisation_of_the_country_forward(coordinator, consultation, nomination, ngo):
    nominee = services.nominee_add(
        consultation=consultation,
        by=coordinator,
        organisation=ngo,
        nomination=nomination,
        notes="Runs a shelter.",
    )

    assert (nominee.organisation, nominee.nomination, nominee.put_forward_by, nominee.notes) == (
        ngo,
        nomination,
        coordinator,
        "Runs a shelter.",
    )
    assert AuditEntry.unscoped.get().action == "nominee.added"


def test_nominee_add_refusals(coordinator, iom_office, consultation, nomination, ngo, kz_ngo):
    NomineeFactory(organisation=ngo, consultation=consultation, nomination=nomination)
    other_nomination = NominationFactory(organisation=iom_office)  # of another competition
    attempts = {
        "the office itself": {"organisation": iom_office, "nomination": nomination},
        "another country": {"organisation": kz_ngo, "nomination": nomination},
        "another competition": {"organisation": ngo, "nomination": other_nomination},
        "twice": {"organisation": ngo, "nomination": nomination},
    }

    refusals = {}
    for name, given in attempts.items():
        with pytest.raises(ValidationError) as refused:
            services.nominee_add(consultation=consultation, by=coordinator, **given)
        refusals[name] = refused.value.message_dict

    assert refusals == {
        "the office itself": {
            "organisation": ["The office running the consultation cannot nominate itself."]
        },
        "another country": {"organisation": ["Not an organisation of Tajikistan."]},
        "another competition": {"nomination": ["Not a nomination of this competition."]},
        "twice": {"organisation": ["Women and Society is already put forward in this nomination."]},
    }
    assert len(_nominees()) == 1


def test_nominee_add_refuses_after_consultations_close(coordinator, consultation, nomination, ngo):
    _closed(consultation.competition)

    with pytest.raises(ValidationError) as refused:
        services.nominee_add(
            consultation=consultation, by=coordinator, organisation=ngo, nomination=nomination
        )

    assert list(refused.value.message_dict) == ["competition"]
    assert _nominees() == []


def test_nominee_add_by_the_coordinator_of_another_country_is_refused(
    kz_coordinator, consultation, nomination, ngo
):
    with pytest.raises(PermissionDenied):
        services.nominee_add(
            consultation=consultation, by=kz_coordinator, organisation=ngo, nomination=nomination
        )


def test_nominee_withdraw_only_while_there_is_no_entry(coordinator, consultation, nomination, ngo, other_ngo):
    free = NomineeFactory(organisation=ngo, consultation=consultation, nomination=nomination)
    with_entry = NomineeFactory(organisation=other_ngo, consultation=consultation, nomination=nomination)
    EntryFactory(
        organisation=other_ngo,
        competition=consultation.competition,
        nomination=nomination,
        nominee=with_entry,
    )

    services.nominee_withdraw(nominee=free, by=coordinator)
    with pytest.raises(ValidationError) as refused:
        services.nominee_withdraw(nominee=with_entry, by=coordinator)

    assert _nominees() == [with_entry]
    assert refused.value.message_dict == {
        "nominee": ["Human Rights Centre has already written its entry: the nomination cannot be withdrawn."]
    }
    assert AuditEntry.unscoped.get(action="nominee.withdrawn").details["nominee"] == free.pk


# Pages -------------------------------------------------------------------------------------------------

ROLES = ["coordinator", "kz_coordinator", "manager", "judge", "outsider", "password_only"]


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        # coordinator (organiser and TJ's), kz_coordinator, manager, judge, outsider, password only
        ("awards:consultation_detail", (200, 404, 404, 404, 404, 302)),
        ("awards:consultation_update", (200, 404, 404, 404, 404, 302)),
        ("awards:consultation_nominee_add", (200, 404, 404, 404, 404, 302)),
    ],
)
def test_consultation_pages_role_matrix(client, people, consultation, url_name, expected):
    answers = {}
    for role in ROLES:
        client.logout()
        answers[role] = (
            _client_for(client, people, role).get(reverse(url_name, args=[consultation.pk])).status_code
        )

    assert answers == dict(zip(ROLES, expected, strict=True))


def test_consultation_add_role_matrix(client, people, competition):
    answers = {}
    for role in ROLES:
        client.logout()
        url = reverse("awards:competition_consultation_add", args=[competition.pk])
        answers[role] = _client_for(client, people, role).get(url).status_code

    assert answers == dict(zip(ROLES, (200, 200, 403, 403, 404, 302), strict=True))


def test_the_organiser_reads_another_country_s_consultation_but_does_not_change_it(
    client, kz_coordinator, kz_office, coordinator, iom_office
):
    competition = CompetitionFactory(organisation=kz_office, published_at=timezone.now())
    consultation = ConsultationFactory(organisation=iom_office, competition=competition, country="TJ")
    client.force_login(kz_coordinator)

    answers = [
        client.get(reverse(name, args=[consultation.pk])).status_code
        for name in (
            "awards:consultation_detail",
            "awards:consultation_update",
            "awards:consultation_nominee_add",
        )
    ]

    assert answers == [200, 403, 403]


@pytest.mark.parametrize(("role", "expected"), [*zip(ROLES, (302, 404, 403, 404, 404, 302), strict=True)])
def test_nominee_withdraw_role_matrix(client, people, consultation, nomination, ngo, role, expected):
    nominee = NomineeFactory(organisation=ngo, consultation=consultation, nomination=nomination)

    response = _client_for(client, people, role).post(reverse("awards:nominee_withdraw", args=[nominee.pk]))

    assert (response.status_code, _nominees() == []) == (expected, role == "coordinator")


def test_consultation_add_page_records_it_and_keeps_the_input_on_error(client, coordinator, competition, ngo):
    client.force_login(coordinator)
    url = reverse("awards:competition_consultation_add", args=[competition.pk])
    data = {
        "held_on": _in(30).isoformat(),
        "place": "Dushanbe",
        "participants": [ngo.pk],
        "notes": "Synthetic notes",
    }

    refused = client.post(url, data)
    saved = client.post(url, {**data, "held_on": _in(-1).isoformat()})

    assert list(refused.context["form"].errors) == ["held_on"]
    assert "Synthetic notes" in refused.content.decode()
    consultation = _consultations()[0]
    assert (saved.url, consultation.country, list(consultation.participants.all())) == (
        consultation.get_absolute_url(),
        "TJ",
        [ngo],
    )


def test_consultation_add_page_refuses_a_second_one_with_the_reason(client, coordinator, consultation):
    client.force_login(coordinator)

    response = client.post(
        reverse("awards:competition_consultation_add", args=[consultation.competition_id]),
        {"held_on": _in(-1).isoformat()},
    )

    assert response.context["form"].non_field_errors() == [
        "The national consultation of Tajikistan is already recorded for this competition."
    ]


def test_nominee_form_offers_the_country_s_ngos_and_the_competition_s_nominations(
    client, coordinator, iom_office, consultation, nomination, ngo, other_ngo, kz_ngo
):
    NominationFactory(organisation=iom_office)  # of another competition
    OrganisationFactory(name_en="Ministry of Labour", type=OrganisationType.CENTRAL_GOVERNMENT, country="TJ")
    client.force_login(coordinator)

    response = client.get(reverse("awards:consultation_nominee_add", args=[consultation.pk]))

    form = response.context["form"]
    assert set(form.fields["organisation"].queryset) == {ngo, other_ngo}
    assert list(form.fields["nomination"].queryset) == [nomination]


def test_nominee_add_page_puts_forward_and_shows_it(client, coordinator, consultation, nomination, ngo):
    client.force_login(coordinator)

    response = client.post(
        reverse("awards:consultation_nominee_add", args=[consultation.pk]),
        {"organisation": ngo.pk, "nomination": nomination.pk, "notes": "Opened a second shelter."},
        follow=True,
    )

    assert [(n.organisation, n.nomination) for n in _nominees()] == [(ngo, nomination)]
    assert "Opened a second shelter." in response.content.decode()


def test_competition_detail_lists_consultations_for_the_organiser_and_own_nominations_for_managers(
    client, coordinator, manager, consultation, nomination, ngo
):
    NomineeFactory(organisation=ngo, consultation=consultation, nomination=nomination)
    url = consultation.competition.get_absolute_url()

    client.force_login(coordinator)
    organiser = client.get(url).context
    client.force_login(manager)
    managers = client.get(url).context

    assert [(row.country, row.consultation) for row in organiser["countries"]] == [
        ("KZ", None),
        ("KG", None),
        ("TJ", consultation),
        ("TM", None),
        ("UZ", None),
    ]
    assert (managers["countries"], [n.nomination for n in managers["own_nominations"]]) == ([], [nomination])


# API ---------------------------------------------------------------------------------------------------

CONSULTATIONS = "/api/v1/awards/consultations/"
NOMINEES = "/api/v1/awards/nominees/"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # list consultations, read one, create a nominee
        ("coordinator", (200, 200, 201)),
        ("kz_coordinator", (200, 404, 404)),
        ("manager", (403, 403, 403)),
        ("judge", (403, 403, 403)),
        ("outsider", (403, 403, 403)),
    ],
)
def test_consultation_api_role_matrix(api, people, consultation, nomination, ngo, role, expected):
    api.force_authenticate(people[role])
    body = {"consultation": consultation.pk, "organisation": ngo.pk, "nomination": nomination.pk}

    answers = (
        api.get(CONSULTATIONS).status_code,
        api.get(f"{CONSULTATIONS}{consultation.pk}/").status_code,
        api.post(NOMINEES, body, format="json").status_code,
    )

    assert answers == expected
    assert len(_nominees()) == (1 if role == "coordinator" else 0)


def test_nominee_api_refusal_names_the_field(api, coordinator, consultation, nomination, iom_office):
    api.force_authenticate(coordinator)

    response = api.post(
        NOMINEES,
        {"consultation": consultation.pk, "organisation": iom_office.pk, "nomination": nomination.pk},
        format="json",
    )

    assert (response.status_code, response.json()["field"], response.json()["error"]) == (
        400,
        "organisation",
        "The office running the consultation cannot nominate itself.",
    )


def test_nominee_api_the_nominated_manager_reads_their_own(
    api, manager, consultation, nomination, ngo, other_ngo
):
    own = NomineeFactory(organisation=ngo, consultation=consultation, nomination=nomination)
    NomineeFactory(organisation=other_ngo, consultation=consultation, nomination=nomination)
    api.force_authenticate(manager)

    response = api.get(NOMINEES)

    assert [row["id"] for row in response.json()["results"]] == [own.pk]


@pytest.mark.parametrize("rows", [1, 3])
def test_consultation_api_list_queries_do_not_grow_with_rows(
    api, coordinator, iom_office, ngo, rows, django_assert_num_queries
):
    for _ in range(rows):
        competition = CompetitionFactory(organisation=iom_office, published_at=timezone.now())
        consultation = ConsultationFactory(organisation=iom_office, competition=competition)
        consultation.participants.add(ngo)
        NomineeFactory(
            organisation=ngo,
            consultation=consultation,
            nomination=NominationFactory(organisation=iom_office, competition=competition),
        )
    api.force_authenticate(coordinator)

    with django_assert_num_queries(5):
        response = api.get(CONSULTATIONS)

    assert len(response.json()["results"]) == rows


def test_consultation_api_password_only_is_refused_and_changes_nothing(
    coordinator, consultation, nomination, ngo
):
    session = _password_only(coordinator, APIClient())
    body = {"consultation": consultation.pk, "organisation": ngo.pk, "nomination": nomination.pk}

    answers = (
        session.get(CONSULTATIONS).status_code,
        session.post(NOMINEES, body, format="json").status_code,
    )

    assert (answers, _nominees()) == ((403, 403), [])
