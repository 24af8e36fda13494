"""The donor report's request form (period, programme, format, language) and a programme's report
settings form (which figures in which order, an introduction, what else the report holds)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.filters import FilterForm
from analytics.indicators import INDICATORS
from analytics.models import DonorReport, ReportSettings
from analytics.panels import dimension_label

LANGUAGE_CHOICES = [("en", "English"), ("ru", "Русский")]
FIGURE_ROWS = 12


class DonorReportForm(FilterForm):
    """The dashboards' period and programme, narrowed to the scope, plus the file's format and language."""

    format = forms.ChoiceField(label=_("Format"), choices=DonorReport.Format.choices)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)

    def __init__(self, data=None, *, scope, **kwargs):
        super().__init__(data, scope=scope, **kwargs)
        for name in ("sex", "age_band", "exploitation", "country", "organisation"):
            self.fields.pop(name, None)
        self.fields["programme"].choices = [("", _("Every programme")), *self.fields["programme"].choices[1:]]


def figure_choices() -> list[tuple[str, str]]:
    """Every indicator by every breakdown it has, as "indicator:by"."""
    return [
        (f"{definition.key}:{by}", f"{definition.title} — {dimension_label(by)}")
        for definition in INDICATORS.values()
        for by in definition.dimensions
    ]


def across_choices() -> list[tuple[str, str]]:
    keys = {by for definition in INDICATORS.values() for by in definition.dimensions}
    return [("", _("Nothing")), *sorted(((key, dimension_label(key)) for key in keys), key=lambda c: c[1])]


class ReportSettingsForm(forms.ModelForm):
    """The figures as rows (a figure and, optionally, a second breakdown across it), in report order."""

    class Meta:
        model = ReportSettings
        fields = ["introduction", "include_summary", "include_routes", "include_stories"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        figures, acrosses = [("", "—"), *figure_choices()], across_choices()
        stored = list(self.instance.sections or []) if self.instance.pk else []
        for number in range(1, FIGURE_ROWS + 1):
            section = stored[number - 1] if number <= len(stored) else {}
            self.fields[f"figure_{number}"] = forms.ChoiceField(
                label=_("Figure %(number)s") % {"number": number},
                choices=figures,
                required=False,
                initial=f"{section['indicator']}:{section['by']}" if section else "",
            )
            self.fields[f"across_{number}"] = forms.ChoiceField(
                label=_("Across"), choices=acrosses, required=False, initial=section.get("across") or ""
            )

    def figure_rows(self):
        return [(self[f"figure_{number}"], self[f"across_{number}"]) for number in range(1, FIGURE_ROWS + 1)]

    def clean(self):
        cleaned = super().clean()
        sections = []
        for number in range(1, FIGURE_ROWS + 1):
            figure, across = cleaned.get(f"figure_{number}"), cleaned.get(f"across_{number}") or None
            if not figure:
                continue
            key, by = figure.split(":", 1)
            definition = INDICATORS[key]
            if across is not None and (across == by or across not in definition.dimensions):
                self.add_error(
                    f"across_{number}",
                    _("%(indicator)s cannot be broken down across %(dimension)s here.")
                    % {"indicator": definition.title, "dimension": dimension_label(across)},
                )
            sections.append({"indicator": key, "by": by, "across": across})
        if not sections:
            self.add_error("figure_1", _("Choose at least one figure."))
        cleaned["sections"] = sections
        return cleaned
