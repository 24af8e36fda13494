from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import Organisation, OrganisationType, Programme, Region, ServiceType
from network.services import PROFILE_FIELDS


class OrganisationProfileForm(forms.ModelForm):
    """What an NGO manager may change about their own organisation: its public profile."""

    services = forms.ModelMultipleChoiceField(
        label=_("Services offered"),
        queryset=ServiceType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = [*PROFILE_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["services"].initial = list(self.instance.services.all())
            if "country" not in self.fields:
                self.fields["region"].queryset = Region.objects.filter(country=self.instance.country)


class OrganisationForm(OrganisationProfileForm):
    """Everything about an organisation, for system administrators."""

    class Meta(OrganisationProfileForm.Meta):
        fields = ["type", "country", *PROFILE_FIELDS, "is_active"]


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "name_ru",
            "donor",
            "coordinator",
            "start_date",
            "end_date",
            "members",
            "description",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "members": forms.SelectMultiple(attrs={"size": 12}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["donor"].queryset = Organisation.objects.filter(type=OrganisationType.DONOR)
        self.fields["coordinator"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["members"].queryset = Organisation.objects.filter(is_active=True)
