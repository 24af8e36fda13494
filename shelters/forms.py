"""Forms of the shelter pages. Choice fields offer only rows in the user's scope; the services validate
what needs the database and ``errors_to_form`` puts their ValidationErrors back on the fields."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from network.countries import CENTRAL_ASIA, country_name
from network.models import Region
from shelters.models import Shelter, choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def region_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (region.code, f"{region} ({country_name(region.country)})")
        for region in Region.objects.filter(country__in=CENTRAL_ASIA).order_by("country", "name_en")
    ]


def _checkboxes(choices_class, label, required=False):
    return forms.MultipleChoiceField(
        label=label, choices=choices_class.choices, widget=forms.CheckboxSelectMultiple, required=required
    )


class ShelterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    city = forms.CharField(label=_("City"), max_length=100)
    region = forms.ChoiceField(label=_("Region"), choices=region_choices)
    address = forms.CharField(
        label=_("Street address"),
        max_length=300,
        required=False,
        help_text=_("Kept encrypted and never shown on the network's bed board."),
    )
    target_groups = _checkboxes(choices.TargetGroup, _("Target groups"), required=True)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=0,
        help_text=_("Places in all; once beds are recorded, the number of beds in use."),
    )
    services = _checkboxes(choices.ShelterService, _("Services offered"))
    rules = forms.CharField(label=_("House rules"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    staff = forms.ModelMultipleChoiceField(
        label=_("Staff"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Who works in the shelter: they see its residents."),
    )
    is_active = forms.BooleanField(label=_("Open (shown on the bed board)"), required=False, initial=True)

    def __init__(self, *args, staff_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = User.objects.filter(pk__in=[user.pk for user in staff_choices])


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Room"), max_length=60)


class BedForm(forms.Form):
    label = forms.CharField(label=_("Bed"), max_length=30)
    room = forms.ModelChoiceField(label=_("Room"), queryset=None, required=False)

    def __init__(self, *args, shelter: Shelter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = shelter.rooms.all()


class AdmitForm(forms.Form):
    case_code = forms.CharField(
        label=_("Case code"), max_length=20, help_text=_("The code of the case of the person admitted.")
    )
    target_group = forms.ChoiceField(label=_("Target group"))
    bed = forms.ModelChoiceField(label=_("Bed"), queryset=None, required=False)
    admitted_on = forms.DateField(label=_("Admitted on"), widget=DATE, initial=timezone.localdate)
    planned_discharge_on = forms.DateField(label=_("Planned discharge"), widget=DATE, required=False)

    def __init__(self, *args, shelter: Shelter, free_beds, from_request=False, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(choices.TargetGroup.choices)
        self.fields["target_group"].choices = [(code, labels[code]) for code in shelter.target_groups]
        if shelter.tracks_beds:
            self.fields["bed"].queryset = free_beds
            self.fields["bed"].required = True
        else:
            del self.fields["bed"]
        if from_request:
            self.fields["case_code"].disabled = True


class DischargeForm(forms.Form):
    discharged_on = forms.DateField(label=_("Discharged on"), widget=DATE, initial=timezone.localdate)
    discharge_reason = forms.ChoiceField(
        label=_("Reason for discharge"), choices=[("", "—"), *choices.DischargeReason.choices]
    )
    discharge_destination = forms.ChoiceField(
        label=_("Destination after discharge"), choices=[("", "—"), *choices.DischargeDestination.choices]
    )
    destination_detail = forms.CharField(
        label=_("Destination details"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StayForm(forms.Form):
    planned_discharge_on = forms.DateField(label=_("Planned discharge"), widget=DATE, required=False)
    target_group = forms.ChoiceField(label=_("Target group"))

    def __init__(self, *args, shelter: Shelter, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(choices.TargetGroup.choices)
        self.fields["target_group"].choices = [(code, labels[code]) for code in shelter.target_groups]


class PlacementRequestForm(forms.Form):
    case_code = forms.CharField(label=_("Case code"), max_length=20)
    shelter = forms.TypedChoiceField(label=_("Shelter"), coerce=int)
    target_group = forms.ChoiceField(label=_("Target group"), choices=choices.TargetGroup.choices)
    requested_for = forms.DateField(label=_("Place needed from"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note to the shelter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the shelter needs to know; no names. Only the two organisations read it."),
    )

    def __init__(self, *args, board_rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shelter"].choices = [("", "—")] + [
            (row.shelter_id, f"{row.name} · {row.city} · {row.organisation} ({row.free})")
            for row in board_rows
        ]


class BoardFilterForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=lambda: [("", _("All"))] + [(c, country_name(c)) for c in CENTRAL_ASIA],
    )
    region = forms.ChoiceField(label=_("Region"), required=False, choices=region_choices)
    target_group = forms.ChoiceField(
        label=_("Target group"), required=False, choices=[("", _("All")), *choices.TargetGroup.choices]
    )
