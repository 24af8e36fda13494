"""The entry's forms: its text and partners, and a presentation file. The services check what needs the
database; ``errors_to_form`` puts their ValidationErrors back on the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from network.models import Organisation, OrganisationType


class EntryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=pgettext_lazy("award entry", "Summary"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What the practice is, whom it served and what came of it. No names of victims."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Judges who are or were members of a partner cannot judge the entry."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Organisations are public reference data (the directory); donors are not partners of a practice.
        self.fields["partners"].queryset = (
            Organisation.objects.public().exclude(type=OrganisationType.DONOR).order_by("name_en")
        )

    @classmethod
    def initial_of(cls, entry) -> dict:
        return {
            "title": entry.title,
            "summary": entry.summary,
            "partners": [partner.pk for partner in entry.partners.all()],
        }

    def service_fields(self) -> dict:
        return {**self.cleaned_data, "partners": list(self.cleaned_data["partners"])}


class EntryFileForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG, PNG or DOCX."))
