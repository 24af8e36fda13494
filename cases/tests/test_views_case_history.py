"""The History tab of a case: its changes (personal data as "changed", no values) and audit entries,
shown to those who may read the audit trail (managers); other case workers see why it is empty."""

import pytest
from django.urls import reverse

from audit.selectors import FieldChange

NEW_NAME = "Shahnoza"


def _history(client, user, case):
    client.force_login(user)
    return client.get(reverse("cases:case_history", args=[case.pk]))


@pytest.mark.parametrize(
    ("role", "status", "shown"),
    [
        ("manager", 200, True),
        ("caseworker", 200, False),
        ("hotline_operator", 200, False),
        ("shelter_staff", 200, False),
        ("outsider", 404, None),
        ("coordinator", 403, None),
    ],
)
def test_case_history_role_matrix(client, cast, case, role, status, shown):
    response = _history(client, cast[role], case)

    assert response.status_code == status
    if shown is not None:
        context = response.context
        seen = (context["can_view"], bool(context["changes"]), bool(context["entries"]))
        assert seen == (shown, shown, shown)


def test_case_history_tells_others_who_may_see_it(client, case, caseworker):
    response = _history(client, caseworker, case)

    assert "The history of the case is shown to the organisation's managers." in response.text


def test_case_history_shows_registration_of_case_and_its_sections(client, case, manager, caseworker):
    response = _history(client, manager, case)

    rows = [(row.record_type, row.action) for row in response.context["changes"]]
    assert sorted(rows) == [
        ("Case", "created"),
        ("Screening", "created"),
        ("Trafficking experience", "created"),
        ("Victim", "created"),
    ]
    assert [(entry.action, entry.actor) for entry in response.context["entries"]] == [
        ("case.registered", caseworker)
    ]


def test_case_history_shows_victim_name_change_without_names(client, case, manager, caseworker):
    client.force_login(caseworker)
    saved = client.post(
        reverse("cases:case_personal", args=[case.pk]),
        {
            "given_name": NEW_NAME,
            "family_name": "Rakhimova",
            "sex": "female",
            "birth_date": "1994-05-17",
            "citizenship": ["TJ"],
            "mobile_phone": "+992900000001",
        },
    )

    response = _history(client, manager, case)

    newest = response.context["changes"][0]
    assert saved.status_code == 302
    assert (newest.record_type, newest.action, newest.user) == ("Victim", "changed", caseworker)
    assert newest.changes == [FieldChange(label="Given name", hidden=True)]
    assert [entry.action for entry in response.context["entries"]] == ["victim.updated", "case.registered"]
    assert "changed (personal data, not shown)" in response.text
    assert (NEW_NAME in response.text, "Gulnora" in response.text) == (False, False)
