"""/api/v1/: each app owns its endpoints in its ``api.py``; this file only joins them."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from api.views import DocsView, SchemaView
from cases import api as cases_api
from network import api as network_api

router = DefaultRouter()
for app_api in (network_api, accounts_api, cases_api):
    app_api.register(router)

app_name = "api"
urlpatterns = [
    path("auth/token/", accounts_api.obtain_token, name="auth_token"),
    path("auth/logout/", accounts_api.logout, name="auth_logout"),
    path("auth/logout-all/", accounts_api.logout_all, name="auth_logout_all"),
    # Only the directory, login and /healthz are public: the schema and its docs need a session or a token.
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
