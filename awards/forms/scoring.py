"""The score sheet form: one row per criterion (the scale as radio buttons labelled with the level
descriptors, and a comment), an overall comment, and the choice to save a draft or submit."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

SAVE, SUBMIT = "save", "submit"


class ScoreSheetForm(forms.Form):
    comment = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, rubric, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        given = {score.criterion_id: score for score in sheet.scores.all()} if sheet is not None else {}
        if sheet is not None:
            self.initial.setdefault("comment", sheet.comment)
        for line in rubric:
            criterion = line.criterion
            score = given.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s (weight %(weight)s)")
                % {
                    "criterion": criterion.name,
                    "weight": formats.number_format(criterion.weight.normalize()),
                },
                choices=[
                    (level.value, f"{level.value} — {level.descriptor}" if level.descriptor else level.value)
                    for level in line.levels
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                help_text=criterion.description,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if score is not None:
                self.initial.setdefault(f"score_{criterion.pk}", score.value)
                self.initial.setdefault(f"comment_{criterion.pk}", score.comment)

    def rows(self):
        """(criterion, its score field, its comment field) per line of the rubric."""
        return [
            (line.criterion, self[f"score_{line.criterion.pk}"], self[f"comment_{line.criterion.pk}"])
            for line in self.rubric
        ]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "scores": {
                line.criterion.pk: (
                    data.get(f"score_{line.criterion.pk}"),
                    data.get(f"comment_{line.criterion.pk}", ""),
                )
                for line in self.rubric
            },
            "comment": data.get("comment", ""),
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """A service's errors on the criterion they name (``scores.<id>``), the rest on top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            field = f"score_{name.partition('.')[2]}" if name.startswith("scores.") else None
            self.add_error(field if field in self.fields else None, errors)
