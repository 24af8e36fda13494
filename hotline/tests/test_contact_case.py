"""From contact to case in one step: the intake prefilled from the call, or a link to a case."""

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases import selectors as case_selectors
from cases.tests.factories import VictimFactory
from hotline import services
from hotline.models import Contact
from hotline.tests.factories import ContactFactory, LineFactory


@pytest.fixture
def contact(ngo, hotline_operator):
    line = LineFactory(organisation=ngo, operators=[hotline_operator])
    return ContactFactory(
        organisation=ngo,
        line=line,
        operator=hotline_operator,
        caller_type="",
        caller_country="TJ",
        caller_region_id="TJ-SU",
        language="tg",
        topics=["exploitation_report", "request_for_help"],
        indicators=["documents_withheld", "wages_withheld"],
        outcome="",
        is_draft=True,
    )


def test_contact_case_open_prefills_the_intake_from_the_call(contact, hotline_operator, manager):
    case = services.contact_case_open(contact=contact, by=hotline_operator)

    victim = case_selectors.victim_personal_data(user=manager, case=case)
    screening = case_selectors.screening_read(user=manager, case=case)
    assert (case.is_draft, case.organisation_id) == (True, contact.organisation_id)
    assert (victim.mailing_country, victim.home_region_id, victim.primary_language) == ("TJ", "TJ-SU", "tg")
    assert (screening.referral_source, screening.indicators) == (
        "hotline",
        ["documents_withheld", "wages_withheld"],
    )
    assert screening.referral_source_details.endswith(": Report of exploitation, Request for help")


def test_contact_case_open_links_the_case_and_records_the_outcome(contact, hotline_operator):
    case = services.contact_case_open(contact=contact, by=hotline_operator)

    # unscoped: the test reads back the row the service wrote.
    saved = Contact.unscoped.get(pk=contact.pk)
    assert (saved.case, saved.outcome, saved.caller_type) == (case, "case_opened", "victim")


def test_the_opening_operator_sees_the_case(contact, hotline_operator):
    case = services.contact_case_open(contact=contact, by=hotline_operator)

    assert list(case_selectors.case_list(user=hotline_operator).filter(pk=case.pk)) == [case]


def test_a_relatives_call_does_not_give_the_caller_s_country_to_the_victim(
    contact, hotline_operator, manager
):
    # unscoped: arranging the contact's caller type.
    Contact.unscoped.filter(pk=contact.pk).update(caller_type="relative")
    # unscoped: as above.
    contact = Contact.unscoped.get(pk=contact.pk)

    case = services.contact_case_open(contact=contact, by=hotline_operator)

    victim = case_selectors.victim_personal_data(user=manager, case=case)
    assert (victim.mailing_country, victim.home_region_id) == ("", None)


def test_contact_case_open_twice_is_refused(contact, hotline_operator):
    services.contact_case_open(contact=contact, by=hotline_operator)

    with pytest.raises(ValidationError) as refused:
        services.contact_case_open(contact=contact, by=hotline_operator)

    assert refused.value.messages == ["This contact already has a case."]


def test_contact_case_link_links_a_case_the_user_sees(contact, manager, ngo):
    case = VictimFactory(organisation=ngo).case

    services.contact_case_link(contact=contact, by=manager, case=case)

    # unscoped: the test reads back the row the service wrote.
    assert Contact.unscoped.get(pk=contact.pk).case == case


def test_contact_case_link_refuses_another_organisations_case(contact, manager, other_ngo):
    theirs = VictimFactory(organisation=other_ngo).case

    with pytest.raises(ValidationError) as refused:
        services.contact_case_link(contact=contact, by=manager, case=theirs)

    assert refused.value.message_dict == {"case": ["No case with this code that you can see."]}
    # unscoped: the test reads back the row the service left alone.
    assert Contact.unscoped.get(pk=contact.pk).case is None


def test_another_operator_of_the_line_does_not_see_the_case(contact, hotline_operator, ngo):
    colleague = user_with_role(Role.HOTLINE_OPERATOR, ngo, username="colleague")
    contact.line.operators.add(colleague)

    case = services.contact_case_open(contact=contact, by=hotline_operator)

    assert list(case_selectors.case_list(user=colleague).filter(pk=case.pk)) == []


def test_operator_cannot_link_a_case_of_the_organisation_not_granted_to_them(contact, hotline_operator, ngo):
    not_theirs = VictimFactory(organisation=ngo).case

    with pytest.raises(ValidationError):
        services.contact_case_link(contact=contact, by=hotline_operator, case=not_theirs)
