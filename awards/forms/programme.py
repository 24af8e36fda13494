"""Forms of the forum's programme: laying it out, and one slot by hand."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from awards.models import Entry
from awards.services import programme as services


class ProgrammeGenerateForm(forms.Form):
    rooms = forms.CharField(
        label=_("Rooms"),
        help_text=_("One room per line, or separated by commas."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    slot_minutes = forms.IntegerField(
        label=_("Minutes per presentation"), min_value=5, max_value=240, initial=20
    )
    replace_published = forms.BooleanField(
        label=_("Replace the published programme (it goes back to unpublished)"), required=False
    )

    def service_fields(self) -> dict:
        rooms = self.cleaned_data["rooms"].replace(",", "\n").splitlines()
        return {
            "rooms": rooms,
            "slot_minutes": self.cleaned_data["slot_minutes"],
            "replace_published": self.cleaned_data["replace_published"],
        }


class SlotForm(forms.Form):
    day = forms.TypedChoiceField(label=_("Day"), coerce=datetime.date.fromisoformat)
    starts_at = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    room = forms.CharField(label=pgettext_lazy("forum", "Room"), max_length=100)
    entry = forms.ModelChoiceField(label=_("Entry presented"), queryset=Entry.objects.none(), required=False)
    title = forms.CharField(
        label=_("Session title"),
        max_length=200,
        required=False,
        help_text=_("For a session without an entry: an opening, a panel, the award ceremony."),
    )

    def __init__(self, *args, user, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [
            (day.isoformat(), date_format(day, "DATE_FORMAT")) for day in services.forum_days(competition)
        ]
        self.fields["entry"].queryset = (
            Entry.objects.visible_to(user).filter(competition=competition).order_by("code")
        )

    @staticmethod
    def initial_of(slot) -> dict:
        return {
            "day": slot.day.isoformat(),
            "starts_at": slot.starts_at,
            "ends_at": slot.ends_at,
            "room": slot.room,
            "entry": slot.entry_id,
            "title": slot.title,
        }
