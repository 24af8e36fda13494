"""Filters shared by the web pages and the API (one definition, so both answer the same question)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.countries import CENTRAL_ASIA, country_choices, country_name
from network.models import Organisation, OrganisationType, Programme, Region, Service


def central_asia_choices() -> list[tuple[str, str]]:
    """The five republics, named in the active language (a callable, so the language is the request's)."""
    return [(code, country_name(code)) for code in CENTRAL_ASIA]


class OrganisationFilter(django_filters.FilterSet):
    """Country, region (narrowed to the country), service and a name search."""

    q = django_filters.CharFilter(label=_("Name"), method="filter_name")
    country = django_filters.ChoiceFilter(label=_("Country"), choices=central_asia_choices)
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.all())
    service = django_filters.ChoiceFilter(label=_("Service"), field_name="services", choices=Service.choices)

    class Meta:
        model = Organisation
        fields = ["q", "country", "region", "service"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        country = self.data.get("country")
        if country:
            # A region of another country is then an invalid choice (a 400 in the API).
            self.filters["region"].queryset = Region.objects.filter(country=country)
        else:
            # Every country's regions would make a list of thousands: abroad, the country comes first.
            self.filters["region"].queryset = Region.objects.filter(country__in=CENTRAL_ASIA)

    def filter_name(self, queryset, name, value):
        return queryset.filter(
            Q(name_en__icontains=value)
            | Q(name_ru__icontains=value)
            | Q(name_local__icontains=value)
            | Q(short_name__icontains=value)
        )


class DirectoryFilter(OrganisationFilter):
    """The public referral directory: the five republics only."""


class OrganisationAdminFilter(OrganisationFilter):
    """The registry for signed-in users: any country and the organisation's type as well."""

    country = django_filters.ChoiceFilter(label=_("Country"), choices=country_choices)
    type = django_filters.ChoiceFilter(label=_("Type"), choices=OrganisationType.choices)

    class Meta:
        model = Organisation
        fields = ["q", "country", "region", "service", "type"]


class ProgrammeFilter(django_filters.FilterSet):
    donor = django_filters.ModelChoiceFilter(
        label=_("Donor"), queryset=Organisation.objects.filter(type=OrganisationType.DONOR)
    )
    member = django_filters.ModelChoiceFilter(
        label=_("Member organisation"), field_name="members", queryset=Organisation.objects.all()
    )

    class Meta:
        model = Programme
        fields = ["donor", "member"]


class RegionFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(label=_("Country"), choices=central_asia_choices)

    class Meta:
        model = Region
        fields = ["country"]


def without_foreign_region(data):
    """The query without a region of another country: after the visitor picks a new country, the old
    region is forgotten instead of answering with an error (the web directory's behaviour)."""
    country, region = data.get("country"), data.get("region")
    if country and region and not region.startswith(f"{country}-"):
        data = data.copy()
        data.pop("region")
    return data
