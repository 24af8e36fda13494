"""The telephony's token: accepted on the call-record endpoint only (``hotline.api.call_record_create``).

No other view lists this class, so an integration token is refused everywhere else (the people's token
class does not know it: 401), and it never stands for a person: its account has no usable password."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication, exceptions

from hotline import services
from hotline.models.telephony import TOKEN_PREFIX


class TelephonyTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token amtel_…``; anything else is not this class's (None), a wrong one 401."""

    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].decode(errors="replace") != self.keyword:
            return None
        token = parts[1].decode(errors="replace")
        if not token.startswith(TOKEN_PREFIX):
            return None
        account = services.telephony_account_authenticate(token=token)
        if account is None:
            raise exceptions.AuthenticationFailed(_("The telephony token is invalid or revoked."))
        return account.user, account

    def authenticate_header(self, request):
        return self.keyword


class TelephonyTokenScheme(OpenApiAuthenticationExtension):
    target_class = TelephonyTokenAuthentication
    name = "telephonyToken"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")  # noqa: S106
