from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campaigns.models import Gateway, OperatorPrice


class GatewayForm(forms.ModelForm):
    """A gateway's settings. The password is write-only: empty keeps the one saved."""

    password = forms.CharField(
        label=_("Password or token"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to keep the saved one. It is never shown again."),
    )

    class Meta:
        model = Gateway
        fields = [
            "name",
            "backend",
            "url",
            "host",
            "port",
            "username",
            "sender",
            "rate_limit",
            "timeout_seconds",
        ]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        backend = data.get("backend")
        if backend == Gateway.Backend.HTTP and not data.get("url"):
            self.add_error("url", _("An HTTP gateway needs its URL."))
        if backend == Gateway.Backend.SMPP:
            if not data.get("host"):
                self.add_error("host", _("An SMPP gateway needs its host."))
            if not data.get("port"):
                self.add_error("port", _("An SMPP gateway needs its port."))
        if data.get("timeout_seconds") == 0:
            raise ValidationError({"timeout_seconds": _("The time-out must be at least one second.")})
        return data


class OperatorPriceForm(forms.ModelForm):
    class Meta:
        model = OperatorPrice
        fields = ["operator", "prefix", "price_per_segment", "currency"]

    def __init__(self, *args, user, gateway, **kwargs):
        self.user, self.gateway = user, gateway
        super().__init__(*args, **kwargs)

    def clean_prefix(self):
        prefix = self.cleaned_data["prefix"].strip().replace(" ", "")
        if not prefix.startswith("+") or not prefix[1:].isdigit():
            raise ValidationError(_("A prefix is + and digits, for example +99290."))
        # unscoped: the prices of the gateway this form belongs to (the view checked it is visible).
        if OperatorPrice.unscoped.filter(gateway=self.gateway, prefix=prefix).exists():
            raise ValidationError(_("This gateway already has a price for this prefix."))
        return prefix
