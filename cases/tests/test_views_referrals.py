import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from cases.models import Consent, Referral, choices
from cases.tests.conftest import grant_to_narrow_cast
from cases.tests.factories import (
    CaseFactory,
    ConsentFactory,
    ReferralFactory,
    ScreeningFactory,
    SharedReferralFactory,
)
from network.tests.factories import OrganisationFactory


@pytest.fixture
def kz_ngo(db):
    return OrganisationFactory(name_en="Sana Sezim", country="KZ", region_id=None, city="Almaty")


@pytest.fixture
def kz_caseworker(kz_ngo):
    return user_with_role(Role.CASEWORKER, kz_ngo, username="kz_caseworker")


@pytest.fixture
def case(request, ngo, caseworker):
    case = CaseFactory(organisation=ngo, caseworker=caseworker, stage=choices.Stage.ASSISTANCE)
    ScreeningFactory(organisation=ngo, case=case)
    grant_to_narrow_cast(request, case)
    return case


def _refer(client, case, to_organisation):
    return client.post(
        reverse("cases:case_referrals", args=[case.pk]),
        {
            "to_organisation": to_organisation.pk,
            "service_needed": "legal_aid",
            "reason": "AdditionalServicesRequired",
            "sections": ["screening"],
        },
    )


def test_referral_without_consent_is_refused_with_the_reason_shown(client, case, caseworker, kz_ngo):
    client.force_login(caseworker)

    response = _refer(client, case, kz_ngo)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "to_organisation": ["The victim has not consented to sharing with this organisation."]
    }
    assert "The victim has not consented to sharing with this organisation." in response.text
    assert Referral.unscoped.count() == 0


def test_cross_border_referral_with_consent_is_accepted_by_the_other_ngo(
    client, case, caseworker, kz_ngo, kz_caseworker
):
    client.force_login(caseworker)
    client.post(
        reverse("cases:case_consent", args=[case.pk]),
        {
            "form": "record",
            "purpose": "sharing",
            "recipient": kz_ngo.pk,
            "status": "given",
            "method": "written",
            "sections": ["screening", "services"],
        },
    )

    sent = _refer(client, case, kz_ngo)
    client.force_login(kz_caseworker)
    before = client.get(case.get_absolute_url())
    inbox = client.get(reverse("cases:referral_inbox"))
    referral = Referral.unscoped.get()
    accepted = client.post(reverse("cases:referral_accept", args=[referral.pk]), {})
    after = client.get(reverse("cases:case_screening", args=[case.pk]))

    assert sent.status_code == 302
    assert before.status_code == 404
    assert [r.pk for r in inbox.context["referrals"]] == [referral.pk]
    assert accepted.url == case.get_absolute_url()
    assert Referral.unscoped.get().status == choices.ReferralStatus.ACCEPTED
    assert after.status_code == 200


def test_referral_decline_needs_and_keeps_a_reason(client, ngo, other_ngo, outsider):
    referral = ReferralFactory(organisation=ngo, to_organisation=other_ngo)
    client.force_login(outsider)
    url = reverse("cases:referral_decline", args=[referral.pk])

    empty = client.post(url, {"reason": ""})
    declined = client.post(url, {"reason": "No capacity this month"})

    assert empty.context["form"].errors == {"reason": ["This field is required."]}
    assert declined.url == reverse("cases:referral_inbox")
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (
        choices.ReferralStatus.DECLINED,
        "No capacity this month",
    )


@pytest.mark.parametrize(("role", "status"), [("caseworker", 404), ("outsider", 200), ("judge", 403)])
def test_referral_accept_role_matrix(client, cast, ngo, other_ngo, role, status):
    referral = ReferralFactory(organisation=ngo, to_organisation=other_ngo)
    client.force_login(cast[role])

    response = client.get(reverse("cases:referral_accept", args=[referral.pk]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("caseworker", 200), ("manager", 200), ("hotline_operator", 403), ("coordinator", 403), ("judge", 403)],
)
def test_referral_inbox_role_matrix(client, cast, role, status):
    client.force_login(cast[role])

    response = client.get(reverse("cases:referral_inbox"))

    assert response.status_code == status


def test_consent_withdraw_adds_a_version(client, case, caseworker):
    consent = ConsentFactory(organisation=case.organisation, case=case, recorded_by=caseworker)
    client.force_login(caseworker)

    client.post(reverse("cases:case_consent", args=[case.pk]), {"form": "withdraw", "consent": consent.pk})

    assert list(Consent.unscoped.order_by("version").values_list("version", "status")) == [
        (1, "given"),
        (2, "withdrawn"),
    ]


def test_consent_override_only_by_manager_and_shown_with_reason(client, case, caseworker, manager):
    data = {"form": "override", "purpose": "follow_up", "reason": "Child in danger"}
    client.force_login(caseworker)
    refused = client.post(reverse("cases:case_consent", args=[case.pk]), data)
    client.force_login(manager)

    client.post(reverse("cases:case_consent", args=[case.pk]), data)
    page = client.get(reverse("cases:case_consent", args=[case.pk]))

    assert refused.status_code == 403
    assert Consent.unscoped.get().is_override is True
    assert "Child in danger" in page.text


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("caseworker", 302),
        ("manager", 302),
        ("hotline_operator", 403),
        ("shelter_staff", 403),
        ("outsider", 404),
    ],
)
def test_consent_record_role_matrix(client, cast, case, role, status):
    client.force_login(cast[role])

    response = client.post(
        reverse("cases:case_consent", args=[case.pk]),
        {"form": "record", "purpose": "statistics", "status": "given", "method": "oral"},
    )

    assert response.status_code == status


def test_referral_withdraw_ends_the_sharing(client, case, caseworker, other_ngo, outsider):
    referral = SharedReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=other_ngo,
    )
    client.force_login(caseworker)

    client.post(reverse("cases:referral_withdraw", args=[case.pk, referral.pk]))
    client.force_login(outsider)
    after = client.get(case.get_absolute_url())

    assert Referral.unscoped.get().status == choices.ReferralStatus.WITHDRAWN
    assert after.status_code == 404


def test_referral_withdraw_by_the_receiver_is_refused(client, case, other_ngo, outsider):
    referral = SharedReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=other_ngo,
    )
    client.force_login(outsider)

    response = client.post(reverse("cases:referral_withdraw", args=[case.pk, referral.pk]))

    assert response.status_code == 403
    assert Referral.unscoped.get().status == choices.ReferralStatus.ACCEPTED
