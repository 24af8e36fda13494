"""Repeat callers recognised by a keyed hash of the number: no number kept without consent; flags that
expire; never another organisation's history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from hotline import selectors, services
from hotline.callers import caller_hash, normalise_number
from hotline.models import CallerFlag, Contact
from hotline.tests.factories import ContactFactory, LineFactory

# Numbers of a made-up range, never a real person's.
NUMBER = "+992 00 123 45 67"


@pytest.fixture
def line(ngo, hotline_operator):
    return LineFactory(organisation=ngo, operators=[hotline_operator])


def _stored_number(contact) -> object:
    # The raw column, as the database holds it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT caller_number FROM hotline_contact WHERE id = %s", [contact.pk])
        return cursor.fetchone()[0]


def test_number_spellings_meet_on_one_key():
    assert normalise_number("+992 (00) 123-45-67") == normalise_number("0099200 1234567") == "992001234567"
    assert caller_hash("+992 00 123 45 67") == caller_hash("00992001234567")
    assert caller_hash("+992 00 123 45 68") != caller_hash(NUMBER)
    assert caller_hash("12") == ""


def test_number_without_consent_is_hashed_and_never_stored(line, hotline_operator):
    contact = services.contact_start(by=hotline_operator, line=line)

    services.contact_save(contact=contact, by=hotline_operator, caller_number=NUMBER)

    # unscoped: the test reads back the row the service wrote.
    saved = Contact.unscoped.get(pk=contact.pk)
    assert (saved.caller_hash, _stored_number(saved), saved.caller_number) == (caller_hash(NUMBER), None, "")
    assert "1234567" not in saved.caller_hash


def test_number_with_consent_is_stored_encrypted(line, hotline_operator):
    contact = services.contact_start(by=hotline_operator, line=line)

    services.contact_save(contact=contact, by=hotline_operator, caller_number=NUMBER, number_consent=True)

    # unscoped: the test reads back the row the service wrote.
    saved = Contact.unscoped.get(pk=contact.pk)
    assert saved.caller_number == NUMBER
    assert "123 45 67" not in _stored_number(saved)


def test_consent_withdrawn_forgets_the_number_and_keeps_the_key(line, hotline_operator):
    contact = services.contact_start(by=hotline_operator, line=line)
    services.contact_save(contact=contact, by=hotline_operator, caller_number=NUMBER, number_consent=True)

    services.contact_save(contact=contact, by=hotline_operator, number_consent=False)

    # unscoped: the test reads back the row the service wrote.
    saved = Contact.unscoped.get(pk=contact.pk)
    assert (_stored_number(saved), saved.caller_hash) == (None, caller_hash(NUMBER))


def test_repeat_caller_history_lists_earlier_topics_and_outcomes(line, hotline_operator):
    earlier = ContactFactory(
        organisation=line.organisation,
        line=line,
        caller_hash=caller_hash(NUMBER),
        topics=["missing_person"],
        outcome="referral",
    )
    ContactFactory(organisation=line.organisation, line=line, caller_hash=caller_hash("+992 00 999 99 99"))
    current = services.contact_start(by=hotline_operator, line=line)

    history = selectors.caller_history(
        user=hotline_operator,
        organisation_id=line.organisation_id,
        caller_hash=caller_hash("00992 00 1234567"),
        exclude_pk=current.pk,
    )

    assert [(row.started_at, row.topic_labels, row.outcome_label) for row in history.contacts] == [
        (earlier.started_at, ["Missing person"], "Referral to an organisation")
    ]
    assert history.is_repeat is True


def test_repeat_caller_history_never_crosses_organisations(line, hotline_operator, other_ngo):
    ContactFactory(organisation=other_ngo, caller_hash=caller_hash(NUMBER))
    services.caller_flag_set(
        by=_their_operator(other_ngo), organisation=other_ngo, caller_hash=caller_hash(NUMBER), kind="abusive"
    )

    history = selectors.caller_history(
        user=hotline_operator, organisation_id=line.organisation_id, caller_hash=caller_hash(NUMBER)
    )
    asked_for_theirs = selectors.caller_history(
        user=hotline_operator, organisation_id=other_ngo.pk, caller_hash=caller_hash(NUMBER)
    )

    assert (history.contacts, history.flags, history.is_repeat) == ([], [], False)
    assert (asked_for_theirs.contacts, asked_for_theirs.flags) == ([], [])


def _their_operator(organisation):
    from accounts.roles import Role
    from accounts.tests.factories import user_with_role

    return user_with_role(Role.HOTLINE_OPERATOR, organisation, username="their-operator")


def test_a_flag_shows_while_it_runs_and_expires(line, hotline_operator):
    key = caller_hash(NUMBER)
    flag = services.caller_flag_set(
        by=hotline_operator,
        organisation=line.organisation,
        caller_hash=key,
        kind="at_risk",
        note="Synthetic.",
    )

    running = selectors.caller_history(
        user=hotline_operator, organisation_id=line.organisation_id, caller_hash=key
    )
    # unscoped: arranging the flag's expiry in the past, as time would.
    CallerFlag.unscoped.filter(pk=flag.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    expired = selectors.caller_history(
        user=hotline_operator, organisation_id=line.organisation_id, caller_hash=key
    )

    assert ([f.kind for f in running.flags], expired.flags) == (["at_risk"], [])
    assert 89 <= (flag.expires_at - timezone.now()).days <= 90


def test_a_flag_set_again_is_renewed_not_doubled(line, hotline_operator):
    key = caller_hash(NUMBER)
    later = timezone.now() + datetime.timedelta(days=200)

    first = services.caller_flag_set(
        by=hotline_operator, organisation=line.organisation, caller_hash=key, kind="prank"
    )
    again = services.caller_flag_set(
        by=hotline_operator, organisation=line.organisation, caller_hash=key, kind="prank", expires_at=later
    )

    assert (again.pk, again.expires_at) == (first.pk, later)
    # unscoped: counting the organisation's flags the service wrote.
    assert CallerFlag.unscoped.filter(caller_hash=key).count() == 1


def test_caller_flag_end_expires_it_now(line, hotline_operator):
    key = caller_hash(NUMBER)
    flag = services.caller_flag_set(
        by=hotline_operator, organisation=line.organisation, caller_hash=key, kind="prank"
    )

    services.caller_flag_end(flag=flag, by=hotline_operator)

    assert (
        selectors.caller_history(
            user=hotline_operator, organisation_id=line.organisation_id, caller_hash=key
        ).flags
        == []
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "nuisance"}, "kind"),
        ({"caller_hash": ""}, "caller_hash"),
        ({"expires_at": datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)}, "expires_at"),
    ],
)
def test_caller_flag_set_refuses_bad_input(line, hotline_operator, fields, field):
    answers = {"kind": "prank", "caller_hash": caller_hash(NUMBER), **fields}

    with pytest.raises(ValidationError) as refused:
        services.caller_flag_set(by=hotline_operator, organisation=line.organisation, **answers)

    assert list(refused.value.message_dict) == [field]
