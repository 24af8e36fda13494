"""The referral loop: the receiver works on the shared case, completes the referral, and the sender sees
what was done; referrals to bodies outside Amanat; who sees the receiver's own records."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases import selectors, services
from cases.models import AssistanceService, FollowUp, Note, Referral
from network.tests.factories import OrganisationFactory
from notifications.models import Notification

SHARED = ["screening", "services", "notes", "reintegration"]


@pytest.fixture
def referred(case, caseworker, other_ngo, outsider):
    """``case`` of ``ngo`` referred to ``other_ngo`` with consent for SHARED, accepted by ``outsider``."""
    services.consent_record(
        case=case, by=caseworker, purpose="sharing", recipient=other_ngo, method="written", sections=SHARED
    )
    referral = services.referral_request(
        case=case, by=caseworker, to_organisation=other_ngo, sections=SHARED, service_needed="legal_aid"
    )
    return services.referral_accept(referral=referral, by=outsider)


def test_receiver_records_its_own_service_note_and_followup_on_the_shared_case(referred, outsider, other_ngo):
    case = referred.case

    service = services.service_record(case=case, by=outsider, type="legal_aid")
    note = services.note_add(case=case, by=outsider, text="Met at the court")
    followup = services.followup_add(case=case, by=outsider, due_on=case.registered_on)

    assert (service.organisation, service.provider, note.organisation, followup.organisation) == (
        other_ngo,
        other_ngo,
        other_ngo,
        other_ngo,
    )


def test_sender_and_receiver_see_each_others_rows_on_the_case_third_organisation_sees_none(
    referred, caseworker, outsider, ngo
):
    case = referred.case
    own = services.service_record(case=case, by=caseworker, type="medical")
    theirs = services.service_record(case=case, by=outsider, type="legal_aid")
    third_ngo = OrganisationFactory(country="TJ")
    third = user_with_role(Role.CASEWORKER, third_ngo)
    services.consent_record(
        case=case, by=caseworker, purpose="sharing", recipient=third_ngo, method="written", sections=SHARED
    )
    services.referral_accept(
        referral=services.referral_request(
            case=case, by=caseworker, to_organisation=third_ngo, sections=SHARED
        ),
        by=third,
    )

    def seen(user):
        return set(AssistanceService.objects.visible_to(user).filter(case=case))

    assert (seen(caseworker), seen(outsider), seen(third)) == ({own, theirs}, {own, theirs}, {own})


def test_receiver_cannot_write_a_section_not_shared(case, caseworker, other_ngo, outsider):
    services.consent_record(
        case=case,
        by=caseworker,
        purpose="sharing",
        recipient=other_ngo,
        method="written",
        sections=["screening"],
    )
    services.referral_accept(
        referral=services.referral_request(
            case=case, by=caseworker, to_organisation=other_ngo, sections=["screening"]
        ),
        by=outsider,
    )

    with pytest.raises(PermissionDenied):
        services.service_record(case=case, by=outsider, type="legal_aid")
    with pytest.raises(PermissionDenied):
        services.note_add(case=case, by=outsider, text="x")


def test_consent_withdrawal_ends_both_sides_reading_the_receivers_rows(
    referred, caseworker, outsider, other_ngo
):
    case = referred.case
    service = services.service_record(case=case, by=outsider, type="legal_aid")

    services.consent_withdraw(case=case, by=caseworker, purpose="sharing", recipient=other_ngo)

    # The row stays the receiver's (kept, never deleted), but no case page reads it any more.
    assert AssistanceService.unscoped.get(pk=service.pk).organisation == other_ngo
    assert list(AssistanceService.objects.visible_to(outsider).filter(case=case)) == []
    assert list(AssistanceService.objects.visible_to(caseworker).filter(case=case)) == []
    with pytest.raises(PermissionDenied):
        services.note_add(case=case, by=outsider, text="after withdrawal")


def test_complete_records_outcome_services_and_tells_the_sender_who(
    referred, caseworker, outsider, other_ngo
):
    service = services.service_record(case=referred.case, by=outsider, type="legal_aid")

    completed = services.referral_complete(
        referral=referred, by=outsider, outcome="services_delivered", services_delivered=[service]
    )

    assert (completed.status, completed.outcome, list(completed.services_delivered.all())) == (
        "completed",
        "services_delivered",
        [service],
    )
    notification = Notification.unscoped.filter(recipient=caseworker).order_by("-pk").first()
    assert notification.message == f"Your referral of case {referred.case.code} was completed by {other_ngo}."
    # Completed: read only for the receiver, and the sender still sees the receiver's service.
    with pytest.raises(PermissionDenied):
        services.service_record(case=referred.case, by=outsider, type="medical")
    assert list(AssistanceService.objects.visible_to(caseworker).filter(case=referred.case)) == [service]


def test_decline_tells_the_sender_who_declined(case, caseworker, other_ngo, outsider):
    services.consent_record(
        case=case, by=caseworker, purpose="sharing", recipient=other_ngo, method="written", sections=SHARED
    )
    referral = services.referral_request(case=case, by=caseworker, to_organisation=other_ngo, sections=SHARED)

    services.referral_decline(referral=referral, by=outsider, reason="No capacity")

    assert Notification.unscoped.get(recipient=caseworker).message == (
        f"Your referral of case {case.code} was declined by {other_ngo}."
    )


def test_illegal_transitions_are_refused(referred, caseworker, outsider):
    with pytest.raises(ValidationError):
        services.referral_accept(referral=referred, by=outsider)  # already accepted
    services.referral_complete(referral=referred, by=outsider, outcome="other")
    with pytest.raises(ValidationError):
        services.referral_complete(referral=referred, by=outsider, outcome="other")
    services.referral_withdraw(referral=referred, by=caseworker)  # ends the completed one's read-only sharing
    with pytest.raises(ValidationError):
        services.referral_withdraw(referral=referred, by=caseworker)
    with pytest.raises(ValidationError):
        services.referral_complete(referral=referred, by=outsider, outcome="other")
    with pytest.raises(ValidationError):
        services.referral_decline(referral=referred, by=outsider, reason="late")


def test_complete_refused_for_a_requested_referral_the_sender_and_a_foreign_service(
    case, caseworker, other_ngo, outsider
):
    services.consent_record(
        case=case, by=caseworker, purpose="sharing", recipient=other_ngo, method="written", sections=SHARED
    )
    referral = services.referral_request(case=case, by=caseworker, to_organisation=other_ngo, sections=SHARED)
    with pytest.raises(ValidationError):
        services.referral_complete(referral=referral, by=outsider, outcome="other")
    services.referral_accept(referral=referral, by=outsider)
    with pytest.raises(PermissionDenied):
        services.referral_complete(referral=referral, by=caseworker, outcome="other")
    senders = services.service_record(case=case, by=caseworker, type="medical")
    with pytest.raises(ValidationError) as error:
        services.referral_complete(
            referral=referral, by=outsider, outcome="other", services_delivered=[senders]
        )
    assert list(error.value.message_dict) == ["services_delivered"]


def test_external_referral_without_a_name_is_refused_on_the_field(case, caseworker):
    with pytest.raises(ValidationError) as error:
        services.referral_external(
            case=case,
            by=caseworker,
            external_name=" ",
            external_type="law_enforcement",
            external_country="RU",
            external_consent_method="written",
        )

    assert list(error.value.message_dict) == ["external_name"]
    assert Referral.unscoped.count() == 0


def test_external_referral_without_the_consent_basis_is_refused(case, caseworker):
    with pytest.raises(ValidationError) as error:
        services.referral_external(
            case=case,
            by=caseworker,
            external_name="Consulate of Tajikistan in Moscow",
            external_type="law_enforcement",
            external_country="RU",
            external_consent_method="",
        )

    assert list(error.value.message_dict) == ["external_consent_method"]


def test_external_referral_answered_and_completed_by_the_sender(case, caseworker, outsider):
    referral = services.referral_external(
        case=case,
        by=caseworker,
        external_name="Consulate of Tajikistan in Moscow",
        external_type="law_enforcement",
        external_country="RU",
        external_contact="Duty officer +7 495 000 00 00",
        external_consent_method="written",
    )
    with pytest.raises(PermissionDenied):
        services.referral_accept(referral=referral, by=outsider)

    services.referral_accept(referral=referral, by=caseworker)
    done = services.referral_complete(referral=referral, by=caseworker, outcome="services_delivered")

    assert (done.status, done.is_external, done.is_cross_border, done.receiver_name) == (
        "completed",
        True,
        True,
        "Consulate of Tajikistan in Moscow",
    )
    assert list(Referral.objects.visible_to(outsider)) == []


def test_timeline_shows_both_sides_with_organisation_and_user(referred, caseworker, outsider, other_ngo, ngo):
    services.service_record(case=referred.case, by=outsider, type="legal_aid")
    services.referral_complete(referral=referred, by=outsider, outcome="services_delivered")

    rows = [(e.what, e.organisation) for e in selectors.case_timeline(user=caseworker, case=referred.case)]

    assert rows[:3] == [
        (f"Completed by {other_ngo}: Services delivered as requested", str(other_ngo)),
        ("Legal aid", str(other_ngo)),
        (f"Accepted by {other_ngo}", str(other_ngo)),
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [("outsider", 200), ("caseworker", 404), ("judge", 403), ("password_only", 302)],
)
def test_referral_complete_view_role_matrix(client, cast, referred, role, status):
    url = reverse("cases:referral_complete", args=[referred.pk])
    if role == "password_only":
        visitor = Client()
        visitor.force_login(cast["outsider"])
    else:
        visitor = client
        visitor.force_login(cast[role])

    response = visitor.get(url)

    assert response.status_code == status
    referred.refresh_from_db()
    assert referred.status == "accepted"


def test_referral_complete_view_completes_with_outcome(client, referred, outsider):
    service = services.service_record(case=referred.case, by=outsider, type="legal_aid")
    client.force_login(outsider)

    response = client.post(
        reverse("cases:referral_complete", args=[referred.pk]),
        {"outcome": "services_delivered", "services_delivered": [service.pk]},
    )

    assert response.url == reverse("cases:referral_inbox")
    referred.refresh_from_db()
    assert (referred.status, list(referred.services_delivered.all())) == ("completed", [service])


def test_receiver_records_a_service_through_the_services_tab(client, referred, outsider, other_ngo):
    client.force_login(outsider)

    response = client.post(reverse("cases:case_services", args=[referred.case_id]), {"type": "legal_aid"})

    assert response.status_code == 302
    assert AssistanceService.unscoped.get().organisation == other_ngo


def test_external_referral_view_refuses_a_missing_name_on_the_field(client, case, caseworker):
    client.force_login(caseworker)

    response = client.post(
        reverse("cases:referral_external", args=[case.pk]),
        {
            "external_type": "law_enforcement",
            "external_country": "RU",
            "external_consent_method": "written",
            "reason": "AdditionalServicesRequired",
        },
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["external_name"]


def test_referral_form_filters_receivers_and_shows_consent_coverage(client, case, caseworker, other_ngo):
    kz = OrganisationFactory(name_en="Kazakh Shelter", country="KZ")
    services.consent_record(
        case=case, by=caseworker, purpose="sharing", recipient=other_ngo, method="written", sections=SHARED
    )
    client.force_login(caseworker)

    everyone = client.get(reverse("cases:case_referrals", args=[case.pk]))
    in_kz = client.get(reverse("cases:case_referrals", args=[case.pk]), {"country": "KZ"})

    field = everyone.context["form"].fields["to_organisation"]
    labels = {obj.pk: field.label_from_instance(obj) for obj in field.queryset}
    assert labels[other_ngo.pk].endswith("consent covers this organisation")
    assert labels[kz.pk].endswith("no consent for sharing with this organisation: record consent first")
    assert list(in_kz.context["form"].fields["to_organisation"].queryset) == [kz]


def test_api_complete_and_cross_border_field(api, referred, outsider):
    api.force_authenticate(outsider)

    response = api.post(
        f"/api/v1/referrals/{referred.pk}/complete/", {"outcome": "lost_contact"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["is_cross_border"]) == ("completed", False)


def test_api_external_referral_refused_without_name(api, case, caseworker):
    api.force_authenticate(caseworker)

    response = api.post(
        "/api/v1/referrals/external/",
        {
            "case": case.pk,
            "external_type": "ngo",
            "external_country": "RU",
            "external_consent_method": "oral",
        },
        format="json",
    )

    assert (response.status_code, response.json()["field"]) == (400, "external_name")


def test_api_followup_not_writable_by_an_organisation_without_the_referral(case, outsider):
    with pytest.raises(PermissionDenied):
        services.followup_add(case=case, by=outsider, due_on=case.registered_on)
    assert FollowUp.unscoped.count() == 0
    assert Note.unscoped.count() == 0


def test_incoming_referral_from_a_body_outside_amanat_is_recorded_on_the_case(client, case, caseworker):
    client.force_login(caseworker)
    url = reverse("cases:case_referrer_external", args=[case.pk])

    refused = client.post(
        url, {"referring_external_type": "law_enforcement", "referring_external_country": "RU"}
    )
    saved = client.post(
        url,
        {
            "referring_external_name": "Migration Police Department, Moscow",
            "referring_external_type": "law_enforcement",
            "referring_external_country": "RU",
        },
    )

    assert list(refused.context["form"].errors) == ["referring_external_name"]
    assert saved.url == case.get_absolute_url()
    case.refresh_from_db()
    assert (case.referring_external_name, case.referring_external_country) == (
        "Migration Police Department, Moscow",
        "RU",
    )


@pytest.mark.parametrize(("role", "status"), [("caseworker", 200), ("outsider", 404), ("judge", 403)])
def test_case_referrer_external_role_matrix(client, cast, case, role, status):
    client.force_login(cast[role])

    response = client.get(reverse("cases:case_referrer_external", args=[case.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("outsider", 302), ("caseworker", 302), ("judge", 403), ("shelter_staff", 403)]
)
def test_followup_add_view_role_matrix(client, cast, referred, role, status):
    client.force_login(cast[role])

    response = client.post(
        reverse("cases:followup_add", args=[referred.case_id]), {"due_on": referred.case.registered_on}
    )

    assert response.status_code == status
    assert FollowUp.unscoped.count() == (1 if status == 302 else 0)


def test_receiver_edits_only_its_own_followups(client, referred, caseworker, outsider):
    own = services.followup_add(case=referred.case, by=caseworker, due_on=referred.case.registered_on)
    theirs = services.followup_add(case=referred.case, by=outsider, due_on=referred.case.registered_on)
    client.force_login(outsider)

    mine = client.get(reverse("cases:followup_update", args=[referred.case_id, theirs.pk]))
    not_mine = client.get(reverse("cases:followup_update", args=[referred.case_id, own.pk]))

    assert (mine.status_code, not_mine.status_code) == (200, 403)


def test_followup_add_outside_scope_is_404(client, case, outsider):
    client.force_login(outsider)

    response = client.post(reverse("cases:followup_add", args=[case.pk]), {"due_on": case.registered_on})

    assert response.status_code == 404
