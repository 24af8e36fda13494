import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import choices
from cases.models.base import CaseQuerySet, SectionQuerySet, case_fk
from network.countries import CountryField, country_choices
from network.models import OrganisationType
from privacy.blind_index import blind_index
from privacy.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from privacy.models import EncryptedRecord
from privacy.search_tokens import search_tokens
from tenancy import TenantModel, organisation_fk, tenant_history
from tenancy.fields import choice_list


class CaseCounter(models.Model):
    """The last sequence number of case codes per country and year (locked while a code is taken)."""

    country = CountryField(_("country"))
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case code counter")
        verbose_name_plural = _("case code counters")
        constraints = [models.UniqueConstraint(fields=["country", "year"], name="casecounter_country_year")]

    def __str__(self) -> str:
        return f"{self.country}-{self.year}: {self.last}"


class Case(TenantModel, EncryptedRecord):
    """One victim's case at the organisation that owns it; the code is its pseudonym."""

    Stage = choices.Stage

    organisation = organisation_fk("cases")
    code = models.CharField(_("case code"), max_length=20, unique=True)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.SCREENING)
    is_draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_("Opened by an intake that is not finished yet; registering the case ends the draft."),
    )
    intake_steps = models.JSONField(
        _("intake steps saved"),
        default=list,
        blank=True,
        help_text=_("The steps of the guided intake saved so far (step names, no answers)."),
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("caseworker"),
    )
    registered_on = models.DateField(_("registered on"), default=datetime.date.today)
    return_date = models.DateField(_("date of return"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closure"), max_length=32, choices=choices.ClosureReason.choices, blank=True
    )
    closure_details = EncryptedTextField(_("closure details"), long=True)
    referring_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referring organisation"),
        help_text=_("The organisation that referred or transferred the case here."),
    )
    # An incoming referral from a body outside Amanat (police, consulate, a foreign NGO).
    referring_external_name = EncryptedTextField(_("referring body outside Amanat"), max_length=200)
    referring_external_type = models.CharField(
        _("type of the referring body"), max_length=32, choices=OrganisationType.choices, blank=True
    )
    referring_external_country = CountryField(_("country of the referring body"), blank=True)
    incoming_referral_date = models.DateField(_("incoming referral date"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    name_hidden = models.BooleanField(
        _("name hidden"),
        default=False,
        help_text=_(
            "For a person at high risk: the name is shown only to the assigned caseworker and the "
            "organisation's managers, and a name search by anyone else does not find the case."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CaseQuerySet.as_manager()
    unscoped = CaseQuerySet.as_unscoped_manager()
    history = tenant_history("updated_at")

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-registered_on", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "stage"]),
            models.Index(fields=["caseworker", "stage"]),
            # The few hidden-name cases, left out of name searches by those who may not see the name.
            models.Index(
                fields=["organisation"], condition=models.Q(name_hidden=True), name="case_name_hidden"
            ),
        ]
        permissions = [
            ("close_case", "Can close and reopen a case"),
            ("transfer_case", "Can transfer a case"),
            ("approve_case", "Can approve closures and transfers"),
            ("assign_case", "Can assign caseworkers"),
            ("override_consent", "Can override consent"),
            ("view_personal_data", "Can view personal data"),
            ("answer_referral", "Can answer referrals"),
            ("add_anonymous_case", "Can open a case for a person who gives no name"),
            ("view_every_case", "Can view every case of the organisation"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.pk])

    @property
    def htcds_status(self) -> str:
        """cas_Status, derived from the stage."""
        if self.stage == Stage.CLOSED:
            if self.closure_reason == choices.ClosureReason.TRANSFERRED:
                return choices.HtcdsCaseStatus.CLOSED_REFERRED
            return choices.HtcdsCaseStatus.CLOSED
        if self.stage == Stage.MONITORING:
            return choices.HtcdsCaseStatus.FOLLOW_UP
        return choices.HtcdsCaseStatus.ACTIVE

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED

    @property
    def intake_next_step(self) -> str:
        """The first step of the guided intake not saved yet (the review once all are)."""
        return next((step for step in choices.INTAKE_STEPS if step not in self.intake_steps), "review")


Stage = choices.Stage


class Victim(TenantModel, EncryptedRecord):
    """The person at the heart of a case. Every personal field is encrypted at rest."""

    shared_section = choices.Section.PERSONAL_DATA
    tenant_view_permission = "cases.view_personal_data"

    organisation = organisation_fk()
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="victim", verbose_name=_("case"))
    salutation = EncryptedTextField(_("salutation"), max_length=40)
    given_name = EncryptedTextField(_("given name"), max_length=200, blank=False)
    middle_name = EncryptedTextField(_("middle name or patronymic"), max_length=200)
    family_name = EncryptedTextField(_("family name"), max_length=200, blank=False)
    aliases = EncryptedJSONField(_("other names and spellings"), default=list)
    sex = models.CharField(_("sex"), max_length=16, choices=choices.Sex.choices, default=choices.Sex.UNKNOWN)
    gender = models.CharField(
        _("gender identity"),
        max_length=32,
        choices=choices.Gender.choices,
        default=choices.Gender.NOT_SPECIFIED,
    )
    birth_date = EncryptedDateField(_("birth date"))
    estimated_age = models.PositiveSmallIntegerField(
        _("estimated age"), null=True, blank=True, help_text=_("When the birth date is not known.")
    )
    age_at_registration = models.PositiveSmallIntegerField(_("age at registration"), null=True, blank=True)
    is_deceased = models.BooleanField(_("deceased"), default=False)
    citizenship = choice_list(_("citizenship"), country_choices)
    identity_documents = EncryptedJSONField(_("identity documents"), default=list)
    title = EncryptedTextField(_("occupation or title"), max_length=200)
    email = EncryptedTextField(_("e-mail"), max_length=254)
    home_phone = EncryptedTextField(_("home phone"), max_length=40)
    mobile_phone = EncryptedTextField(_("mobile phone"), max_length=40)
    mailing_street = EncryptedTextField(_("street"), max_length=200)
    mailing_city = EncryptedTextField(_("city"), max_length=100)
    mailing_state = EncryptedTextField(_("state or province"), max_length=100)
    mailing_postal_code = EncryptedTextField(_("postal code"), max_length=20)
    mailing_country = CountryField(_("country of residence"), blank=True)
    home_region = models.ForeignKey(
        "network.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home region"),
    )
    family_contacts = EncryptedJSONField(_("family contacts"), default=list)
    marital_status = models.CharField(
        _("marital status"), max_length=32, choices=choices.MaritalStatus.choices, blank=True
    )
    number_of_children = models.PositiveSmallIntegerField(_("number of children"), null=True, blank=True)
    primary_language = models.CharField(_("primary language"), max_length=3, blank=True)
    secondary_language = models.CharField(_("secondary language"), max_length=3, blank=True)
    education = models.CharField(
        _("highest level of education"), max_length=40, choices=choices.Education.choices, blank=True
    )
    blind_index = models.CharField(
        _("duplicate-detection index"), max_length=64, db_index=True, editable=False
    )

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history("blind_index")

    # recompute_blind_indexes (privacy) finds the index by these names.
    blind_index_field = "blind_index"
    blind_index_select_related = ("case",)

    class Meta:
        verbose_name = _("victim")
        verbose_name_plural = _("victims")

    def __str__(self) -> str:
        # Never a name: lists and logs show the case code only.
        return str(_("Victim of case %(code)s") % {"code": self.case.code})

    def blind_index_compute(self) -> str:
        """The duplicate-detection index of the current names and birth data, under the current key;
        empty for a person who gave no name (anonymous people are no one's duplicate)."""
        if not (self.given_name or "").strip() and not (self.family_name or "").strip():
            return ""
        return blind_index(
            given_name=self.given_name,
            family_name=self.family_name,
            birth_date=self.birth_date,
            birth_year=None if self.birth_date else self.birth_year,
        )

    def search_names(self) -> list[str]:
        """Every name the person is searched by: given, middle, family names and other names."""
        aliases = [alias for alias in self.aliases or [] if isinstance(alias, str)]
        return [self.given_name, self.middle_name, self.family_name, *aliases]

    def search_tokens_sync(self, *, write: bool = True) -> bool:
        """Store the search tokens of the current names and birth data under the current blind-index
        key, replacing the case's old ones; False when they were already current (nothing written).
        ``write=False`` only tells whether they would change (``recompute_blind_indexes --dry-run``)."""
        from cases.models.search import VictimSearchToken

        kid, tokens = search_tokens(
            self.search_names(),
            birth_date=self.birth_date,
            birth_year=None if self.birth_date else self.birth_year,
        )
        # unscoped: the tokens of this victim's own case, written by the service that changed it.
        stored = VictimSearchToken.unscoped.filter(case_id=self.case_id)
        if set(stored.values_list("kid", "token")) == {(kid, token) for token in tokens}:
            return False
        if not write:
            return True
        stored.delete()
        VictimSearchToken.unscoped.bulk_create(
            VictimSearchToken(
                organisation_id=self.organisation_id, case_id=self.case_id, token=token, kid=kid
            )
            for token in tokens
        )
        return True

    @property
    def birth_year(self) -> int | None:
        if self.birth_date:
            return self.birth_date.year
        if self.estimated_age is not None:
            return self.case.registered_on.year - self.estimated_age
        return None


class Screening(TenantModel, EncryptedRecord):
    """How the person came to the organisation and whether they were identified as trafficked."""

    shared_section = choices.Section.SCREENING

    organisation = organisation_fk()
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="screening", verbose_name=_("case")
    )
    referral_source = models.CharField(
        _("referred by"),
        max_length=32,
        choices=choices.ReferralSource.choices,
        default=choices.ReferralSource.SELF,
    )
    referral_source_details = EncryptedTextField(_("referral source details"), max_length=200)
    screened_on = models.DateField(_("screened on"), default=datetime.date.today)
    indicators = choice_list(_("trafficking indicators"), choices.Indicator)
    identification_status = models.CharField(
        _("identification status"),
        max_length=32,
        choices=choices.TraffickingStatus.choices,
        default=choices.TraffickingStatus.PRESUMED,
    )
    identification_date = models.DateField(_("date of decision"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_making_organisation = models.CharField(
        _("deciding authority"), max_length=40, choices=choices.DecisionMakingOrg.choices, blank=True
    )
    # The formal identification decision: which body took it, under which country's national referral
    # mechanism (identification_date is its date, decision_making_organisation the body's HTCDS kind).
    identifying_body = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("identifying body"),
        help_text=_("When the body is in the registry."),
    )
    identifying_body_name = models.CharField(
        _("identifying body (outside Amanat)"),
        max_length=200,
        blank=True,
        help_text=_("The name of a public body that is not in the registry."),
    )
    referral_mechanism_country = CountryField(
        _("national referral mechanism of"),
        blank=True,
        help_text=_("The country whose national referral mechanism the identification was made under."),
    )
    identification_reference = EncryptedTextField(_("decision reference number"), max_length=100)
    vulnerabilities = choice_list(_("vulnerabilities (deprecated in HTCDS)"), choices.Vulnerability)
    vulnerability_details = EncryptedTextField(_("details of vulnerabilities"), long=True)
    # The vulnerability factors (root causes), documented with their vocabularies in choices.py.
    economic_situation = models.CharField(
        _("economic situation before trafficking"),
        max_length=32,
        choices=choices.EconomicSituation.choices,
        blank=True,
    )
    debts = choice_list(_("debts when recruited"), choices.Debt)
    prior_migration = models.CharField(
        _("prior migration for work"), max_length=32, choices=choices.PriorMigration.choices, blank=True
    )
    family_situation = choice_list(_("family situation"), choices.FamilySituation)

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return str(_("Screening of case %(code)s") % {"code": self.case.code})


class TraffickingExperience(TenantModel, EncryptedRecord):
    """What happened (HTCDS victim context); ``is_cross_border`` and ``duration_days`` are derived."""

    shared_section = choices.Section.EXPERIENCE
    tenant_view_permission = "cases.view_case"

    organisation = organisation_fk()
    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="experience", verbose_name=_("case")
    )
    exploitation_types = choice_list(_("forms of exploitation"), choices.Exploitation)
    sex_exploitation_types = choice_list(_("types of sexual exploitation"), choices.SexExploitation)
    labour_sectors = choice_list(_("labour sectors (ISIC sections)"), choices.Industry)
    labour_sector_detail = models.CharField(
        _("ISIC division or group"),
        max_length=8,
        blank=True,
        help_text=_("ISIC tier 2 or 3 code, e.g. 01 or 011."),
    )
    relation_to_recruiter = models.CharField(
        _("relation to recruiter"), max_length=16, choices=choices.RecruiterRelation.choices, blank=True
    )
    recruitment_methods = choice_list(_("methods of recruitment"), choices.RecruitmentMethod)
    recruitment_apps = choice_list(_("recruitment websites and apps"), choices.App)
    exploitation_apps = choice_list(_("exploitation websites and apps"), choices.App)
    means_of_control = choice_list(_("means of control"), choices.MeansOfControl)
    age_when_trafficked = models.PositiveSmallIntegerField(_("age when trafficked"), null=True, blank=True)
    is_cross_border = models.BooleanField(_("cross-border"), default=False, editable=False)
    duration_days = models.PositiveIntegerField(_("duration in days"), null=True, blank=True, editable=False)
    narrative = EncryptedTextField(_("account of events"), long=True)

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("trafficking experience")
        verbose_name_plural = _("trafficking experiences")

    def __str__(self) -> str:
        return str(_("Trafficking experience of case %(code)s") % {"code": self.case.code})


class TraffickingEvent(TenantModel, EncryptedRecord):
    """A dated place of recruitment, transit or exploitation (HTCDS historic trafficking events)."""

    shared_section = choices.Section.EXPERIENCE
    tenant_view_permission = "cases.view_case"

    organisation = organisation_fk()
    case = case_fk("events")
    type = models.CharField(_("type"), max_length=16, choices=choices.EventType.choices)
    country = CountryField(_("country"))
    region = models.ForeignKey(
        "network.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    city = EncryptedTextField(_("city or district"), max_length=100)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    description = EncryptedTextField(_("description"), long=True)

    objects = SectionQuerySet.as_manager()
    unscoped = SectionQuerySet.as_unscoped_manager()
    history = tenant_history()

    class Meta:
        verbose_name = _("trafficking event")
        verbose_name_plural = _("trafficking events")
        ordering = ["started_on", "pk"]
        indexes = [models.Index(fields=["organisation", "type", "country"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.country}"
