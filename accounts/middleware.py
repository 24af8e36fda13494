"""The second factor on every web page; Django's own ``LoginRequiredMiddleware`` asks for the login.

Public views say so with ``django.contrib.auth.decorators.login_not_required``; the API's views are all
marked so (``api/urls.py``) because DRF authenticates them itself and answers JSON, and its
``api.permissions.SecondFactorPassed`` asks for the second factor of sessions and tokens alike."""

from django.shortcuts import redirect
from django.urls import reverse
from rest_framework.views import APIView

from accounts import selectors


def second_factor_not_required(view_func):
    """Mark a view that a user who has signed in but not yet passed the second factor may open
    (the two-factor page itself, logging out)."""
    view_func.second_factor_required = False
    return view_func


def _is_api_view(view_func) -> bool:
    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


class TwoFactorRequiredMiddleware:
    """A user whose role can read personal data, or who set up a second factor anyway, must pass it
    before any page but the public ones, the two-factor page and logging out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            not user.is_authenticated
            or user.is_verified()
            or not getattr(view_func, "second_factor_required", True)
            or _is_api_view(view_func)  # SecondFactorPassed answers 403 JSON, for tokens too
            or not getattr(view_func, "login_required", True)  # a public page
            or not selectors.two_factor_required(user=user)
        ):
            return None
        return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
