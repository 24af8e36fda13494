"""The evaluation committee, its members' conflicts of interest, assignments, score sheets and results."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.models.competition import Competition, Criterion, Nomination
from awards.models.entries import Entry
from awards.models.scope import (
    AssignmentQuerySet,
    CommitteeQuerySet,
    ResultQuerySet,
    ScoreQuerySet,
    ScoreSheetQuerySet,
)
from network.countries import CountryField
from tenancy import TenantModel, organisation_fk, tenant_history


class CommitteeMember(TenantModel, models.Model):
    """A judge on a competition's evaluation committee, for every country or for one (a national panel)."""

    organisation = organisation_fk()  # the competition's organiser
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="committee", verbose_name=_("competition")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="award_committee_seats",
        verbose_name=_("judge"),
    )  # fmt: skip
    country = CountryField(_("country"), blank=True, help_text=_("Blank: judges entries of every country."))
    is_chair = models.BooleanField(_("chair"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = CommitteeQuerySet.as_manager()
    unscoped = CommitteeQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["competition", "-is_chair", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "judge"], name="awards_committee_member_unique"),
        ]

    def __str__(self) -> str:
        return str(self.judge)


class ConflictDeclaration(TenantModel, models.Model):
    """A conflict of interest a judge declared (or the chair recorded): with an organisation, whose
    entries and partnered entries the judge may not judge, or with one entry."""

    organisation = organisation_fk()  # the competition's organiser
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("competition")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="award_conflicts",
        verbose_name=_("judge"),
    )
    with_organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    entry = models.ForeignKey(
        Entry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conflicts",
        verbose_name=_("entry"),
    )
    reason = models.TextField(_("reason"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("declared by")
    )
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    objects = CommitteeQuerySet.as_manager()
    unscoped = CommitteeQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        ordering = ["competition", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(with_organisation__isnull=False) | models.Q(entry__isnull=False),
                name="awards_conflict_names_organisation_or_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} — {self.entry or self.with_organisation}"


class Assignment(TenantModel, models.Model):
    """A judge assigned to score an entry (automatically, or by the chair)."""

    organisation = organisation_fk()  # the competition's organiser
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("competition")
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("entry")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="award_assignments",
        verbose_name=_("judge"),
    )
    is_automatic = models.BooleanField(_("assigned automatically"), default=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("assigned by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()
    unscoped = AssignmentQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["competition", "entry", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "judge"], name="awards_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.entry} — {self.judge}"


class ScoreSheet(TenantModel, models.Model):
    """A judge's scores of one entry: drafts until submitted; others' become visible after one's own."""

    organisation = organisation_fk()  # the competition's organiser
    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, related_name="sheet", verbose_name=_("assignment")
    )
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScoreSheetQuerySet.as_manager()
    unscoped = ScoreSheetQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["assignment", "pk"]

    def __str__(self) -> str:
        return str(self.assignment)


class Score(TenantModel, models.Model):
    """A judge's score of one criterion, within the nomination's scale, with an optional comment."""

    organisation = organisation_fk()  # the competition's organiser
    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("score sheet")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    objects = ScoreQuerySet.as_manager()
    unscoped = ScoreQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sheet", "criterion__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="awards_score_unique")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Result(TenantModel, models.Model):
    """An entry's result in its nomination (overall, or within one country), computed when scores are
    locked and shown to everyone once the results are published."""

    organisation = organisation_fk()  # the competition's organiser
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="results", verbose_name=_("competition")
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="results", verbose_name=_("nomination")
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="results", verbose_name=_("entry")
    )
    country = CountryField(_("country"), blank=True, help_text=_("Blank: the ranking across all countries."))
    rank = models.PositiveSmallIntegerField(_("rank"))
    mean = models.DecimalField(_("weighted mean"), max_digits=7, decimal_places=3)
    normalised = models.DecimalField(
        _("normalised score"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    judges = models.PositiveSmallIntegerField(_("judges"))
    is_winner = models.BooleanField(_("winner"), default=False)

    objects = ResultQuerySet.as_manager()
    unscoped = ResultQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["competition", "nomination", "country", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "entry", "country"], name="awards_result_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.nomination}: {self.rank}. {self.entry}"
