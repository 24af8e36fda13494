"""The dashboards' filters: a period, where (country, organisation, programme) and who (sex, age band,
form of exploitation), read from a form and applied by every indicator alike.

A value outside the reader's scope matches nothing, exactly like a value that matches nothing."""

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from analytics import dimensions
from analytics.scope import AnalyticsScope
from cases.models import choices
from network.countries import country_name
from network.models import Organisation, Programme


@dataclass(frozen=True)
class Filters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    granularity: str = "year"
    country: str = ""
    organisation_id: int | None = None
    programme_id: int | None = None
    sex: str = ""
    age_band: str = ""
    exploitation: str = ""

    def organisation_ids(self, scope: AnalyticsScope) -> frozenset[int]:
        """The organisations counted: the scope's, narrowed by country, organisation and programme."""
        ids = scope.organisation_ids
        if self.organisation_id is not None:
            ids = ids & {self.organisation_id}
        if self.country or self.programme_id is not None:
            narrowed = Organisation.objects.filter(pk__in=ids)
            if self.country:
                narrowed = narrowed.filter(country=self.country)
            if self.programme_id is not None:
                narrowed = narrowed.filter(programmes__pk=self.programme_id)
            ids = frozenset(narrowed.values_list("pk", flat=True))
        return frozenset(ids)

    def period_q(self, date_path: str) -> Q:
        condition = Q()
        if self.date_from:
            condition &= Q(**{f"{date_path}__gte": self.date_from})
        if self.date_to:
            condition &= Q(**{f"{date_path}__lte": self.date_to})
        return condition

    def victim_q(self, prefix: str = "") -> Q:
        """Cases (or their sections' rows, with ``prefix="case__"``) of the chosen sex, age band and form."""
        condition = Q()
        if self.sex:
            condition &= dimensions.SEX.on(prefix).filter_q(self.sex)
        if self.age_band:
            condition &= dimensions.AGE_BAND.on(prefix).filter_q(self.age_band)
        if self.exploitation:
            condition &= dimensions.EXPLOITATION.on(prefix).filter_q(self.exploitation)
        return condition

    @property
    def period_label(self) -> str:
        if self.date_from and self.date_to:
            return f"{self.date_from:%d.%m.%Y}–{self.date_to:%d.%m.%Y}"
        if self.date_from:
            return str(_("from %(date)s") % {"date": f"{self.date_from:%d.%m.%Y}"})
        if self.date_to:
            return str(_("until %(date)s") % {"date": f"{self.date_to:%d.%m.%Y}"})
        return str(_("all years"))


GRANULARITIES = [("year", _("Years")), ("quarter", _("Quarters")), ("month", _("Months"))]


class FilterForm(forms.Form):
    """The filters of a dashboard, a routes page or a donor report; choices narrowed to the scope."""

    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    granularity = forms.ChoiceField(
        label=pgettext_lazy("breakdown", "By"), choices=GRANULARITIES, required=False
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    programme = forms.TypedChoiceField(label=_("Programme"), required=False, coerce=int, empty_value=None)
    sex = forms.ChoiceField(label=_("Sex"), required=False)
    age_band = forms.ChoiceField(label=_("Age band"), required=False)
    exploitation = forms.ChoiceField(label=_("Form of exploitation"), required=False)

    def __init__(self, data=None, *, scope: AnalyticsScope, **kwargs):
        super().__init__(data, **kwargs)
        self.scope = scope
        everyone = [("", _("All"))]
        this_year = datetime.date.today().year
        self.fields["year"].choices = [("", _("Any year"))] + [
            (year, str(year)) for year in range(this_year, 2004, -1)
        ]
        organisations = Organisation.objects.filter(pk__in=scope.organisation_ids)
        self.fields["country"].choices = everyone + [(code, country_name(code)) for code in scope.countries()]
        self.fields["organisation"].choices = everyone + [
            (organisation.pk, str(organisation)) for organisation in organisations.order_by("name_en")
        ]
        programmes = Programme.objects.filter(members__in=organisations).distinct().order_by("name")
        self.fields["programme"].choices = everyone + [
            (programme.pk, str(programme)) for programme in programmes
        ]
        self.fields["sex"].choices = everyone + list(choices.Sex.choices)
        self.fields["age_band"].choices = everyone + dimensions.AGE_BAND.choices()
        self.fields["exploitation"].choices = everyone + list(choices.Exploitation.choices)
        if scope.level == "organisation":
            for name in ("country", "organisation"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if year:
            cleaned["date_from"] = cleaned.get("date_from") or datetime.date(year, 1, 1)
            cleaned["date_to"] = cleaned.get("date_to") or datetime.date(year, 12, 31)
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error(
                "date_to",
                _("The period ends before it starts: choose an end after %(date)s.")
                % {"date": f"{date_from:%d.%m.%Y}"},
            )
        return cleaned

    def filters(self) -> Filters:
        """The chosen filters (call after ``is_valid()``; an invalid form gives no filters)."""
        data = self.cleaned_data
        return Filters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            granularity=data.get("granularity") or "year",
            country=data.get("country") or "",
            organisation_id=data.get("organisation"),
            programme_id=data.get("programme"),
            sex=data.get("sex") or "",
            age_band=data.get("age_band") or "",
            exploitation=data.get("exploitation") or "",
        )
