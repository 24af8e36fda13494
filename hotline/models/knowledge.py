"""The operators' knowledge base: short vetted answers, versioned, each version approved by a manager.

Who owns an answer: always an organisation (the NGO that wrote and vets it). Its manager may share it
with the network (``is_shared``): then the operators of every organisation read its live version, but
only the owner edits and approves it. There is no ownerless "network" answer, because no role stands
above the NGOs to vet it (a coordinator sees aggregates only), and tenancy stays one rule: a row is its
organisation's, widened by sharing exactly like a case is widened by a referral.

Versions: every edit writes a new ``AnswerVersion`` (a draft); a manager of the owner, who is not its
author, approves it; the answer's live version is the latest approved one (``Answer.live_version``,
kept by ``answer_version_approve``, so a search reads one join and decrypts nothing: answers are not
personal data). Each version holds every UI language (English and Russian).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenancy import TenantModel, TenantQuerySet, organisation_fk


class AnswerTopic(models.TextChoices):
    RECRUITMENT = "recruitment", _("Checking a job offer or recruitment agency")
    RIGHTS = "rights", _("Migrant workers' rights")
    CONSULAR = "consular", _("Embassies and consulates")
    DOCUMENTS = "documents", _("Documents and passports")
    HELP = "help", _("Getting help")
    OTHER = "other", _("Other")


class AnswerQuerySet(TenantQuerySet):
    def shared_with(self, organisation_ids: set[int]) -> models.Q:
        """Own answers, and the live answers other organisations share with the network."""
        if not organisation_ids:
            return models.Q(pk__in=[])
        return models.Q(organisation_id__in=organisation_ids) | models.Q(
            is_shared=True, live_version__isnull=False
        )


class Answer(TenantModel, models.Model):
    organisation = organisation_fk()
    topic = models.CharField(
        _("topic"), max_length=16, choices=AnswerTopic.choices, default=AnswerTopic.OTHER
    )
    is_shared = models.BooleanField(
        _("shared with the network"),
        default=False,
        help_text=_("Operators of every organisation in the network read the approved version."),
    )
    live_version = models.ForeignKey(
        "hotline.AnswerVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("live version"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AnswerQuerySet.as_manager()
    unscoped = AnswerQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("knowledge base answer")
        verbose_name_plural = _("knowledge base answers")
        ordering = ["topic", "pk"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("hotline:answer_detail", args=[self.pk])


class AnswerVersionQuerySet(TenantQuerySet):
    def shared_with(self, organisation_ids: set[int]) -> models.Q:
        """Own versions, and the approved versions of answers shared with the network."""
        if not organisation_ids:
            return models.Q(pk__in=[])
        return models.Q(organisation_id__in=organisation_ids) | models.Q(
            answer__is_shared=True, approved_at__isnull=False
        )


class AnswerVersion(TenantModel, models.Model):
    tenant_view_permission = "hotline.view_answer"

    organisation = organisation_fk()
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="versions", verbose_name=_("answer")
    )
    number = models.PositiveIntegerField(_("version"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    body_en = models.TextField(_("answer (English)"))
    body_ru = models.TextField(_("answer (Russian)"))
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Words a caller might use, in any language.")
    )
    # Case-folded titles, bodies and keywords of every language: SQLite's LIKE folds ASCII letters only,
    # so the search compares folded text with ``contains`` and behaves alike on both databases.
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    objects = AnswerVersionQuerySet.as_manager()
    unscoped = AnswerVersionQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("answer version")
        verbose_name_plural = _("answer versions")
        ordering = ["answer", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "number"], name="answer_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.title_en} (v{self.number})"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    def title(self, language: str | None = None) -> str:
        return self.title_ru if (language or "").startswith("ru") else self.title_en

    def body(self, language: str | None = None) -> str:
        return self.body_ru if (language or "").startswith("ru") else self.body_en


def answer_search_text(*parts: str) -> str:
    return " ".join(" ".join(part.split()) for part in parts if part).casefold()
