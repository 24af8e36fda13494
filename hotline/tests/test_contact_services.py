"""A live call's draft, saved as the operator types, completed; every bad answer refused on its field."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from hotline import services
from hotline.models import Contact
from hotline.tests.factories import LineFactory


@pytest.fixture
def line(ngo, hotline_operator):
    return LineFactory(organisation=ngo, name="Khujand helpline", operators=[hotline_operator])


def _reload(contact):
    # unscoped: the test reads back the row the service wrote.
    return Contact.unscoped.get(pk=contact.pk)


def test_contact_start_opens_a_draft_answered_by_the_operator(line, hotline_operator):
    contact = services.contact_start(by=hotline_operator, line=line)

    saved = _reload(contact)
    assert (saved.is_draft, saved.operator, saved.line, saved.organisation_id, saved.channel) == (
        True,
        hotline_operator,
        line,
        line.organisation_id,
        "phone",
    )
    assert AuditEntry.unscoped.filter(action="hotline.contact_started").count() == 1


def test_contact_start_on_a_line_the_operator_does_not_answer_is_refused(ngo, hotline_operator):
    other_line = LineFactory(organisation=ngo)

    with pytest.raises(PermissionDenied):
        services.contact_start(by=hotline_operator, line=other_line)


def test_contact_start_refused_to_a_caseworker(line, caseworker):
    with pytest.raises(PermissionDenied):
        services.contact_start(by=caseworker, line=line)


def test_manager_may_log_on_every_line_of_the_organisation(ngo, manager):
    contact = services.contact_start(by=manager, line=LineFactory(organisation=ngo))

    assert contact.is_draft is True


def test_contact_save_keeps_the_typed_answers(line, hotline_operator):
    contact = services.contact_start(by=hotline_operator, line=line)

    services.contact_save(
        contact=contact,
        by=hotline_operator,
        caller_type="migrant_abroad",
        caller_country="TJ",
        caller_region="TJ-SU",
        country_of_concern="RU",
        topics=["job_offer_check", "safe_migration"],
        indicators=["documents_withheld"],
        notes="Synthetic note of a test call.",
    )

    saved = _reload(contact)
    assert (saved.caller_type, saved.caller_region_id, saved.topics, saved.indicators, saved.notes) == (
        "migrant_abroad",
        "TJ-SU",
        ["job_offer_check", "safe_migration"],
        ["documents_withheld"],
        "Synthetic note of a test call.",
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"duration_seconds": -5}, "duration_seconds", "The duration cannot be below zero."),
        (
            {"caller_country": "TJ", "caller_region": "UZ-TO"},
            "caller_region",
            "This region is not in the caller's country.",
        ),
        ({"caller_country": "TJ", "caller_region": "TJ-XX"}, "caller_region", "Unknown region."),
        ({"caller_region": "TJ-SU"}, "caller_region", "Choose the caller's country before the region."),
        ({"topics": ["horoscope"]}, "topics", "Unknown value: horoscope."),
        ({"indicators": ["unknown_indicator"]}, "indicators", "Unknown value: unknown_indicator."),
        ({"caller_country": "ZZ"}, "caller_country", "Unknown country code: ZZ."),
        ({"outcome": "nothing"}, "outcome", "Unknown value: nothing."),
    ],
)
def test_contact_save_refuses_bad_input_on_its_field_and_saves_nothing(
    line, hotline_operator, fields, field, message
):
    contact = services.contact_start(by=hotline_operator, line=line)

    with pytest.raises(ValidationError) as refused:
        services.contact_save(contact=contact, by=hotline_operator, notes="Not to be saved.", **fields)

    assert refused.value.message_dict == {field: [message]}
    saved = _reload(contact)
    assert (saved.notes, saved.duration_seconds, saved.caller_region_id, saved.topics) == (
        "",
        None,
        None,
        [],
    )


def test_contact_save_reports_every_error_at_once(line, hotline_operator):
    contact = services.contact_start(by=hotline_operator, line=line)

    with pytest.raises(ValidationError) as refused:
        services.contact_save(
            contact=contact,
            by=hotline_operator,
            duration_seconds=-1,
            caller_country="TJ",
            caller_region="KZ-AKM",
        )

    assert sorted(refused.value.message_dict) == ["caller_region", "duration_seconds"]


def test_database_refuses_a_negative_duration_written_past_the_service(line):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.unscoped.create(organisation=line.organisation, line=line, duration_seconds=-1)


def test_contact_complete_needs_caller_type_topic_and_outcome(line, hotline_operator):
    contact = services.contact_start(by=hotline_operator, line=line)

    with pytest.raises(ValidationError) as refused:
        services.contact_complete(contact=contact, by=hotline_operator)

    assert sorted(refused.value.message_dict) == ["caller_type", "outcome", "topics"]
    assert _reload(contact).is_draft is True


def test_contact_complete_ends_the_draft_and_measures_the_call(line, hotline_operator):
    started = timezone.now() - datetime.timedelta(minutes=3)
    contact = services.contact_start(by=hotline_operator, line=line, started_at=started)

    services.contact_complete(
        contact=contact,
        by=hotline_operator,
        caller_type="relative",
        topics=["missing_person"],
        outcome="information",
    )

    saved = _reload(contact)
    assert saved.is_draft is False
    assert 175 <= saved.duration_seconds <= 200
    assert AuditEntry.unscoped.filter(action="hotline.contact_completed").count() == 1


def test_contact_complete_with_a_referral_names_where_to(line, hotline_operator, other_ngo):
    contact = services.contact_start(by=hotline_operator, line=line)
    answers = {"caller_type": "victim", "topics": ["request_for_help"], "outcome": "referral"}

    with pytest.raises(ValidationError) as refused:
        services.contact_complete(contact=contact, by=hotline_operator, **answers)
    services.contact_complete(
        contact=contact,
        by=hotline_operator,
        referred_to_organisation=other_ngo,
        referred_service="shelter",
        **answers,
    )

    assert list(refused.value.message_dict) == ["referred_to_organisation"]
    assert (_reload(contact).referred_to_organisation, _reload(contact).referred_service) == (
        other_ngo,
        "shelter",
    )


def test_contact_save_by_an_operator_of_another_organisation_is_refused(line, hotline_operator, outsider):
    contact = services.contact_start(by=hotline_operator, line=line)

    with pytest.raises(PermissionDenied):
        services.contact_save(contact=contact, by=outsider, notes="x")
