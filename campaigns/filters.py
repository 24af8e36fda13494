"""The campaign list's filters, one FilterSet for the web list and the API (network/filters.py's shape)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from campaigns.models import Activity, Campaign, Material, choices
from network.countries import CENTRAL_ASIA
from network.models import Region


def _listed(queryset, field: str, value: str):
    # A JSON list of codes: match the quoted code (works alike on SQLite and PostgreSQL).
    return queryset.filter(**{f"{field}__icontains": f'"{value}"'})


class CampaignFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year")
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=choices.Channel.choices, method="filter_channel"
    )
    target_group = django_filters.ChoiceFilter(
        label=_("Target group"), choices=choices.TargetGroup.choices, method="filter_target_group"
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="regions",
        queryset=Region.objects.filter(country__in=CENTRAL_ASIA).order_by("country", "name_en"),
    )

    class Meta:
        model = Campaign
        fields = ["year", "channel", "target_group", "region"]

    def filter_year(self, queryset, name, value):
        # A campaign runs in every year from its start to its end.
        return queryset.filter(starts_on__year__lte=int(value), ends_on__year__gte=int(value))

    def filter_channel(self, queryset, name, value):
        return _listed(queryset, "channels", value)

    def filter_target_group(self, queryset, name, value):
        return _listed(queryset, "target_groups", value)


class _OfCampaignFilter(django_filters.FilterSet):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # A campaign outside the user's scope is an invalid choice, like one that does not exist.
        user = getattr(request, "user", None)
        campaigns = Campaign.objects.visible_to(user) if user is not None else Campaign.objects.none()
        self.filters["campaign"].queryset = campaigns


class ActivityFilter(_OfCampaignFilter):
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=choices.Channel.choices)

    class Meta:
        model = Activity
        fields = ["campaign", "channel"]


class MaterialFilter(_OfCampaignFilter):
    class Meta:
        model = Material
        fields = ["campaign"]
