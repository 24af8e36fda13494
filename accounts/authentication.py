"""API tokens: hashed at rest and expiring (django-rest-knox); the API also accepts the web session."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox import auth as knox_auth
from rest_framework import exceptions

from accounts import services


class TokenAuthentication(knox_auth.TokenAuthentication):
    """``Authorization: Token <token>``; an unknown, expired or revoked token answers 401 JSON."""

    def authenticate_credentials(self, token):
        try:
            user, auth_token = super().authenticate_credentials(token)
        except exceptions.AuthenticationFailed as error:
            # One message for every refusal: it never tells an attacker which part was wrong.
            raise exceptions.AuthenticationFailed(
                _("The token is invalid, expired or revoked. Ask for a new one at /api/v1/auth/token/.")
            ) from error
        services.api_token_mark_used(token=auth_token)
        return user, auth_token


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema's security scheme for our token class (drf-spectacular finds it on import)."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")  # noqa: S106
