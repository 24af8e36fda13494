import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.models import choices
from tenancy import (
    ALL_ORGANISATIONS,
    TenantModel,
    TenantQuerySet,
    organisation_fk,
    organisations_with_perm,
    tenant_history,
)
from tenancy.fields import choice_list

VIEW_CAMPAIGN = "campaigns.view_campaign"


class CampaignQuerySet(TenantQuerySet):
    """A campaign is read by the members of its lead organisation and of its partner organisations."""

    def shared_with(self, organisation_ids: set[int]) -> models.Q:
        partnered = Campaign.partners.through.objects.filter(organisation_id__in=organisation_ids)
        return models.Q(organisation_id__in=organisation_ids) | models.Q(
            pk__in=partnered.values("campaign_id")
        )


class CampaignPartQuerySet(TenantQuerySet):
    """An activity, airing or material is read with its campaign (lead and partners alike)."""

    def visible_to(self, user):
        organisation_ids = organisations_with_perm(user, VIEW_CAMPAIGN)
        if organisation_ids is ALL_ORGANISATIONS:
            return self._as_scoped()
        campaigns = Campaign.unscoped.filter(Campaign.unscoped.all().shared_with(organisation_ids))
        return self.filter(campaign_id__in=campaigns.values("pk"))._as_scoped()


class Campaign(TenantModel, models.Model):
    """An awareness campaign: who runs it (a lead organisation and partners), for whom, where, when, in
    which languages and on which channels, with its budget and what was spent."""

    TargetGroup = choices.TargetGroup
    Channel = choices.Channel

    organisation = organisation_fk("campaigns")
    partners = models.ManyToManyField(
        "network.Organisation",
        blank=True,
        related_name="partner_campaigns",
        verbose_name=_("partner organisations"),
    )
    name = models.CharField(_("name"), max_length=200)
    programme = models.ForeignKey(
        "network.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("programme"),
    )
    donor = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_campaigns",
        verbose_name=_("donor"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    target_groups = choice_list(_("target groups"), choices.TargetGroup)
    regions = models.ManyToManyField(
        "network.Region", blank=True, related_name="campaigns", verbose_name=_("regions")
    )
    languages = choice_list(_("languages"), choices.Language)
    key_messages = models.TextField(_("key messages"), blank=True)
    channels = choice_list(_("channels"), choices.Channel)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2, null=True, blank=True)
    spent = models.DecimalField(_("spent"), max_digits=12, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CampaignQuerySet.as_manager()
    unscoped = CampaignQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "starts_on"])]
        permissions = [("view_reach", "Can view a campaign's reach and effect")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", args=[self.pk])


def material_storage_name() -> str:
    return f"campaigns/materials/{uuid.uuid4().hex}.bin"


class Material(TenantModel, models.Model):
    """A creative material of a campaign (a poster, a spot, a leaflet), stored like an attachment."""

    encrypted_file_fields = ("storage_name",)  # rotate_keys re-encrypts these files

    organisation = organisation_fk()
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="materials", verbose_name=_("campaign")
    )
    title = models.CharField(_("title"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    storage_name = models.CharField(
        max_length=200, unique=True, default=material_storage_name, editable=False
    )
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = CampaignPartQuerySet.as_manager()
    unscoped = CampaignPartQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("campaign material")
        verbose_name_plural = _("campaign materials")
        ordering = ["campaign", "title"]

    def __str__(self) -> str:
        return self.title


class Activity(TenantModel, models.Model):
    """What a campaign did on one channel: a TV or radio spot with its airings, a print run, an event,
    social-media posts. Audience and reach figures other than counts are estimates, with their source.
    SMS broadcasts are their own records (``Broadcast``), counted from the messages delivered."""

    Channel = choices.Channel

    organisation = organisation_fk()
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="activities", verbose_name=_("campaign")
    )
    channel = models.CharField(_("channel"), max_length=16, choices=choices.Channel.choices)
    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(
        "network.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    outlet = models.CharField(
        _("outlet"), max_length=200, blank=True, help_text=_("TV channel, radio station, platform or venue.")
    )
    programme = models.CharField(_("programme or spot"), max_length=200, blank=True)
    audience_estimate = models.PositiveIntegerField(_("audience (estimate)"), null=True, blank=True)
    estimate_source = models.CharField(_("source of the estimate"), max_length=200, blank=True)
    copies = models.PositiveIntegerField(_("copies printed"), null=True, blank=True)
    distribution = models.CharField(_("where distributed"), max_length=300, blank=True)
    posts = models.PositiveIntegerField(_("posts"), null=True, blank=True)
    reach_estimate = models.PositiveIntegerField(_("reach (estimate)"), null=True, blank=True)
    engagement = models.PositiveIntegerField(_("engagements"), null=True, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CampaignPartQuerySet.as_manager()
    unscoped = CampaignPartQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("campaign activity")
        verbose_name_plural = _("campaign activities")
        ordering = ["campaign", "starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Airing(TenantModel, models.Model):
    """One broadcast of a TV or radio activity."""

    organisation = organisation_fk()
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", verbose_name=_("campaign")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="airings", verbose_name=_("activity")
    )
    aired_at = models.DateTimeField(_("aired at"))
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)

    objects = CampaignPartQuerySet.as_manager()
    unscoped = CampaignPartQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("airing")
        verbose_name_plural = _("airings")
        ordering = ["activity", "aired_at"]

    def __str__(self) -> str:
        return f"{self.activity} {self.aired_at:%Y-%m-%d %H:%M}"


class Participation(TenantModel, models.Model):
    """How many people of one sex and age band took part in an event (a count, not an estimate)."""

    organisation = organisation_fk()
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="+", verbose_name=_("campaign")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="participations", verbose_name=_("activity")
    )
    sex = models.CharField(_("sex"), max_length=8, choices=choices.Sex.choices)
    age_band = models.CharField(_("age band"), max_length=8, choices=choices.AgeBand.choices)
    count = models.PositiveIntegerField(_("participants"))

    objects = CampaignPartQuerySet.as_manager()
    unscoped = CampaignPartQuerySet.as_unscoped_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "sex", "age_band"], name="participation_once_per_band"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.sex} {self.age_band}"
