from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

# Paths anonymous visitors may reach; the API authenticates on its own and answers 401 as JSON.
PUBLIC_PATH_PREFIXES = (
    "/directory/",
    "/accounts/login/",
    "/accounts/password-reset/",
    "/accounts/reset/",
    "/accounts/locked/",
    "/healthz",
    "/i18n/",
    "/api/",
    "/" + settings.STATIC_URL.lstrip("/"),
)


def _is_public(path: str) -> bool:
    return path.startswith(PUBLIC_PATH_PREFIXES)


class LoginRequiredMiddleware:
    """Everything but the directory, the login and password-reset pages and /healthz needs a login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not _is_public(request.path):
            return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
        return self.get_response(request)


TWO_FACTOR_EXEMPT_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/")


class TwoFactorRequiredMiddleware:
    """A user whose role can read personal data, or who set up a second factor anyway, must pass it first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not _is_public(request.path)
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
            and not user.is_verified()
            and (user.requires_two_factor or user_has_device(user, confirmed=True))
        ):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
        return self.get_response(request)


class SignInThrottleMiddleware:
    """Answers 429 with Retry-After when the request's sign-in attempt was delayed (accounts/throttle.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        wait = getattr(request, "amanat_retry_after", None)
        if wait:
            from accounts.views import locked_out

            return locked_out(request, retry_after=wait)
        return response
