"""Anonymous visitors reach the directory, the login page and /healthz, and nothing else.

Table-driven: every named URL pattern of the project is found, not listed, and asked for by a visitor
who has not signed in (dummy ``1`` for object arguments). Only the routes of ``PUBLIC_ROUTES`` may answer
without a login; every other web page sends the visitor to the login page, every other API route answers
401/403 as JSON. Django's admin, its own login page included, is behind our login too. A route added
later as ``login_not_required`` fails this test until it is listed here with the reason it is public.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Routes an anonymous visitor may use, with the status a plain GET answers and why they are public.
PUBLIC_ROUTES = {
    "network:directory": (200, "the public referral directory"),
    "network:region_options": (
        200,
        "ISO 3166-2 regions of a country: the directory's and forms' region lists",
    ),
    "api:directory-list": (200, "the API form of the public directory"),
    "api:directory-detail": (404, "the API form of the public directory (no organisation #1 here)"),
    "api:region-list": (200, "ISO 3166-2 regions: the public directory's filter choices"),
    "api:region-detail": (404, "ISO 3166-2 regions: the public directory's filter choices (no region '1')"),
    "accounts:login": (200, "the login page"),
    "accounts:locked": (200, "the lockout page a locked-out login attempt lands on"),
    "accounts:password_reset": (200, "asking for a password reset link happens before logging in"),
    "accounts:password_reset_done": (200, "the reset link was sent: before logging in"),
    "accounts:password_reset_confirm": (200, "the reset link's page (here: says the link is invalid)"),
    "accounts:password_reset_complete": (200, "the password was reset: before logging in"),
    "api:auth_token": (405, "exchanging a password for an API token is the API's login (POST only)"),
    "healthz": (200, "the load balancer's health check"),
    "set_language": (302, "choosing the language on the login page and the directory"),
    "campaigns:inbound_webhook": (
        405,
        "an SMS gateway forwards replies (stop words) here, signed with its webhook secret (POST only; "
        "unknown webhook 404, bad signature 403: campaigns/tests/test_opt_out.py)",
    ),
    "campaigns:opt_out_link": (
        404,
        "the one-click opt-out link in an SMS: its token is the subscriber's credential (here: unknown)",
    ),
    "campaigns:delivery_webhook": (
        405,
        "an SMS gateway reports delivered/failed messages here, signed with its webhook secret (POST only; "
        "unknown webhook or message 404, bad signature 403: campaigns/tests/test_delivery_reports.py)",
    ),
    "awards:winners_index": (200, "the award winners: competitions whose results are published"),
    "awards:competition_winners": (
        404,
        "a competition's winners once its results are published (here: no competition #1; before "
        "publishing 404 too: awards/tests/test_winners_page.py)",
    ),
    "exchange:public_statistics": (
        200,
        "the public statistics page: published differentially private releases and thresholded tables only "
        "(exchange/tests/test_private_tables.py)",
    ),
}
DUMMY_ARGS = {
    "webhook_id": "00000000-0000-4000-8000-000000000001",
    "uidb64": "MQ",
    "token": "set-password",
    "app_label": "auth",
    "format": "json",
    "key": "victims_registered",  # an indicator (its page and api:analytics-indicator-detail): no tenant row
}


def _arg_names(pattern) -> set[str]:
    # A RegexPattern (DRF's router) has empty ``converters``: its arguments are the regex groups.
    return set(getattr(pattern, "converters", None) or {}) | set(pattern.regex.groupindex)


def walk_routes(resolver=None, namespace="", args=frozenset()):
    """(URL name, argument names) of every named URL pattern, includes followed."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        entry_args = args | _arg_names(entry.pattern)
        if isinstance(entry, URLResolver):
            child_namespace = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk_routes(entry, child_namespace, entry_args)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", frozenset(entry_args)


def routes() -> dict[str, frozenset[str]]:
    found = {}
    for name, arg_names in walk_routes():
        if "format" in arg_names:  # DRF's ".json" twin of a route checked without it
            continue
        found.setdefault(name, arg_names)
    return found


ROUTES = routes()


def url_of(name: str, arg_names: frozenset[str]) -> str:
    return reverse(name, kwargs={arg: DUMMY_ARGS.get(arg, 1) for arg in arg_names})


def is_login_redirect(response, login_url: str, url: str) -> bool:
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    return location.path == login_url and f"next={url}" in response["Location"].replace("%2F", "/")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_answers_anonymous_visitor_only_when_public(client, name):
    url = url_of(name, ROUTES[name])

    response = client.get(url)

    if name in PUBLIC_ROUTES:
        expected, reason = PUBLIC_ROUTES[name]
        assert response.status_code == expected, (
            f"{name} ({url}) is public ({reason}) but answered {response.status_code}, not {expected}."
        )
    elif name.startswith("api:"):
        assert (response.status_code, response["Content-Type"]) in {
            (401, "application/json"),
            (403, "application/json"),
        }, f"{name} ({url}) answered {response.status_code} to an anonymous visitor: it needs a login."
    else:
        if response.status_code == 405:  # a POST-only action: a visitor's POST must also be sent away
            response = client.post(url)
        assert is_login_redirect(response, reverse("accounts:login"), url), (
            f"{name} ({url}) answered {response.status_code} to an anonymous visitor: remove its "
            f"login_not_required (Django's LoginRequiredMiddleware then sends visitors to the login page), "
            f"or add it to PUBLIC_ROUTES in accounts/tests/test_anonymous_access.py with the reason it is "
            f"public."
        )


def test_public_routes_name_existing_routes():
    stale = [name for name in PUBLIC_ROUTES if name not in ROUTES]

    assert stale == []
