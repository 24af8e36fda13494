"""The demo shows follow-ups done and missed, consent to follow-up contact, services with an end and a
unit, accommodation only where a shelter is run, and the spread of closure reasons."""

from accounts import demo as accounts_demo
from cases import demo
from cases.models import AssistanceService, Case, Consent, FollowUp, choices
from network import demo as network_demo
from network.models import Organisation


def test_demo_load_shows_followup_outcomes_consents_services_and_closure_reasons(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    network_demo.load()
    accounts_demo.load()

    demo.load()

    done = FollowUp.unscoped.filter(done_on__isnull=False)
    assert done.exists() and all(followup.outcome for followup in done)
    missed = FollowUp.unscoped.filter(done_on__isnull=True).exclude(outcome="")
    assert missed.filter(cancelled=True).exists()  # given up on long-closed cases
    assert missed.filter(cancelled=False, case__stage__in=["reintegration", "monitoring"]).exists()  # overdue
    with_followups = set(FollowUp.unscoped.values_list("case_id", flat=True))
    consented = set(
        Consent.unscoped.filter(
            purpose=choices.ConsentPurpose.FOLLOW_UP, status=choices.ConsentStatus.GIVEN
        ).values_list("case_id", flat=True)
    )
    assert consented <= with_followups and len(consented) > 0.9 * len(with_followups)
    services = AssistanceService.unscoped.all()
    assert all(service.unit for service in services)
    assert services.filter(ended_on__isnull=False).count() > 0.9 * services.count()
    shelters = set(Organisation.objects.filter(services__code="shelter").values_list("pk", flat=True))
    accommodation = services.filter(type=choices.ServiceType.ACCOMMODATION)
    assert accommodation.exists()
    assert set(accommodation.values_list("provider_id", flat=True)) <= shelters
    assert all(service.unit == "nights" and service.quantity >= 1 for service in accommodation)
    reasons = set(Case.unscoped.filter(stage="closed").values_list("closure_reason", flat=True))
    assert {"reintegrated", "lost_contact", "re_trafficked"} <= reasons and "" not in reasons
