"""The network's duplicate check: names an organisation only with the victim's consent, rate-limited and
logged per user, and visible to the managers (a probe that opens drafts to ask shows up)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from cases import selectors, services
from cases.models import Case
from cases.tests.factories import ConsentFactory
from cases.tests.test_views_case_create import intake
from notifications.models import Notification

BIRTH = datetime.date(1994, 5, 17)


def _check(user, organisation, **person):
    person = {"given_name": "Гулнора", "family_name": "Рахимова", "birth_date": BIRTH, **person}
    return services.victim_match_check(by=user, organisation=organisation, **person)


def _consent_to_sharing_with(case, recipient, **fields):
    return ConsentFactory(
        organisation=case.organisation,
        case=case,
        purpose="sharing",
        recipient=recipient,
        sections=["screening"],
        **fields,
    )


def test_match_without_the_victims_consent_names_no_organisation(case, outsider, other_ngo, manager):
    match = _check(outsider, other_ngo)

    assert (match.organisations, match.elsewhere) == ([], True)


def test_match_without_consent_notifies_the_matched_managers_without_personal_data(
    case, outsider, other_ngo, manager
):
    _check(outsider, other_ngo)

    notification = Notification.unscoped.get(kind="possible_match")
    assert (notification.recipient, notification.organisation, notification.subject) == (
        manager,
        case.organisation,
        case.code,
    )
    assert "Gulnora" not in notification.message
    assert "Rakhimova" not in notification.message


def test_match_with_consent_to_sharing_with_the_asker_names_the_organisation(case, outsider, other_ngo):
    _consent_to_sharing_with(case, other_ngo)

    match = _check(outsider, other_ngo)

    assert (match.organisations, match.elsewhere) == (["Women and Society"], False)
    assert Notification.unscoped.filter(kind="possible_match").count() == 0


def test_match_names_nobody_once_the_latest_consent_refuses(case, caseworker, outsider, other_ngo):
    services.consent_record(
        case=case,
        by=caseworker,
        purpose="sharing",
        recipient=other_ngo,
        method="oral",
        sections=["screening"],
    )
    services.consent_record(
        case=case, by=caseworker, purpose="sharing", recipient=other_ngo, method="oral", status="refused"
    )

    match = _check(outsider, other_ngo)

    assert (match.organisations, match.elsewhere) == ([], True)


def test_match_with_an_expired_consent_names_nobody(case, outsider, other_ngo):
    _consent_to_sharing_with(case, other_ngo, expires_on=datetime.date(2026, 1, 31))

    match = _check(outsider, other_ngo)

    assert (match.organisations, match.elsewhere) == ([], True)


def test_match_with_consent_to_another_organisation_names_nobody(case, outsider, other_ngo, iom_office):
    _consent_to_sharing_with(case, iom_office)

    match = _check(outsider, other_ngo)

    assert (match.organisations, match.elsewhere) == ([], True)


def test_match_in_the_askers_own_organisation_is_named(case, caseworker, ngo):
    match = _check(caseworker, ngo, given_name="Gulnora", family_name="Rakhimova")

    assert (match.organisations, match.elsewhere) == (["Women and Society"], False)


def test_match_by_birth_year_only(case, caseworker, ngo):
    match = _check(caseworker, ngo, birth_date=None, birth_year=1994)

    assert match.organisations == ["Women and Society"]


def test_no_match_for_another_person(case, outsider, other_ngo):
    match = _check(outsider, other_ngo, birth_date=datetime.date(1990, 1, 1))

    assert (match.organisations, match.elsewhere) == ([], False)
    assert Notification.unscoped.filter(kind="possible_match").count() == 0


def test_each_check_is_logged_without_personal_data(case, caseworker, outsider, ngo, other_ngo):
    _check(outsider, other_ngo)
    _check(outsider, other_ngo, birth_date=datetime.date(1990, 1, 1))

    entries = AuditEntry.unscoped.filter(action="victim.match_checked").order_by("pk")

    assert [(entry.actor, entry.organisation, entry.details) for entry in entries] == [
        (outsider, other_ngo, {"matched": True, "named": 0, "unnamed": 1, "asked": True}),
        (outsider, other_ngo, {"matched": False, "named": 0, "unnamed": 0, "asked": False}),
    ]


def test_checks_are_rate_limited_per_user(case, caseworker, manager, outsider, ngo, other_ngo, settings):
    settings.AMANAT_DUPLICATE_CHECKS_PER_HOUR = 2

    answers = [_check(outsider, other_ngo).limited for _ in range(3)]
    colleague = _check(caseworker, ngo).limited

    assert (answers, colleague) == ([False, False, True], False)
    assert AuditEntry.unscoped.filter(action="victim.match_limited", actor=outsider).count() == 1
    assert Notification.unscoped.filter(kind="possible_match").count() == 2  # none for the refused check


def test_check_denied_to_a_role_that_cannot_open_cases(case, analyst, ngo):
    with pytest.raises(PermissionDenied):
        _check(analyst, ngo)


# The intake page ----------------------------------------------------------------------------------------


def _intake(client, user, **fields):
    """The person step as the browser without JavaScript sends it: the check runs before saving."""
    client.force_login(user)
    data = intake(
        **{"given_name": "Gulnora", "family_name": "Rakhimova", "birth_date": "1994-05-17", **fields}
    )
    return client.post(reverse("cases:case_create"), data, follow=True)


def test_intake_warns_of_a_match_in_the_network_before_saving_without_naming_it(client, case, outsider):
    response = _intake(client, outsider)

    assert response.status_code == 200
    assert "A possible match exists elsewhere in the network." in response.text
    assert "Ask the other organisation to make contact" in response.text
    assert "Women and Society" not in response.text
    assert Case.unscoped.count() == 1  # the outsider's duplicate was not saved
    assert Notification.unscoped.filter(kind="possible_match").count() == 0  # not asked yet


def test_intake_saves_once_the_match_was_shown(client, case, outsider, other_ngo):
    _intake(client, outsider)

    response = _intake(client, outsider, match_checked="1")

    assert response.redirect_chain[-1][0].endswith("/intake/screening/")
    assert Case.unscoped.filter(organisation=other_ngo, is_draft=True).count() == 1


def test_intake_names_the_organisation_with_the_victims_consent(client, case, outsider, other_ngo):
    _consent_to_sharing_with(case, other_ngo)

    response = _intake(client, outsider)

    assert "Possible match at organisation Women and Society." in response.text
    assert case.code not in response.text  # another organisation's case is never named


def test_intake_over_the_limit_says_the_check_was_not_run(client, case, outsider, settings):
    settings.AMANAT_DUPLICATE_CHECKS_PER_HOUR = 0

    response = _intake(client, outsider)

    assert (
        "The duplicate check was not run: you reached the limit of checks per hour. Try again later."
        in response.text
    )


def _match_post(client, user, name, **fields):
    client.force_login(user)
    data = {"given_name": "Gulnora", "family_name": "Rakhimova", "birth_date": "1994-05-17", **fields}
    return client.post(reverse(f"cases:{name}"), data)


def test_match_check_as_typed_links_the_own_organisations_case(client, case, caseworker):
    response = _match_post(client, caseworker, "intake_match_check")

    assert response.status_code == 200
    assert "Possible match at organisation Women and Society." in response.text
    assert f'href="{case.get_absolute_url()}"' in response.text
    assert 'name="match_checked"' in response.text


def test_match_check_as_typed_leaves_out_the_draft_being_edited(client, case, caseworker):
    response = _match_post(client, caseworker, "intake_match_check", case=str(case.pk))

    assert "No possible match in the network." in response.text


def test_match_check_as_typed_asks_no_one_until_the_user_asks(client, case, outsider, manager):
    checked = _match_post(client, outsider, "intake_match_check")
    asked = _match_post(client, outsider, "intake_match_ask")

    assert "Ask the other organisation to make contact" in checked.text
    assert "Its managers have been asked to make contact." in asked.text
    assert list(Notification.unscoped.filter(kind="possible_match").values_list("recipient", flat=True)) == [
        manager.pk
    ]


def test_match_check_never_answers_a_get(client, case, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("cases:intake_match_check"), {"given_name": "Gulnora"})

    assert response.status_code == 405


# The managers' page ------------------------------------------------------------------------------------


def test_managers_see_a_probe_that_opens_drafts_to_ask(client, case, hotline_operator, manager, ngo):
    for given_name in ["Anora", "Barno", "Dilya"]:  # three different people, none known
        _intake(client, hotline_operator, given_name=given_name, referral_source="hotline")
    client.force_login(manager)

    response = client.get(reverse("cases:duplicate_check_list"))

    rows = {row.user.username: row for row in response.context["rows"]}
    probe = rows["hotline"]
    assert (probe.checks, probe.matched, probe.limited, probe.drafts, probe.abandoned_drafts) == (
        3,
        0,
        0,
        3,
        0,
    )
    assert f'id="duplicate-checks-{hotline_operator.pk}"' in response.text


def test_duplicate_check_summary_counts_drafts_left_untouched(case, caseworker, manager, ngo):
    from cases.models import Case

    _check(caseworker, ngo, given_name="Gulnora", family_name="Rakhimova")
    Case.unscoped.filter(pk=case.pk).update(  # unscoped: the test ages its own case
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )

    rows = selectors.duplicate_check_summary(user=manager, organisation=ngo)

    assert [(row.user, row.checks, row.matched, row.drafts, row.abandoned_drafts) for row in rows] == [
        (caseworker, 1, 1, 1, 1)
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("caseworker", 403),
        ("hotline_operator", 403),
        ("shelter_staff", 403),
        ("outsider", 403),
        ("coordinator", 403),
        ("judge", 403),
    ],
)
def test_duplicate_check_list_role_matrix(client, cast, role, status):
    client.force_login(cast[role])

    response = client.get(reverse("cases:duplicate_check_list"))

    assert response.status_code == status


def test_duplicate_check_list_password_only_shows_nothing(case, manager):
    password_only = Client()  # logged in, second factor not passed
    password_only.force_login(manager)

    response = password_only.get(reverse("cases:duplicate_check_list"))

    assert response.status_code in (302, 403)
    assert "duplicate-checks-" not in response.content.decode()
