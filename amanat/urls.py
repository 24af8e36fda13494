import functools

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from analytics.views import home
from api.views import healthz


def _login_required_view(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapper.login_required = True
    wrapper.login_url = None  # LoginRequiredMiddleware then sends visitors to settings.LOGIN_URL
    return wrapper


def _behind_our_login(urls):
    """Django's admin marks its views login_not_required (it shows its own login page); here our login
    page, with its lockout and second factor, is the one way in, so the admin's views need the login."""

    def mark(patterns):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                mark(entry.url_patterns)
            elif isinstance(entry, URLPattern):
                entry.callback = _login_required_view(entry.callback)

    mark(urls[0])
    return urls


urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    # Choosing the language works on the login page and the public directory too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("cases/", include("cases.urls")),
    path("hotline/", include("hotline.urls")),
    path("shelters/", include("shelters.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("awards/", include("awards.urls")),
    path("analytics/", include("analytics.urls")),
    path("exchange/", include("exchange.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", _behind_our_login(admin.site.urls)),
    path("", include("network.urls")),
]
