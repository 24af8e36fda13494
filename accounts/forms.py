from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import RECOVERY_CODE_LENGTH, recovery_code_normalise
from accounts.roles import Role
from network.models import Organisation
from tenancy import ALL_ORGANISATIONS, organisations_with_perm


def _manageable_organisations(user):
    organisation_ids = organisations_with_perm(user, services.MANAGE_USERS)
    # Organisations are not tenant rows; the manageable ones are exactly those the role table names.
    organisations = Organisation.objects.filter(is_active=True)
    if organisation_ids is ALL_ORGANISATIONS:
        return organisations
    return organisations.filter(pk__in=organisation_ids)


def _role_choices(user):
    grantable = services.grantable_roles(user)
    return [(value, label) for value, label in Role.choices if value in grantable]


class OtpTokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Six-digit code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
        help_text=_("The code your authenticator app shows now."),
    )

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code has six digits."))
        return token


class TwoFactorForm(forms.Form):
    """The code at login: the authenticator app's six digits, or one recovery code."""

    otp_token = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
        help_text=_("The six-digit code your authenticator app shows now, or one of your recovery codes."),
    )

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].strip()
        is_totp = token.isdigit() and len(token) == 6
        if not is_totp and len(recovery_code_normalise(token)) != RECOVERY_CODE_LENGTH:
            raise forms.ValidationError(_("Enter the six-digit code or a recovery code (XXXX-XXXX-XXXX)."))
        return token


class TwoFactorResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_(
            "Why the second factor is removed, e.g. how the user proved who they are. Kept in the audit log."
        ),
    )


class MembershipGrantForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _manageable_organisations(user)
        self.fields["role"].choices = _role_choices(user)


class UserCreateForm(MembershipGrantForm):
    username = forms.CharField(label=_("User name"), max_length=150, validators=[UnicodeUsernameValidator()])
    email = forms.EmailField(label=_("E-mail"), help_text=_("The link to set a password is sent here."))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    field_order = ["username", "email", "first_name", "last_name", "organisation", "role"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username


class MembershipSwitchForm(forms.Form):
    membership = forms.ModelChoiceField(
        label=_("Organisation and role"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships


class PasswordConfirmForm(forms.Form):
    """The signed-in user gives their password again; a wrong one counts as a failed login (django-axes)."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        if authenticate(self.request, username=user.get_username(), password=password) != user:
            raise forms.ValidationError(_("The password is wrong."))
        return password
