"""Cache-Control for every answer the application itself gives (static files are served before this)."""

from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Every page and API answer is ``no-store, private``: no browser or proxy keeps a copy.

    Pages of signed-in users and API answers carry personal data, and a shared NGO computer's browser
    cache must not hold a victim's record after logout. The rule covers anonymous answers too (the login
    page holds a CSRF token, the token endpoint a token): none is worth the risk of a mistaken cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response
