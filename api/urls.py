"""/api/v1/: each app owns its endpoints in its ``api.py``; this file only joins them."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from analytics import api as analytics_api
from api.views import DocsView, SchemaView
from awards import api as awards_api
from campaigns import api as campaigns_api
from cases import api as cases_api
from hotline import api as hotline_api
from network import api as network_api
from shelters import api as shelters_api

router = DefaultRouter()
for app_api in (
    network_api,
    accounts_api,
    cases_api,
    hotline_api,
    shelters_api,
    campaigns_api,
    awards_api,
    analytics_api,
):
    app_api.register(router)


def _authenticated_by_drf(patterns):
    """Mark every API view ``login_not_required`` for Django's LoginRequiredMiddleware, which would
    redirect to the HTML login page: DRF authenticates sessions and tokens itself and answers 401/403
    JSON, and its DEFAULT_PERMISSION_CLASSES (login and second factor) hold every view that does not
    name its own. accounts/tests/test_anonymous_access.py and test_password_only.py hold the routes."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _authenticated_by_drf(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            login_not_required(entry.callback)
    return patterns


app_name = "api"
urlpatterns = [
    path("auth/token/", accounts_api.obtain_token, name="auth_token"),
    path("auth/logout/", accounts_api.logout, name="auth_logout"),
    path("auth/logout-all/", accounts_api.logout_all, name="auth_logout_all"),
    # The telephony's call records: its own token class, before the router's routes.
    path("hotline/calls/", hotline_api.call_record_create, name="hotline_call_record"),
    # Only the directory, login and /healthz are public: the schema and its docs need a session or a token.
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
_authenticated_by_drf(urlpatterns)
