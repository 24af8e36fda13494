"""The evaluation committee: organisers seat judges (an active judge role only), name one chair, remove
a judge without submitted sheets; the committee page lists each member's conflicts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import Role
from accounts.tests.factories import MembershipFactory, user_with_role
from audit.models import AuditEntry
from awards.models import Assignment, CommitteeMember, ScoreSheet
from awards.services import committee as services
from awards.tests.factories import ConflictDeclarationFactory, judge_user
from awards.tests.judging_support import assign, competition_judged, entry_of, seat, sheet
from network.tests.factories import OrganisationFactory


@pytest.fixture
def competition(iom_office):
    return competition_judged(iom_office)


def _members(competition):
    # unscoped: the test reads back the committee.
    return list(
        CommitteeMember.unscoped.filter(competition=competition)
        .order_by("pk")
        .values_list("judge_id", "country", "is_chair")
    )


def test_organiser_seats_a_judge_on_a_national_panel(competition, coordinator):
    judge = judge_user()

    member = services.committeemember_add(competition=competition, by=coordinator, judge=judge, country="kz")

    assert _members(competition) == [(judge.pk, "KZ", False)]
    # unscoped: the test reads back the audit trail.
    assert AuditEntry.unscoped.get(action="committeemember.added").details == {
        "member": member.pk,
        "judge": judge.pk,
        "country": "KZ",
        "chair": False,
    }


def test_naming_another_chair_moves_the_flag_and_says_so(competition, coordinator):
    first, second = judge_user(), judge_user()
    services.committeemember_add(competition=competition, by=coordinator, judge=first, is_chair=True)

    services.committeemember_add(competition=competition, by=coordinator, judge=second, is_chair=True)

    assert _members(competition) == [(first.pk, "", False), (second.pk, "", True)]
    # unscoped: the test reads back the audit trail.
    assert list(AuditEntry.unscoped.order_by("pk").values_list("action", flat=True)) == [
        "committeemember.added",
        "committeemember.chair_moved",
        "committeemember.added",
    ]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("no judge role", {"judge": ["Only a user with an active judge role can sit on the committee."]}),
        ("ended judge role", {"judge": ["Only a user with an active judge role can sit on the committee."]}),
        ("already a member", {"judge": ["This judge is already on the committee."]}),
        (
            "country not of the competition",
            {"country": ["Choose one of the competition's countries, or none for every country."]},
        ),
    ],
)
def test_committeemember_add_refuses_with_the_field_at_fault(case, expected, competition, coordinator, ngo):
    judge = user_with_role(Role.CASEWORKER, ngo) if case == "no judge role" else judge_user()
    if case == "ended judge role":
        judge = user_with_role(Role.CASEWORKER, ngo)
        MembershipFactory(user=judge, organisation=OrganisationFactory(), role=Role.JUDGE, is_active=False)
    if case == "already a member":
        seat(competition, judge)
    country = "RU" if case == "country not of the competition" else ""

    with pytest.raises(ValidationError) as refused:
        services.committeemember_add(competition=competition, by=coordinator, judge=judge, country=country)

    assert refused.value.message_dict == expected


def test_only_an_organiser_seats_judges_not_the_chair(competition):
    chair = seat(competition, is_chair=True).judge

    with pytest.raises(PermissionDenied):
        services.committeemember_add(competition=competition, by=chair, judge=judge_user())


def test_committeemember_remove_takes_unscored_assignments_and_drafts(competition, coordinator):
    member = seat(competition)
    assign(entry_of(competition, OrganisationFactory()), member.judge)
    sheet(entry_of(competition, OrganisationFactory()), member.judge, submitted=False)
    colleague_sheet = sheet(entry_of(competition, OrganisationFactory()), judge_user(), submitted=False)

    services.committeemember_remove(member=member, by=coordinator)

    assert _members(competition) == []
    # unscoped: the test reads back what is left.
    assert list(Assignment.unscoped.values_list("judge_id", flat=True)) == [
        colleague_sheet.assignment.judge_id
    ]
    assert list(ScoreSheet.unscoped.values_list("pk", flat=True)) == [colleague_sheet.pk]


def test_committeemember_remove_is_refused_while_a_sheet_is_submitted(competition, coordinator):
    member = seat(competition)
    sheet(entry_of(competition, OrganisationFactory()), member.judge, submitted=True)

    with pytest.raises(ValidationError) as refused:
        services.committeemember_remove(member=member, by=coordinator)

    assert refused.value.messages == [
        "This judge has submitted score sheets in this competition and stays on the committee."
    ]
    assert len(_members(competition)) == 1


# Pages -------------------------------------------------------------------------------------------------


def _login(client, cast, role, users):
    if role == "password_only":
        session = Client()
        session.force_login(cast["manager"])  # no second factor
        return session
    client.force_login(users.get(role) or cast[role])
    return client


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", 200),
        ("chair", 200),
        ("member", 200),
        ("judge", 403),  # no seat on this committee
        ("manager", 403),
        ("analyst", 403),
        ("outsider", 404),
        ("password_only", 302),
    ],
)
def test_committee_page_role_matrix(client, cast, competition, role, expected):
    users = {"chair": seat(competition, is_chair=True).judge, "member": seat(competition).judge}
    client = _login(client, cast, role, users)

    response = client.get(reverse("awards:competition_committee", args=[competition.pk]))

    assert response.status_code == expected


def test_committee_page_lists_each_members_conflicts_with_reasons(client, coordinator, competition, ngo):
    office = OrganisationFactory(name_en="Jury Office")
    judge = seat(
        competition, judge=judge_user(organisation=office, first_name="Aida", last_name="Testova")
    ).judge
    MembershipFactory(user=judge, organisation=ngo, role=Role.CASEWORKER, is_active=False)
    declared_with = OrganisationFactory(name_en="Declared Fund")
    ConflictDeclarationFactory(
        organisation=competition.organisation,
        competition=competition,
        judge=judge,
        with_organisation=declared_with,
        reason="Sits on its board.",
    )
    entry = entry_of(competition, ngo, code="D-07")
    entry_of(competition, OrganisationFactory(), code="D-08")
    client.force_login(coordinator)

    response = client.get(reverse("awards:competition_committee", args=[competition.pk]))

    (row,) = response.context["rows"]
    assert row.memberships == [("Jury Office", True), ("Women and Society", False)]
    assert [(d.with_organisation.name, d.reason) for d in row.declarations] == [
        ("Declared Fund", "Sits on its board.")
    ]
    assert [(e.code, reasons) for e, reasons in row.entries] == [
        (entry.code, ["is or was a member of the entry's organisation"])
    ]
    assert "(former member)" in response.content.decode()


def test_committee_page_has_an_add_form_for_organisers_only(client, competition):
    chair = seat(competition, is_chair=True).judge
    client.force_login(chair)

    response = client.get(reverse("awards:competition_committee", args=[competition.pk]))

    assert response.context["form"] is None


@pytest.mark.parametrize(("role", "expected", "seated"), [("coordinator", 302, 2), ("chair", 403, 1)])
def test_committeemember_add_page(client, cast, competition, role, expected, seated):
    chair = seat(competition, is_chair=True).judge
    client.force_login(chair if role == "chair" else cast[role])

    response = client.post(
        reverse("awards:competition_committeemember_add", args=[competition.pk]),
        {"judge": judge_user().pk, "country": "TJ"},
    )

    assert (response.status_code, len(_members(competition))) == (expected, seated)


def test_committeemember_add_page_keeps_the_input_on_an_error(client, coordinator, competition):
    client.force_login(coordinator)

    response = client.post(
        reverse("awards:competition_committeemember_add", args=[competition.pk]), {"country": "TJ"}
    )

    assert response.status_code == 200
    assert response.context["form"]["country"].value() == "TJ"
    assert list(response.context["form"].errors) == ["judge"]


@pytest.mark.parametrize(("role", "expected", "left"), [("coordinator", 302, 0), ("chair", 403, 1)])
def test_committeemember_remove_page(client, cast, competition, role, expected, left):
    chair_seat = seat(competition, is_chair=True)
    member = seat(competition)
    client.force_login(chair_seat.judge if role == "chair" else cast[role])

    response = client.post(reverse("awards:committeemember_remove", args=[member.pk]))

    # unscoped: the test reads back the committee.
    assert (response.status_code, CommitteeMember.unscoped.filter(pk=member.pk).count()) == (expected, left)


def test_committeemember_remove_page_says_why_it_is_refused(client, coordinator, competition):
    member = seat(competition)
    sheet(entry_of(competition, OrganisationFactory()), member.judge, submitted=True)
    client.force_login(coordinator)

    response = client.post(reverse("awards:committeemember_remove", args=[member.pk]), follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "This judge has submitted score sheets in this competition and stays on the committee."
    ]


def test_committee_add_form_offers_judges_without_a_seat_only(client, coordinator, competition, manager):
    seat(competition)
    free = judge_user()
    ended = judge_user()
    # unscoped: the judge's role ends.
    Membership.unscoped.filter(user=ended).update(is_active=False)
    client.force_login(coordinator)

    response = client.get(reverse("awards:competition_committee", args=[competition.pk]))

    assert set(response.context["form"].fields["judge"].queryset) == {free}
