"""Who reads which contact: an operator the lines they answer (and their own drafts), a manager every
contact of the organisation, other roles and other organisations nothing."""

import pytest

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from hotline.models import CallerFlag, Contact
from hotline.tests.factories import CallerFlagFactory, ContactFactory, LineFactory


@pytest.fixture
def lines(ngo, hotline_operator):
    line_a = LineFactory(organisation=ngo, name="Line A", operators=[hotline_operator])
    line_b = LineFactory(organisation=ngo, name="Line B")
    return line_a, line_b


def _visible(user) -> set[int]:
    return set(Contact.objects.visible_to(user).values_list("pk", flat=True))


def test_operator_sees_the_contacts_of_the_lines_they_answer_only(lines, hotline_operator):
    line_a, line_b = lines
    on_a = ContactFactory(organisation=line_a.organisation, line=line_a)
    ContactFactory(organisation=line_b.organisation, line=line_b)

    assert _visible(hotline_operator) == {on_a.pk}


def test_operator_keeps_their_own_draft_on_a_line_they_no_longer_answer(lines, hotline_operator):
    _line_a, line_b = lines
    draft = ContactFactory(
        organisation=line_b.organisation, line=line_b, operator=hotline_operator, is_draft=True
    )
    someone_elses = ContactFactory(organisation=line_b.organisation, line=line_b, is_draft=True)

    assert (draft.pk in _visible(hotline_operator), someone_elses.pk in _visible(hotline_operator)) == (
        True,
        False,
    )


def test_manager_sees_every_contact_of_the_organisation(lines, manager):
    contacts = {ContactFactory(organisation=line.organisation, line=line).pk for line in lines}

    assert _visible(manager) == contacts


@pytest.mark.parametrize("role", ["caseworker", "shelter_staff", "coordinator", "judge", "outsider"])
def test_other_roles_see_no_contact(lines, cast, role):
    for line in lines:
        ContactFactory(organisation=line.organisation, line=line)

    assert _visible(cast[role]) == set()


def test_operator_of_another_organisation_never_sees_ours(lines, other_ngo):
    line_a, _line_b = lines
    ContactFactory(organisation=line_a.organisation, line=line_a)
    theirs = user_with_role(Role.HOTLINE_OPERATOR, other_ngo, username="their-operator")
    # Even named an operator of our line by mistake, they hold no hotline role in our organisation.
    line_a.operators.add(theirs)

    assert _visible(theirs) == set()


def test_caller_flags_stay_in_their_organisation(ngo, other_ngo, hotline_operator):
    ours = CallerFlagFactory(organisation=ngo)
    CallerFlagFactory(organisation=other_ngo)

    assert list(CallerFlag.objects.visible_to(hotline_operator)) == [ours]
