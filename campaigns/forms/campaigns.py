"""Forms of the campaign pages. Choice fields offer only what the user may pick; the services validate
what needs the database and ``errors_to_form`` puts their ValidationErrors back on the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Activity, Campaign, choices
from campaigns.services.activities import CHANNEL_FIELDS, COMMON_FIELDS
from network.countries import CENTRAL_ASIA
from network.models import Organisation, OrganisationType, Programme, Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _checkboxes(vocabulary, label, required=False):
    return forms.MultipleChoiceField(
        label=label, choices=vocabulary.choices, widget=forms.CheckboxSelectMultiple, required=required
    )


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Their members read the campaign and may add their own activities."),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    donor = forms.ModelChoiceField(label=_("Donor"), queryset=Organisation.objects.none(), required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    target_groups = _checkboxes(choices.TargetGroup, _("Target groups"))
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("In the countries of the lead and partner organisations."),
    )
    languages = _checkboxes(choices.Language, _("Languages"))
    key_messages = forms.CharField(
        label=_("Key messages"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    channels = _checkboxes(choices.Channel, _("Channels"), required=True)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    budget = forms.DecimalField(label=_("Budget"), max_digits=12, decimal_places=2, required=False)
    spent = forms.DecimalField(label=_("Spent"), max_digits=12, decimal_places=2, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.public().order_by("name_en")
        self.fields["partners"].queryset = organisations.exclude(type=OrganisationType.DONOR)
        self.fields["donor"].queryset = organisations.filter(type=OrganisationType.DONOR)
        self.fields["programme"].queryset = Programme.objects.order_by("name")
        self.fields["regions"].queryset = Region.objects.filter(country__in=CENTRAL_ASIA).order_by(
            "country", "name_en"
        )

    @classmethod
    def initial_of(cls, campaign: Campaign) -> dict:
        names = ("name", "starts_on", "ends_on", "target_groups", "languages", "key_messages", "channels")
        initial = {name: getattr(campaign, name) for name in names}
        initial.update(
            currency=campaign.currency,
            budget=campaign.budget,
            spent=campaign.spent,
            programme=campaign.programme_id,
            donor=campaign.donor_id,
            partners=[p.pk for p in campaign.partners.all()],
            regions=[r.pk for r in campaign.regions.all()],
        )
        return initial

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["partners"] = list(data["partners"])
        data["regions"] = list(data["regions"])
        return data


class ActivityForm(forms.Form):
    """The fields of one channel only (and those every activity has)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, required=False)
    outlet = forms.CharField(label=_("Outlet"), max_length=200, required=False)
    programme = forms.CharField(label=_("Programme or spot"), max_length=200, required=False)
    audience_estimate = forms.IntegerField(label=_("Audience (estimate)"), min_value=0, required=False)
    estimate_source = forms.CharField(label=_("Source of the estimate"), max_length=200, required=False)
    copies = forms.IntegerField(label=_("Copies printed"), min_value=0, required=False)
    distribution = forms.CharField(label=_("Where distributed"), max_length=300, required=False)
    posts = forms.IntegerField(label=_("Posts"), min_value=0, required=False)
    reach_estimate = forms.IntegerField(label=_("Reach (estimate)"), min_value=0, required=False)
    engagement = forms.IntegerField(label=_("Engagements"), min_value=0, required=False)
    cost = forms.DecimalField(label=_("Cost"), max_digits=12, decimal_places=2, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    OUTLET_LABELS = {
        choices.Channel.TV: _("TV channel"),
        choices.Channel.RADIO: _("Radio station"),
        choices.Channel.EVENT: _("Venue"),
        choices.Channel.SOCIAL_MEDIA: _("Platform"),
    }

    def __init__(self, *args, campaign: Campaign, channel: str, **kwargs):
        super().__init__(*args, **kwargs)
        kept = {*COMMON_FIELDS, *CHANNEL_FIELDS[channel]}
        for name in list(self.fields):
            if name not in kept:
                del self.fields[name]
        self.fields["region"].queryset = campaign.regions.order_by("country", "name_en")
        if "outlet" in self.fields:
            self.fields["outlet"].label = self.OUTLET_LABELS[channel]

    @classmethod
    def initial_of(cls, activity: Activity) -> dict:
        initial = {name: getattr(activity, name) for name in cls.base_fields if name != "region"}
        initial["region"] = activity.region_id
        return initial


class AiringForm(forms.Form):
    aired_at = forms.DateTimeField(label=_("Aired at"), widget=DATETIME)
    duration_seconds = forms.IntegerField(label=_("Duration (seconds)"), min_value=0, required=False)


def participation_field_name(sex: str, index: int) -> str:
    return f"count_{sex}_{index}"


class ParticipationForm(forms.Form):
    """One number per sex × age band (the event's participants, counted)."""

    age_bands = choices.AgeBand.choices

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for sex, sex_label in choices.Sex.choices:
            for index, (_band, band_label) in enumerate(choices.AgeBand.choices):
                self.fields[participation_field_name(sex, index)] = forms.IntegerField(
                    label=f"{sex_label}, {band_label}", min_value=0, required=False
                )

    @classmethod
    def initial_of(cls, activity: Activity) -> dict:
        bands = {band: index for index, band in enumerate(choices.AgeBand.values)}
        return {
            participation_field_name(row.sex, bands[row.age_band]): row.count
            for row in activity.participations.all()
        }

    def rows(self):
        """(sex label, [bound fields by age band]) for the table."""
        return [
            (
                sex_label,
                [self[participation_field_name(sex, index)] for index in range(len(choices.AgeBand.values))],
            )
            for sex, sex_label in choices.Sex.choices
        ]

    def counts(self) -> dict[tuple[str, str], int | None]:
        return {
            (sex, band): self.cleaned_data.get(participation_field_name(sex, index))
            for sex in choices.Sex.values
            for index, band in enumerate(choices.AgeBand.values)
        }


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG, PNG or DOCX."))
