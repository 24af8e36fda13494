import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AuditEntry
from cases import selectors, services
from cases.models import AssistanceService, Case, Note, Referral, Screening, Victim
from network.tests.factories import OrganisationFactory
from notifications.models import Notification

EVERY_SECTION = [
    "personal_data",
    "screening",
    "experience",
    "services",
    "reintegration",
    "notes",
    "attachments",
]


@pytest.fixture
def consented(case, caseworker, other_ngo):
    services.consent_record(
        case=case,
        by=caseworker,
        purpose="sharing",
        recipient=other_ngo,
        method="written",
        sections=EVERY_SECTION,
    )
    return case


def test_referral_request_refused_without_sharing_consent(case, caseworker, other_ngo):
    with pytest.raises(ValidationError) as error:
        services.referral_request(
            case=case,
            by=caseworker,
            to_organisation=other_ngo,
            sections=["screening"],
            service_needed="legal_aid",
        )

    assert list(error.value.message_dict) == ["to_organisation"]
    assert Referral.unscoped.count() == 0


def test_referral_request_notifies_receiving_organisation(consented, caseworker, other_ngo, outsider):
    referral = services.referral_request(
        case=consented,
        by=caseworker,
        to_organisation=other_ngo,
        sections=["screening"],
        service_needed="legal_aid",
    )

    assert referral.status == "requested"
    assert list(Notification.unscoped.values_list("recipient__username", "kind", "subject")) == [
        ("outsider", "referral_received", consented.code)
    ]
    assert list(selectors.referrals_incoming(user=outsider)) == [referral]


def test_referral_invisible_until_accepted(consented, caseworker, other_ngo, outsider):
    services.referral_request(
        case=consented, by=caseworker, to_organisation=other_ngo, sections=["screening"]
    )

    assert list(Case.objects.visible_to(outsider)) == []
    assert list(Screening.objects.visible_to(outsider)) == []


def test_referral_accept_shares_only_the_chosen_sections(consented, caseworker, other_ngo, outsider):
    services.note_add(case=consented, by=caseworker, text="Internal note")
    services.service_record(case=consented, by=caseworker, type="medical")
    referral = services.referral_request(
        case=consented, by=caseworker, to_organisation=other_ngo, sections=["screening", "services"]
    )

    services.referral_accept(referral=referral, by=outsider)

    assert list(Case.objects.visible_to(outsider)) == [consented]
    assert Screening.objects.visible_to(outsider).count() == 1
    assert AssistanceService.objects.visible_to(outsider).count() == 1
    assert Note.objects.visible_to(outsider).count() == 0
    assert Victim.objects.visible_to(outsider).count() == 0
    assert selectors.case_shared_sections(user=outsider, case=consented) == {"screening", "services"}
    assert Case.objects.visible_to(caseworker).get() == consented


def test_referral_accept_notifies_referrer_and_audits_both_sides(
    consented, caseworker, ngo, other_ngo, outsider
):
    referral = services.referral_request(
        case=consented, by=caseworker, to_organisation=other_ngo, sections=["notes"]
    )

    services.referral_accept(referral=referral, by=outsider)

    notification = Notification.unscoped.get(recipient=caseworker)
    assert (notification.kind, notification.message) == (
        "referral_accepted",
        f"Your referral of case {consented.code} was accepted by {other_ngo}.",
    )
    assert set(
        AuditEntry.unscoped.filter(action="referral.accepted").values_list("organisation", flat=True)
    ) == {
        ngo.pk,
        other_ngo.pk,
    }


def test_referral_accept_denied_to_the_referring_side(consented, caseworker, manager, other_ngo):
    referral = services.referral_request(
        case=consented, by=caseworker, to_organisation=other_ngo, sections=["notes"]
    )

    with pytest.raises(PermissionDenied):
        services.referral_accept(referral=referral, by=manager)


def test_referral_accept_refused_after_consent_withdrawn(consented, caseworker, other_ngo, outsider):
    referral = services.referral_request(
        case=consented, by=caseworker, to_organisation=other_ngo, sections=["notes"]
    )
    services.consent_withdraw(case=consented, by=caseworker, purpose="sharing", recipient=other_ngo)

    with pytest.raises(ValidationError):
        services.referral_accept(referral=referral, by=outsider)


def test_consent_withdrawal_ends_sharing_of_accepted_referral(consented, caseworker, other_ngo, outsider):
    referral = services.referral_request(
        case=consented, by=caseworker, to_organisation=other_ngo, sections=["notes"]
    )
    services.referral_accept(referral=referral, by=outsider)

    services.consent_withdraw(case=consented, by=caseworker, purpose="sharing", recipient=other_ngo)

    assert list(Case.objects.visible_to(outsider)) == []
    assert Referral.unscoped.get().status == "withdrawn"


def test_referral_decline_needs_reason_and_shares_nothing(consented, caseworker, other_ngo, outsider):
    referral = services.referral_request(
        case=consented, by=caseworker, to_organisation=other_ngo, sections=["notes"]
    )
    with pytest.raises(ValidationError) as error:
        services.referral_decline(referral=referral, by=outsider, reason="")

    declined = services.referral_decline(referral=referral, by=outsider, reason="No capacity this month")

    assert list(error.value.message_dict) == ["reason"]
    assert (declined.status, declined.decline_reason) == ("declined", "No capacity this month")
    assert list(Case.objects.visible_to(outsider)) == []


def test_referral_across_border_is_recorded_as_such(case, caseworker):
    russian_ngo = OrganisationFactory(country="RU", region_id=None, name_en="Alternativa")
    receiver = user_with_role(Role.CASEWORKER, russian_ngo)
    services.consent_record(
        case=case,
        by=caseworker,
        purpose="sharing",
        recipient=russian_ngo,
        method="written",
        sections=EVERY_SECTION,
    )

    referral = services.referral_request(
        case=case,
        by=caseworker,
        to_organisation=russian_ngo,
        sections=["personal_data"],
        service_needed="return_travel",
    )
    services.referral_accept(referral=referral, by=receiver)

    assert referral.is_cross_border is True
    assert Victim.objects.visible_to(receiver).get().given_name == "Gulnora"


def test_referral_request_requires_a_section(consented, caseworker, other_ngo):
    with pytest.raises(ValidationError) as error:
        services.referral_request(case=consented, by=caseworker, to_organisation=other_ngo, sections=[])

    assert list(error.value.message_dict) == ["sections"]
