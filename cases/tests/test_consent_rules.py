"""The consent rules, read at the moment of access (issue 7, item 2).

A section of a case is visible to another organisation only while the latest version of the victim's
consent to sharing with it is given, unexpired and covers the section; refused assistance consent blocks
services and referrals (a manager's override with a reason still can); refused follow-up consent blocks
scheduling and reminders; withdrawn publication consent takes the story down."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import selectors, services
from cases.models import Case, FollowUp, Story, Victim, choices
from cases.tests.factories import (
    AssistanceServiceFactory,
    ConsentFactory,
    FollowUpFactory,
    SharedReferralFactory,
    StoryFactory,
)
from conftest import APIClient2FA
from notifications.models import Notification

EVERY_SECTION = [section.value for section in choices.Section]
TODAY = timezone.localdate()


@pytest.fixture
def shared(case, caseworker, other_ngo):
    """``case`` of ngo referred to other_ngo and accepted, sharing every section with the victim's consent."""
    return SharedReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=other_ngo,
        requested_by=caseworker,
        **{f"share_{section}": True for section in EVERY_SECTION},
    )


def _personal_page(client, user, case):
    client.force_login(user)
    return client.get(reverse("cases:case_personal", args=[case.pk])).status_code


def _refuse_sharing(case, caseworker, other_ngo):
    services.consent_record(
        case=case, by=caseworker, purpose="sharing", recipient=other_ngo, method="written", status="refused"
    )


def test_refused_sharing_consent_ends_access_to_personal_data_at_once(
    client, case, shared, caseworker, outsider, other_ngo
):
    before = _personal_page(client, outsider, case)

    _refuse_sharing(case, caseworker, other_ngo)
    after = _personal_page(client, outsider, case)

    assert (before, after) == (200, 404)


def test_refused_sharing_consent_ends_access_in_the_api(case, shared, caseworker, outsider, other_ngo):
    api = APIClient2FA()
    api.force_authenticate(outsider)
    url = reverse("api:case-personal-data", args=[case.pk])
    before = api.get(url).status_code

    _refuse_sharing(case, caseworker, other_ngo)
    after = api.get(url).status_code

    assert (before, after) == (200, 404)


def test_withdrawn_sharing_consent_ends_access_at_once(client, case, shared, caseworker, outsider, other_ngo):
    before = _personal_page(client, outsider, case)

    services.consent_withdraw(case=case, by=caseworker, purpose="sharing", recipient=other_ngo)
    after = _personal_page(client, outsider, case)

    assert (before, after) == (200, 404)


def test_expired_sharing_consent_shares_nothing_without_any_job(
    client, case, caseworker, outsider, other_ngo
):
    SharedReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=other_ngo,
        share_personal_data=True,
        consent__expires_on=TODAY - datetime.timedelta(days=1),
    )

    status = _personal_page(client, outsider, case)

    assert status == 404
    assert list(Case.objects.visible_to(outsider)) == []


def test_sharing_consent_expiring_today_still_shares(client, case, outsider, other_ngo):
    SharedReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=other_ngo,
        share_personal_data=True,
        consent__expires_on=TODAY,
    )

    assert _personal_page(client, outsider, case) == 200


def test_sharing_consent_covers_only_its_sections(client, case, caseworker, outsider, other_ngo):
    SharedReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=other_ngo,
        share_screening=True,
        share_personal_data=True,
        consent__sections=["screening"],
    )
    client.force_login(outsider)

    screening = client.get(reverse("cases:case_screening", args=[case.pk])).status_code
    personal = client.get(reverse("cases:case_personal", args=[case.pk])).status_code

    assert (screening, personal) == (200, 404)
    assert selectors.case_shared_sections(user=outsider, case=case) == {"screening"}


def test_an_older_given_version_does_not_share_once_a_later_one_refuses(
    case, caseworker, outsider, other_ngo
):
    SharedReferralFactory(
        organisation=case.organisation, case=case, to_organisation=other_ngo, share_personal_data=True
    )
    # A later version recorded without superseding the first (as a concurrent write could leave it).
    ConsentFactory(
        organisation=case.organisation,
        case=case,
        purpose="sharing",
        recipient=other_ngo,
        status="refused",
        version=2,
    )

    assert list(Victim.objects.visible_to(outsider)) == []


SECTION_MODELS = [
    model
    for model in apps.get_app_config("cases").get_models()
    if getattr(model, "shared_section", None) is not None and not hasattr(model, "history_id")
]


@pytest.mark.parametrize("model", SECTION_MODELS, ids=lambda model: model._meta.label)
def test_every_shared_section_ends_with_the_sharing_consent(
    model, case, shared, caseworker, outsider, other_ngo
):
    from accounts.tests.test_tenancy import make_row

    existing = model.unscoped.filter(case=case).first()  # the test's own case
    row = existing or make_row(model, case.organisation, case=case)
    before = model.objects.visible_to(outsider).filter(pk=row.pk).exists()

    _refuse_sharing(case, caseworker, other_ngo)
    after = model.objects.visible_to(outsider).filter(pk=row.pk).exists()

    assert (before, after) == (True, False)


def test_notes_and_attachments_pages_end_with_the_sharing_consent(
    client, case, shared, caseworker, outsider, other_ngo, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    attachment = services.attachment_add(
        case=case, by=caseworker, content=b"%PDF-1.4\n% synthetic\n", file_name="synthetic.pdf"
    )
    client.force_login(outsider)
    urls = [
        reverse("cases:case_notes", args=[case.pk]),
        reverse("cases:case_attachments", args=[case.pk]),
        reverse("cases:attachment_download", args=[case.pk, attachment.pk]),
    ]
    before = [client.get(url).status_code for url in urls]

    _refuse_sharing(case, caseworker, other_ngo)
    after = [client.get(url).status_code for url in urls]

    assert (before, after) == ([200, 200, 200], [404, 404, 404])


def test_receiver_sees_scope_and_expiry_of_the_consent_on_the_case_page_and_in_the_api(
    client, case, outsider, other_ngo
):
    SharedReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=other_ngo,
        share_screening=True,
        share_notes=True,
        consent__sections=["screening", "notes", "services"],
        consent__given_on=datetime.date(2026, 1, 15),
        consent__expires_on=datetime.date(2099, 12, 31),
    )
    client.force_login(outsider)
    api = APIClient2FA()
    api.force_authenticate(outsider)

    page = client.get(case.get_absolute_url())
    answer = api.get(reverse("api:case-sharing", args=[case.pk]))

    assert "Screening, Notes." in page.text
    assert "allows it until 31 Dec 2099" in page.text
    assert answer.json() == [
        {
            "organisation": other_ngo.pk,
            "sections": ["screening", "notes"],
            "consent_sections": ["screening", "notes", "services"],
            "consent_given_on": "2026-01-15",
            "consent_expires_on": "2099-12-31",
        }
    ]


def test_sharing_consent_needs_the_sections_it_covers(case, caseworker, other_ngo):
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            case=case, by=caseworker, purpose="sharing", recipient=other_ngo, method="oral"
        )

    assert list(error.value.message_dict) == ["sections"]


def test_referral_of_a_section_the_consent_does_not_cover_is_refused(case, caseworker, other_ngo):
    services.consent_record(
        case=case,
        by=caseworker,
        purpose="sharing",
        recipient=other_ngo,
        method="oral",
        sections=["screening"],
    )

    with pytest.raises(ValidationError) as error:
        services.referral_request(
            case=case, by=caseworker, to_organisation=other_ngo, sections=["screening", "personal_data"]
        )

    assert list(error.value.message_dict) == ["sections"]


def test_referral_after_the_sharing_consent_expired_is_refused_with_the_reason(case, caseworker, other_ngo):
    ConsentFactory(
        organisation=case.organisation,
        case=case,
        purpose="sharing",
        recipient=other_ngo,
        sections=EVERY_SECTION,
        expires_on=TODAY - datetime.timedelta(days=1),
    )

    with pytest.raises(ValidationError) as error:
        services.referral_request(case=case, by=caseworker, to_organisation=other_ngo, sections=["screening"])

    assert error.value.message_dict == {
        "to_organisation": ["The victim's consent to sharing with this organisation has expired."]
    }


# Assistance ------------------------------------------------------------------------------------------


def _refuse(case, by, purpose):
    services.consent_record(case=case, by=by, purpose=purpose, method="oral", status="refused")


def test_refused_assistance_consent_blocks_services(case, caseworker):
    _refuse(case, caseworker, "assistance")

    with pytest.raises(ValidationError) as error:
        services.service_record(case=case, by=caseworker, type="medical")

    assert list(error.value.message_dict) == ["__all__"]
    assert case.services.count() == 0


def test_refused_assistance_consent_blocks_referrals(case, caseworker, other_ngo):
    services.consent_record(
        case=case,
        by=caseworker,
        purpose="sharing",
        recipient=other_ngo,
        method="oral",
        sections=["screening"],
    )
    _refuse(case, caseworker, "assistance")

    with pytest.raises(ValidationError) as error:
        services.referral_request(case=case, by=caseworker, to_organisation=other_ngo, sections=["screening"])

    assert list(error.value.message_dict) == ["__all__"]
    assert case.referrals.count() == 0


def test_manager_override_with_a_reason_lets_services_and_referrals_again(
    case, caseworker, manager, other_ngo
):
    services.consent_record(
        case=case,
        by=caseworker,
        purpose="sharing",
        recipient=other_ngo,
        method="oral",
        sections=["screening"],
    )
    _refuse(case, caseworker, "assistance")

    services.consent_override(case=case, by=manager, purpose="assistance", reason="Child at immediate risk")
    service = services.service_record(case=case, by=caseworker, type="medical")
    referral = services.referral_request(
        case=case, by=caseworker, to_organisation=other_ngo, sections=["screening"]
    )

    assert (service.type, referral.status) == ("medical", "requested")


# Follow-up -------------------------------------------------------------------------------------------


def test_refused_followup_consent_blocks_scheduling(case, caseworker):
    _refuse(case, caseworker, "follow_up")

    with pytest.raises(ValidationError):
        services.followup_schedule(case=case, by=caseworker, return_date=TODAY)

    assert FollowUp.unscoped.filter(case=case).count() == 0  # unscoped: the test's own case


def test_followup_reminders_skip_victims_who_refused_followup_contact(case, caseworker, ngo):
    refused = FollowUpFactory(organisation=ngo, case=case, due_on=TODAY, assigned_to=caseworker)
    other = Case.unscoped.get(
        pk=services.case_register(
            by=caseworker, organisation=ngo, given_name="Zarina", family_name="Fiktivova"
        ).pk
    )
    agreed = FollowUpFactory(organisation=ngo, case=other, due_on=TODAY, assigned_to=caseworker)
    _refuse(case, caseworker, "follow_up")

    sent = services.followup_reminders_send(day=TODAY)

    assert sent == 1
    assert list(Notification.unscoped.filter(kind="followup_due").values_list("subject", flat=True)) == [
        other.code
    ]
    assert FollowUp.unscoped.get(pk=refused.pk).reminded_at is None  # unscoped: the test's own row
    assert FollowUp.unscoped.get(pk=agreed.pk).reminded_at is not None  # unscoped: the test's own row


# Publication -----------------------------------------------------------------------------------------


def test_withdrawn_publication_consent_takes_the_story_down_at_once(case, caseworker, ngo):
    services.consent_record(case=case, by=caseworker, purpose="publication", method="written")
    story = StoryFactory(organisation=ngo, case=case, status=choices.StoryStatus.PUBLISHED)

    services.consent_withdraw(case=case, by=caseworker, purpose="publication")

    assert Story.unscoped.get(pk=story.pk).status == "unpublished"  # unscoped: the test's own row


def test_refused_publication_consent_takes_the_story_down_at_once(case, caseworker, ngo):
    services.consent_record(case=case, by=caseworker, purpose="publication", method="written")
    story = StoryFactory(organisation=ngo, case=case, status=choices.StoryStatus.PUBLISHED)

    _refuse(case, caseworker, "publication")

    assert Story.unscoped.get(pk=story.pk).status == "unpublished"  # unscoped: the test's own row


# Expiry notice ---------------------------------------------------------------------------------------


def test_consent_expiry_notify_tells_both_sides_once(case, caseworker, outsider, other_ngo):
    SharedReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=other_ngo,
        share_screening=True,
        consent__expires_on=TODAY - datetime.timedelta(days=1),
    )

    first = services.consent_expiry_notify(day=TODAY)
    again = services.consent_expiry_notify(day=TODAY)

    assert (first, again) == (1, 0)
    assert sorted(
        Notification.unscoped.filter(kind="sharing_expired").values_list("recipient__username", flat=True)
    ) == ["caseworker", "outsider"]


def test_consent_expiry_notify_ignores_unexpired_and_unshared_consents(
    case, caseworker, iom_office, other_ngo
):
    SharedReferralFactory(
        organisation=case.organisation, case=case, to_organisation=other_ngo, consent__expires_on=TODAY
    )
    ConsentFactory(  # expired, but nothing was ever shared with this organisation
        organisation=case.organisation,
        case=case,
        purpose="sharing",
        recipient=iom_office,
        sections=["screening"],
        expires_on=TODAY - datetime.timedelta(days=3),
    )

    assert services.consent_expiry_notify(day=TODAY) == 0
    assert Notification.unscoped.filter(kind="sharing_expired").count() == 0


def test_consent_expiry_notify_task_runs_the_service(case, other_ngo):
    from cases.tasks import consent_expiry_notify_task

    SharedReferralFactory(
        organisation=case.organisation,
        case=case,
        to_organisation=other_ngo,
        consent__expires_on=TODAY - datetime.timedelta(days=1),
    )

    result = consent_expiry_notify_task.call()

    assert result == 1


def test_services_of_a_case_without_any_assistance_answer_are_allowed(case, caseworker):
    AssistanceServiceFactory(organisation=case.organisation, case=case)

    service = services.service_record(case=case, by=caseworker, type="legal_aid")

    assert service.type == "legal_aid"


def test_owner_no_longer_sees_the_organisation_as_shared_with_after_refusal(
    client, case, shared, caseworker, other_ngo
):
    client.force_login(caseworker)
    before = client.get(case.get_absolute_url()).context["shared_with"]
    before = [referral.to_organisation for referral in before]

    _refuse_sharing(case, caseworker, other_ngo)
    after = list(client.get(case.get_absolute_url()).context["shared_with"])

    assert (before, after) == ([other_ngo], [])
