"""The case list's filters and search: one FilterSet for the web page and the API, so both answer alike.

Every filter on a section of the case reads that section through its own ``visible_to(user)`` (the
owner's rows, or a referred case's sections the victim's current consent still shares): a case shared
without that section never matches, so a filter cannot confirm what the section holds — a name or a
birth date (the name search, ``selectors.case_name_search``, reads the personal section's tokens the
same way), the sex, the age, the exploitation, the places, the follow-ups."""

import re

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.models import User
from cases.models import Case, FollowUp, TraffickingEvent, TraffickingExperience, Victim, choices
from network.countries import country_choices

AGE_RANGES = {"child": (0, 17), "18-25": (18, 25), "26-40": (26, 40), "41+": (41, 200)}
AGE_GROUPS = [
    ("child", _("Under 18")),
    ("18-25", "18–25"),
    ("26-40", "26–40"),
    ("41+", _("41 and over")),
    ("unknown", _("Age unknown")),
]
CODE_LIKE = re.compile(r"\d")


def code_only(value: str) -> None:
    if not CODE_LIKE.search(value or ""):
        raise ValidationError(
            _("Type a part of a case code (with its digits). Search names with the name search."),
            code="not_a_code",
        )


@extend_schema_field(OpenApiTypes.STR)
class CountryFilter(django_filters.ChoiceFilter):
    """An ISO 3166-1 alpha-2 code (the schema names no enum of some 250 countries)."""


def caseworkers_of_visible_cases(request):
    """Only the people assigned to cases the user sees can be chosen (another id is an invalid choice,
    exactly like an id that does not exist)."""
    if request is None:
        return User.objects.none()
    cases = Case.objects.visible_to(request.user)
    return User.objects.filter(pk__in=cases.values("caseworker_id")).order_by("username")


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Case code"),
        method="filter_q",
        validators=[code_only],
        help_text=_("Part of a case code. Names are searched with the name search, never in a link."),
    )
    stage = django_filters.MultipleChoiceFilter(label=_("Stage"), choices=choices.Stage.choices)
    status = django_filters.ChoiceFilter(
        label=_("HTCDS status"), choices=choices.HtcdsCaseStatus.choices, method="filter_status"
    )
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=choices.Sex.choices, method="filter_sex")
    age_group = django_filters.ChoiceFilter(
        label=_("Age group"), choices=AGE_GROUPS, method="filter_age_group"
    )
    exploitation = django_filters.ChoiceFilter(
        label=_("Form of exploitation"), choices=choices.Exploitation.choices, method="filter_exploitation"
    )
    country = CountryFilter(
        label=_("Country of exploitation"), choices=country_choices, method="filter_country"
    )
    caseworker = django_filters.ModelChoiceFilter(
        label=_("Caseworker"), queryset=caseworkers_of_visible_cases, empty_label=_("Anyone")
    )
    overdue = django_filters.BooleanFilter(label=_("Has an overdue follow-up"), method="filter_overdue")

    class Meta:
        model = Case
        fields = ["q", "stage", "status", "sex", "age_group", "exploitation", "country"]

    @property
    def user(self):
        return self.request.user

    def _cases_with(self, queryset, section_rows: QuerySet):
        return queryset.filter(pk__in=section_rows.values("case_id"))

    def filter_q(self, queryset, name, value):
        """Part of a case code (it has a digit). A name never comes here: it would be in the URL and
        the server log (``selectors.case_name_search`` answers a name sent in a POST body)."""
        value = value.strip()
        if not CODE_LIKE.search(value):
            return queryset.none()
        return queryset.filter(code__icontains=value)

    def filter_status(self, queryset, name, value):
        closed = choices.Stage.CLOSED
        transferred = choices.ClosureReason.TRANSFERRED
        return {
            choices.HtcdsCaseStatus.ACTIVE: queryset.exclude(stage__in=[closed, choices.Stage.MONITORING]),
            choices.HtcdsCaseStatus.FOLLOW_UP: queryset.filter(stage=choices.Stage.MONITORING),
            choices.HtcdsCaseStatus.CLOSED: queryset.filter(stage=closed).exclude(closure_reason=transferred),
            choices.HtcdsCaseStatus.CLOSED_REFERRED: queryset.filter(
                stage=closed, closure_reason=transferred
            ),
        }[value]

    def filter_sex(self, queryset, name, value):
        return self._cases_with(queryset, Victim.objects.visible_to(self.user).filter(sex=value))

    def filter_age_group(self, queryset, name, value):
        victims = Victim.objects.visible_to(self.user)
        if value == "unknown":
            victims = victims.filter(age_at_registration__isnull=True)
        else:
            victims = victims.filter(age_at_registration__range=AGE_RANGES[value])
        return self._cases_with(queryset, victims)

    def filter_exploitation(self, queryset, name, value):
        # A JSON list of codes: match the quoted code in its text (works alike on SQLite and PostgreSQL).
        experiences = TraffickingExperience.objects.visible_to(self.user).filter(
            exploitation_types__icontains=f'"{value}"'
        )
        return self._cases_with(queryset, experiences)

    def filter_country(self, queryset, name, value):
        events = TraffickingEvent.objects.visible_to(self.user).filter(
            type=choices.EventType.EXPLOITATION, country=value
        )
        return self._cases_with(queryset, events)

    def filter_overdue(self, queryset, name, value):
        overdue = overdue_followups(self.user).values("case_id")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


def overdue_followups(user) -> QuerySet[FollowUp]:
    return FollowUp.objects.visible_to(user).pending().filter(due_on__lt=timezone.localdate())


def with_overdue_flag(cases: QuerySet, user) -> QuerySet:
    """``has_overdue_followup`` on each case, from the follow-ups the user may see (a case shared without
    its reintegration section never shows the flag)."""
    return cases.annotate(has_overdue_followup=Exists(overdue_followups(user).filter(case=OuterRef("pk"))))


__all__ = ["CaseFilter", "with_overdue_flag"]
