"""Forms of the competition pages: the competition, a nomination and its rubric (criteria formset).
Choice fields offer only what the user may pick; the services validate the rest and ``errors_to_form``
puts their ValidationErrors back on the fields (what was typed stays)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import Competition, Nomination, choices
from network.countries import CENTRAL_ASIA, country_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _country_choices():
    return [(code, country_name(code)) for code in CENTRAL_ASIA]


class CompetitionForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"), choices=_country_choices, widget=forms.CheckboxSelectMultiple
    )
    venue = forms.CharField(label=_("Forum venue"), max_length=200, required=False)
    call_opens_on = forms.DateField(label=_("Call opens on"), widget=DATE)
    consultations_close_on = forms.DateField(label=_("National consultations close on"), widget=DATE)
    submission_deadline = forms.DateTimeField(label=_("Submission deadline"), widget=DATETIME)
    judging_closes_on = forms.DateField(label=_("Judging closes on"), widget=DATE)
    forum_starts_on = forms.DateField(label=_("Forum starts on"), widget=DATE)
    forum_ends_on = forms.DateField(label=_("Forum ends on"), widget=DATE)
    results_on = forms.DateField(label=_("Results announced on"), widget=DATE)
    figures_months = forms.IntegerField(
        label=_("Months of figures before the deadline"), min_value=1, max_value=60, initial=12
    )
    judges_per_entry = forms.IntegerField(
        label=_("Judges per entry"), min_value=1, max_value=20, initial=choices.DEFAULT_JUDGES_PER_ENTRY
    )
    blind = forms.BooleanField(
        label=_("Blind judging"),
        required=False,
        help_text=_(
            "Judges see an entry's code instead of the organisation's name, and no identifying figures."
        ),
    )
    normalise = forms.BooleanField(
        label=_("Normalise judges' scores"),
        required=False,
        help_text=_("Rank by z-scores per judge, so that lenient and harsh judges weigh alike."),
    )
    spread_threshold_percent = forms.IntegerField(
        label=_("Disagreement threshold (percent of the scale)"),
        min_value=1,
        max_value=100,
        initial=choices.DEFAULT_SPREAD_THRESHOLD_PERCENT,
    )

    def __init__(self, *args, user, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if creating:
            self.fields["default_nominations"] = forms.BooleanField(
                label=_("Start with the six nominations of the 2013 forum and the default rubric"),
                required=False,
                initial=True,
            )
        if not self.is_bound and "countries" not in self.initial:
            self.initial["countries"] = list(CENTRAL_ASIA)

    @classmethod
    def initial_of(cls, competition: Competition) -> dict:
        return {name: getattr(competition, name) for name in cls.base_fields}

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


class NominationForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    figure_sources = forms.MultipleChoiceField(
        label=_("Figures cited by entries"),
        choices=choices.FigureSource.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    scale_min = forms.IntegerField(label=_("Lowest score"), min_value=0, max_value=100)
    scale_max = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not self.is_bound:
            self.initial.setdefault("scale_min", choices.DEFAULT_SCALE[0])
            self.initial.setdefault("scale_max", choices.DEFAULT_SCALE[1])

    @classmethod
    def initial_of(cls, nomination: Nomination) -> dict:
        return {name: getattr(nomination, name) for name in cls.base_fields}

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CriterionForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        required=False,
        help_text=_("Made from the English name if left empty."),
    )
    name_en = forms.CharField(label=_("Criterion (English)"), max_length=200)
    name_ru = forms.CharField(label=_("Criterion (Russian)"), max_length=200, required=False)
    weight = forms.DecimalField(label=_("Weight"), max_digits=5, decimal_places=2, min_value=0, initial=1)
    descriptors_en = forms.CharField(
        label=_("What each level means (English)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One line per level of the scale, lowest first."),
    )
    descriptors_ru = forms.CharField(
        label=_("What each level means (Russian)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One line per level, in the same order; may be left empty."),
    )

    @classmethod
    def initial_of(cls, criterion) -> dict:
        return {
            "code": criterion.code,
            "name_en": criterion.name_en,
            "name_ru": criterion.name_ru,
            "weight": criterion.weight,
            "descriptors_en": "\n".join(item.get("en", "") for item in criterion.descriptors),
            "descriptors_ru": "\n".join(item.get("ru", "") for item in criterion.descriptors),
        }

    def service_row(self) -> dict:
        data = self.cleaned_data
        english, russian = _lines(data["descriptors_en"]), _lines(data["descriptors_ru"])
        return {
            "code": data["code"],
            "name_en": data["name_en"],
            "name_ru": data["name_ru"],
            "weight": data["weight"],
            "descriptors": [
                {"en": text, "ru": russian[index] if index < len(russian) else ""}
                for index, text in enumerate(english)
            ],
        }


CriterionFormSet = forms.formset_factory(
    CriterionForm, extra=1, can_delete=True, max_num=30, validate_max=True
)


def criteria_of(formset) -> list[dict]:
    """The criteria the formset's filled, undeleted forms describe, in order."""
    return [
        form.service_row()
        for form in formset.forms
        if form.has_changed() and not (formset.can_delete and formset._should_delete_form(form))
    ]


def criteria_initial(nomination: Nomination) -> list[dict]:
    return [CriterionForm.initial_of(criterion) for criterion in nomination.criteria.all()]
