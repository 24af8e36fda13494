"""Who reads which awards rows: the awards' ``visible_to(user)``, decided in this one module.

A network-wide role reaches nothing here by itself (a judge's or an analyst's role would reach every
organisation through ``tenancy.organisations_with_perm``); each reader is named instead:

- **organisers**: members of the competition's organiser (an IOM office) holding
  ``awards.manage_competition`` read everything of its competitions;
- **anyone holding** ``awards.view_competition`` reads published calls, their nominations and rubrics,
  a published programme and published results;
- **NGO managers** read their own organisation's nominations and entries;
- **coordinators** read the consultations their office runs and the nominees these put forward;
- **judges** (an active judge role and a committee seat) read their seats, their assignments, the entries
  assigned to them, and other judges' submitted scores of an entry once their own sheet of it is submitted;
- **chairs** read the committee, assignments, sheets and results of the competitions they chair;
- and no judge or chair ever reads an entry they are conflicted with (``awards.conflicts``), nor its
  sheets, scores or results before they are published.
"""

from django.apps import apps
from django.db.models import Q

from accounts.backends import member_organisations_with_perm
from tenancy import TenantQuerySet

VIEW_COMPETITION = "awards.view_competition"
MANAGE_COMPETITION = "awards.manage_competition"
VIEW_CONSULTATION = "awards.view_consultation"
VIEW_NOMINEE = "awards.view_nominee"
VIEW_ENTRY = "awards.view_entry"
SCORE_ENTRY = "awards.score_entry"
NOTHING = Q(pk__in=[])


def _model(name: str):
    return apps.get_model("awards", name)


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def organiser_ids(user) -> set[int]:
    """The organisations whose competitions ``user`` runs."""
    return member_organisations_with_perm(user, MANAGE_COMPETITION) if _authenticated(user) else set()


def _is_judge(user) -> bool:
    return _authenticated(user) and user.has_perm(SCORE_ENTRY)


def seats(user):
    """The committee seats of ``user`` (none without an active judge role)."""
    CommitteeMember = _model("CommitteeMember")
    if not _is_judge(user):
        return CommitteeMember.unscoped.none()
    # unscoped: a judge's own seats are what the judge's reading of a competition starts from.
    return CommitteeMember.unscoped.filter(judge=user)


def chaired_competition_ids(user):
    return seats(user).filter(is_chair=True).values("competition_id")


def _conflicted(user, prefix: str = "") -> Q:
    from awards import conflicts

    return conflicts.entry_conflict_q(judge=user, prefix=prefix)


def competition_q(user, prefix: str = "") -> Q:
    """The competitions ``user`` reads, as a condition on Competition (or on a row through ``prefix``)."""
    if not _authenticated(user):
        return NOTHING
    visible = Q(**{f"{prefix}organisation_id__in": organiser_ids(user)})
    visible |= Q(**{f"{prefix}pk__in": seats(user).values("competition_id")})
    if user.has_perm(VIEW_COMPETITION):
        visible |= Q(**{f"{prefix}published_at__isnull": False})
    return visible


def entry_q(user, prefix: str = "") -> Q:
    """The entries ``user`` reads, as a condition on Entry (or on a row through ``prefix``)."""
    if not _authenticated(user):
        return NOTHING
    own = Q(**{f"{prefix}organisation_id__in": member_organisations_with_perm(user, VIEW_ENTRY)})
    organised = Q(**{f"{prefix}competition__organisation_id__in": organiser_ids(user)})
    if not _is_judge(user):
        return own | organised
    # unscoped: the judge's own assignments decide which entries the judge reads.
    assigned = _model("Assignment").unscoped.filter(judge=user).values("entry_id")
    judged = Q(**{f"{prefix}pk__in": assigned}) | Q(
        **{f"{prefix}competition_id__in": chaired_competition_ids(user)}
    )
    return own | organised | (judged & ~_conflicted(user, prefix))


class CompetitionQuerySet(TenantQuerySet):
    def visible_to(self, user):
        return self.filter(competition_q(user))._as_scoped()


class CompetitionPartQuerySet(TenantQuerySet):
    """A nomination (and its rubric) is read with its competition."""

    def visible_to(self, user):
        return self.filter(competition_q(user, "competition__"))._as_scoped()


class SlotQuerySet(TenantQuerySet):
    """The forum's programme: its organisers while they build it; every reader of the call once published."""

    def visible_to(self, user):
        published = competition_q(user, "competition__") & Q(
            competition__programme_published_at__isnull=False
        )
        return self.filter(Q(organisation_id__in=organiser_ids(user)) | published)._as_scoped()


class ConsultationQuerySet(TenantQuerySet):
    def visible_to(self, user):
        if not _authenticated(user):
            return self.none()
        runners = member_organisations_with_perm(user, VIEW_CONSULTATION)
        return self.filter(
            Q(organisation_id__in=runners) | Q(competition__organisation_id__in=organiser_ids(user))
        )._as_scoped()


class NomineeQuerySet(TenantQuerySet):
    """A nomination is read by the nominated NGO, the consultation that put it forward and the organisers."""

    def visible_to(self, user):
        if not _authenticated(user):
            return self.none()
        return self.filter(
            Q(organisation_id__in=member_organisations_with_perm(user, VIEW_NOMINEE))
            | Q(consultation__organisation_id__in=member_organisations_with_perm(user, VIEW_CONSULTATION))
            | Q(consultation__competition__organisation_id__in=organiser_ids(user))
        )._as_scoped()


class EntryQuerySet(TenantQuerySet):
    def visible_to(self, user):
        return self.filter(entry_q(user))._as_scoped()


class EntryPartQuerySet(TenantQuerySet):
    """An entry's file is read with its entry."""

    def visible_to(self, user):
        return self.filter(entry_q(user, "entry__"))._as_scoped()


class CommitteeQuerySet(TenantQuerySet):
    """Committee seats and declared conflicts: organisers, the judge's own, the chair's competitions (but
    not another judge's declaration naming an entry the chair is conflicted with: it names the entry)."""

    def visible_to(self, user):
        visible = Q(organisation_id__in=organiser_ids(user))
        if _is_judge(user):
            chaired = Q(competition_id__in=chaired_competition_ids(user))
            if any(field.name == "entry" for field in self.model._meta.get_fields()):
                chaired &= Q(entry__isnull=True) | ~_conflicted(user, "entry__")
            visible |= Q(judge=user) | chaired
        return self.filter(visible)._as_scoped()


class AssignmentQuerySet(TenantQuerySet):
    """Assignments: organisers; a judge's own and a chair's, never of an entry they are conflicted with."""

    def visible_to(self, user):
        visible = Q(organisation_id__in=organiser_ids(user))
        if _is_judge(user):
            judged = Q(judge=user) | Q(competition_id__in=chaired_competition_ids(user))
            visible |= judged & ~_conflicted(user, "entry__")
        return self.filter(visible)._as_scoped()


def _own_submitted_entry_ids(user):
    # unscoped: the judge's own submitted sheets open the other judges' scores of the same entries.
    return (
        _model("ScoreSheet")
        .unscoped.filter(assignment__judge=user, submitted_at__isnull=False)
        .values("assignment__entry_id")
    )


def _sheet_q(user, prefix: str = "") -> Q:
    """Score sheets ``user`` reads: organisers; a judge's own; others' submitted sheets of an entry the
    judge has submitted a sheet of; a chair's competitions (submitted sheets, entries not judged by the
    chair or judged and submitted). Never of an entry the judge is conflicted with."""
    visible = Q(**{f"{prefix}organisation_id__in": organiser_ids(user)})
    if not _is_judge(user):
        return visible
    entry = f"{prefix}assignment__entry"
    own = Q(**{f"{prefix}assignment__judge": user})
    submitted = Q(**{f"{prefix}submitted_at__isnull": False})
    after_own = submitted & Q(**{f"{entry}_id__in": _own_submitted_entry_ids(user)})
    # unscoped: entries the chair judges and has not submitted yet stay closed to the chair too.
    pending = (
        _model("Assignment").unscoped.filter(judge=user).exclude(entry_id__in=_own_submitted_entry_ids(user))
    )
    chaired = (
        submitted
        & Q(**{f"{prefix}assignment__competition_id__in": chaired_competition_ids(user)})
        & ~Q(**{f"{entry}_id__in": pending.values("entry_id")})
    )
    return visible | ((own | after_own | chaired) & ~_conflicted(user, f"{entry}__"))


class ScoreSheetQuerySet(TenantQuerySet):
    def visible_to(self, user):
        return self.filter(_sheet_q(user))._as_scoped()


class ScoreQuerySet(TenantQuerySet):
    """A score is read with its sheet."""

    def visible_to(self, user):
        return self.filter(_sheet_q(user, "sheet__"))._as_scoped()


class ResultQuerySet(TenantQuerySet):
    """Results: organisers; chairs (entries they are not conflicted with); everyone once published."""

    def visible_to(self, user):
        if not _authenticated(user):
            return self.none()
        visible = Q(organisation_id__in=organiser_ids(user))
        if user.has_perm(VIEW_COMPETITION):
            visible |= Q(competition__results_published_at__isnull=False)
        if _is_judge(user):
            visible |= Q(competition_id__in=chaired_competition_ids(user)) & ~_conflicted(user, "entry__")
        return self.filter(visible)._as_scoped()
