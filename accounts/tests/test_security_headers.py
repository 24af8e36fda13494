"""Every route answers with the security headers, for anonymous visitors and signed-in users alike.

Table-driven: every named URL pattern of the project is found (``accounts/tests/test_anonymous_access``),
opened with objects of the user's organisation where the route names one (the objects of
``analytics/tests/test_russian_everywhere``), once anonymously and once by a manager who passed the second
factor. Every answer, a redirect, an error or a 405 included, must carry a Content-Security-Policy without
``unsafe-inline`` that forbids framing, plugins and a changed base URL, ``X-Content-Type-Options``,
``Referrer-Policy``, ``Permissions-Policy`` and ``Cache-Control: no-store, private``; and every page the
manager sees offers the logout button.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

from accounts.tests.test_anonymous_access import DUMMY_ARGS, ROUTES
from analytics.tests.test_russian_everywhere import objects, route_kwargs  # noqa: F401 (a fixture)
from awards.services.entries import entryfile_add
from cases.services import attachment_add

# The API's basenames whose detail routes are given a real object (the others get a dummy 1: a 404).
API_OBJECTS = {
    "case": "case",
    "followup": "followup",
    "referral": "referral",
    "organisation": "organisation",
    "directory": "organisation",
    "programme": "programme",
}
CSP_DIRECTIVES_REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}
PERMISSIONS_REQUIRED = {
    "camera=()",
    "microphone=()",
    "geolocation=()",
    "payment=()",
    "usb=()",
    "publickey-credentials-get=(self)",
    "publickey-credentials-create=(self)",
}


def url_of(name: str, made: dict) -> str:
    """The route's URL, naming objects of ``made`` (the ``objects`` fixture) where it takes any."""
    arg_names = ROUTES[name]
    if name == "api:region-detail":
        return reverse(name, kwargs={"pk": made["organisation"].region_id})
    if name.startswith("api:") and arg_names == {"pk"}:
        key = API_OBJECTS.get(name.removeprefix("api:").split("-", 1)[0])  # the basename
        return reverse(name, kwargs={"pk": made[key].pk if key else 1})
    try:
        kwargs = route_kwargs(name, arg_names, made)
    except KeyError:  # admin and other routes whose arguments name no object of ours
        kwargs = {arg: DUMMY_ARGS.get(arg, 1) for arg in arg_names}
    return reverse(name, kwargs=kwargs)


def csp_directives(header: str) -> dict[str, str]:
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def header_problems(response) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    directives = csp_directives(csp)
    for name, value in CSP_DIRECTIVES_REQUIRED.items():
        sources = directives.get(name, "").split()
        if value not in sources or any(source.startswith("'unsafe-") for source in sources):
            problems.append(f"Content-Security-Policy {name}: {directives.get(name)!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"Content-Security-Policy allows unsafe sources: {csp!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"X-Content-Type-Options: {response.get('X-Content-Type-Options')!r}")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"Referrer-Policy: {response.get('Referrer-Policy')!r}")
    permissions = {item.strip() for item in response.get("Permissions-Policy", "").split(",")}
    if not permissions >= PERMISSIONS_REQUIRED:
        problems.append(f"Permissions-Policy lacks {sorted(PERMISSIONS_REQUIRED - permissions)}")
    cache_control = {item.strip() for item in response.get("Cache-Control", "").split(",")}
    if not {"no-store", "private"} <= cache_control or get_max_age(response):
        problems.append(f"Cache-Control: {response.get('Cache-Control')!r}")
    return problems


# Pages drawn by a library, not by our base.html (which carries the logout button).
OWN_LAYOUT_NAMESPACES = ("admin:", "api:")


# Routes that answer a fragment for a script to put into a page (the page carries the button), each with why.
FRAGMENT_ROUTES = {
    "network:region_options": "the <option>s of a region select following its country (static/js/forms.js)",
    "shelters:board_rows": "the bed board's rows, refreshed by htmx inside the board's page",
    "analytics:report_status": "a donor report's progress, polled by htmx inside the report's page",
    "exchange:import_status": "an HTCDS import's progress, polled by htmx inside the import's page",
}


def logout_problems(name: str, response) -> list[str]:
    """ASVS 7.4.4: a page of ours shown to a signed-in user offers the logout button."""
    is_page = response.status_code == 200 and response["Content-Type"].startswith("text/html")
    if not is_page or name.startswith(OWN_LAYOUT_NAMESPACES) or name in FRAGMENT_ROUTES:
        return []
    if f'action="{reverse("accounts:logout")}"' not in response.content.decode():
        return ["no logout button"]
    return []


@pytest.fixture
def stored_attachment(request, settings, tmp_path, objects, caseworker, manager):  # noqa: F811
    """The downloads decrypt a stored file: the objects' attachment (and, for the awards' routes only, the
    award entry file: the awards' objects are many rows that other routes never need) get one."""
    settings.MEDIA_ROOT = str(tmp_path)
    objects["attachment"] = attachment_add(
        case=objects["case"], by=caseworker, content=b"%PDF-1.4\n% synthetic\n", file_name="synthetic.pdf"
    )
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("name", "").startswith("awards:"):
        objects["entryfile"] = entryfile_add(
            entry=objects["entry"],
            by=manager,
            title="Presentation",
            content=b"%PDF-1.4\n% synthetic\n",
            file_name="synthetic.pdf",
        )
    return objects


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_answers_with_security_headers(client, cast, stored_attachment, name):
    """ASVS 3.4.3 (CSP), 3.4.4 (nosniff), 3.4.5 (Referrer-Policy), 3.4.6 (frame-ancestors), 14.3.2
    (no-store), 7.4.1 (no cached copy after logout), 7.4.4 (logout on every page): on every route."""
    url = url_of(name, stored_attachment)
    answers = {}

    anonymous = client.get(url)
    answers["anonymous"] = (anonymous.status_code, header_problems(anonymous))
    client.force_login(cast["manager"])
    signed_in = client.get(url)
    answers["manager"] = (
        signed_in.status_code,
        header_problems(signed_in) + logout_problems(name, signed_in),
    )

    assert {who: problems for who, (status, problems) in answers.items() if problems} == {}, (
        f"{name} ({url}) answered {answers}"
    )


def test_security_headers_test_reads_personal_data_answers(client, cast, stored_attachment):
    """The route table above really reaches answers with personal data, not only 404s and redirects."""
    client.force_login(cast["manager"])
    urls = [
        url_of(name, stored_attachment)
        for name in ("cases:case_personal", "cases:attachment_download", "api:case-personal-data")
    ]

    answers = [client.get(url) for url in urls]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert [header_problems(answer) for answer in answers] == [[], [], []]
