"""What reads case data. Every selector takes the user and starts from ``visible_to(user)``;
those that return decrypted personal data for display also write the access log."""

import dataclasses
import datetime
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import formats, timezone

from accounts.models import User
from accounts.roles import PERMISSIONS
from audit import selectors as audit_selectors
from audit.models import AuditEntry
from cases.models import (
    ApprovalRequest,
    Assessment,
    AssistanceService,
    Attachment,
    Case,
    Consent,
    CriminalProceeding,
    FollowUp,
    Note,
    Perpetrator,
    Referral,
    ReintegrationGoal,
    ReintegrationPlan,
    Screening,
    Story,
    TraffickingEvent,
    TraffickingExperience,
    Victim,
    VictimSearchToken,
    choices,
)
from cases.models.base import sharing_consents, sharing_referrals
from network.models import Organisation
from privacy.access import personal_data_list, personal_data_read, personal_file_read
from privacy.fields import encrypted_fields_of
from privacy.search_tokens import name_query
from tenancy import organisations_with_perm


def case_list(*, user) -> QuerySet[Case]:
    return Case.objects.visible_to(user).select_related("organisation", "caseworker")


def demo_case_list(*, organisation_ids) -> QuerySet[Case]:
    """The demo cases of these organisations, for the demo loaders of other domains (commands only)."""
    # unscoped: a demo loader (a command) gives other domains' demo rows cases to point at.
    return Case.unscoped.filter(organisation_id__in=organisation_ids, is_demo=True)


def case_list_rows(*, user) -> QuerySet[Case]:
    """The case list's rows: no personal data loaded, the victim's sex and age (masked columns) read
    through the victim's own scope, and the overdue flag through the follow-ups' scope, so a case shared
    without those sections shows none of them."""
    from cases.filters import with_overdue_flag

    victim = Victim.objects.visible_to(user).filter(case_id=OuterRef("pk"))
    rows = (
        case_list(user=user)
        .defer("closure_details")
        .annotate(
            victim_sex=Subquery(victim.values("sex")[:1]),
            victim_age=Subquery(victim.values("age_at_registration")[:1]),
        )
    )
    return with_overdue_flag(rows, user)


def name_shown_to(user, case: Case) -> bool:
    """Whether a case's name may be shown to ``user`` beyond the personal-data scope: a case whose
    name is hidden (a person at high risk) shows it only to the assigned caseworker and the managers
    of the owning organisation."""
    if not case.name_hidden:
        return True
    return case.caseworker_id == user.pk or user.has_perm("cases.approve_case", case)


def _hidden_names_excluded(user, rows: QuerySet) -> QuerySet:
    """``rows`` (with ``case_id``) without the hidden-name cases ``user`` may not see by name
    (``name_shown_to``, in SQL). Hidden names are few: their ids come from a small partial index."""
    managed = organisations_with_perm(user, "cases.approve_case") or set()
    # unscoped: only the ids of hidden-name cases, to leave out of rows that are already scoped.
    hidden = (
        Case.unscoped.filter(name_hidden=True)
        .exclude(Q(caseworker=user) | Q(organisation_id__in=managed))
        .values("pk")
    )
    return rows.exclude(case_id__in=hidden)


def case_name_search(
    *,
    user,
    name: str,
    birth_date: datetime.date | None = None,
    birth_year: int | None = None,
    cases: QuerySet[Case] | None = None,
) -> QuerySet[Case]:
    """The cases (of ``cases``, default ``case_list_rows``) whose victim's names match ``name``, best
    first (``privacy.search_tokens``: any part of a name, one wrong letter, Cyrillic or Latin),
    narrowed by the birth date or year when given; ``search_score`` on each.

    Only tokens the user may read are searched (the personal section's scope: the own organisation,
    or a referral whose consent shares the personal data), and a hidden-name case only by those who
    may see its name, so a case outside that answers like a name that matches nobody. Nothing is
    decrypted. ValueError with fewer than two letters."""
    query = name_query(name, birth_date=birth_date, birth_year=birth_year)
    tokens = _hidden_names_excluded(user, VictimSearchToken.objects.visible_to(user))
    matches = (
        tokens.filter(token__in=[*query.grams, *query.starts])
        .values("case_id")
        .annotate(hits=Count("pk", filter=Q(token__in=query.grams)), score=Count("pk"))
        .filter(hits__gte=query.required)
    )
    if query.birth:
        matches = matches.filter(case_id__in=tokens.filter(token__in=query.birth).values("case_id"))
    # unscoped: correlated to the outer case, which the scoped matches above already admitted.
    score = (
        VictimSearchToken.unscoped.filter(case_id=OuterRef("pk"), token__in=[*query.grams, *query.starts])
        .values("case_id")
        .annotate(score=Count("pk"))
        .values("score")
    )
    cases = case_list_rows(user=user) if cases is None else cases
    return (
        cases.filter(pk__in=matches.values("case_id"))
        .annotate(search_score=Subquery(score[:1]))
        .order_by("-search_score", "-registered_on", "-pk")
    )


def case_list_names(*, user, cases: list[Case], request=None) -> dict[int, str]:
    """The victims' names of the listed ``cases`` that the user may see (the personal section in
    scope, and ``name_shown_to``), by case id; one access-log entry per owning organisation naming the
    cases shown. Nothing is decrypted or logged for the others."""
    shown = {case.pk: case for case in cases if name_shown_to(user, case)}
    if not shown:
        return {}
    victims = (
        Victim.objects.visible_to(user)
        .filter(case_id__in=list(shown))
        .only("pk", "case_id", "organisation_id", "record_key", "given_name", "family_name")
    )
    records = personal_data_list(
        victims,
        by=user,
        purpose="victim.name_list",
        label=lambda victim: shown[victim.case_id].code,
        request=request,
    )
    return {victim.case_id: f"{victim.given_name} {victim.family_name}".strip() for victim in records}


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


def _received_referrals(*, user, case: Case):
    """The accepted referrals of ``case`` to the user's organisations that share anything right now,
    each annotated with whether the current consent covers each section (the one consent rule)."""
    organisation_ids = organisations_with_perm(user, "cases.view_case") or set()
    return (
        sharing_referrals(organisation_ids)
        .filter(case=case)
        .annotate(
            **{
                f"consent_covers_{section}": Exists(sharing_consents(section))
                for section in choices.Section.values
            }
        )
    )


def case_shared_sections(*, user, case: Case) -> set[str]:
    """The sections of ``case`` the user sees: all in the owning organisation, else what was shared and
    is still covered by the victim's current consent (``cases.models.base.sharing_referrals``)."""
    if user.has_perm("cases.view_case", case):
        return {section.value for section in choices.Section}
    return {
        section
        for referral in _received_referrals(user=user, case=case)
        for section in referral.shared_sections
        if getattr(referral, f"consent_covers_{section}")
    }


@dataclasses.dataclass(frozen=True)
class SharingReceived:
    """What a receiving organisation got of a case, and the consent behind it."""

    organisation: Organisation
    sections: list[str]
    consent_sections: list[str]
    consent_given_on: datetime.date
    consent_expires_on: datetime.date | None

    @property
    def section_labels(self) -> list[str]:
        labels = dict(choices.Section.choices)
        return [str(labels[section]) for section in self.sections]


def case_sharing_received(*, user, case: Case) -> list[SharingReceived]:
    """For a receiving organisation: the sections it sees of ``case`` and the scope and expiry of the
    victim's consent that allows it (empty for the owner and once the consent no longer shares)."""
    if user.has_perm("cases.view_case", case):
        return []
    referrals = list(_received_referrals(user=user, case=case).select_related("to_organisation"))
    # unscoped: the current sharing consents behind referrals the user's organisations received.
    consents = {
        consent.recipient_id: consent
        for consent in Consent.unscoped.filter(
            case=case,
            purpose=choices.ConsentPurpose.SHARING,
            recipient_id__in=[referral.to_organisation_id for referral in referrals],
            superseded_by__isnull=True,
        )
    }
    received = []
    for referral in referrals:
        consent = consents.get(referral.to_organisation_id)
        if consent is None:
            continue
        received.append(
            SharingReceived(
                organisation=referral.to_organisation,
                sections=[
                    section
                    for section in referral.shared_sections
                    if getattr(referral, f"consent_covers_{section}")
                ],
                consent_sections=consent.sections,
                consent_given_on=consent.given_on,
                consent_expires_on=consent.expires_on,
            )
        )
    return received


def victim_personal_data(*, user, case: Case, request=None) -> Victim:
    """The victim's decrypted record for display; writes one access-log entry.

    Victim.DoesNotExist if the user may not see the personal data of this case."""
    return personal_data_read(
        Victim.objects.visible_to(user).select_related("case", "organisation"),
        case=case,
        by=user,
        purpose="victim.personal_data",
        label=case.code,
        request=request,
    )


@dataclasses.dataclass(frozen=True)
class DuplicateCheckRow:
    """One user's duplicate checks and the drafts they opened, for the organisation's managers."""

    user: User
    checks: int
    matched: int
    limited: int
    drafts: int
    abandoned_drafts: int


def duplicate_check_summary(
    *, user, organisation, days: int = 30, abandoned_after_days: int = 7
) -> list[DuplicateCheckRow]:
    """Per user of ``organisation``, over the last ``days``: duplicate checks run (matched, refused by the
    hourly limit) and drafts opened that are still in screening (abandoned: untouched for
    ``abandoned_after_days``). A probe that opens drafts just to ask the network shows up here.

    PermissionDenied unless the user approves the organisation's cases (its managers)."""
    if not user.has_perm("cases.approve_case", organisation):
        raise PermissionDenied
    now = timezone.now()
    entries = AuditEntry.objects.visible_to(user).filter(
        organisation=organisation, created_at__gte=now - datetime.timedelta(days=days)
    )
    counts = {
        row["actor"]: row
        for row in entries.filter(action__in=["victim.match_checked", "victim.match_limited"])
        .values("actor")
        .annotate(
            checks=Count("pk", filter=Q(action="victim.match_checked")),
            matched=Count("pk", filter=Q(action="victim.match_checked", details__matched=True)),
            limited=Count("pk", filter=Q(action="victim.match_limited")),
        )
    }
    registered = dict(
        entries.filter(action="case.registered", object_type="cases.case").values_list("object_id", "actor")
    )
    drafts = (
        Case.objects.visible_to(user)
        .filter(
            organisation=organisation, stage=choices.Stage.SCREENING, pk__in=[int(pk) for pk in registered]
        )
        .values_list("pk", "updated_at")
    )
    draft_counts: dict[int, list[int]] = {}
    abandoned_before = now - datetime.timedelta(days=abandoned_after_days)
    for pk, updated_at in drafts:
        tally = draft_counts.setdefault(registered[str(pk)], [0, 0])
        tally[0] += 1
        tally[1] += updated_at < abandoned_before
    actors = {actor for actor in [*counts, *draft_counts] if actor is not None}
    users = User.objects.filter(pk__in=actors).order_by("username")
    empty = {"checks": 0, "matched": 0, "limited": 0}
    return [
        DuplicateCheckRow(
            user=member,
            **{name: counts.get(member.pk, empty)[name] for name in empty},
            drafts=draft_counts.get(member.pk, [0, 0])[0],
            abandoned_drafts=draft_counts.get(member.pk, [0, 0])[1],
        )
        for member in users
    ]


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


def _publication_consented(case_ref: str) -> Q:
    """The victim of the case at ``case_ref`` (of the outer query) consents to publication now: the
    current version given and unexpired (a withdrawal or expiry ends it at once)."""
    # unscoped: correlated to the outer story's case, which the caller has scoped.
    return Q(
        Exists(
            Consent.unscoped.filter(
                case=OuterRef(case_ref),
                purpose=choices.ConsentPurpose.PUBLICATION,
                superseded_by__isnull=True,
                status=choices.ConsentStatus.GIVEN,
            ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate()))
        )
    )


def published_stories(*, user) -> QuerySet[Story]:
    """The published stories the user may show beside figures (``analytics.stories``): those of the
    organisations where they publish stories (``cases.publish_story``), written by the case's owner,
    whose victim's publication consent is current."""
    publishers = organisations_with_perm(user, "cases.publish_story")
    stories = Story.objects.visible_to(user).filter(
        _publication_consented("case_id"),
        status=choices.StoryStatus.PUBLISHED,
        organisation_id=F("case__organisation_id"),
    )
    if publishers is not None:  # None: a network-wide role holds it
        stories = stories.filter(organisation_id__in=publishers)
    return stories.select_related("organisation")


@dataclasses.dataclass(frozen=True)
class PublishedStory:
    pk: int
    title: str
    text: str
    organisation: Organisation


def published_story_texts(*, story_ids) -> list[PublishedStory]:
    """Title, text and organisation of those of ``story_ids`` still published under a current
    publication consent, for ``analytics`` to show beside figures (newest first); never the case.

    The caller has decided the reader may see these stories (their organisations are in its scope). The
    texts were anonymised in review and their victims consent to their publication: reading them is not
    a read of personal data, so nothing goes to the access log."""
    # unscoped: the ids the caller has scoped; only published, consented stories leave.
    stories = (
        Story.unscoped.filter(
            _publication_consented("case_id"), pk__in=story_ids, status=choices.StoryStatus.PUBLISHED
        )
        .select_related("organisation")
        .order_by("-submitted_at", "-pk")
    )
    return [
        PublishedStory(pk=story.pk, title=story.title, text=story.text, organisation=story.organisation)
        for story in stories
    ]


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


def goal_list(*, user) -> QuerySet[ReintegrationGoal]:
    """Reintegration goals of every case the user may see (shared with the reintegration section)."""
    return ReintegrationGoal.objects.visible_to(user).select_related("case", "status_changed_by")


def retrafficked_cases(*, user) -> QuerySet[Case]:
    """Cases the user may see with a re-trafficking outcome recorded at an assessment (for analytics to count:
    ``retrafficked_cases(user=…).count()``)."""
    return Case.objects.visible_to(user).filter(
        pk__in=Assessment.objects.visible_to(user).filter(retrafficked=True).values("case_id")
    )


def screening_read(*, user, case: Case, request=None) -> Screening:
    """The case's screening with its free text decrypted; writes one access-log entry.

    Screening.DoesNotExist when the screening is not shared with the user."""
    return personal_data_read(
        Screening.objects.visible_to(user).select_related("case", "identifying_body"),
        case=case,
        by=user,
        purpose="screening.read",
        label=case.code,
        request=request,
    )


def experience_read(*, user, case: Case, request=None) -> TraffickingExperience:
    """The case's trafficking experience with its account decrypted; writes one access-log entry.

    TraffickingExperience.DoesNotExist when the experience is not shared with the user."""
    return personal_data_read(
        TraffickingExperience.objects.visible_to(user).select_related("case"),
        case=case,
        by=user,
        purpose="experience.read",
        label=case.code,
        request=request,
    )


def event_list(*, user, case: Case) -> QuerySet[TraffickingEvent]:
    """The places and dates of the case (shared with the experience section)."""
    return TraffickingEvent.objects.visible_to(user).filter(case=case).select_related("case", "region")


def perpetrator_list(*, user) -> QuerySet[Perpetrator]:
    """Perpetrators of every case the user may see (shared with the ``legal`` section only)."""
    return Perpetrator.objects.visible_to(user).select_related("case")


def perpetrator_read(*, user, pk: int, request=None) -> Perpetrator:
    """One perpetrator with names and details decrypted; writes one access-log entry."""
    return personal_data_read(
        perpetrator_list(user=user),
        pk=pk,
        by=user,
        purpose="perpetrator.read",
        label=lambda perpetrator: perpetrator.case.code,
        request=request,
    )


def case_perpetrators_read(*, user, case: Case, request=None) -> list[Perpetrator]:
    """The case's perpetrators with names decrypted, one access-log entry each (a case has few)."""
    ids = perpetrator_list(user=user).filter(case=case).values_list("pk", flat=True)
    return [perpetrator_read(user=user, pk=pk, request=request) for pk in ids]


def proceeding_list(*, user) -> QuerySet[CriminalProceeding]:
    """Criminal proceedings of every case the user may see (shared with the ``legal`` section only)."""
    return CriminalProceeding.objects.visible_to(user).select_related("case")


def proceeding_read(*, user, pk: int, request=None) -> CriminalProceeding:
    """One proceeding with its authority, number and notes decrypted; writes one access-log entry."""
    return personal_data_read(
        proceeding_list(user=user),
        pk=pk,
        by=user,
        purpose="proceeding.read",
        label=lambda proceeding: proceeding.case.code,
        request=request,
    )


def case_proceedings_read(*, user, case: Case, request=None) -> list[CriminalProceeding]:
    """The case's proceedings with authority and number decrypted, one access-log entry each."""
    ids = proceeding_list(user=user).filter(case=case).values_list("pk", flat=True)
    return [proceeding_read(user=user, pk=pk, request=request) for pk in ids]


def referral_details_read(*, user, pk: int, request=None) -> Referral:
    """One referral with its free-text details decrypted; writes one access-log entry."""
    return personal_data_read(
        referral_list(user=user),
        pk=pk,
        by=user,
        purpose="referral.details",
        label=lambda referral: referral.case.code,
        request=request,
    )


def attachment_content(*, user, attachment_pk: int, request=None) -> tuple[Attachment, bytes]:
    """The decrypted file for download; writes one access-log entry.

    Attachment.DoesNotExist if the user may not see it."""
    attachment = Attachment.objects.visible_to(user).select_related("case").get(pk=attachment_pk)
    content = personal_file_read(
        attachment,
        field_name="storage_name",
        by=user,
        purpose="attachment.content",
        label=attachment.case.code,
        request=request,
    )
    return attachment, content


def statistics_cases(*, user) -> QuerySet[Case]:
    """Cases the user sees that may be counted in de-identified statistics (for ``analytics``/``exchange``).

    A refused or withdrawn statistics consent always excludes the case; a case with no recorded answer
    counts unless AMANAT_COUNT_CASES_WITHOUT_STATISTICS_CONSENT is off. Starts from ``case_list(user)``:
    there is no unscoped fallback, and coordinators read aggregates from ``analytics.selectors`` only."""
    return case_list(user=user).filter(_counted_in_statistics("pk"))


def statistics_cases_of(*, organisation_ids) -> QuerySet[Case]:
    """The registered (not draft) cases of these organisations that may be counted in de-identified
    statistics, for ``analytics`` to aggregate: whoever calls it has decided that the reader may see
    these organisations' aggregates (``analytics.scope``), and only counts may leave it, never rows."""
    # unscoped: aggregate figures of organisations the analytics scope has granted; nothing personal leaves.
    return Case.unscoped.filter(
        _counted_in_statistics("pk"), organisation_id__in=organisation_ids, is_draft=False
    )


def statistics_sections_of(model, *, organisation_ids) -> QuerySet:
    """Rows of a case section (services, referrals, assessments…) of these organisations' counted cases,
    for ``analytics`` as ``statistics_cases_of``: aggregates only."""
    # unscoped: as statistics_cases_of, correlated to the counted cases.
    return model.unscoped.filter(
        _counted_in_statistics("case_id"), organisation_id__in=organisation_ids, case__is_draft=False
    )


def _counted_in_statistics(case_ref: str, *, given_only: bool = False) -> Q:
    """The condition that the case at ``case_ref`` (of the outer query) may be counted in statistics;
    ``given_only``: only with the victim's consent given (a record-level release, whatever the setting
    that counts cases without an answer in aggregate figures)."""
    # unscoped: correlated to the outer case (OuterRef), which the caller has scoped or counts only.
    current = Consent.unscoped.filter(
        case=OuterRef(case_ref), purpose=choices.ConsentPurpose.STATISTICS, superseded_by__isnull=True
    )
    today = timezone.localdate()
    given = current.filter(status=choices.ConsentStatus.GIVEN).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )
    if settings.AMANAT_COUNT_CASES_WITHOUT_STATISTICS_CONSENT and not given_only:
        return Q(Exists(given)) | ~Q(Exists(current))
    return Q(Exists(given))


def case_writing_organisation(*, user, case: Case, perm: str, section: str) -> int | None:
    """The organisation in whose name ``user`` writes a row of ``section`` on ``case`` with ``perm``: the
    case's owner where the user holds ``perm`` there; else an organisation of the user that accepted a
    referral of the case which shares ``section`` under the victim's current consent (a completed
    referral is read only). None: the user may not write it (fail closed)."""
    if user.has_perm(perm, case):
        return case.organisation_id
    organisation_ids = organisations_with_perm(user, perm)
    if not organisation_ids:  # none, or a network-wide role: neither works on another's case
        return None
    referral = (
        sharing_referrals(organisation_ids, section)
        .filter(case_id=case.pk, status=choices.ReferralStatus.ACCEPTED)
        .order_by("to_organisation_id")
        .first()
    )
    return referral.to_organisation_id if referral is not None else None


def _for_receiver(*, user, status: str) -> QuerySet[Referral]:
    """Referrals in ``status`` that the user answers or completes: those addressed to the user's
    organisations, and those its organisations sent to a body outside Amanat (they record its answer)."""
    receiving = organisations_with_perm(user, "cases.answer_referral") or set()
    sending = organisations_with_perm(user, "cases.add_referral") or set()
    return (
        Referral.objects.visible_to(user)
        .filter(
            Q(to_organisation_id__in=receiving)
            | Q(to_organisation__isnull=True, organisation_id__in=sending),
            status=status,
        )
        .select_related("case", "organisation", "to_organisation", "requested_by")
    )


def referrals_answerable(*, user) -> QuerySet[Referral]:
    """Requests waiting for the user's organisations' answer (or for the answer of an external body)."""
    return _for_receiver(user=user, status=choices.ReferralStatus.REQUESTED)


def referrals_to_complete(*, user) -> QuerySet[Referral]:
    """Accepted referrals the user's organisations complete (or record the outcome of, for a body outside
    Amanat)."""
    return _for_receiver(user=user, status=choices.ReferralStatus.ACCEPTED).filter(
        kind=choices.ReferralKind.REFERRAL
    )


def sharing_consent_recipients(*, user, case: Case) -> set[int]:
    """Ids of the organisations the victim's current consent allows sharing with (given, not expired)."""
    return {
        consent.recipient_id
        for consent in consent_current_list(user=user, case=case).filter(
            purpose=choices.ConsentPurpose.SHARING
        )
        if consent.is_valid
    }


def services_deliverable(*, user, referral: Referral) -> QuerySet[AssistanceService]:
    """The services the receiving organisation recorded on the referred case: what it can report as
    delivered when it completes the referral."""
    return (
        AssistanceService.objects.visible_to(user)
        .filter(
            case_id=referral.case_id,
            organisation_id=referral.to_organisation_id or referral.organisation_id,
        )
        .order_by("started_on", "pk")
    )


@dataclasses.dataclass(frozen=True)
class TimelineEntry:
    """One thing done on a case, by whom: nothing personal (no note text, no names of the victim)."""

    when: datetime.datetime | datetime.date
    kind: str
    what: str
    organisation: str
    by: str
    is_own: bool

    @property
    def sort_key(self) -> datetime.datetime:
        when = self.when
        if not isinstance(when, datetime.datetime):
            when = timezone.make_aware(datetime.datetime.combine(when, datetime.time.max))
        return when


def _display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def case_timeline(*, user, case: Case) -> list[TimelineEntry]:
    """The joint timeline of ``case``: services, notes, follow-ups and referral events of the owning
    organisation and of the organisations it referred the victim to, as far as the user may see each
    (every row through its own scope, so a section not shared shows nothing), newest first."""
    from django.utils.translation import gettext as _

    mine = organisations_with_perm(user, "cases.view_case") or set()
    entries: list[TimelineEntry] = []

    def add(when, kind, what, organisation, by):
        entries.append(
            TimelineEntry(when, kind, what, str(organisation), _display_name(by), organisation.pk in mine)
        )

    for service in (
        AssistanceService.objects.visible_to(user)
        .filter(case=case)
        .select_related("organisation", "provider", "recorded_by")
    ):
        add(
            service.created_at,
            _("Service"),
            service.get_type_display(),
            service.organisation,
            service.recorded_by,
        )
    for note in Note.objects.visible_to(user).filter(case=case).select_related("organisation", "author"):
        add(note.created_at, _("Note"), _("Note written"), note.organisation, note.author)
    for followup in (
        FollowUp.objects.visible_to(user)
        .filter(case=case, cancelled=False)
        .select_related("organisation", "assigned_to")
    ):
        if followup.done_on:
            add(
                followup.done_on,
                _("Follow-up"),
                _("Follow-up done"),
                followup.organisation,
                followup.assigned_to,
            )
        else:
            what = _("Follow-up due on %(date)s") % {"date": formats.date_format(followup.due_on)}
            add(followup.due_on, _("Follow-up"), what, followup.organisation, followup.assigned_to)
    for referral in referral_list(user=user, case=case).select_related(
        "requested_by", "answered_by", "completed_by"
    ):
        receiver = referral.receiver_name
        add(
            referral.requested_at,
            referral.get_kind_display(),
            _("Sent to %(receiver)s") % {"receiver": receiver},
            referral.organisation,
            referral.requested_by,
        )
        answerer = referral.to_organisation or referral.organisation  # an external body: the sender records
        if referral.answered_at:
            if referral.status == choices.ReferralStatus.DECLINED:
                what = _("Declined by %(receiver)s") % {"receiver": receiver}
            else:
                what = _("Accepted by %(receiver)s") % {"receiver": receiver}
            add(referral.answered_at, referral.get_kind_display(), what, answerer, referral.answered_by)
        if referral.completed_at:
            what = _("Completed by %(receiver)s: %(outcome)s") % {
                "receiver": receiver,
                "outcome": referral.get_outcome_display(),
            }
            add(referral.completed_at, referral.get_kind_display(), what, answerer, referral.completed_by)
    return sorted(entries, key=lambda entry: entry.sort_key, reverse=True)


def organisation_award_figures(
    *, organisation_id: int, date_from: datetime.date, date_to: datetime.date
) -> dict:
    """What an award entry of the organisation cites from its own case work over ``date_from``–``date_to``
    (inclusive). Counts and means only: no case, victim or code leaves this function, and a case whose
    victim refused (or withdrew) inclusion in statistics is not counted (``statistics_cases``' rule).

    - ``victims_assisted``: cases with a service recorded by the organisation running in the period;
    - ``services``: services recorded by the organisation that started in the period;
      ``service_types``: how many different kinds of service those were;
    - ``referrals_made``: referrals and transfers the organisation sent in the period (not those still
      awaiting its manager's approval); ``referrals_accepted``: of those, accepted or completed;
    - ``reintegration_plans``: cases with a reintegration plan of the organisation running in the period;
    - ``goals_achieved``: reintegration goals marked achieved in the period;
    - ``assessments``: reintegration assessments made in the period;
    - ``assessed_cases``: cases assessed in the period with an earlier or later assessment to compare;
      ``score_change``: the mean change of their composite reintegration score (0–1 scale) from their
      first assessment to their latest one up to the period's end (three decimals; None without any).

    Seven queries."""
    counted = _counted_in_statistics("case_id")
    in_period = {"started_on__lte": date_to}
    # unscoped: awards asks for aggregate counts of one organisation whose right to see them awards has
    # checked (its own entry, or an entry the reader may read); nothing but counts leaves this function.
    services = AssistanceService.unscoped.filter(counted, organisation_id=organisation_id, **in_period)
    running = services.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=date_from))
    started = services.filter(started_on__gte=date_from).aggregate(
        services=Count("pk"), service_types=Count("type", distinct=True)
    )
    # unscoped: as above (counts of the organisation's referrals).
    referrals = Referral.unscoped.filter(
        counted,
        organisation_id=organisation_id,
        requested_at__date__gte=date_from,
        requested_at__date__lte=date_to,
    ).exclude(status=choices.ReferralStatus.AWAITING_APPROVAL)
    referral_counts = referrals.aggregate(
        made=Count("pk"),
        accepted=Count(
            "pk", filter=Q(status__in=[choices.ReferralStatus.ACCEPTED, choices.ReferralStatus.COMPLETED])
        ),
    )
    # unscoped: as above (counts of the organisation's plans).
    plans = ReintegrationPlan.unscoped.filter(
        counted, organisation_id=organisation_id, starts_on__lte=date_to
    ).filter(Q(actual_end_date__isnull=True) | Q(actual_end_date__gte=date_from))
    # unscoped: as above (counts of the organisation's goals).
    goals = ReintegrationGoal.unscoped.filter(
        counted,
        organisation_id=organisation_id,
        status=choices.GoalStatus.ACHIEVED,
        status_changed_on__gte=date_from,
        status_changed_on__lte=date_to,
    )
    # unscoped: as above (the organisation's assessment scores, read as numbers with their case id only).
    assessments = Assessment.unscoped.filter(
        counted, organisation_id=organisation_id, assessed_on__lte=date_to
    )
    scores: dict[int, list] = {}
    assessed_in_period = set()
    for case_id, assessed_on, composite in assessments.order_by("assessed_on", "pk").values_list(
        "case_id", "assessed_on", "composite"
    ):
        if assessed_on >= date_from:
            assessed_in_period.add(case_id)
        if composite is not None:
            scores.setdefault(case_id, []).append(composite)
    changes = [
        float(scores[case_id][-1] - scores[case_id][0])
        for case_id in assessed_in_period
        if len(scores.get(case_id, [])) >= 2
    ]
    return {
        "victims_assisted": running.values("case_id").distinct().count(),
        "services": started["services"],
        "service_types": started["service_types"],
        "referrals_made": referral_counts["made"],
        "referrals_accepted": referral_counts["accepted"],
        "reintegration_plans": plans.count(),
        "goals_achieved": goals.count(),
        "assessments": assessments.filter(assessed_on__gte=date_from).count(),
        "assessed_cases": len(changes),
        "score_change": round(sum(changes) / len(changes), 3) if changes else None,
    }


@dataclasses.dataclass(frozen=True)
class CaseExportRecord:
    """One case of an export with the sections the reader may see (None / empty when not shared)."""

    case: Case
    victim: Victim | None
    screening: Screening | None
    experience: TraffickingExperience | None
    events: list[TraffickingEvent]
    consents: dict[str, Consent]  # the current version per purpose (not sharing)


def _plain_fields(model, *extra: str) -> list[str]:
    """The model's concrete fields that are not encrypted (what can be read without the access log)."""
    encrypted = {field.name for field in encrypted_fields_of(model)}
    names = [field.name for field in model._meta.concrete_fields if field.name not in encrypted]
    return [*names, *extra]


def case_export_records(
    *, user, organisation, personal: bool, request=None, batch_size: int = 500
) -> Iterator[CaseExportRecord]:
    """The registered cases of ``organisation`` the user may see, oldest first, each with its sections,
    in batches of ``batch_size`` (a fixed number of queries per batch, however many cases).

    Without ``personal`` no encrypted field is loaded; with it, the victims' and screenings' personal
    data are read through ``privacy.access.personal_data_list`` (one access-log entry per batch naming
    every case read). The caller checks the export permissions."""
    cases = (
        Case.objects.visible_to(user)
        .filter(organisation=organisation, is_draft=False)
        .select_related("organisation")
        .order_by("pk")
    )
    last_pk = 0
    while True:
        batch = list(cases.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return
        last_pk = batch[-1].pk
        yield from _case_export_batch(user=user, cases=batch, personal=personal, request=request)


def _case_export_batch(*, user, cases: list[Case], personal: bool, request) -> list[CaseExportRecord]:
    by_id = {case.pk: case for case in cases}
    ids = list(by_id)

    def sections(queryset, purpose: str) -> dict:
        queryset = queryset.filter(case_id__in=ids)
        if personal:
            rows = personal_data_list(
                queryset, by=user, purpose=purpose, label=lambda row: by_id[row.case_id].code, request=request
            )
        else:
            rows = queryset.only(*_plain_fields(queryset.model))
        return {row.case_id: row for row in rows}

    victims = sections(Victim.objects.visible_to(user), "victim.export")
    screenings = sections(Screening.objects.visible_to(user), "screening.export")
    experiences = {
        row.case_id: row
        for row in TraffickingExperience.objects.visible_to(user)
        .filter(case_id__in=ids)
        .only(*_plain_fields(TraffickingExperience))
    }
    events: dict[int, list[TraffickingEvent]] = {}
    for event in (
        TraffickingEvent.objects.visible_to(user)
        .filter(case_id__in=ids)
        .only(*_plain_fields(TraffickingEvent))
        .order_by("pk")
    ):
        events.setdefault(event.case_id, []).append(event)
    consents: dict[int, dict[str, Consent]] = {}
    for consent in (
        Consent.objects.visible_to(user)
        .current()
        .filter(case_id__in=ids, recipient__isnull=True)
        .exclude(purpose=choices.ConsentPurpose.SHARING)
        .order_by("version")
    ):
        consents.setdefault(consent.case_id, {})[consent.purpose] = consent
    return [
        CaseExportRecord(
            case=case,
            victim=victims.get(case.pk),
            screening=screenings.get(case.pk),
            experience=experiences.get(case.pk),
            events=events.get(case.pk, []),
            consents=consents.get(case.pk, {}),
        )
        for case in cases
    ]


# The fields of a counted case that a de-identified record-level release (exchange's CTDC export) reads:
# codes, numbers and country codes only — no name, birth date, place below the country or free text.
STATISTICS_RECORD_FIELDS = (
    "registered_on",
    "victim__sex",
    "victim__age_at_registration",
    "victim__estimated_age",
    "victim__citizenship",
    "experience__exploitation_types",
    "experience__sex_exploitation_types",
    "experience__labour_sectors",
    "experience__labour_sector_detail",
    "experience__means_of_control",
    "experience__relation_to_recruiter",
    "experience__age_when_trafficked",
    "exploitation_country",
)


def statistics_case_records_of(*, organisation_ids) -> QuerySet:
    """The cases of these organisations whose victims consented to statistics (given, not only unanswered:
    ``statistics_cases_of`` counts those too in aggregates) as dicts of
    ``STATISTICS_RECORD_FIELDS``, in case order, for a de-identified record-level release that its caller
    k-anonymises before anything leaves (exchange.ctdc). ``exploitation_country`` is the country of the
    case's first place of exploitation (None without one). One query however many cases: iterate it
    with ``.iterator(chunk_size=…)``."""
    # unscoped: the first exploitation event of each counted case, correlated to the outer case.
    first_exploitation = TraffickingEvent.unscoped.filter(
        case_id=OuterRef("pk"), type=choices.EventType.EXPLOITATION
    ).order_by(F("started_on").asc(nulls_last=True), "pk")
    # unscoped: as statistics_cases_of; a record leaves only with the statistics consent given.
    released = Case.unscoped.filter(
        _counted_in_statistics("pk", given_only=True), organisation_id__in=organisation_ids, is_draft=False
    )
    return (
        released.annotate(exploitation_country=Subquery(first_exploitation.values("country")[:1]))
        .order_by("pk")
        .values(*STATISTICS_RECORD_FIELDS)
    )
