"""The API's own permission classes, installed for every view in REST_FRAMEWORK's defaults."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from accounts import selectors as accounts_selectors


def second_factor_passed(request) -> bool:
    """True when this request's login passed the second factor.

    A session login is verified by django-otp (``OTPMiddleware`` wraps the user with ``is_verified``);
    a token counts only when it was issued after its holder gave a code
    (``ApiToken.second_factor_passed``)."""
    is_verified = getattr(request.user, "is_verified", None)
    if callable(is_verified) and is_verified():
        return True
    token = request.auth
    return bool(getattr(token, "second_factor_passed", False))


class SecondFactorPassed(permissions.BasePermission):
    """403 for a user who must pass a second factor (a role reading personal data, or a device set up)
    and whose session or token has not: the same rule as the web's ``TwoFactorRequiredMiddleware``.

    Anonymous requests are left to ``IsAuthenticated`` (401), so that the public endpoints stay public."""

    message = _("Second factor required.")

    def has_permission(self, request, view):
        user = request.user
        if not getattr(user, "is_authenticated", False):
            return True
        return second_factor_passed(request) or not accounts_selectors.two_factor_required(user=user)
