"""The "password only" column of every role table: signed in, second factor not passed (issue 6).

Table-driven like test_tenancy.py, whose discovery this module reuses: every web route and every API
operation (each method of each route the router and the project's URLconf name) is asked for by each role
that must pass a second factor — the four NGO roles reading personal data and the system administrator,
whose writes are asked for too — logged in with the password only. The URL arguments name real objects
of the NGO the users work in, and its victim carries a synthetic canary name. Every web page must send the
user to the two-factor page (GET and POST), every API operation must answer 403 JSON "Second factor
required.", no answer may contain the canary, and no row of any tenant model may change. A route added
later is checked the day it is added; a failure says what to add.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import resolve, reverse
from drf_spectacular.generators import SchemaGenerator

from accounts.models import ApiToken, Membership, User
from accounts.tests.test_anonymous_access import DUMMY_ARGS, PUBLIC_ROUTES
from accounts.tests.test_tenancy import (
    NON_TENANT_MODELS,
    TENANT_MODELS,
    model_of_route,
    own_row,
    route_kwargs,
    walk_routes,
)
from cases.tests.factories import NoteFactory, VictimFactory
from network.models import Region
from network.tests.factories import ProgrammeFactory

# Roles that must pass a second factor (accounts.roles.PERSONAL_DATA_ROLES), by the cast's fixture name.
PASSWORD_ONLY_ROLES = ["caseworker", "manager", "hotline_operator", "shelter_staff", "system_admin"]
CANARY_GIVEN_NAME = "Canarygul"
CANARY_FAMILY_NAME = "Kanareykova"
CANARY_NOTE = "Canary note: synthetic text that must never be served before the second factor."
CANARIES = (CANARY_GIVEN_NAME, CANARY_FAMILY_NAME, CANARY_NOTE)
REFUSAL = {"error": "Second factor required.", "field": None}
# Pages a password-only user must reach to pass the second factor or give up, each with the reason.
SECOND_FACTOR_PAGES = {
    "accounts:two_factor": "where the second factor is given (its enrolment rules: test_two_factor.py)",
    "accounts:logout": "giving up at the two-factor page must still sign out",
    "accounts:two_factor_setup": "where a first device is set up (only after the invitation's link: "
    "test_two_factor.py)",
    "accounts:passkey_verify_begin": "a passkey is one way to pass the second factor",
    "accounts:passkey_verify_complete": "a passkey is one way to pass the second factor",
    "accounts:javascript_catalog": "the passkey script's messages, on the two-factor page",
}
# API operations that take a token only: a session, whether it passed the second factor or not, is
# not signed in there (401), so nothing is done for a password-only session either.
TOKEN_ONLY_ROUTES = {
    "api:auth_logout": "revokes the token the request carries",
    "api:auth_logout_all": "ends every token and session of the token's holder",
    "api:hotline_call_record": "a telephony's integration token only (hotline/tests/test_telephony.py)",
}
# Routes naming a row of the user's own (no tenant data): the middleware answers before the view reads
# it, so any argument serves; whose row it is, is tested with the route's feature.
OWN_ROW_ROUTES = {
    "accounts:passkey_delete": {"pk": 1},
    "accounts:session_end": {"pk": 1},
    "accounts:token_revoke": {"digest": "0" * 128},
    # A donor report is its requester's alone (analytics/tests/test_donor_reports.py).
    "analytics:report_detail": {"pk": 1},
    "analytics:report_status": {"pk": 1},
    "analytics:report_download": {"pk": 1},
    # A private release is network-wide noisy figures, no tenant data (exchange/tests/test_private_tables.py).
    "exchange:private_release_detail": {"pk": 1},
    "exchange:private_release_publish": {"pk": 1},
    "exchange:private_release_csv": {"pk": 1},
}
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def _routes():
    found = {}
    for name, arg_names, callback in walk_routes():
        if "format" in arg_names:
            continue
        found.setdefault(name, (frozenset(arg_names), callback))
    return found


ROUTES = _routes()
WEB_ROUTES = sorted(name for name in ROUTES if not name.startswith("api:"))
API_ROUTES = sorted(name for name in ROUTES if name.startswith("api:"))


def api_methods(callback) -> list[str]:
    """The HTTP methods of an API route: a viewset's action map, else the view's handlers; and OPTIONS."""
    actions = getattr(callback, "actions", None)
    if actions:
        methods = [method for method in actions if method != "head"]  # DRF adds HEAD once GET was served
    else:
        methods = [method for method in HTTP_METHODS if hasattr(callback.cls, method)]
    return [*methods, "options"]


@pytest.fixture
def canary_case(ngo):
    victim = VictimFactory(organisation=ngo, given_name=CANARY_GIVEN_NAME, family_name=CANARY_FAMILY_NAME)
    NoteFactory(organisation=ngo, case=victim.case, text=CANARY_NOTE)
    return victim.case


def url_for(name, ngo, canary_case, maker_user) -> str:
    """The route's URL with arguments naming real objects of ``ngo`` (the canary case for a case)."""
    arg_names, callback = ROUTES[name]
    if not arg_names:
        return reverse(name)
    if name in OWN_ROW_ROUTES:
        return reverse(name, kwargs=OWN_ROW_ROUTES[name])
    if arg_names <= set(DUMMY_ARGS) or name.startswith("admin:"):  # the admin holds no tenant model
        return reverse(name, kwargs={arg: DUMMY_ARGS.get(arg, 1) for arg in arg_names})
    model = model_of_route(name, arg_names, callback)
    assert model is not None, f"{name}: add it to ROUTE_MODELS in accounts/tests/test_tenancy.py."
    label = model._meta.label_lower
    if label == "cases.case":
        obj = canary_case
    elif label in NON_TENANT_MODELS:
        obj = {
            "network.organisation": lambda: ngo,
            "network.programme": lambda: ProgrammeFactory(),
            "network.region": lambda: Region.objects.get(pk=ngo.region_id),
        }[label]()
    else:
        obj = own_row(name, model, ngo, maker_user)
    return reverse(name, kwargs=route_kwargs(name, arg_names, model, obj, ngo))


def row_counts() -> dict[str, int]:
    """Rows of every tenant model and of the accounts tables, all organisations'."""
    models = [*TENANT_MODELS, User, Membership, ApiToken]
    # unscoped: counting every organisation's rows proves that nothing was created or changed anywhere.
    return {model._meta.label: model._base_manager.count() for model in models}


def password_only_client(user) -> Client:
    """Signed in with the password only: the session is authenticated, no second factor was passed."""
    visitor = Client()
    visitor.force_login(user)
    return visitor


def leaked_canaries(response) -> list[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [canary for canary in CANARIES if canary.encode() in content]


@pytest.mark.parametrize("name", WEB_ROUTES)
def test_web_route_sends_password_only_user_to_the_second_factor(
    name, cast, ngo, canary_case, settings, tmp_path
):
    """ASVS 5.0 V6.3.3, V6.3.4: every page, Django's admin included, asks a user who must pass the second
    factor for it (GET and POST)."""
    if name in SECOND_FACTOR_PAGES:
        return
    settings.MEDIA_ROOT = str(tmp_path)
    url = url_for(name, ngo, canary_case, cast["caseworker"])
    before = row_counts()
    two_factor_url = reverse("accounts:two_factor")

    answers = {}
    for role in PASSWORD_ONLY_ROLES:
        visitor = password_only_client(cast[role])
        for method in ("get", "post"):
            response = getattr(visitor, method)(url)
            answers[role, method] = (
                response.status_code,
                response.get("Location", ""),
                leaked_canaries(response),
            )

    assert row_counts() == before, f"{name} ({url}) changed rows for a password-only user."
    for (role, method), (status, location, leaked) in answers.items():
        assert leaked == [], f"{name} ({url}) {method.upper()} showed a password-only {role} {leaked}."
        if name in PUBLIC_ROUTES:
            continue
        assert status == 302 and location.startswith(f"{two_factor_url}?next="), (
            f"{name} ({url}) {method.upper()} answered {status} {location} to a password-only {role}: "
            f"accounts.middleware.TwoFactorRequiredMiddleware must send them to the two-factor page. Remove "
            f"login_not_required/second_factor_not_required from the view, or, if a user must reach it "
            f"before the second factor, add it to SECOND_FACTOR_PAGES here (or PUBLIC_ROUTES in "
            f"test_anonymous_access.py) with the reason."
        )


@pytest.mark.parametrize("name", API_ROUTES)
def test_api_operation_refuses_password_only_session_with_403_json(
    name, cast, ngo, canary_case, settings, tmp_path
):
    """ASVS 5.0 V6.3.3, V6.3.4: every API operation (all methods) refuses a session without the second
    factor with 403 JSON naming the reason, and changes nothing; public endpoints show public data only."""
    settings.MEDIA_ROOT = str(tmp_path)
    url = url_for(name, ngo, canary_case, cast["caseworker"])
    methods = api_methods(ROUTES[name][1])
    before = row_counts()

    answers = {}
    for role in PASSWORD_ONLY_ROLES:
        visitor = password_only_client(cast[role])
        for method in methods:
            response = getattr(visitor, method)(url, data={}, content_type="application/json")
            body = response.json() if response["Content-Type"] == "application/json" else None
            answers[role, method] = (response.status_code, body, leaked_canaries(response))

    assert row_counts() == before, f"{name} ({url}) changed rows for a password-only session."
    for (role, method), (status, body, leaked) in answers.items():
        assert leaked == [], f"{name} ({url}) {method.upper()} showed a password-only {role} {leaked}."
        if name in PUBLIC_ROUTES:
            continue
        if name in TOKEN_ONLY_ROUTES:  # a session of any kind is no login there
            assert status == 401, f"{name} ({url}) {method.upper()} answered {status} to a session."
            continue
        assert (status, body) == (403, REFUSAL), (
            f"{name} ({url}) {method.upper()} answered {status} {body} to a password-only {role}: start the "
            f"view's permission_classes from [*api_settings.DEFAULT_PERMISSION_CLASSES, …] so that "
            f"api.permissions.SecondFactorPassed answers, or add the route to PUBLIC_ROUTES in "
            f"test_anonymous_access.py if anyone may use it without a login."
        )


def test_canary_is_found_once_the_second_factor_is_passed(client, caseworker, canary_case):
    """The canary check can fail: the same user, past the second factor, is shown the canary."""
    client.force_login(caseworker)

    pages = [
        client.get(reverse("cases:case_personal", args=[canary_case.pk])),
        client.get(reverse("api:case-personal-data", args=[canary_case.pk])),
        client.get(reverse("cases:case_notes", args=[canary_case.pk])),
    ]

    assert [leaked_canaries(page) for page in pages] == [
        [CANARY_GIVEN_NAME, CANARY_FAMILY_NAME],
        [CANARY_GIVEN_NAME, CANARY_FAMILY_NAME],
        [CANARY_NOTE],
    ]


def test_password_only_table_covers_every_openapi_operation(db):
    """Every operation of the OpenAPI schema is one of the (route, method) pairs asked for above."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    covered = {(name, method) for name in API_ROUTES for method in api_methods(ROUTES[name][1])}

    missing = []
    for path, operations in schema["paths"].items():
        match = resolve(path.replace("{id}", "1").replace("{code}", "TJ-SU"))
        name = f"{match.namespace}:{match.url_name}"
        missing += [(name, method) for method in operations if (name, method) not in covered]

    assert missing == []


def test_password_only_allow_lists_name_existing_routes():
    stale = [name for name in SECOND_FACTOR_PAGES if name not in ROUTES]

    assert stale == []
