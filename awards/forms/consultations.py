"""Forms of the national consultations: the consultation's record and a nominee put forward."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.forms.competitions import DATE
from awards.models import Consultation, Nomination
from network.models import Organisation, OrganisationType

# Who may be put forward: the network's NGOs (a shelter's operator is one too).
NOMINEE_TYPES = (OrganisationType.NGO, OrganisationType.SHELTER_OPERATOR)


class ConsultationForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    participants = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_participants = forms.CharField(
        label=_("Other participants"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Bodies outside Amanat, by name; no names of people."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, user, country: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["participants"].queryset = (
            Organisation.objects.public().filter(country=country).order_by("name_en")
        )

    @classmethod
    def initial_of(cls, consultation: Consultation) -> dict:
        initial = {
            name: getattr(consultation, name) for name in ("held_on", "place", "other_participants", "notes")
        }
        initial["participants"] = [p.pk for p in consultation.participants.all()]
        return initial

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["participants"] = list(data["participants"])
        return data


class NomineeForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    nomination = forms.ModelChoiceField(label=_("Nomination"), queryset=Nomination.objects.none())
    notes = forms.CharField(
        label=_("Why it is put forward"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, user, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].queryset = (
            Organisation.objects.public()
            .filter(country=consultation.country, type__in=NOMINEE_TYPES)
            .exclude(pk=consultation.organisation_id)
            .order_by("name_en")
        )
        self.fields["nomination"].queryset = (
            Nomination.objects.visible_to(user)
            .filter(competition=consultation.competition_id)
            .order_by("order", "pk")
        )
