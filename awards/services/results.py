"""A competition's results: computed from the submitted sheets that count, locked, unlocked, published.

What counts: the submitted sheet of every assignment whose judge is not (now) conflicted with the entry.
An entry with an assignment still waiting for its sheet has no mean: the table says which sheets are
missing instead (never a mean of some of the judges). The arithmetic is ``awards.results``'.

Locking (the committee's chair or an organiser holding ``awards.publish_results``) is refused while a
sheet is missing; it writes the ``Result`` rows (the ranking across all countries, ``country=''``, and
within each country), marks the winners (rank 1; tied entries all win) and stops every score from
changing. An organiser may unlock before publishing (the Result rows go); publishing after the lock
opens the results and the public winners page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from accounts.backends import member_organisations_with_perm
from audit.services import audit_record
from awards import conflicts, results as arithmetic
from awards.models import Assignment, Competition, Entry, Result, ScoreSheet
from awards.models.scope import SCORE_ENTRY, chaired_competition_ids

PUBLISH_RESULTS = "awards.publish_results"
THREE_PLACES = Decimal("0.001")
# The entries judged: submitted ones, and any with a judge assigned.
JUDGED = Q(submitted_at__isnull=False) | Q(assignments__isnull=False)


@dataclass
class Row:
    """One entry's line of a ranking."""

    entry: Entry
    assigned: int = 0
    sheets: int = 0  # submitted sheets that count
    waiting_for: list = field(default_factory=list)  # judges (users) whose sheets are missing
    left_out: int = 0  # sheets of judges now conflicted with the entry
    mean: float | None = None
    normalised: float | None = None
    spread: float | None = None
    flagged: bool = False
    rank: int | None = None
    criterion_means: dict = field(default_factory=dict)
    judge_scores: list = field(default_factory=list)  # S(j, e) of the counted sheets

    @property
    def complete(self) -> bool:
        return self.sheets > 0 and not self.waiting_for

    @property
    def missing(self) -> str:
        """What is missing, in words ('' when nothing is)."""
        if self.complete:
            return ""
        if self.assigned == 0:
            return _("No judge assigned.")
        names = ", ".join(judge.get_full_name() or judge.get_username() for judge in self.waiting_for)
        return ngettext(
            "%(submitted)s of %(total)s sheet submitted: waiting for %(judges)s.",
            "%(submitted)s of %(total)s sheets submitted: waiting for %(judges)s.",
            self.assigned,
        ) % {"submitted": self.sheets, "total": self.assigned, "judges": names or _("no one")}

    @property
    def country(self) -> str:
        return self.entry.organisation.country


@dataclass
class Ranking:
    """The entries of one nomination, across all countries (``country=''``) or within one."""

    nomination: object
    country: str
    rows: list[Row]


@dataclass
class NominationResults:
    nomination: object
    overall: Ranking
    countries: list[Ranking]


@dataclass
class ResultsTable:
    competition: Competition
    nominations: list[NominationResults]

    @property
    def rows(self) -> list[Row]:
        return [row for nomination in self.nominations for row in nomination.overall.rows]

    @property
    def incomplete(self) -> list[Row]:
        return [row for row in self.rows if not row.complete]

    @property
    def flagged(self) -> list[Row]:
        return [row for row in self.rows if row.flagged]

    @property
    def complete(self) -> bool:
        return bool(self.rows) and not self.incomplete


def results_compute(*, competition: Competition) -> ResultsTable:
    """The results table of ``competition`` as the sheets stand now (no permission check: callers
    decide who reads it). Queries: a handful, plus two per judge for the conflict rule."""
    # unscoped: results are computed from every sheet that counts; callers decide who reads the table.
    entries = list(
        Entry.unscoped.filter(competition=competition)
        .filter(JUDGED)
        .select_related("organisation", "nomination")
        .prefetch_related("nomination__criteria")
        .order_by("nomination__order", "nomination__pk", "code", "pk")
        .distinct()
    )
    # unscoped: the same computation (every assignment of the competition).
    assignments = list(Assignment.unscoped.filter(competition=competition).select_related("judge"))
    # unscoped: the same computation (every submitted sheet with its scores).
    sheets = {
        sheet.assignment_id: sheet
        for sheet in ScoreSheet.unscoped.filter(
            assignment__competition=competition, submitted_at__isnull=False
        ).prefetch_related("scores")
    }
    nominations = {entry.nomination_id: entry.nomination for entry in entries}
    criteria = {}
    for nomination in nominations.values():
        criteria[nomination.pk] = list(nomination.criteria.all())
    conflicted = {
        judge.pk: conflicts.conflicted_entry_ids(judge=judge, competition=competition)
        for judge in {assignment.judge for assignment in assignments}
    }
    rows = {entry.pk: Row(entry=entry) for entry in entries}
    scores = {}  # (judge, entry) → S
    values = defaultdict(lambda: defaultdict(list))  # entry → criterion → values
    for assignment in assignments:
        row = rows.get(assignment.entry_id)
        if row is None:
            continue
        sheet = sheets.get(assignment.pk)
        if assignment.entry_id in conflicted[assignment.judge_id]:
            row.left_out += sheet is not None
            continue
        row.assigned += 1
        if sheet is None:
            row.waiting_for.append(assignment.judge)
            continue
        given = {score.criterion_id: score.value for score in sheet.scores.all()}
        weights = {criterion.pk: criterion.weight for criterion in criteria[row.entry.nomination_id]}
        if set(weights) - set(given):
            row.waiting_for.append(assignment.judge)  # a rubric changed after submitting: sheet incomplete
            continue
        row.sheets += 1
        score = arithmetic.sheet_score(given, weights)
        scores[(assignment.judge_id, assignment.entry_id)] = score
        row.judge_scores.append(score)
        for criterion_id, value in given.items():
            values[assignment.entry_id][criterion_id].append(value)
    z = arithmetic.z_scores(scores)
    z_by_entry = defaultdict(list)
    for (_judge, entry_id), value in z.items():
        z_by_entry[entry_id].append(value)
    for row in rows.values():
        nomination = row.entry.nomination
        row.criterion_means = {
            criterion_id: arithmetic.mean(entry_values)
            for criterion_id, entry_values in values[row.entry.pk].items()
        }
        row.spread = arithmetic.spread(row.judge_scores)
        row.flagged = arithmetic.is_flagged(
            row.spread,
            scale_min=nomination.scale_min,
            scale_max=nomination.scale_max,
            threshold_percent=competition.spread_threshold_percent,
        )
        if row.complete:
            row.mean = arithmetic.mean(row.judge_scores)
            row.normalised = arithmetic.mean(z_by_entry[row.entry.pk])
    results = []
    for nomination in sorted(nominations.values(), key=lambda nomination: (nomination.order, nomination.pk)):
        nomination_rows = [row for row in rows.values() if row.entry.nomination_id == nomination.pk]
        order = arithmetic.criteria_by_weight(
            (criterion.pk, criterion.weight) for criterion in criteria[nomination.pk]
        )
        overall = _ranking(nomination, "", nomination_rows, order, competition.normalise)
        countries = [
            _ranking(
                nomination,
                country,
                [row for row in nomination_rows if row.country == country],
                order,
                competition.normalise,
            )
            for country in sorted({row.country for row in nomination_rows})
        ]
        results.append(NominationResults(nomination=nomination, overall=overall, countries=countries))
    return ResultsTable(competition=competition, nominations=results)


def _ranking(nomination, country: str, rows: list[Row], criteria_order: list, normalise: bool) -> Ranking:
    """Rank the complete rows (a copy of each, so that a country's ranks don't overwrite the overall
    ones); the incomplete follow, unranked."""
    copies = [Row(**{name: getattr(row, name) for name in Row.__dataclass_fields__}) for row in rows]
    complete = [row for row in copies if row.complete]
    ranked = arithmetic.rank(
        [
            arithmetic.Ranked(
                entry=index,
                key=row.normalised if normalise else row.mean,
                tie_breakers=[row.criterion_means.get(criterion, 0.0) for criterion in criteria_order],
            )
            for index, row in enumerate(complete)
        ]
    )
    ordered = []
    for item in ranked:
        row = complete[item.entry]
        row.rank = item.rank
        ordered.append(row)
    ordered += [row for row in copies if not row.complete]
    return Ranking(nomination=nomination, country=country, rows=ordered)


def is_chair(*, user, competition: Competition) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.has_perm(SCORE_ENTRY):
        return False  # no judge role: no seat counts (and no query asked)
    return chaired_competition_ids(user).filter(competition_id=competition.pk).exists()


def is_organiser(*, user, competition: Competition) -> bool:
    return getattr(user, "is_authenticated", False) and competition.organisation_id in (
        member_organisations_with_perm(user, PUBLISH_RESULTS)
    )


def can_lock(*, user, competition: Competition) -> bool:
    """The chair of the committee or an organiser (``awards.publish_results`` in the organiser)."""
    return is_organiser(user=user, competition=competition) or is_chair(user=user, competition=competition)


def _locked_competition(competition: Competition) -> Competition:
    # unscoped: lock the row the caller reached through scope.
    return Competition.unscoped.select_for_update().get(pk=competition.pk)


def _refuse(message: str, code: str):
    raise ValidationError({"scores_locked_at": [ValidationError(message, code=code)]})


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value)).quantize(THREE_PLACES)


@transaction.atomic
def results_lock(*, competition: Competition, by) -> ResultsTable:
    """Lock the scores and write the Result rows. PermissionDenied unless chair or organiser;
    ValidationError (field ``scores_locked_at``) when already locked, nothing to rank, or sheets missing
    (the message lists them)."""
    if not can_lock(user=by, competition=competition):
        raise PermissionDenied
    competition = _locked_competition(competition)
    if competition.scores_locked_at:
        _refuse(_("The scores are already locked."), "already_locked")
    table = results_compute(competition=competition)
    if not table.rows:
        _refuse(_("There are no entries to rank."), "no_entries")
    if table.incomplete:
        missing = "; ".join(f"{row.entry.code}: {row.missing}" for row in table.incomplete)
        _refuse(
            _("The scores cannot be locked while sheets are missing. %(missing)s") % {"missing": missing},
            "sheets_missing",
        )
    created = []
    for nomination in table.nominations:
        for ranking in [nomination.overall, *nomination.countries]:
            for row in ranking.rows:
                created.append(
                    Result(
                        organisation_id=competition.organisation_id,
                        competition=competition,
                        nomination=nomination.nomination,
                        entry=row.entry,
                        country=ranking.country,
                        rank=row.rank,
                        mean=_decimal(row.mean),
                        normalised=_decimal(row.normalised) if competition.normalise else None,
                        judges=row.sheets,
                        is_winner=row.rank == 1,
                    )
                )
    Result.objects.bulk_create(created)
    competition.scores_locked_at = timezone.now()
    competition.save(update_fields=["scores_locked_at"])
    audit_record(
        by=by,
        action="competition.scores_locked",
        obj=competition,
        details={"competition": competition.pk, "results": len(created)},
    )
    return table


@transaction.atomic
def results_unlock(*, competition: Competition, by) -> Competition:
    """Unlock the scores (an organiser only, before publishing): the Result rows are deleted."""
    if not is_organiser(user=by, competition=competition):
        raise PermissionDenied
    competition = _locked_competition(competition)
    if competition.results_published_at:
        _refuse(_("The results are published: the scores can no longer be unlocked."), "published")
    if not competition.scores_locked_at:
        _refuse(_("The scores are not locked."), "not_locked")
    # unscoped: the competition's own results, deleted with the lock they were computed at.
    deleted, _counts = Result.unscoped.filter(competition=competition).delete()
    competition.scores_locked_at = None
    competition.save(update_fields=["scores_locked_at"])
    audit_record(
        by=by,
        action="competition.scores_unlocked",
        obj=competition,
        details={"competition": competition.pk, "results_deleted": deleted},
    )
    return competition


@transaction.atomic
def results_publish(*, competition: Competition, by) -> Competition:
    """Publish the locked results (chair or organiser): everyone reading the competition sees them and
    the public winners page opens."""
    if not can_lock(user=by, competition=competition):
        raise PermissionDenied
    competition = _locked_competition(competition)
    if not competition.scores_locked_at:
        _refuse(_("Lock the scores before publishing the results."), "not_locked")
    if competition.results_published_at:
        _refuse(_("The results are already published."), "already_published")
    competition.results_published_at = timezone.now()
    competition.save(update_fields=["results_published_at"])
    audit_record(
        by=by,
        action="competition.results_published",
        obj=competition,
        details={"competition": competition.pk},
    )
    return competition
