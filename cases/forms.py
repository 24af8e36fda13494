"""Forms of the case pages. Each takes ``user=`` where it offers tenant rows and narrows them with
``visible_to``; the services do the validation that needs the database, and ``errors_to_form`` puts
their ValidationErrors back on the fields the user typed in."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import (
    Consent,
    CriminalProceeding,
    FollowUp,
    Perpetrator,
    Screening,
    TraffickingEvent,
    Victim,
    choices,
)
from network.countries import country_picker_choices
from network.forms import RegionChoiceField, country_select_attrs
from network.models import Organisation

UNKNOWN = ""
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def errors_to_form(form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: on the named field when the form has it, else on top."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        name = field_map.get(name, name)
        form.add_error(name if name in form.fields else None, errors)


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


class IntakeForm(forms.Form):
    """Everything the caseworker asks at the first meeting: person, screening, experience, consent."""

    CONSENT_ANSWERS = [
        ("", _("Not asked yet")),
        *[
            (status.value, status.label)
            for status in (choices.ConsentStatus.GIVEN, choices.ConsentStatus.REFUSED)
        ],
    ]

    # Person
    given_name = forms.CharField(
        label=_("Given name"), max_length=max_length(Victim, "given_name"), help_text=_("In any script.")
    )
    middle_name = forms.CharField(
        label=_("Middle name or patronymic"), max_length=max_length(Victim, "middle_name"), required=False
    )
    family_name = forms.CharField(label=_("Family name"), max_length=max_length(Victim, "family_name"))
    aliases = forms.CharField(
        label=_("Other names and spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
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
    identity_documents = forms.CharField(
        label=_("Identity documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: type and number, e.g. passport 1234567."),
    )
    mobile_phone = forms.CharField(
        label=_("Mobile phone"), max_length=max_length(Victim, "mobile_phone"), required=False
    )
    mailing_street = forms.CharField(
        label=_("Street and house"), max_length=max_length(Victim, "mailing_street"), required=False
    )
    mailing_city = forms.CharField(
        label=_("City or village"), max_length=max_length(Victim, "mailing_city"), required=False
    )
    mailing_country = CountryChoiceField(label=_("Country of residence"), required=False)
    family_contacts = forms.CharField(
        label=_("Family contacts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: who and how to reach them."),
    )
    # Screening
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
    # Experience
    exploitation_types = _checkboxes(choices.Exploitation, _("Forms of exploitation"))
    labour_sectors = _checkboxes(choices.Industry, _("Labour sectors"))
    relation_to_recruiter = _select(choices.RecruiterRelation, _("Relation to recruiter"))
    recruitment_methods = _checkboxes(choices.RecruitmentMethod, _("Methods of recruitment"))
    means_of_control = _checkboxes(choices.MeansOfControl, _("Means of control"))
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
    # Consent
    consent_method = forms.ChoiceField(
        label=_("How consent was given"),
        # An override is its own action, with a reason (consent_override).
        choices=[
            (value, label)
            for value, label in Consent._meta.get_field("method").choices
            if value != choices.ConsentMethod.OVERRIDE
        ],
        initial=choices.ConsentMethod.WRITTEN,
        required=False,  # only asked with an answer; the intake records "written" when left out
    )
    consent_assistance = forms.ChoiceField(label=_("Assistance"), choices=CONSENT_ANSWERS, required=False)
    consent_statistics = forms.ChoiceField(
        label=_("Inclusion in statistics"), choices=CONSENT_ANSWERS, required=False
    )
    consent_follow_up = forms.ChoiceField(
        label=_("Follow-up contact"), choices=CONSENT_ANSWERS, required=False
    )
    consent_publication = forms.ChoiceField(
        label=_("Publication of a story"), choices=CONSENT_ANSWERS, required=False
    )

    FIELDSETS = [
        (
            _("Person"),
            [
                "given_name",
                "middle_name",
                "family_name",
                "aliases",
                "sex",
                "gender",
                "birth_date",
                "estimated_age",
                "citizenship",
                "identity_documents",
                "mobile_phone",
                "mailing_street",
                "mailing_city",
                "mailing_country",
                "family_contacts",
            ],
        ),
        (
            _("Screening"),
            ["referral_source", "referral_source_details", "indicators", "identification_status"],
        ),
        (
            _("Trafficking experience"),
            [
                "exploitation_types",
                "labour_sectors",
                "relation_to_recruiter",
                "recruitment_methods",
                "means_of_control",
                "origin_country",
                "origin_region",
                "transit_country",
                "exploitation_country",
                "exploitation_city",
                "exploitation_started_on",
                "exploitation_ended_on",
            ],
        ),
        (
            _("Consent"),
            [
                "consent_method",
                "consent_assistance",
                "consent_statistics",
                "consent_follow_up",
                "consent_publication",
            ],
        ),
    ]

    def __init__(self, *args, full: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.full = full
        if not full:
            # Without the right to work on the case (a hotline operator): the person and the source only.
            kept = set(self.FIELDSETS[0][1]) | {"referral_source", "referral_source_details"}
            for name in list(self.fields):
                if name not in kept:
                    del self.fields[name]

    def fieldsets(self):
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
            if any(name in self.fields for name in names)
        ]

    def intake_fields(self) -> dict:
        """The arguments of ``services.case_intake`` (which checks the intake's rules)."""
        fields = dict(self.cleaned_data)
        fields["aliases"] = _lines(fields["aliases"])
        fields["identity_documents"] = [{"document": line} for line in _lines(fields["identity_documents"])]
        fields["family_contacts"] = [{"contact": line} for line in _lines(fields["family_contacts"])]
        fields["sex"] = fields["sex"] or choices.Sex.UNKNOWN
        fields["gender"] = fields["gender"] or choices.Gender.NOT_SPECIFIED
        return fields


def _victim_text(name: str, label, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length(Victim, name), required=False, **kwargs)


class VictimForm(forms.Form):
    """Change the victim's personal data: the intake's essentials and every HTCDS person field."""

    salutation = _victim_text("salutation", _("Salutation"))
    given_name = IntakeForm.base_fields["given_name"]
    middle_name = IntakeForm.base_fields["middle_name"]
    family_name = IntakeForm.base_fields["family_name"]
    sex = IntakeForm.base_fields["sex"]
    gender = IntakeForm.base_fields["gender"]
    birth_date = IntakeForm.base_fields["birth_date"]
    estimated_age = IntakeForm.base_fields["estimated_age"]
    citizenship = IntakeForm.base_fields["citizenship"]
    title = _victim_text("title", _("Occupation or title"))
    email = forms.EmailField(label=_("E-mail"), max_length=max_length(Victim, "email"), required=False)
    home_phone = _victim_text("home_phone", _("Home phone"))
    mobile_phone = IntakeForm.base_fields["mobile_phone"]
    mailing_street = IntakeForm.base_fields["mailing_street"]
    mailing_city = IntakeForm.base_fields["mailing_city"]
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
    referral_source = IntakeForm.base_fields["referral_source"]
    referral_source_details = IntakeForm.base_fields["referral_source_details"]
    indicators = IntakeForm.base_fields["indicators"]
    identification_status = IntakeForm.base_fields["identification_status"]
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The registry is public reference data: police, ministries, courts and NGOs of any country.
        self.fields["identifying_body"].queryset = Organisation.objects.public().order_by(
            "country", "name_en"
        )


class ExperienceForm(forms.Form):
    exploitation_types = IntakeForm.base_fields["exploitation_types"]
    sex_exploitation_types = _checkboxes(choices.SexExploitation, _("Types of sexual exploitation"))
    labour_sectors = IntakeForm.base_fields["labour_sectors"]
    relation_to_recruiter = IntakeForm.base_fields["relation_to_recruiter"]
    recruitment_methods = IntakeForm.base_fields["recruitment_methods"]
    means_of_control = IntakeForm.base_fields["means_of_control"]


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
    name = forms.CharField(label=_("Name"), max_length=max_length(Perpetrator, "name"), required=False)
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
        label=IntakeForm.base_fields["consent_method"].label,
        choices=IntakeForm.base_fields["consent_method"].choices,
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


class ReferralForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=_("Receiving organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("Any active organisation of the network, in any country."),
    )
    service_needed = _select(choices.ServiceType, _("Service needed"))
    reason = forms.ChoiceField(label=_("Reason"), choices=choices.ReferralReason.choices)
    sections = _checkboxes(choices.Section, _("Sections to share"), required=True)
    details = forms.CharField(
        label=_("Details and arrangements"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.public().order_by("country", "name_en")
        if case is not None:
            organisations = organisations.exclude(pk=case.organisation_id)
        self.fields["to_organisation"].queryset = organisations


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


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for closure"),
        choices=[(r.value, r.label) for r in choices.ClosureReason if r != choices.ClosureReason.TRANSFERRED],
    )
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


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


class AssessmentForm(forms.Form):
    followup = forms.ModelChoiceField(label=_("Follow-up"), queryset=FollowUp.objects.none(), required=False)
    assessed_on = forms.DateField(label=_("Assessed on"), required=False, widget=DATE)
    scale = forms.ChoiceField(label=_("Scale"), choices=choices.ScoreScale.choices)
    economic = forms.DecimalField(label=_("Economic"), required=False, max_digits=4, decimal_places=2)
    social = forms.DecimalField(label=_("Social"), required=False, max_digits=4, decimal_places=2)
    psychosocial = forms.DecimalField(label=_("Psychosocial"), required=False, max_digits=4, decimal_places=2)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, followups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if followups is not None:
            self.fields["followup"].queryset = followups


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
