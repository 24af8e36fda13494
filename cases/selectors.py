"""What reads case data. Every selector takes the user and starts from ``visible_to(user)``;
those that return decrypted personal data for display also write the access log."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import PERMISSIONS
from accounts.tenancy import organisations_with_perm
from audit import selectors as audit_selectors
from audit.models import AuditEntry
from audit.services import access_log_record
from cases.blind_index import blind_index_candidates
from cases.models import (
    ApprovalRequest,
    Assessment,
    AssistanceService,
    Attachment,
    Case,
    Consent,
    FollowUp,
    Notification,
    Referral,
    ReintegrationPlan,
    Screening,
    TraffickingExperience,
    Victim,
    choices,
)
from cases.services.records import attachment_read
from network.models import Organisation


def case_list(*, user) -> QuerySet[Case]:
    return Case.objects.visible_to(user).select_related("organisation", "caseworker")


def caseworker_choices(*, organisation) -> QuerySet[User]:
    """Active users whose role in ``organisation`` lets them work its cases: who a case can be assigned to."""
    roles = [role for role, perms in PERMISSIONS.items() if "cases.change_case" in perms]
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__is_active=True,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("username")
    )


def case_shared_sections(*, user, case: Case) -> set[str]:
    """The sections of ``case`` the user sees: all in the owning organisation, else what was shared."""
    if user.has_perm("cases.view_case", case):
        return {section.value for section in choices.Section}
    organisation_ids = organisations_with_perm(user, "cases.view_case") or set()
    referrals = Referral.objects.filter(
        case=case,
        to_organisation_id__in=organisation_ids,
        status=choices.ReferralStatus.ACCEPTED,
        kind=choices.ReferralKind.REFERRAL,
    )
    return {section for referral in referrals for section in referral.shared_sections}


def victim_personal_data(*, user, case: Case, request=None) -> Victim:
    """The victim's decrypted record for display; writes one access-log entry.

    Victim.DoesNotExist if the user may not see the personal data of this case."""
    victim = Victim.objects.visible_to(user).select_related("case", "organisation").get(case=case)
    access_log_record(by=user, obj=victim, purpose="victim.personal_data", label=case.code, request=request)
    return victim


def victim_possible_matches(
    *,
    user,
    given_name: str,
    family_name: str,
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
) -> list[str]:
    """Names of the organisations that hold a possible match for this person — nothing else.

    Searches the whole network on purpose: the blind index reveals no personal data, and the
    answer names organisations only (never a case, a code or a name)."""
    if not user.has_perm("cases.add_case"):
        raise PermissionDenied
    candidates = blind_index_candidates(
        given_name=given_name, family_name=family_name, birth_date=birth_date, birth_year=birth_year
    )
    organisation_ids = Victim.objects.filter(blind_index__in=candidates).values("organisation_id")
    return sorted(str(organisation) for organisation in Organisation.objects.filter(pk__in=organisation_ids))


def consent_history(*, user, case: Case) -> QuerySet[Consent]:
    return Consent.objects.visible_to(user).filter(case=case).select_related("recipient", "recorded_by")


# The case's sections that are one row per case: their change history is the case's own.
CASE_SECTION_MODELS = (Victim, Screening, TraffickingExperience, ReintegrationPlan)


def case_change_history(*, user, case: Case) -> list[audit_selectors.HistoryRow]:
    """Changes of the case and of its one-per-case sections, newest first; empty for a user who may
    not audit the case (``audit.view_history``). Encrypted personal data is marked changed, no values."""
    objects = [case]
    for model in CASE_SECTION_MODELS:
        # Only the key is loaded: the history needs the row's id, never its (encrypted) values.
        objects.extend(model.objects.visible_to(user).filter(case=case).only("pk"))
    rows = [row for obj in objects for row in audit_selectors.history_for_object(user=user, obj=obj)]
    return sorted(rows, key=lambda row: (row.date, row.record.history_id), reverse=True)


def case_audit_entries(*, user, case: Case) -> QuerySet[AuditEntry]:
    """What was done to the case (who, when, which action), for those who may read the audit trail."""
    return (
        AuditEntry.objects.visible_to(user)
        .filter(object_type="cases.case", object_id=str(case.pk))
        .select_related("actor")
    )


def consent_current_list(*, user, case: Case) -> QuerySet[Consent]:
    return consent_history(user=user, case=case).current()


def consent_list(*, user) -> QuerySet[Consent]:
    """Every version of every consent the user may see, across cases (the API filters them)."""
    return Consent.objects.visible_to(user).select_related("case", "recipient")


def referrals_incoming(*, user) -> QuerySet[Referral]:
    """Referrals and transfers addressed to the user's organisations that wait for an answer."""
    organisation_ids = organisations_with_perm(user, "cases.answer_referral") or set()
    return (
        Referral.objects.visible_to(user)
        .filter(to_organisation_id__in=organisation_ids, status=choices.ReferralStatus.REQUESTED)
        .select_related("case", "organisation", "to_organisation", "requested_by")
    )


def referral_list(*, user, case: Case | None = None) -> QuerySet[Referral]:
    referrals = Referral.objects.visible_to(user).select_related("case", "organisation", "to_organisation")
    return referrals if case is None else referrals.filter(case=case)


def approvals_pending(*, user) -> QuerySet[ApprovalRequest]:
    organisation_ids = organisations_with_perm(user, "cases.approve_case") or set()
    return (
        ApprovalRequest.objects.visible_to(user)
        .filter(organisation_id__in=organisation_ids, status=choices.ApprovalStatus.PENDING)
        .select_related("case", "requested_by", "referral__to_organisation")
    )


def followups_due(*, user, day: datetime.date | None = None, within_days: int = 7) -> QuerySet[FollowUp]:
    """The user's pending follow-ups due within ``within_days`` (overdue ones first)."""
    day = day or timezone.localdate()
    return (
        FollowUp.objects.visible_to(user)
        .pending()
        .filter(assigned_to=user, due_on__lte=day + datetime.timedelta(days=within_days))
        .select_related("case")
        .order_by("due_on", "pk")
    )


def followup_list(*, user) -> QuerySet[FollowUp]:
    """Follow-ups of every case the user may see (shared with the reintegration section)."""
    return FollowUp.objects.visible_to(user).select_related("case")


def service_list(*, user) -> QuerySet[AssistanceService]:
    """Services delivered in every case the user may see (shared with the services section)."""
    return AssistanceService.objects.visible_to(user).select_related("case", "provider")


def assessment_list(*, user) -> QuerySet[Assessment]:
    """Reintegration assessments of every case the user may see (shared with the reintegration section)."""
    return Assessment.objects.visible_to(user).select_related("case")


def notifications_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.visible_to(user)


def attachment_content(*, user, attachment_pk: int, request=None) -> tuple[Attachment, bytes]:
    """The decrypted file for download; writes one access-log entry.

    Attachment.DoesNotExist if the user may not see it."""
    attachment = Attachment.objects.visible_to(user).select_related("case").get(pk=attachment_pk)
    content = attachment_read(attachment)
    access_log_record(
        by=user, obj=attachment, purpose="attachment.content", label=attachment.case.code, request=request
    )
    return attachment, content


def statistics_cases(queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Cases that may be counted in de-identified statistics (for ``analytics``/``exchange``).

    A refused or withdrawn statistics consent always excludes the case; a case with no recorded answer
    counts unless AMANAT_COUNT_CASES_WITHOUT_STATISTICS_CONSENT is off. Callers scope ``queryset``."""
    queryset = Case.objects.all() if queryset is None else queryset
    current = Consent.objects.filter(
        case=OuterRef("pk"), purpose=choices.ConsentPurpose.STATISTICS, superseded_by__isnull=True
    )
    today = timezone.localdate()
    given = current.filter(status=choices.ConsentStatus.GIVEN).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )
    if settings.AMANAT_COUNT_CASES_WITHOUT_STATISTICS_CONSENT:
        return queryset.filter(Exists(given) | ~Exists(current))
    return queryset.filter(Exists(given))
