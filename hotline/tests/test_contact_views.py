"""The live call's form, its autosave, the list and a contact's page; every route's role matrix."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases.tests.factories import VictimFactory
from hotline.callers import caller_hash
from hotline.models import CallerFlag, Contact
from hotline.tests.factories import CallerFlagFactory, ContactFactory, LineFactory

NUMBER = "+992 00 765 43 21"  # a made-up number


@pytest.fixture
def line(ngo, hotline_operator):
    return LineFactory(organisation=ngo, name="Khujand helpline", operators=[hotline_operator])


@pytest.fixture
def contact(line, hotline_operator):
    return ContactFactory(
        organisation=line.organisation, line=line, operator=hotline_operator, caller_hash=caller_hash(NUMBER)
    )


@pytest.fixture
def their_operator(other_ngo):
    """A hotline operator of another organisation: our contacts are not theirs to find (404)."""
    user = user_with_role(Role.HOTLINE_OPERATOR, other_ngo, username="their-operator")
    LineFactory(organisation=other_ngo, operators=[user])
    return user


def _contacts() -> list:
    # unscoped: the test counts every organisation's rows the views wrote.
    return list(Contact.unscoped.order_by("pk"))


def _routes(contact, flag):
    return {
        "list": ("get", reverse("hotline:contact_list"), {}),
        "new": ("get", reverse("hotline:contact_create"), {}),
        "detail": ("get", reverse("hotline:contact_detail", args=[contact.pk]), {}),
        "edit": ("get", reverse("hotline:contact_update", args=[contact.pk]), {}),
        "autosave": (
            "post",
            reverse("hotline:contact_autosave"),
            {"contact": contact.pk, "line": contact.line_id, "channel": "phone", "notes": "Synthetic."},
        ),
        "open_case": ("post", reverse("hotline:contact_case_open", args=[contact.pk]), {}),
        "link_case": ("post", reverse("hotline:contact_case_link", args=[contact.pk]), {"case_code": "TJ-0"}),
        "flag": ("post", reverse("hotline:contact_flag", args=[contact.pk]), {"kind": "prank", "days": 5}),
        "flag_end": ("post", reverse("hotline:callerflag_end", args=[flag.pk]), {}),
    }


PAGE_OK = {"list": 200, "new": 200, "detail": 200, "edit": 200, "autosave": 200}
ACTION_OK = {"open_case": 302, "link_case": 302, "flag": 302, "flag_end": 302}
ROUTE_NAMES = [*PAGE_OK, *ACTION_OK]
# Routes without a contact in the URL answer a user of another organisation as to any other user.
NO_PK = {"list": 200, "new": 200}


def _expected(role: str, route: str) -> int:
    if role in ("hotline_operator", "manager"):
        return {**PAGE_OK, **ACTION_OK}[route]
    if role == "their_operator":
        return NO_PK.get(route, 404)
    return 403


@pytest.mark.parametrize("route", ROUTE_NAMES)
@pytest.mark.parametrize(
    "role",
    [
        "hotline_operator",
        "manager",
        "caseworker",
        "shelter_staff",
        "coordinator",
        "judge",
        "outsider",
        "their_operator",
    ],
)
def test_contact_routes_role_matrix(client, cast, their_operator, contact, role, route):
    flag = CallerFlagFactory(organisation=contact.organisation, caller_hash=contact.caller_hash)
    method, url, data = _routes(contact, flag)[route]
    user = their_operator if role == "their_operator" else cast[role]
    client.force_login(user)

    response = getattr(client, method)(url, data)

    assert response.status_code == _expected(role, route)


@pytest.mark.parametrize("route", ROUTE_NAMES)
@pytest.mark.parametrize("role", ["hotline_operator", "manager"])
def test_contact_routes_password_only_change_nothing_and_ask_for_the_second_factor(
    cast, contact, role, route
):
    flag = CallerFlagFactory(organisation=contact.organisation, caller_hash=contact.caller_hash)
    method, url, data = _routes(contact, flag)[route]
    visitor = Client()
    visitor.force_login(cast[role])  # password only: no second factor passed
    before = (_contacts(), [(c.case_id, c.notes) for c in _contacts()], list(CallerFlag.unscoped.values()))

    response = getattr(visitor, method)(url, data)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))
    # unscoped: every organisation's rows, unchanged.
    after = (_contacts(), [(c.case_id, c.notes) for c in _contacts()], list(CallerFlag.unscoped.values()))
    assert after == before


def test_contact_list_shows_the_operator_s_lines_only(client, line, hotline_operator, ngo, other_ngo):
    ours = ContactFactory(organisation=ngo, line=line)
    ContactFactory(organisation=ngo, line=LineFactory(organisation=ngo))
    ContactFactory(organisation=other_ngo)
    client.force_login(hotline_operator)

    response = client.get(reverse("hotline:contact_list"))

    assert [row.pk for row in response.context["page"]] == [ours.pk]


@pytest.mark.parametrize("rows", [1, 3])
def test_contact_list_queries_do_not_grow_with_rows(
    client, line, manager, other_ngo, rows, django_assert_num_queries
):
    for _ in range(rows):
        ContactFactory(
            organisation=line.organisation, line=line, case=VictimFactory(organisation=line.organisation).case
        )
    ContactFactory(organisation=other_ngo)
    client.force_login(manager)

    with django_assert_num_queries(8):
        response = client.get(reverse("hotline:contact_list"))

    assert len(response.context["page"]) == rows


def test_contact_list_filters_by_topic_and_outcome(client, line, hotline_operator):
    job = ContactFactory(
        organisation=line.organisation, line=line, topics=["job_offer_check"], outcome="information"
    )
    ContactFactory(
        organisation=line.organisation, line=line, topics=["missing_person"], outcome="information"
    )
    referred = ContactFactory(
        organisation=line.organisation, line=line, topics=["job_offer_check"], outcome="referral"
    )
    client.force_login(hotline_operator)

    by_topic = client.get(reverse("hotline:contact_list"), {"topic": "job_offer_check"})
    by_both = client.get(reverse("hotline:contact_list"), {"topic": "job_offer_check", "outcome": "referral"})

    assert sorted(row.pk for row in by_topic.context["page"]) == sorted([job.pk, referred.pk])
    assert [row.pk for row in by_both.context["page"]] == [referred.pk]


def test_live_call_page_documents_its_shortcuts_and_runs_a_timer(client, line, hotline_operator):
    client.force_login(hotline_operator)

    page = client.get(reverse("hotline:contact_create")).content.decode()

    assert 'id="call-timer" role="timer"' in page
    assert "js/hotline_call.js" in page
    for key in ("1", "2", "3", "l", "n", "t", "u", "w", "p", "s", "r", "k", "j"):
        assert f'data-shortcut="{key}" aria-keyshortcuts="Alt+{key.upper()}"' in page
    assert "Keyboard shortcuts" in page
    assert 'id="caller-history"' in page


def test_autosave_starts_one_draft_and_keeps_saving_it(client, line, hotline_operator):
    client.force_login(hotline_operator)
    url = reverse("hotline:contact_autosave")

    first = client.post(url, {"line": line.pk, "channel": "phone", "topics": ["safe_migration"]})
    draft = _contacts()[0]
    client.post(url, {"contact": draft.pk, "line": line.pk, "channel": "sms", "notes": "Synthetic."})

    saved = _contacts()
    assert (len(saved), saved[0].is_draft, saved[0].channel, saved[0].topics) == (1, True, "sms", [])
    assert saved[0].notes == "Synthetic."
    assert f'name="contact" id="id_contact" value="{draft.pk}"' in first.content.decode()
    assert first["HX-Replace-Url"] == reverse("hotline:contact_update", args=[draft.pk])


def test_autosave_refuses_bad_input_and_saves_nothing(client, line, hotline_operator):
    client.force_login(hotline_operator)

    response = client.post(
        reverse("hotline:contact_autosave"),
        {
            "line": line.pk,
            "channel": "phone",
            "duration_seconds": -3,
            "caller_country": "TJ",
            "caller_region": "UZ-TO",
        },
    )

    page = response.content.decode()
    assert "Not saved:" in page
    assert "Duration (seconds): The duration cannot be below zero." in page
    assert "Caller&#x27;s region: This region is not in the caller&#x27;s country." in page
    assert _contacts() == []


def test_autosave_of_another_operator_s_draft_answers_404(client, line, their_operator):
    draft = ContactFactory(organisation=line.organisation, line=line, is_draft=True)
    client.force_login(their_operator)

    response = client.post(
        reverse("hotline:contact_autosave"), {"contact": draft.pk, "line": line.pk, "notes": "x"}
    )

    assert response.status_code == 404


def test_autosave_shows_the_repeat_caller_panel_without_storing_the_number(client, line, hotline_operator):
    ContactFactory(
        organisation=line.organisation, line=line, caller_hash=caller_hash(NUMBER), topics=["missing_person"]
    )
    client.force_login(hotline_operator)

    response = client.post(
        reverse("hotline:contact_autosave"),
        {"line": line.pk, "channel": "phone", "caller_number": "00992007654321"},
    )

    page = response.content.decode()
    assert "Repeat caller" in page
    assert "Missing person" in page
    draft = _contacts()[-1]
    assert (draft.caller_hash, draft.caller_number) == (caller_hash(NUMBER), "")


def test_live_form_keeps_what_was_typed_on_errors(client, line, hotline_operator):
    client.force_login(hotline_operator)

    response = client.post(
        reverse("hotline:contact_create"),
        {
            "line": line.pk,
            "channel": "phone",
            "caller_type": "victim",
            "topics": ["request_for_help"],
            "outcome": "information",
            "duration_seconds": -1,
            "notes": "Typed during the call.",
            "action": "complete",
        },
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors["duration_seconds"] == ["The duration cannot be below zero."]
    assert "Typed during the call." in response.content.decode()
    assert _contacts() == []


def test_live_form_completes_the_call(client, line, hotline_operator):
    client.force_login(hotline_operator)

    response = client.post(
        reverse("hotline:contact_create"),
        {
            "line": line.pk,
            "channel": "phone",
            "caller_type": "prospective_migrant",
            "topics": ["job_offer_check"],
            "outcome": "information",
            "action": "complete",
        },
    )

    contact = _contacts()[0]
    assert response.url == contact.get_absolute_url()
    assert (contact.is_draft, contact.operator, contact.duration_seconds is not None) == (
        False,
        hotline_operator,
        True,
    )


def test_live_form_opens_a_case_from_the_call(client, line, hotline_operator):
    client.force_login(hotline_operator)

    response = client.post(
        reverse("hotline:contact_create"),
        {
            "line": line.pk,
            "channel": "phone",
            "caller_country": "TJ",
            "topics": ["exploitation_report"],
            "indicators": ["debt_bondage"],
            "action": "open_case",
        },
    )

    contact = _contacts()[0]
    assert response.url == reverse("hotline:contact_update", args=[contact.pk])
    assert (contact.outcome, contact.case.is_draft, contact.is_draft) == ("case_opened", True, True)


def test_live_form_links_a_case_by_its_code(client, line, manager, ngo):
    case = VictimFactory(organisation=ngo).case
    client.force_login(manager)

    client.post(
        reverse("hotline:contact_create"),
        {"line": line.pk, "channel": "phone", "case_code": case.code.lower(), "action": "link_case"},
    )

    assert _contacts()[0].case == case


def test_contact_detail_reads_the_notes_into_the_access_log(client, contact, hotline_operator):
    from audit.models import AccessLogEntry

    # unscoped: arranging a note on the contact.
    stored = Contact.unscoped.get(pk=contact.pk)
    stored.notes = "Synthetic note."
    stored.save(update_fields=["notes"])
    client.force_login(hotline_operator)

    page = client.get(reverse("hotline:contact_detail", args=[contact.pk])).content.decode()

    assert "Synthetic note." in page
    # unscoped: the access log of the read.
    assert list(AccessLogEntry.unscoped.values_list("purpose", flat=True)) == ["hotline.contact"]


def test_flag_from_the_contact_page_shows_in_the_repeat_caller_panel(client, contact, hotline_operator):
    client.force_login(hotline_operator)

    client.post(reverse("hotline:contact_flag", args=[contact.pk]), {"kind": "abusive", "days": 30})
    page = client.get(reverse("hotline:contact_detail", args=[contact.pk])).content.decode()

    assert "Abusive" in page
    # unscoped: the flag the view wrote.
    assert list(CallerFlag.unscoped.values_list("kind", "caller_hash")) == [("abusive", caller_hash(NUMBER))]


def test_live_call_page_reads_in_russian(client, line, hotline_operator, settings):
    client.force_login(hotline_operator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    page = client.get(reverse("hotline:contact_create")).content.decode()

    for text in ("Идёт звонок", "Сочетания клавиш", "Номер абонента", "Проверка предложения работы или визы"):
        assert text in page
    assert "Live call" not in page
