"""Forms of the subscriber pages: a list, one number, an upload, a staff-recorded opt-out."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import choices


class SubscriberListForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    consent_source = forms.CharField(
        label=_("Consent source"),
        max_length=300,
        required=False,
        help_text=_(
            "How the people on this list agreed to receive messages (a form, an event, a reply). "
            "A list without one cannot be sent to."
        ),
    )
    language = forms.ChoiceField(
        label=_("Default language"),
        choices=choices.Language.choices,
        initial=choices.Language.RUSSIAN,
        help_text=_("For numbers added without a language."),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class SubscriberForm(forms.Form):
    number = forms.CharField(
        label=_("Phone number"),
        max_length=32,
        help_text=_("With the country code (+992 …); without it, your organisation's country is assumed."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", "—"), *choices.Language.choices], required=False
    )
    consent_source = forms.CharField(
        label=_("Consent source"),
        max_length=300,
        required=False,
        help_text=_("Leave empty for the list's."),
    )
    consent_date = forms.DateField(
        label=_("Consent date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class SubscriberImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class OptOutForm(forms.Form):
    number = forms.CharField(
        label=_("Phone number"),
        max_length=32,
        help_text=_("The number will receive no more messages from any list of your organisation."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
