"""Forms of the hotline's operations pages (knowledge base, telephony)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hotline.models import AnswerTopic, AnswerVersion


class AnswerForm(forms.ModelForm):
    """One version of an answer, in every UI language, with the answer's topic and network sharing."""

    topic = forms.ChoiceField(label=_("Topic"), choices=AnswerTopic.choices)
    is_shared = forms.BooleanField(
        label=_("Share with the network"),
        required=False,
        help_text=_("Operators of every organisation in the network read the approved version."),
    )

    class Meta:
        model = AnswerVersion
        fields = ["title_en", "body_en", "title_ru", "body_ru", "keywords"]
        widgets = {
            "body_en": forms.Textarea(attrs={"rows": 8}),
            "body_ru": forms.Textarea(attrs={"rows": 8, "lang": "ru"}),
            "title_ru": forms.TextInput(attrs={"lang": "ru"}),
        }

    def __init__(self, *args, may_share: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_share:
            del self.fields["is_shared"]


class AnswerSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the knowledge base"), max_length=200, required=False)


class TelephonyAccountForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the telephony system"), max_length=100, help_text=_("For example “Office PBX”.")
    )


class OperatorExtensionForm(forms.Form):
    line = forms.ModelChoiceField(label=_("Line"), queryset=None)
    extension = forms.CharField(label=_("Extension"), max_length=20)
    operator = forms.ModelChoiceField(label=_("Operator"), queryset=None)

    def __init__(self, *args, lines, operators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["operator"].queryset = operators
        self.fields["operator"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class StatisticsFilterForm(forms.Form):
    """The period and line of the statistics (not personal: dates and a line, so a GET is fine)."""

    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    line = forms.ModelChoiceField(label=_("Line"), queryset=None, required=False, empty_label=_("Every line"))

    MAX_DAYS = 366

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            if date_to < date_from:
                self.add_error("date_to", _("The end of the period is before its start."))
            elif (date_to - date_from).days >= self.MAX_DAYS:
                self.add_error("date_to", _("Choose a period of at most a year."))
        return data
