"""A competition: its timeline, its nominations and their rubrics, the forum's programme."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy as _, pgettext_lazy

from awards.models import choices
from awards.models.scope import CompetitionPartQuerySet, CompetitionQuerySet, SlotQuerySet
from network.countries import CENTRAL_ASIA, country_name
from tenancy import TenantModel, organisation_fk, tenant_history
from tenancy.fields import choice_list


def _central_asia():
    return list(CENTRAL_ASIA)


def _country_choices():
    return [(code, country_name(code)) for code in CENTRAL_ASIA]


class BilingualNameMixin:
    """``name`` in the active language: Russian where it is written, English otherwise."""

    @property
    def name(self) -> str:
        if (get_language() or "en").startswith("ru") and self.name_ru:
            return self.name_ru
        return self.name_en

    def name_in(self, language: str) -> str:
        return self.name_ru if language.startswith("ru") and self.name_ru else self.name_en

    def __str__(self) -> str:
        return self.name


class Competition(BilingualNameMixin, TenantModel, models.Model):
    """A best-practice competition run by an organiser (an IOM office): a call, national consultations in
    each country, entries by the nominated NGOs until the deadline, judging, the forum, the results."""

    organisation = organisation_fk("competitions")
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    countries = choice_list(_("countries"), _country_choices)
    venue = models.CharField(_("forum venue"), max_length=200, blank=True)
    call_opens_on = models.DateField(_("call opens on"))
    consultations_close_on = models.DateField(_("national consultations close on"))
    submission_deadline = models.DateTimeField(_("submission deadline"))
    judging_closes_on = models.DateField(_("judging closes on"))
    forum_starts_on = models.DateField(_("forum starts on"))
    forum_ends_on = models.DateField(_("forum ends on"))
    results_on = models.DateField(_("results announced on"))
    # Entries' figures cover this many months before the submission deadline.
    figures_months = models.PositiveSmallIntegerField(_("months of figures before the deadline"), default=12)
    judges_per_entry = models.PositiveSmallIntegerField(
        _("judges per entry"), default=choices.DEFAULT_JUDGES_PER_ENTRY
    )
    blind = models.BooleanField(
        _("blind judging"),
        default=False,
        help_text=_(
            "Judges see an entry's code instead of the organisation's name, and no identifying figures."
        ),
    )
    normalise = models.BooleanField(
        _("normalise judges' scores"),
        default=False,
        help_text=_("Rank by z-scores per judge, so that lenient and harsh judges weigh alike."),
    )
    spread_threshold_percent = models.PositiveSmallIntegerField(
        _("disagreement threshold (percent of the scale)"), default=choices.DEFAULT_SPREAD_THRESHOLD_PERCENT
    )
    published_at = models.DateTimeField(_("call published at"), null=True, blank=True)
    programme_published_at = models.DateTimeField(_("programme published at"), null=True, blank=True)
    scores_locked_at = models.DateTimeField(_("scores locked at"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CompetitionQuerySet.as_manager()
    unscoped = CompetitionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-forum_starts_on", "pk"]
        permissions = [
            ("manage_competition", "Can run a competition of the organisation"),
            ("publish_results", "Can lock scores and publish results"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(forum_ends_on__gte=models.F("forum_starts_on")),
                name="awards_forum_ends_after_start",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("awards:competition_detail", args=[self.pk])

    @property
    def phase(self) -> str:
        if self.results_published_at:
            return choices.Phase.PUBLISHED
        if self.scores_locked_at:
            return choices.Phase.LOCKED
        if self.published_at is None:
            return choices.Phase.DRAFT
        now = timezone.now()
        if now >= self.submission_deadline:
            return choices.Phase.JUDGING
        today = timezone.localdate()
        if today > self.consultations_close_on:
            return choices.Phase.SUBMISSION
        if today >= self.call_opens_on:
            return choices.Phase.CONSULTATIONS
        return choices.Phase.CALL

    def get_phase_display(self) -> str:
        return choices.Phase(self.phase).label

    @property
    def deadline_passed(self) -> bool:
        return timezone.now() >= self.submission_deadline


class Nomination(BilingualNameMixin, TenantModel, models.Model):
    """One of a competition's nominations with its rubric: criteria, weights, a scale, descriptors."""

    organisation = organisation_fk()  # the competition's organiser
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("competition")
    )
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    figure_sources = choice_list(_("figures cited by entries"), choices.FigureSource)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=choices.DEFAULT_SCALE[0])
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=choices.DEFAULT_SCALE[1])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CompetitionPartQuerySet.as_manager()
    unscoped = CompetitionPartQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["competition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "code"], name="awards_nomination_code_unique"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")), name="awards_nomination_scale_valid"
            ),
        ]


class Criterion(BilingualNameMixin, models.Model):
    """A criterion of a nomination's rubric: its weight and what each level of the scale means.

    Not tenant data of its own: read through its nomination (``nomination.criteria``)."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("nomination")
    )
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    # One descriptor per level of the scale, lowest first: [{"en": "...", "ru": "..."}, ...].
    descriptors = models.JSONField(_("descriptors per level"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["nomination", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "code"], name="awards_criterion_code_unique"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="awards_criterion_weight_positive"),
        ]

    def descriptor(self, level: int, language: str | None = None) -> str:
        index = level - self.nomination.scale_min
        if not 0 <= index < len(self.descriptors):
            return ""
        texts = self.descriptors[index]
        language = (language or get_language() or "en")[:2]
        return texts.get(language) or texts.get("en", "")


class Slot(TenantModel, models.Model):
    """A slot of the forum's programme: a presentation of an entry, or a session of its own (a break)."""

    organisation = organisation_fk()  # the competition's organiser
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="slots", verbose_name=_("competition")
    )
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    room = models.CharField(pgettext_lazy("forum", "room"), max_length=100)
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, null=True, blank=True, related_name="slots",
        verbose_name=_("nomination"),
    )  # fmt: skip
    entry = models.ForeignKey(
        "awards.Entry", on_delete=models.PROTECT, null=True, blank=True, related_name="slots",
        verbose_name=_("entry"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200, blank=True)

    objects = SlotQuerySet.as_manager()
    unscoped = SlotQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("programme slot")
        verbose_name_plural = _("programme slots")
        ordering = ["competition", "day", "starts_at", "room", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="awards_slot_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["competition", "day", "room", "starts_at"], name="awards_slot_room_time_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.starts_at:%H:%M} {self.room}"
