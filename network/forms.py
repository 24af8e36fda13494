from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from network.models import Organisation, OrganisationType, Programme, Region, ServiceType
from network.services import PROFILE_FIELDS


def country_select_attrs(*, regions: str | None = None) -> dict:
    """A country select's attributes for static/js/forms.js: a filter box to find a country by typing,
    and (``regions``: the form's region field) a region list that follows the chosen country."""
    attrs = {"data-searchable": "", "data-search-label": _("Find a country")}
    if regions:
        attrs |= {"data-regions-url": reverse_lazy("network:region_options"), "data-regions": f"id_{regions}"}
    return attrs


def _country_regions(country) -> list[tuple[str, str]]:
    regions = Region.objects.filter(country=country).order_by("name_en") if country else Region.objects.none()
    return [("", "—"), *((region.code, region.name) for region in regions)]


class _RegionBoundField(forms.BoundField):
    """Renders only the regions of the country chosen in the same form (typed, else initial)."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        country_field = self.field.country_field
        if self.form.is_bound:
            country = self.form.data.get(self.form.add_prefix(country_field))
        else:
            country = self.form.initial.get(country_field, self.form.fields[country_field].initial)
        self.field.widget.choices = _country_regions(country)
        return super().as_widget(widget, attrs, only_initial)


class RegionChoiceField(forms.ModelChoiceField):
    """A region (ISO 3166-2) that follows the form's ``country_field``: only that country's regions are
    listed, and static/js/forms.js refills the list when the country changes. Any region validates
    here, so that one of another country reaches the service, which refuses it on this field."""

    bound_field_class = _RegionBoundField

    def __init__(self, *args, country_field: str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, queryset=Region.objects.all(), **kwargs)
        self.country_field = country_field
        self.widget.choices = [("", "—")]


def narrow_regions(form: forms.Form, region_field: str, country_field: str) -> None:
    """Offer only the regions of the form's chosen country (the typed one, else the initial one).

    Any region still validates here, so that a region of another country reaches the service, which
    refuses it on the field; the list the user sees is that country's only."""
    if region_field not in form.fields or country_field not in form.fields:
        return
    if form.is_bound:
        country = form.data.get(form.add_prefix(country_field))
    else:
        country = form.initial.get(country_field) or getattr(
            getattr(form, "instance", None), country_field, ""
        )
    form.fields[region_field].widget.choices = _country_regions(country)
    form.fields[country_field].widget.attrs.update(
        country_select_attrs(regions=form.add_prefix(region_field))
    )


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
        if "country" in self.fields:
            self.fields["region"].queryset = Region.objects.all()
            narrow_regions(self, "region", "country")


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
