"""The forms of broadcasts and of the SMS policy: every choice narrowed to the user's organisation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import SmsPolicy, choices
from campaigns.selectors import broadcasts as selectors
from network.models import Region

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def text_field_name(language: str) -> str:
    return f"text_{language}"


class BroadcastForm(forms.Form):
    """A broadcast's settings and one text field per language; ``fallback_language`` names the text for
    recipients whose language has none (it becomes the first text)."""

    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=None)
    name = forms.CharField(label=_("name"), max_length=200)
    lists = forms.ModelMultipleChoiceField(
        label=_("subscriber lists"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    gateway = forms.ModelChoiceField(label=_("gateway"), queryset=None)
    region = forms.ModelChoiceField(label=_("region"), queryset=None, required=False)
    scheduled_for = forms.DateTimeField(
        label=_("send from"),
        required=False,
        widget=DATETIME,
        help_text=_("Leave empty to send as soon as it is started. Quiet hours are kept either way."),
    )
    fallback_language = forms.ChoiceField(
        label=_("text for everyone else"),
        choices=choices.Language.choices,
        help_text=_("Recipients whose language has no text get this one."),
    )

    def __init__(self, *args, user, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = selectors.campaign_choices(user=user, organisation=organisation)
        self.fields["lists"].queryset = selectors.list_choices(user=user, organisation=organisation)
        self.fields["gateway"].queryset = selectors.gateway_choices(user=user, organisation=organisation)
        self.fields["region"].queryset = Region.objects.filter(country=organisation.country)
        for code, label in choices.Language.choices:
            self.fields[text_field_name(code)] = forms.CharField(
                label=_("Text in %(language)s") % {"language": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "data-sms-segments": ""}),
            )

    def clean(self):
        data = super().clean()
        fallback = data.get("fallback_language")
        written = [
            code for code in choices.Language.values if (data.get(text_field_name(code)) or "").strip()
        ]
        if fallback and written and fallback not in written:
            self.add_error("fallback_language", _("Write the text in this language too, or choose another."))
        return data

    def text_fields(self):
        return [self[text_field_name(code)] for code in choices.Language.values]

    def texts(self) -> list[dict]:
        """The texts in the order the service takes them: the fallback language's first."""
        fallback = self.cleaned_data["fallback_language"]
        texts = [
            {"language": code, "body": self.cleaned_data.get(text_field_name(code), "")}
            for code in choices.Language.values
        ]
        texts.sort(key=lambda text: text["language"] != fallback)
        return [text for text in texts if text["body"].strip()]

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "campaign": data["campaign"],
            "name": data["name"],
            "lists": list(data["lists"]),
            "gateway": data["gateway"],
            "region": data["region"],
            "scheduled_for": data["scheduled_for"],
            "texts": self.texts(),
        }

    @classmethod
    def initial_of(cls, broadcast, texts) -> dict:
        initial = {
            "campaign": broadcast.campaign_id,
            "name": broadcast.name,
            "lists": list(broadcast.lists.values_list("pk", flat=True)),
            "gateway": broadcast.gateway_id,
            "region": broadcast.region_id,
            "scheduled_for": broadcast.scheduled_for,
            "fallback_language": texts[0].language if texts else choices.Language.RUSSIAN,
        }
        initial.update({text_field_name(text.language): text.body for text in texts})
        return initial


class SmsPolicyForm(forms.ModelForm):
    class Meta:
        model = SmsPolicy
        fields = ["max_segments", "quiet_from", "quiet_until"]
        widgets = {"quiet_from": TIME, "quiet_until": TIME}
        help_texts = {
            "max_segments": _("A longer text is refused before anything is sent."),
            "quiet_until": _(
                "In each recipient's time zone. The same time in both fields means no quiet hours."
            ),
        }
