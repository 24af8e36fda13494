from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy as _

from network.countries import CountryField, country_name


class Service(models.TextChoices):
    """The one list of services an organisation can offer (the referral directory's vocabulary)."""

    SHELTER = "shelter", _("Shelter")
    HOTLINE = "hotline", _("Hotline")
    REINTEGRATION = "reintegration", _("Reintegration")
    LEGAL_AID = "legal_aid", _("Legal aid")
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    AWARENESS_RAISING = "awareness_raising", _("Awareness raising")
    RETURN_ASSISTANCE = "return_assistance", _("Return assistance")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    OTHER = "other", _("Other")


class OrganisationType(models.TextChoices):
    """What kind of body an organisation is: HTCDS's org_Type list and the network's own kinds
    (``cases.htcds.ORGANISATION_TYPES`` maps them for export)."""

    NGO = "ngo", _("NGO")
    SHELTER_OPERATOR = "shelter_operator", _("Shelter operator")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    HEALTH = "health", _("Health service")
    LEGAL = "legal", _("Legal service")
    IMMIGRATION = "immigration", _("Immigration service")
    CORPORATE = "corporate", _("Business")
    CENTRAL_GOVERNMENT = "central_government", _("Central government body")
    LOCAL_GOVERNMENT = "local_government", _("Local government body")
    EDUCATION = "education", _("School or college")
    INTERNATIONAL = "international", _("International organisation")
    DONOR = "donor", _("Donor")


class LocalisedNameMixin:
    """``name`` in the active language: Russian, the local language, or English as fallback."""

    @property
    def name(self) -> str:
        language = (get_language() or "en").split("-")[0]
        if language == "ru" and self.name_ru:
            return self.name_ru
        if language not in ("en", "ru") and self.name_local:
            return self.name_local
        return self.name_en

    def __str__(self) -> str:
        return self.name


class Region(LocalisedNameMixin, models.Model):
    """A first-level subdivision (ISO 3166-2): oblast, viloyat, welayat or city of national status."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=8, primary_key=True)
    country = CountryField(_("country"), db_index=True)
    kind = models.CharField(_("kind"), max_length=16, default="region")
    name_en = models.CharField(_("name (English)"), max_length=128)
    name_ru = models.CharField(_("name (Russian)"), max_length=128)
    name_local = models.CharField(_("name (local language)"), max_length=128, blank=True)
    map_code = models.CharField(_("map feature code"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country", "name_en"]


class ServiceType(models.Model):
    code = models.CharField(_("service"), max_length=32, choices=Service.choices, primary_key=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        """What the public referral directory may show: active organisations."""
        return self.filter(is_active=True)


class Organisation(LocalisedNameMixin, models.Model):
    """The tenant: every record of personal data belongs to exactly one organisation."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_local = models.CharField(_("name (local language)"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    type = models.CharField(
        _("type"), max_length=32, choices=OrganisationType.choices, default=OrganisationType.NGO
    )
    country = CountryField(_("country"), db_index=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    services = models.ManyToManyField(
        ServiceType, blank=True, related_name="organisations", verbose_name=_("services offered")
    )
    description = models.TextField(_("public description"), blank=True)
    public_phone = models.CharField(_("public phone"), max_length=32, blank=True)
    public_email = models.EmailField(_("public e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    public_address = models.CharField(_("public address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    require_manager_approval = models.BooleanField(
        _("closures and transfers wait for the manager's approval"), default=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["country", "name_en"]
        indexes = [models.Index(fields=["country", "is_active"])]

    def get_absolute_url(self) -> str:
        return reverse("network:organisation_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.region_id and self.country and not self.region_id.startswith(f"{self.country}-"):
            # ISO 3166-2 codes start with the country's code: no query needed.
            raise ValidationError(
                {"region": _("This region is not in the chosen country.")}, code="region_not_in_country"
            )

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class Programme(models.Model):
    """A funded programme that joins organisations (e.g. a USAID counter-trafficking project)."""

    name = models.CharField(_("name"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    donor = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="funded_programmes",
        verbose_name=_("donor"),
        limit_choices_to={"type": OrganisationType.DONOR},
    )
    coordinator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_programmes",
        verbose_name=_("coordinating organisation"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    members = models.ManyToManyField(
        Organisation, blank=True, related_name="programmes", verbose_name=_("member organisations")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="programme_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        language = (get_language() or "en").split("-")[0]
        return self.name_ru if language == "ru" and self.name_ru else self.name

    def get_absolute_url(self) -> str:
        return reverse("network:programme_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date cannot be before the start date.")}, code="ends_before_start"
            )
