"""The HTCDS export page's form: the format and, for personal data, the passphrase typed twice."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from exchange.files import PASSPHRASE_MIN_LENGTH, passphrase_check
from exchange.models import ExportFile


class HtcdsExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ExportFile.Format.choices)
    personal = forms.BooleanField(label=_("Include personal data"), required=False)
    passphrase = forms.CharField(
        label=_("Passphrase"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    passphrase_again = forms.CharField(
        label=_("Passphrase again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passphrase"].help_text = _(
            "At least %(count)d characters. It is never stored: without it the file cannot be opened."
        ) % {"count": PASSPHRASE_MIN_LENGTH}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("personal"):
            return cleaned
        passphrase = cleaned.get("passphrase") or ""
        try:
            passphrase_check(passphrase)
        except ValidationError as error:
            self.add_error("passphrase", error.error_dict["passphrase"])
            return cleaned
        if passphrase != cleaned.get("passphrase_again"):
            self.add_error("passphrase_again", _("The two passphrases differ: type the same one twice."))
        return cleaned
