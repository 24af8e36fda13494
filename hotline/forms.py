"""The live call's form: every choice narrowed to what the operator may pick; the keyboard's order.

Below it, the forms of the operations pages (knowledge base, telephony, statistics)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from hotline import selectors
from hotline.models import (
    AnswerTopic,
    AnswerVersion,
    CallerFlag,
    CallerType,
    Channel,
    Contact,
    HeardVia,
    Language,
    Outcome,
    Topic,
)
from hotline.services.contacts import CAMPAIGN_HEARD_VIA
from hotline.vocabulary import Indicator
from network.countries import country_picker_choices
from network.forms import RegionChoiceField, country_select_attrs
from network.models import Organisation, Service

BLANK = [("", "—")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The fields the service takes, in the form's (and the keyboard's) order.
SERVICE_FIELDS = (
    "line",
    "channel",
    "language",
    "caller_type",
    "caller_country",
    "caller_region",
    "country_of_concern",
    "topics",
    "indicators",
    "heard_via",
    "heard_via_detail",
    "campaign",
    "outcome",
    "referred_to_organisation",
    "referred_service",
    "referred_external_name",
    "follow_up_due",
    "duration_seconds",
    "notes",
    "number_consent",
)


class CountryChoiceField(forms.ChoiceField):
    def __init__(self, *args, regions: str | None = None, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": _("Unknown country code: %(value)s.")})
        kwargs.setdefault("widget", forms.Select(attrs=country_select_attrs(regions=regions)))
        super().__init__(*args, choices=lambda: [*BLANK, *country_picker_choices()], required=False, **kwargs)


def _select(choices, label, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[*BLANK, *choices], required=False, **kwargs)


class ContactForm(forms.Form):
    """A contact as the operator types it during the call. Nothing is required here: the draft is saved
    as it is; completing asks the service what is missing, and every error shows on its field."""

    contact = forms.IntegerField(widget=forms.HiddenInput, required=False)
    started_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    line = forms.ModelChoiceField(label=_("Line"), queryset=None, empty_label=None)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    caller_number = forms.CharField(
        label=_("Caller's number"),
        max_length=40,
        required=False,
        help_text=_("Recognises a repeat caller; kept only if the caller agrees."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "tel",
                "autocomplete": "off",
                "data-shortcut": "n",
                "aria-keyshortcuts": "Alt+N",
            }
        ),
    )
    number_consent = forms.BooleanField(label=_("The caller agrees that we keep the number"), required=False)
    language = _select(Language.choices, _("Language"))
    caller_type = _select(
        CallerType.choices,
        _("Caller"),
        widget=forms.Select(attrs={"data-shortcut": "t", "aria-keyshortcuts": "Alt+T"}),
    )
    caller_country = CountryChoiceField(label=_("Caller's country"), regions="caller_region")
    caller_region = RegionChoiceField(label=_("Caller's region"), country_field="caller_country")
    country_of_concern = CountryChoiceField(label=_("Country of concern"))
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    indicators = forms.MultipleChoiceField(
        label=_("Trafficking indicators heard"),
        choices=Indicator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    heard_via = _select(HeardVia.choices, _("Heard of the hotline via"))
    heard_via_detail = forms.CharField(
        label=_("Which campaign, channel or programme"), max_length=200, required=False
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign heard of"),
        queryset=None,
        required=False,
        help_text=_("When the caller heard of the hotline via a campaign, TV, radio, SMS or social media."),
    )
    outcome = _select(
        Outcome.choices,
        _("Outcome"),
        widget=forms.Select(attrs={"data-shortcut": "u", "aria-keyshortcuts": "Alt+U"}),
    )
    referred_to_organisation = forms.ModelChoiceField(
        label=_("Referred to (organisation in Amanat)"), queryset=None, required=False
    )
    referred_service = _select(Service.choices, _("Referred for (service)"))
    referred_external_name = forms.CharField(
        label=_("Or referred to a body outside Amanat"), max_length=200, required=False
    )
    follow_up_due = forms.DateField(
        label=pgettext_lazy("hotline contact", "Follow-up due"), required=False, widget=DATE
    )
    duration_seconds = forms.IntegerField(
        label=_("Duration (seconds)"),
        required=False,
        help_text=_("Filled in when you stop the timer; left empty, the time since the call started."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-shortcut": "w", "aria-keyshortcuts": "Alt+W"}),
    )
    case_code = forms.CharField(
        label=_("Case code to link"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "TJ-2026-000123"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        lines = selectors.lines_operated(user=user)
        self.fields["line"].queryset = lines
        self.fields["line"].widget.attrs.update({"data-shortcut": "l", "aria-keyshortcuts": "Alt+L"})
        if "line" not in self.initial:
            first = lines.first()
            if first is not None:
                self.initial["line"] = first.pk
        self.fields["referred_to_organisation"].queryset = Organisation.objects.public().order_by("name_en")
        self.fields["caller_region"].error_messages["invalid_choice"] = _("Unknown region.")
        # The campaigns of the organisations whose lines the operator answers, running around the call.
        started_at = self.initial.get("started_at")
        if self.is_bound:
            try:
                started_at = self.fields["started_at"].clean(self.data.get(self.add_prefix("started_at")))
            except forms.ValidationError:
                started_at = None
        started_at = started_at or timezone.now()
        self.fields["campaign"].queryset = selectors.campaign_choices(
            user=user,
            organisation_ids={line.organisation_id for line in lines},
            on=timezone.localdate(started_at),
        )
        self.fields["campaign"].widget.attrs["data-heard-via"] = " ".join(CAMPAIGN_HEARD_VIA)

    def service_fields(self) -> dict:
        """The cleaned answers under the service's names (the number and the case code apart)."""
        data = self.cleaned_data
        fields = {name: data.get(name) for name in SERVICE_FIELDS}
        for name in ("language", "caller_type", "heard_via", "outcome", "referred_service"):
            fields[name] = fields[name] or ""
        for name in (
            "caller_country",
            "country_of_concern",
            "heard_via_detail",
            "referred_external_name",
            "notes",
        ):
            fields[name] = fields[name] or ""
        if fields["heard_via"] not in CAMPAIGN_HEARD_VIA:
            fields["campaign"] = None  # offered only for these; a choice left from before is dropped
        return fields

    @classmethod
    def initial_of(cls, contact: Contact) -> dict:
        initial = {name: getattr(contact, name) for name in SERVICE_FIELDS}
        initial["line"] = contact.line_id
        initial["caller_region"] = contact.caller_region_id
        initial["referred_to_organisation"] = contact.referred_to_organisation_id
        initial["campaign"] = contact.campaign_id
        initial["started_at"] = contact.started_at
        initial["contact"] = contact.pk
        initial["caller_number"] = contact.caller_number or ""
        return initial


class CallerFlagForm(forms.Form):
    kind = forms.ChoiceField(label=_("Flag"), choices=CallerFlag.Kind.choices)
    days = forms.IntegerField(label=_("Expires after (days)"), min_value=1, max_value=365, initial=90)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class CaseLinkForm(forms.Form):
    case_code = forms.CharField(label=_("Case code"), max_length=20)


# Operations: the knowledge base, telephony, statistics -------------------------------------------------
class AnswerForm(forms.ModelForm):
    """One version of an answer, in every UI language, with the answer's topic and network sharing."""

    topic = forms.ChoiceField(label=_("Topic"), choices=AnswerTopic.choices)
    is_shared = forms.BooleanField(
        label=_("Share with the network"),
        required=False,
        help_text=_("Operators of every organisation in the network read the approved version."),
    )

    class Meta:
        model = AnswerVersion
        fields = ["title_en", "body_en", "title_ru", "body_ru", "keywords"]
        widgets = {
            "body_en": forms.Textarea(attrs={"rows": 8}),
            "body_ru": forms.Textarea(attrs={"rows": 8, "lang": "ru"}),
            "title_ru": forms.TextInput(attrs={"lang": "ru"}),
        }

    def __init__(self, *args, may_share: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_share:
            del self.fields["is_shared"]


class AnswerSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the knowledge base"), max_length=200, required=False)


class TelephonyAccountForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the telephony system"), max_length=100, help_text=_("For example “Office PBX”.")
    )


class OperatorExtensionForm(forms.Form):
    line = forms.ModelChoiceField(label=_("Line"), queryset=None)
    extension = forms.CharField(label=_("Extension"), max_length=20)
    operator = forms.ModelChoiceField(label=_("Operator"), queryset=None)

    def __init__(self, *args, lines, operators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["operator"].queryset = operators
        self.fields["operator"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class StatisticsFilterForm(forms.Form):
    """The period and line of the statistics (not personal: dates and a line, so a GET is fine)."""

    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    line = forms.ModelChoiceField(label=_("Line"), queryset=None, required=False, empty_label=_("Every line"))

    MAX_DAYS = 366

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            if date_to < date_from:
                self.add_error("date_to", _("The end of the period is before its start."))
            elif (date_to - date_from).days >= self.MAX_DAYS:
                self.add_error("date_to", _("Choose a period of at most a year."))
        return data


# Lines (managers) ------------------------------------------------------------------------------------
class LineForm(forms.Form):
    """A line of the manager's organisation; the operators offered are its hotline operators and managers."""

    name = forms.CharField(label=_("Name"), max_length=120)
    public_number = forms.CharField(
        label=_("Public phone number"),
        max_length=32,
        required=False,
        help_text=_("The hotline's published number, never an operator's personal one."),
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    operators = forms.ModelMultipleChoiceField(
        label=_("Operators"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hotline operators and managers of your organisation who answer this line."),
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("An inactive line takes no new calls; its contacts stay."),
    )

    def __init__(self, *args, user, organisation, **kwargs):
        from hotline.services import line_operator_candidates

        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["operators"].queryset = line_operator_candidates(organisation=organisation)
        self.fields["operators"].label_from_instance = lambda u: u.get_full_name() or u.get_username()

    @classmethod
    def initial_of(cls, line) -> dict:
        return {
            "name": line.name,
            "public_number": line.public_number,
            "languages": list(line.languages),
            "operators": list(line.operators.all()),
            "is_active": line.is_active,
        }
