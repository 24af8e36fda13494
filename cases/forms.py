"""Forms of the case pages. Each takes ``user=`` where it offers tenant rows and narrows them with
``visible_to``; the services do the validation that needs the database, and ``errors_to_form`` puts
their ValidationErrors back on the fields the user typed in."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy

from accounts.models import User
from cases import reintegration
from cases.filters import CODE_LIKE
from cases.models import (
    AssistanceService,
    Consent,
    CriminalProceeding,
    FollowUp,
    Perpetrator,
    Screening,
    TraffickingEvent,
    Victim,
    choices,
)
from cases.services.intake import PLACES
from network.countries import country_picker_choices
from network.forms import RegionChoiceField, country_select_attrs
from network.models import Organisation, OrganisationType, Service
from privacy.search_tokens import MIN_LETTERS, query_letters

UNKNOWN = ""
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def max_length(model, name: str) -> int | None:
    """The model's limit for a field, so that the form and the API cannot drift from it."""
    return model._meta.get_field(name).max_length


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _checkboxes(choices_class, label, required=False, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices_class.choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
        help_text=help_text,
    )


def _select(choices_class, label, required=False, blank_label="—"):
    return forms.ChoiceField(
        label=label, choices=[(UNKNOWN, blank_label), *choices_class.choices], required=required
    )


class CountryChoiceField(forms.ChoiceField):
    """A country by ISO code; the list is built in the user's language each time the form is made:
    the republics and usual destinations first, uninhabited territories left out, and a filter box
    (static/js/forms.js) to find a country by typing. ``regions`` names the form's region field that
    follows the chosen country."""

    def __init__(self, *args, regions: str | None = None, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": _("Unknown country code: %(value)s.")})
        kwargs.setdefault("widget", forms.Select(attrs=country_select_attrs(regions=regions)))
        super().__init__(*args, choices=lambda: [(UNKNOWN, "—"), *country_picker_choices()], **kwargs)


class CountryMultipleChoiceField(forms.MultipleChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": _("Unknown country code: %(value)s.")})
        kwargs.setdefault("widget", forms.SelectMultiple(attrs=country_select_attrs()))
        super().__init__(*args, choices=country_picker_choices, **kwargs)


def _victim_text(name: str, label, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length(Victim, name), required=False, **kwargs)


class VictimForm(forms.Form):
    """Change the victim's personal data: the intake's essentials and every HTCDS person field."""

    salutation = _victim_text("salutation", _("Salutation"))
    given_name = forms.CharField(
        label=_("Given name"), max_length=max_length(Victim, "given_name"), help_text=_("In any script.")
    )
    middle_name = forms.CharField(
        label=_("Middle name or patronymic"), max_length=max_length(Victim, "middle_name"), required=False
    )
    family_name = forms.CharField(label=_("Family name"), max_length=max_length(Victim, "family_name"))
    sex = _select(choices.Sex, _("Sex"))
    gender = _select(choices.Gender, _("Gender identity"))
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    estimated_age = forms.IntegerField(
        label=_("Estimated age"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("When the birth date is not known."),
    )
    citizenship = CountryMultipleChoiceField(label=_("Citizenship"), required=False)
    title = _victim_text("title", _("Occupation or title"))
    email = forms.EmailField(label=_("E-mail"), max_length=max_length(Victim, "email"), required=False)
    home_phone = _victim_text("home_phone", _("Home phone"))
    mobile_phone = forms.CharField(
        label=_("Mobile phone"), max_length=max_length(Victim, "mobile_phone"), required=False
    )
    mailing_street = forms.CharField(
        label=_("Street and house"), max_length=max_length(Victim, "mailing_street"), required=False
    )
    mailing_city = forms.CharField(
        label=_("City or village"), max_length=max_length(Victim, "mailing_city"), required=False
    )
    mailing_state = _victim_text("mailing_state", _("State or province"))
    mailing_postal_code = _victim_text("mailing_postal_code", _("Postal code"))
    mailing_country = CountryChoiceField(
        label=_("Country of residence"), required=False, regions="home_region"
    )
    home_region = RegionChoiceField(label=_("Home region"), country_field="mailing_country")

    def victim_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields["sex"] = fields["sex"] or choices.Sex.UNKNOWN
        fields["gender"] = fields["gender"] or choices.Gender.NOT_SPECIFIED
        return fields


class ScreeningForm(forms.Form):
    referral_source = forms.ChoiceField(
        label=_("Referred by"), choices=choices.ReferralSource.choices, initial=choices.ReferralSource.SELF
    )
    referral_source_details = forms.CharField(
        label=_("Referral source details"),
        max_length=max_length(Screening, "referral_source_details"),
        required=False,
    )
    indicators = _checkboxes(choices.Indicator, _("Trafficking indicators"))
    identification_status = forms.ChoiceField(
        label=_("Identification status"),
        choices=choices.TraffickingStatus.choices,
        initial=choices.TraffickingStatus.PRESUMED,
    )
    decision_making_organisation = _select(choices.DecisionMakingOrg, _("Deciding authority"))
    identification_date = forms.DateField(label=_("Date of decision"), required=False, widget=DATE)
    identifying_body = forms.ModelChoiceField(
        label=_("Identifying body"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The body that took the formal decision, when it is in the registry."),
    )
    identifying_body_name = forms.CharField(
        label=_("Identifying body (outside Amanat)"),
        max_length=max_length(Screening, "identifying_body_name"),
        required=False,
    )
    referral_mechanism_country = CountryChoiceField(
        label=_("Under the national referral mechanism of"), required=False
    )
    identification_reference = forms.CharField(
        label=_("Decision reference number"),
        max_length=max_length(Screening, "identification_reference"),
        required=False,
    )
    vulnerabilities = _checkboxes(choices.Vulnerability, _("Vulnerabilities"))
    vulnerability_details = forms.CharField(
        label=_("Details of vulnerabilities"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    economic_situation = _select(choices.EconomicSituation, _("Economic situation before trafficking"))
    debts = _checkboxes(
        choices.Debt, _("Debts when recruited"), help_text=_("“None” and “unknown” stand alone.")
    )
    prior_migration = _select(choices.PriorMigration, _("Prior migration for work"))
    family_situation = _checkboxes(
        choices.FamilySituation, _("Family situation"), help_text=_("All that applied when recruited.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The registry is public reference data: police, ministries, courts and NGOs of any country.
        self.fields["identifying_body"].queryset = Organisation.objects.public().order_by(
            "country", "name_en"
        )


class ExperienceForm(forms.Form):
    exploitation_types = _checkboxes(choices.Exploitation, _("Forms of exploitation"))
    sex_exploitation_types = _checkboxes(choices.SexExploitation, _("Types of sexual exploitation"))
    labour_sectors = _checkboxes(choices.Industry, _("Labour sectors"))
    relation_to_recruiter = _select(choices.RecruiterRelation, _("Relation to recruiter"))
    recruitment_methods = _checkboxes(choices.RecruitmentMethod, _("Methods of recruitment"))
    means_of_control = _checkboxes(choices.MeansOfControl, _("Means of control"))


class EventForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=choices.EventType.choices)
    country = CountryChoiceField(label=_("Country"), regions="region")
    region = RegionChoiceField(label=_("Region"), country_field="country")
    city = forms.CharField(
        label=_("City or district"), max_length=max_length(TraffickingEvent, "city"), required=False
    )
    started_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ended_on = forms.DateField(label=_("Until"), required=False, widget=DATE)


class PerpetratorForm(forms.Form):
    """A perpetrator as the victim describes them (HTCDS perpetrator context); names are encrypted."""

    roles = _checkboxes(choices.PerpetratorRole, _("Role in the process"))
    role_details = forms.CharField(
        label=_("Details of the role"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    name = forms.CharField(
        label=pgettext_lazy("person", "Name"), max_length=max_length(Perpetrator, "name"), required=False
    )
    aliases = forms.CharField(
        label=_("Other names and nicknames"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    perpetrator_organisation = forms.CharField(
        label=_("Group or business"),
        max_length=max_length(Perpetrator, "perpetrator_organisation"),
        required=False,
    )
    sex = _select(choices.Sex, _("Sex"))
    age = forms.IntegerField(label=_("Age (estimated)"), required=False, min_value=0, max_value=120)
    citizenship = CountryMultipleChoiceField(label=_("Citizenship"), required=False)
    relation_to_victim = _select(choices.RecruiterRelation, _("Relation to the victim"))
    identifying_details = forms.CharField(
        label=_("Identifying details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Appearance, phone numbers, vehicles, places they are found."),
    )

    def perpetrator_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields["aliases"] = _lines(fields["aliases"])
        fields["sex"] = fields["sex"] or choices.Sex.UNKNOWN
        return fields


class ProceedingForm(forms.Form):
    """A criminal proceeding against the perpetrators: the victim's part, status, outcome, compensation."""

    authority = forms.CharField(
        label=_("Police, prosecutor or court"),
        max_length=max_length(CriminalProceeding, "authority"),
        required=False,
    )
    country = CountryChoiceField(label=_("Country"), required=False)
    reference = forms.CharField(
        label=_("Case number"), max_length=max_length(CriminalProceeding, "reference"), required=False
    )
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=DATE)
    stage = forms.ChoiceField(
        label=_("Status"), choices=choices.ProceedingStage.choices, initial=choices.ProceedingStage.COMPLAINT
    )
    outcome = _select(choices.ProceedingOutcome, _("Outcome"))
    concluded_on = forms.DateField(label=_("Concluded on"), required=False, widget=DATE)
    victim_is_witness = forms.BooleanField(label=_("The victim is a witness"), required=False)
    compensation_requested = forms.BooleanField(label=_("Compensation requested"), required=False)
    compensation_awarded = forms.BooleanField(label=_("Compensation awarded"), required=False)
    compensation_amount = forms.DecimalField(
        label=_("Amount awarded"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    compensation_currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=choices.ConsentPurpose.choices)
    recipient = forms.ModelChoiceField(
        label=_("Organisation (for sharing)"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Only for consent to sharing."),
    )
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[(s.value, s.label) for s in (choices.ConsentStatus.GIVEN, choices.ConsentStatus.REFUSED)],
    )
    method = forms.ChoiceField(
        label=_("How consent was given"),
        # An override is its own action, with a reason (consent_override).
        choices=[
            (value, label)
            for value, label in Consent._meta.get_field("method").choices
            if value != choices.ConsentMethod.OVERRIDE
        ],
        initial=choices.ConsentMethod.WRITTEN,
    )
    sections = forms.MultipleChoiceField(
        label=_("Parts of the case it covers (for sharing)"),
        choices=choices.Section.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for consent to sharing: what the organisation may see."),
    )
    given_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any active organisation of the network, across borders: consent names the recipient.
        self.fields["recipient"].queryset = Organisation.objects.public().order_by("country", "name_en")


# The guided intake: one form per step, built from the section forms above (a field added to a section
# form is asked in its step too), and the hotline's short intake. ``intake_fields()`` gives the
# arguments of ``services.intake_start`` / ``intake_save``, which check the intake's rules.


def _lines_field(label, help_text):
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=help_text
    )


class PersonStepForm(VictimForm):
    """Who the person is: the personal data tab's fields, other names, documents and family contacts."""

    aliases = _lines_field(_("Other names and spellings"), _("One per line."))
    identity_documents = _lines_field(
        _("Identity documents"), _("One per line: type and number, e.g. passport 1234567.")
    )
    family_contacts = _lines_field(_("Family contacts"), _("One per line: who and how to reach them."))

    field_order = ["given_name", "middle_name", "family_name", "aliases"]
    LISTS = {"aliases": None, "identity_documents": "document", "family_contacts": "contact"}

    def __init__(self, *args, anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if anonymous:
            # A hotline caller may give no name; the service allows it only to the hotline.
            for name in ("given_name", "family_name"):
                self.fields[name].required = False
                self.fields[name].help_text = _("May be left empty when the caller gives no name.")

    @classmethod
    def initial_from(cls, victim) -> dict:
        initial = {name: getattr(victim, name) for name in cls.base_fields if name not in cls.LISTS}
        for name, key in cls.LISTS.items():
            items = getattr(victim, name) or []
            initial[name] = "\n".join(item if key is None else str(item.get(key, "")) for item in items)
        return initial

    def intake_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        if "sex" in fields:
            fields["sex"] = fields["sex"] or choices.Sex.UNKNOWN
        if "gender" in fields:
            fields["gender"] = fields["gender"] or choices.Gender.NOT_SPECIFIED
        for name, key in self.LISTS.items():
            if name in fields:
                fields[name] = [line if key is None else {key: line} for line in _lines(fields[name])]
        return fields


class HotlineIntakeForm(PersonStepForm):
    """The hotline's short intake: the person (anonymous allowed) and how they came."""

    referral_source = ScreeningForm.base_fields["referral_source"]
    referral_source_details = ScreeningForm.base_fields["referral_source_details"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, anonymous=True, **kwargs)


class ScreeningStepForm(ScreeningForm):
    """How the person came and what was seen: the screening tab's fields."""

    def intake_fields(self) -> dict:
        return dict(self.cleaned_data)


class ExperienceStepForm(ExperienceForm):
    """What happened: the experience tab's fields and the places of recruitment, transit, exploitation."""

    origin_country = CountryChoiceField(
        label=_("Country of origin (recruitment)"), required=False, regions="origin_region"
    )
    origin_region = RegionChoiceField(label=_("Region of origin"), country_field="origin_country")
    transit_country = CountryChoiceField(label=_("Country of transit"), required=False)
    exploitation_country = CountryChoiceField(label=_("Country of exploitation"), required=False)
    exploitation_city = forms.CharField(
        label=_("City or district of exploitation"),
        max_length=max_length(TraffickingEvent, "city"),
        required=False,
    )
    exploitation_started_on = forms.DateField(label=_("Exploited from (entry)"), required=False, widget=DATE)
    exploitation_ended_on = forms.DateField(label=_("Exploited until (exit)"), required=False, widget=DATE)

    PLACES = PLACES  # the intake's names for the fields of each place (the service's own table)

    @classmethod
    def initial_from(cls, experience, events) -> dict:
        initial = (
            {name: getattr(experience, name) for name in ExperienceForm.base_fields} if experience else {}
        )
        for event in events:
            for field, name in cls.PLACES.get(event.type, {}).items():
                initial.setdefault(name, getattr(event, field))
        return initial

    def intake_fields(self) -> dict:
        return dict(self.cleaned_data)


class ConsentStepForm(forms.Form):
    """What the person agreed to at the first meeting; sharing with an organisation is asked later."""

    ANSWERS = [("", _("Not asked yet")), *ConsentForm.base_fields["status"].choices]

    consent_method = forms.ChoiceField(
        label=ConsentForm.base_fields["method"].label,
        choices=ConsentForm.base_fields["method"].choices,
        initial=choices.ConsentMethod.WRITTEN,
        required=False,  # only asked with an answer; the intake records "written" when left out
    )
    consent_assistance = forms.ChoiceField(label=_("Assistance"), choices=ANSWERS, required=False)
    consent_statistics = forms.ChoiceField(
        label=_("Inclusion in statistics"), choices=ANSWERS, required=False
    )
    consent_follow_up = forms.ChoiceField(label=_("Follow-up contact"), choices=ANSWERS, required=False)
    consent_publication = forms.ChoiceField(
        label=_("Publication of a story"), choices=ANSWERS, required=False
    )

    @classmethod
    def initial_from(cls, consents) -> dict:
        initial = {}
        for consent in consents:
            name = f"consent_{consent.purpose}"
            if name in cls.base_fields and consent.recipient_id is None:
                initial[name] = consent.status
                initial.setdefault("consent_method", consent.method)
        return initial

    def intake_fields(self) -> dict:
        return dict(self.cleaned_data)


INTAKE_STEP_FORMS = {
    "person": PersonStepForm,
    "screening": ScreeningStepForm,
    "experience": ExperienceStepForm,
    "consent": ConsentStepForm,
}


class ConsentWithdrawForm(forms.Form):
    consent = forms.IntegerField(widget=forms.HiddenInput)
    notes = forms.CharField(label=_("Notes"), required=False)


class ConsentOverrideForm(forms.Form):
    purpose = ConsentForm.base_fields["purpose"]
    recipient = forms.ModelChoiceField(
        label=_("Organisation (for sharing)"), queryset=Organisation.objects.none(), required=False
    )
    sections = ConsentForm.base_fields["sections"]
    reason = forms.CharField(
        label=_("Reason for acting without consent"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Organisation.objects.public().order_by("country", "name_en")


class ServiceForm(forms.Form):
    type = forms.ChoiceField(label=_("Service"), choices=choices.ServiceType.choices)
    provider = forms.ModelChoiceField(
        label=_("Provided by"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Leave empty when your organisation provides it."),
    )
    started_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ended_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    quantity = forms.DecimalField(label=_("Quantity"), required=False, min_value=0)
    unit = forms.CharField(
        label=_("Unit"), max_length=32, required=False, help_text=_("e.g. nights, sessions")
    )
    cost = forms.DecimalField(label=_("Cost"), required=False, min_value=0)
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.public().order_by("country", "name_en")


class ReceiverFilterForm(forms.Form):
    """Narrows the receivers the referral form offers: by a service of the network directory and country."""

    service = forms.ChoiceField(
        label=_("Offers the service"), choices=[(UNKNOWN, _("Any service")), *Service.choices], required=False
    )
    country = CountryChoiceField(label=_("In the country"), required=False)

    def receivers(self, organisations):
        if not self.is_valid():
            return organisations
        if self.cleaned_data.get("service"):
            organisations = organisations.filter(services__code=self.cleaned_data["service"])
        if self.cleaned_data.get("country"):
            organisations = organisations.filter(country=self.cleaned_data["country"])
        return organisations.distinct()


class ReceiverChoiceField(forms.ModelChoiceField):
    """Each receiver with its country, and whether the victim's current consent covers sharing with it."""

    covered: set[int] = set()

    def label_from_instance(self, obj):
        if obj.pk in self.covered:
            coverage = _("consent covers this organisation")
        else:
            coverage = _("no consent for sharing with this organisation: record consent first")
        return f"{obj} ({obj.country}) — {coverage}"


class ReferralForm(forms.Form):
    to_organisation = ReceiverChoiceField(
        label=_("Receiving organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("Active organisations of the network, narrowed by the service and country above."),
    )
    service_needed = _select(choices.ServiceType, _("Service needed"))
    reason = forms.ChoiceField(label=_("Reason"), choices=choices.ReferralReason.choices)
    sections = _checkboxes(choices.Section, _("Sections to share"), required=True)
    details = forms.CharField(
        label=_("Details and arrangements"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case=None, receivers=None, covered=(), **kwargs):
        super().__init__(*args, **kwargs)
        organisations = receivers if receivers is not None else Organisation.objects.public()
        organisations = organisations.order_by("country", "name_en")
        if case is not None:
            organisations = organisations.exclude(pk=case.organisation_id)
        self.fields["to_organisation"].queryset = organisations
        self.fields["to_organisation"].covered = set(covered)


class ExternalReferralForm(forms.Form):
    """A referral to a body outside Amanat: the service refuses it without a name or the consent basis."""

    external_name = forms.CharField(
        label=_("Name of the body"),
        required=False,
        max_length=200,
        help_text=_("e.g. the police department, the consulate, the labour inspection, an NGO abroad."),
    )
    external_type = forms.ChoiceField(
        label=_("Type"), choices=[(UNKNOWN, "—"), *OrganisationType.choices], required=False
    )
    external_country = CountryChoiceField(label=_("Country"), required=False)
    external_contact = forms.CharField(label=_("Contact person and phone"), required=False, max_length=300)
    external_consent_method = forms.ChoiceField(
        label=_("How the victim consented to sharing with this body"),
        choices=[(UNKNOWN, "—"), *choices.consent_method_choices()],
        required=False,
    )
    service_needed = _select(choices.ServiceType, _("Service needed"))
    reason = forms.ChoiceField(label=_("Reason"), choices=choices.ReferralReason.choices)
    details = forms.CharField(
        label=_("Details and arrangements"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExternalReferrerForm(forms.Form):
    """Who outside Amanat referred the victim here (the service refuses a missing name on the field)."""

    referring_external_name = forms.CharField(label=_("Name of the body"), required=False, max_length=200)
    referring_external_type = forms.ChoiceField(
        label=_("Type"), choices=[(UNKNOWN, "—"), *OrganisationType.choices], required=False
    )
    referring_external_country = CountryChoiceField(label=_("Country"), required=False)
    incoming_referral_date = forms.DateField(label=_("Referred on"), required=False, widget=DATE)


class ReferralCompleteForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[(UNKNOWN, "—"), *choices.ReferralOutcome.choices], required=False
    )
    outcome_details = forms.CharField(
        label=_("Details of the outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    services_delivered = forms.ModelMultipleChoiceField(
        label=_("Services delivered"),
        queryset=AssistanceService.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The services your organisation recorded on the case."),
    )

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        if services is not None:
            self.fields["services_delivered"].queryset = services
        self.fields["services_delivered"].label_from_instance = lambda service: (
            f"{service.get_type_display()} · {service.started_on}"
        )


class TransferForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=_("Organisation that takes over the case"), queryset=Organisation.objects.none()
    )
    reason = forms.ChoiceField(
        label=_("Reason"), choices=choices.ReferralReason.choices, initial=choices.ReferralReason.MIGRATION
    )
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.public().order_by("country", "name_en")
        if case is not None:
            organisations = organisations.exclude(pk=case.organisation_id)
        self.fields["to_organisation"].queryset = organisations


class ReferralAcceptForm(forms.Form):
    receiving_caseworker = forms.ModelChoiceField(
        label=_("Caseworker who takes it on"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Me"),
    )

    def __init__(self, *args, caseworkers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if caseworkers is not None:
            self.fields["receiving_caseworker"].queryset = caseworkers


class ReferralDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 2}))


WITHDRAW, KEEP, CANCEL = "withdraw", "keep", "cancel"


class CloseForm(forms.Form):
    """The reason, and an explicit choice for everything closure touches (``case_closure_preview``):
    each open referral and active sharing (withdraw or keep) and the pending follow-ups (keep or
    cancel). No choice is made in advance: a missing one is an error on its item."""

    reason = forms.ChoiceField(
        label=_("Reason for closure"),
        choices=[
            ("", "—"),
            *((r.value, r.label) for r in choices.ClosureReason if r != choices.ClosureReason.TRANSFERRED),
        ],
        error_messages={"required": _("Choose the reason for closing.")},
    )
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, preview, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview
        required = {"required": _("Choose what happens to it.")}
        for referral in preview.open_referrals:
            self.fields[f"referral_{referral.pk}"] = forms.ChoiceField(
                label=_("%(kind)s to %(organisation)s, sent on %(day)s")
                % {
                    "kind": referral.get_kind_display(),
                    "organisation": referral.receiver_name,
                    "day": date_format(referral.requested_at, "SHORT_DATE_FORMAT"),
                },
                choices=[(WITHDRAW, _("Withdraw the request")), (KEEP, _("Keep it open"))],
                widget=forms.RadioSelect,
                error_messages=required,
            )
        for referral in preview.active_sharing:
            sections = ", ".join(str(choices.Section(section).label) for section in referral.shared_sections)
            self.fields[f"referral_{referral.pk}"] = forms.ChoiceField(
                label=_("%(organisation)s sees: %(sections)s")
                % {"organisation": referral.receiver_name, "sections": sections},
                choices=[(WITHDRAW, _("End the sharing")), (KEEP, _("Keep sharing"))],
                widget=forms.RadioSelect,
                error_messages=required,
            )
        if preview.pending_followups:
            count, next_due = len(preview.pending_followups), preview.pending_followups[0].due_on
            self.fields["followups"] = forms.ChoiceField(
                label=ngettext(
                    "%(count)d pending follow-up, the next due on %(day)s",
                    "%(count)d pending follow-ups, the next due on %(day)s",
                    count,
                )
                % {"count": count, "day": date_format(next_due, "SHORT_DATE_FORMAT")},
                choices=[
                    (KEEP, _("Keep them: monitoring goes on after closure")),
                    (CANCEL, _("Cancel them")),
                ],
                widget=forms.RadioSelect,
                error_messages=required,
            )

    def _bound(self, referrals):
        return [self[f"referral_{referral.pk}"] for referral in referrals]

    @property
    def referral_fields(self):
        return self._bound(self.preview.open_referrals)

    @property
    def sharing_fields(self):
        return self._bound(self.preview.active_sharing)

    def close_fields(self) -> dict:
        """The arguments of ``services.case_close``."""
        data = self.cleaned_data
        decided = {referral.pk: data[f"referral_{referral.pk}"] for referral in self.preview.referrals}
        return {
            "reason": data["reason"],
            "details": data["details"],
            "withdraw_referrals": [pk for pk, choice in decided.items() if choice == WITHDRAW],
            "keep_referrals": [pk for pk, choice in decided.items() if choice == KEEP],
            "keep_followups": data["followups"] == KEEP if "followups" in data else None,
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why is the case reopened?"), widget=forms.Textarea(attrs={"rows": 2}))
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[(s.value, s.label) for s in choices.Stage if s != choices.Stage.CLOSED],
        initial=choices.Stage.ASSISTANCE,
    )


class StageForm(forms.Form):
    stage = ReopenForm.base_fields["stage"]


class AssignForm(forms.Form):
    caseworker = forms.ModelChoiceField(label=_("Caseworker"), queryset=User.objects.none())

    def __init__(self, *args, caseworkers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if caseworkers is not None:
            self.fields["caseworker"].queryset = caseworkers


class PlanForm(forms.Form):
    type = _select(choices.SupportPlanType, _("Type of plan"))
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    action_plan = forms.CharField(
        label=_("Action plan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    starts_on = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    planned_end_date = forms.DateField(label=_("Planned end date"), required=False, widget=DATE)

    def plan_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        if fields["starts_on"] is None:
            del fields["starts_on"]  # the plan keeps its start date (today when it is new)
        return fields


class GoalForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=choices.Dimension.choices)
    description = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}))
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)


class FollowUpScheduleForm(forms.Form):
    return_date = forms.DateField(label=_("Date of return"), widget=DATE)
    months = forms.CharField(
        label=_("Months after return"), initial="1, 3, 6, 12", help_text=_("Separated by commas.")
    )
    replace_pending = forms.BooleanField(label=_("Replace the pending follow-ups"), required=False)

    def __init__(self, *args, pending_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if pending_count:
            self.fields["replace_pending"].help_text = ngettext(
                "Without this, the new follow-ups are added to the %(count)d pending one; "
                "with it, that one is cancelled.",
                "Without this, the new follow-ups are added to the %(count)d pending ones; "
                "with it, those are cancelled.",
                pending_count,
            ) % {"count": pending_count}
        else:
            del self.fields["replace_pending"]

    def clean_months(self):
        try:
            return [int(part) for part in self.cleaned_data["months"].replace(" ", "").split(",") if part]
        except ValueError:
            raise ValidationError(_("Give whole numbers separated by commas.")) from None


class FollowUpForm(forms.Form):
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE)
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    cancelled = forms.BooleanField(label=_("Cancelled"), required=False)


class FollowUpAddForm(forms.Form):
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)


class AssessmentForm(forms.Form):
    """A Reintegration Sustainability Survey: one question per indicator, each answered on its own scale.

    The answers are checked against their scales by the service (``assessment_record``), which names the
    question of an answer outside its scale."""

    followup = forms.ModelChoiceField(label=_("Follow-up"), queryset=FollowUp.objects.none(), required=False)
    assessed_on = forms.DateField(label=_("Assessed on"), required=False, widget=DATE)

    def __init__(self, *args, followups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if followups is not None:
            self.fields["followup"].queryset = followups
        for indicator in reintegration.INDICATORS:
            # Not a ChoiceField: the service checks the scale, so the web and the API refuse alike.
            # Not required here either: the service lists every missing answer at once.
            self.fields[indicator.code] = forms.CharField(
                label=indicator.label,
                required=False,
                widget=forms.Select(choices=[("", "—"), *indicator.choices]),
            )
        self.fields["retrafficked"] = forms.BooleanField(
            label=_("Re-trafficked since the previous contact"), required=False
        )
        self.fields["notes"] = forms.CharField(
            label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )

    def dimensions(self) -> list[tuple[str, list]]:
        """The questions grouped by dimension, for one fieldset each."""
        labels = dict(choices.Dimension.choices)
        return [
            (
                labels[dimension],
                [self[i.code] for i in reintegration.INDICATORS if i.dimension == dimension],
            )
            for dimension in reintegration.DIMENSIONS
        ]

    def assessment_fields(self) -> dict:
        data = dict(self.cleaned_data)
        answers = {indicator.code: data.pop(indicator.code) for indicator in reintegration.INDICATORS}
        return {**data, "answers": answers}


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG, PNG or DOCX."))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Story"), widget=forms.Textarea(attrs={"rows": 6}))


class ApprovalForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )


class CaseSearchForm(forms.Form):
    """What a caseworker remembers of a person: any part of a name (or a case code), and the birth
    date or year if known. Sent in a POST body only: a name never goes into a URL."""

    name = forms.CharField(
        label=_("Name or case code"),
        max_length=200,
        help_text=_("Any part of a given or family name, in Cyrillic or Latin letters."),
    )
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    birth_year = forms.IntegerField(label=_("Birth year"), required=False, min_value=1900, max_value=2100)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not CODE_LIKE.search(name) and query_letters(name) < MIN_LETTERS:
            raise forms.ValidationError(_("Type at least two letters of the name."), code="too_short")
        return name

    def is_code(self) -> bool:
        return bool(CODE_LIKE.search(self.cleaned_data["name"]))
