"""The contact log's filters, one FilterSet for the web list and the API (network/filters.py's shape)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from hotline import selectors
from hotline.models import CallerType, Channel, Contact, Outcome, Topic


def lines_of_user(request):
    """The lines whose contacts the user may read (a line of another organisation is an invalid choice)."""
    if request is None:
        return selectors.line_list(user=None).none()
    return selectors.line_list(user=request.user)


class ContactFilter(django_filters.FilterSet):
    line = django_filters.ModelChoiceFilter(label=_("Line"), queryset=lines_of_user)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    caller_type = django_filters.ChoiceFilter(label=_("Caller"), choices=CallerType.choices)
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=Topic.choices, method="filter_topic")
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices)
    draft = django_filters.BooleanFilter(label=_("Draft"), field_name="is_draft")
    started_after = django_filters.DateFilter(
        label=_("From"), field_name="started_at__date", lookup_expr="gte"
    )
    started_before = django_filters.DateFilter(
        label=_("Until"), field_name="started_at__date", lookup_expr="lte"
    )

    class Meta:
        model = Contact
        fields = [
            "line",
            "channel",
            "caller_type",
            "topic",
            "outcome",
            "draft",
            "started_after",
            "started_before",
        ]

    def filter_topic(self, queryset, name, value):
        # A JSON list of codes: match the quoted code (works alike on SQLite and PostgreSQL).
        return queryset.filter(topics__icontains=f'"{value}"')
