"""Filters of the audit pages: date range, user, action or record type, record id."""

from pathlib import Path

import django_filters
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from audit import selectors
from audit.models import AccessLogEntry, AuditEntry

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # the browser reads ISO only


def record_type_choices() -> list[tuple[str, str]]:
    """Every model of Amanat's own apps, by label ('cases.case'), named in the active language."""
    base_dir = Path(settings.BASE_DIR).resolve()
    choices = []
    for app_config in apps.get_app_configs():
        app_path = Path(app_config.path).resolve()
        if not app_path.is_relative_to(base_dir) or ".venv" in app_path.parts:
            continue
        for model in app_config.get_models():
            if hasattr(model, "instance_type"):  # simple-history's copies: the history page covers them
                continue
            choices.append((model._meta.label_lower, str(model._meta.verbose_name).capitalize()))
    return sorted(choices, key=lambda choice: choice[1])


class _AuditFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="created_at", lookup_expr="date__gte", widget=DATE_WIDGET
    )
    date_to = django_filters.DateFilter(
        label=pgettext_lazy("date range", "To"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=DATE_WIDGET,
    )
    actor = django_filters.ModelChoiceFilter(label=_("User"), queryset=get_user_model().objects.none())
    object_type = django_filters.ChoiceFilter(label=_("Record type"), choices=record_type_choices)
    object_id = django_filters.CharFilter(label=_("Record id"))

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        # Only the users who appear in the rows the viewer may read.
        self.filters["actor"].queryset = selectors.auditable_users(queryset=queryset, user_field="actor_id")


class AuditEntryFilter(_AuditFilter):
    action = django_filters.CharFilter(
        label=_("Action"), lookup_expr="istartswith", help_text=_("For example case. or case.closed")
    )

    class Meta:
        model = AuditEntry
        fields = ["date_from", "date_to", "actor", "action", "object_type", "object_id"]


class AccessLogFilter(_AuditFilter):
    purpose = django_filters.CharFilter(label=_("What was read"), lookup_expr="istartswith")

    class Meta:
        model = AccessLogEntry
        fields = ["date_from", "date_to", "actor", "purpose", "object_type", "object_id"]


class HistoryFilterForm(forms.Form):
    """The history page spans several models, so its filter is a plain form read by the selector."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=pgettext_lazy("date range", "To"), required=False, widget=DATE_WIDGET)
    by = forms.ModelChoiceField(label=_("User"), queryset=get_user_model().objects.none(), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    record_type = forms.ChoiceField(label=_("Record type"), required=False)
    record_id = forms.CharField(label=_("Record id"), required=False, max_length=64)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].queryset = selectors.history_users(user=user)
        self.fields["action"].choices = [("", "---------"), *selectors.HISTORY_TYPES.items()]
        self.fields["record_type"].choices = [("", "---------"), *selectors.tracked_model_choices()]
