"""A caseworker finds her client by what she remembers: any part of a name, in either script, with one
wrong letter, the birth date or year if known; only where she may see the personal data, never with
the name in a URL, and a high-risk person's name stays hidden from everyone but the caseworker and
the managers."""

import base64
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import user_with_role
from audit.models import AccessLogEntry, AuditEntry
from cases import selectors, services
from cases.models import Case, VictimSearchToken
from cases.tests.factories import SharedReferralFactory
from privacy.crypto import reset_keyring

LIST = reverse("cases:case_list")
SEARCH = reverse("cases:case_search")
API_SEARCH = "/api/v1/cases/search/"


def _register(organisation, by, given, family, birth_date=datetime.date(1994, 5, 17), **fields):
    return services.case_register(
        by=by,
        organisation=organisation,
        given_name=given,
        family_name=family,
        birth_date=birth_date,
        **fields,
    )


def _found(user, name, **criteria) -> list[str]:
    return list(selectors.case_name_search(user=user, name=name, **criteria).values_list("code", flat=True))


@pytest.fixture
def gulnora(ngo, caseworker):
    return _register(ngo, caseworker, "Гулнора", "Рахимова")


@pytest.fixture
def zarina(ngo, caseworker):
    return _register(ngo, caseworker, "Zarina", "Fiktivova", datetime.date(1990, 1, 2))


@pytest.mark.parametrize(
    "typed",
    ["рахим", "rakhim", "Rahimova", "РАХИМОВА", "гулн", "Gulnora", "ахимов", "gulnara rakhimova", "Рахимов"],
)
def test_name_search_finds_any_part_of_a_name_in_either_script(caseworker, gulnora, zarina, typed):
    assert _found(caseworker, typed) == [gulnora.code]


@pytest.mark.parametrize(
    "typed", ["Rakhinova", "Bakhimova", "Гулноба", "Gulnorq", "Rakhimuva", "Рахимпва", "Гулнора Рахимпва"]
)
def test_name_search_tolerates_one_wrong_letter(caseworker, gulnora, zarina, typed):
    assert _found(caseworker, typed) == [gulnora.code]


def test_name_search_two_wrong_letters_do_not_find(caseworker, gulnora):
    assert _found(caseworker, "Rekhinova") == []


def test_name_search_ranks_the_closest_spelling_first(ngo, caseworker, gulnora):
    rahmat = _register(ngo, caseworker, "Rahmat", "Rahimov")
    near = _register(ngo, caseworker, "Gulnoza", "Rakhimova")

    assert _found(caseworker, "Gulnora Rakhimova") == [gulnora.code, near.code]
    assert set(_found(caseworker, "rakhim")) == {gulnora.code, near.code, rahmat.code}


def test_name_search_finds_middle_names_and_aliases(ngo, caseworker):
    case = _register(ngo, caseworker, "Malika", "Sinteva", middle_name="Bakhodirovna", aliases=["Mohira"])

    assert (_found(caseworker, "бахадир"), _found(caseworker, "Mokhira")) == ([case.code], [case.code])


def test_name_search_birth_year_or_date_narrows(ngo, caseworker, gulnora):
    older = _register(ngo, caseworker, "Gulnora", "Rakhimova", datetime.date(1980, 3, 3))
    estimated = _register(ngo, caseworker, "Gulnora", "Rakhimova", None, estimated_age=46)  # born ~1980

    assert set(_found(caseworker, "rakhim")) == {gulnora.code, older.code, estimated.code}
    assert _found(caseworker, "rakhim", birth_year=1994) == [gulnora.code]
    assert set(_found(caseworker, "rakhim", birth_year=1980)) == {older.code, estimated.code}
    assert set(_found(caseworker, "rakhim", birth_date=datetime.date(1980, 3, 3))) == {
        older.code,
        estimated.code,
    }
    assert _found(caseworker, "rakhim", birth_date=datetime.date(1994, 5, 18)) == []


def test_name_search_follows_a_changed_name(caseworker, gulnora):
    services.victim_update(case=gulnora, by=caseworker, family_name="Nazarova")

    assert (_found(caseworker, "rakhim"), _found(caseworker, "назар")) == ([], [gulnora.code])


def test_name_search_never_finds_another_organisations_case(outsider, gulnora):
    assert _found(outsider, "rakhim") == []


def test_name_search_finds_a_referred_case_only_with_its_personal_section_shared(
    ngo, other_ngo, caseworker, outsider, gulnora
):
    referral = SharedReferralFactory(
        organisation=ngo,
        case=gulnora,
        to_organisation=other_ngo,
        share_screening=True,
        requested_by=caseworker,
    )
    without_personal = _found(outsider, "rakhim")
    referral.share_personal_data = True
    referral.save(update_fields=["share_personal_data"])
    consent = gulnora.consents.get(purpose="sharing")
    consent.sections = ["screening", "personal_data"]
    consent.save(update_fields=["sections"])

    assert (without_personal, _found(outsider, "rakhim")) == ([], [gulnora.code])


def test_name_search_of_a_hidden_name_finds_only_for_the_caseworker_and_managers(
    ngo, caseworker, manager, gulnora
):
    colleague = user_with_role(Role.CASEWORKER, ngo, username="colleague")

    services.case_name_hide(case=gulnora, by=caseworker, hidden=True)

    assert (_found(caseworker, "rakhim"), _found(manager, "rakhim"), _found(colleague, "rakhim")) == (
        [gulnora.code],
        [gulnora.code],
        [],
    )
    assert list(
        AuditEntry.unscoped.filter(action="case.name_hidden").values_list("object_id", flat=True)
    ) == [str(gulnora.pk)]


def test_case_name_hide_is_refused_to_a_colleague_not_assigned(ngo, gulnora, client):
    colleague = user_with_role(Role.CASEWORKER, ngo, username="colleague")
    client.force_login(colleague)

    response = client.post(reverse("cases:case_name_hide", args=[gulnora.pk]), {"hidden": "1"})

    assert (response.status_code, Case.unscoped.get(pk=gulnora.pk).name_hidden) == (403, False)


@pytest.mark.parametrize(("role", "status"), [("caseworker", 302), ("manager", 302), ("outsider", 404)])
def test_case_name_hide_role_matrix(client, cast, gulnora, role, status):
    client.force_login(cast[role])

    response = client.post(reverse("cases:case_name_hide", args=[gulnora.pk]), {"hidden": "1"})

    assert (response.status_code, Case.unscoped.get(pk=gulnora.pk).name_hidden) == (status, status == 302)


def test_hidden_name_is_masked_in_the_list_and_personal_tab_for_a_colleague(ngo, caseworker, gulnora, client):
    colleague = user_with_role(Role.CASEWORKER, ngo, username="colleague")
    services.case_name_hide(case=gulnora, by=caseworker, hidden=True)
    client.force_login(colleague)

    listed = client.get(LIST).content.decode()
    personal = client.get(reverse("cases:case_personal", args=[gulnora.pk])).content.decode()
    client.force_login(caseworker)
    own = client.get(LIST).content.decode()

    assert ("Гулнора" in listed, "Гулнора" in personal, "Рахимова" in personal, "Гулнора" in own) == (
        False,
        False,
        False,
        True,
    )


def test_case_list_shows_names_and_logs_one_entry_per_page(ngo, caseworker, gulnora, zarina, client):
    client.force_login(caseworker)

    body = client.get(LIST).content.decode()

    entries = list(AccessLogEntry.unscoped.values_list("purpose", "object_id", "object_labels"))
    assert ("Гулнора Рахимова" in body, "Zarina Fiktivova" in body) == (True, True)
    assert [(purpose, object_id, sorted(labels)) for purpose, object_id, labels in entries] == [
        ("victim.name_list", "list", sorted([gulnora.code, zarina.code]))
    ]


def test_case_list_of_a_referred_case_without_personal_section_shows_no_name(
    ngo, other_ngo, caseworker, outsider, gulnora, client
):
    SharedReferralFactory(
        organisation=ngo,
        case=gulnora,
        to_organisation=other_ngo,
        share_screening=True,
        requested_by=caseworker,
    )
    client.force_login(outsider)

    body = client.get(LIST).content.decode()

    assert (gulnora.code in body, "Гулнора" in body, AccessLogEntry.unscoped.count()) == (True, False, 0)


def _search(client, name, **fields):
    return client.post(SEARCH, {"name": name, **fields})


def test_search_redirects_to_an_opaque_id_and_pages_with_it(caseworker, gulnora, zarina, client):
    client.force_login(caseworker)

    response = client.post(f"{SEARCH}?stage=screening", {"name": "рахим"})
    page = client.get(response.url)

    assert response.status_code == 302
    assert response.url.startswith(f"{LIST}?")
    assert ("рахим" in response.url, "rahim" in response.url.lower(), "stage=screening" in response.url) == (
        False,
        False,
        True,
    )
    assert [case.code for case in page.context["page"]] == [gulnora.code]


def test_search_keeps_nothing_of_the_name_in_clear_in_the_session(caseworker, gulnora, client):
    client.force_login(caseworker)

    _search(client, "Rakhimova")

    with connection.cursor() as cursor:
        cursor.execute("SELECT session_data FROM django_session")
        stored = " ".join(row[0] for row in cursor.fetchall())
    decoded = client.session.get("case_searches")
    assert (len(decoded), "Rakhimova" in stored, "Rakhimova" in str(decoded)) == (1, False, False)


def test_search_id_of_another_user_finds_nothing(ngo, caseworker, gulnora, client):
    client.force_login(caseworker)
    url = _search(client, "rakhim").url
    colleague = user_with_role(Role.CASEWORKER, ngo, username="colleague")
    client.force_login(colleague)

    page = client.get(url)

    assert list(page.context["page"]) == []


def test_search_with_one_letter_asks_for_two_and_keeps_the_value(caseworker, gulnora, client):
    client.force_login(caseworker)

    response = _search(client, "р")
    russian = client.post(SEARCH, {"name": "р"}, HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    assert list(response.context["search_form"].errors) == ["name"]
    assert "Type at least two letters of the name." in response.content.decode()
    assert 'value="р"' in response.content.decode()
    assert "Введите не менее двух букв имени." in russian.content.decode()


def test_search_outsider_answers_like_a_name_that_matches_nothing(outsider, gulnora, client):
    client.force_login(outsider)

    existing = client.get(_search(client, "rakhim").url)
    nobody = client.get(_search(client, "Qwertyuiop").url)

    assert (existing.context["page"].paginator.count, nobody.context["page"].paginator.count) == (0, 0)
    assert existing.status_code == nobody.status_code == 200


def test_case_list_refuses_a_name_in_the_url(caseworker, gulnora, client, api):
    client.force_login(caseworker)
    api.force_authenticate(caseworker)

    web = client.get(LIST, {"q": "Rakhimova"})
    by_code = client.get(LIST, {"q": gulnora.code[-4:]})
    listed = api.get("/api/v1/cases/", {"q": "Rakhimova"})

    assert list(web.context["page"]) == []
    assert [case.code for case in by_code.context["page"]] == [gulnora.code]
    assert (listed.status_code, listed.json()["field"]) == (400, "q")


def test_api_search_finds_by_name_in_the_body(caseworker, outsider, gulnora, zarina, api):
    api.force_authenticate(caseworker)

    found = api.post(API_SEARCH, {"name": "rakhim"}, format="json")
    short = api.post(API_SEARCH, {"name": "r"}, format="json")
    api.force_authenticate(outsider)
    outside = api.post(API_SEARCH, {"name": "rakhim"}, format="json")

    assert [case["code"] for case in found.json()["results"]] == [gulnora.code]
    assert (short.status_code, short.json()["field"]) == (400, "name")
    assert (outside.status_code, outside.json()["results"]) == (200, [])


@pytest.mark.parametrize(
    ("role", "status"),
    [("caseworker", 302), ("manager", 302), ("hotline_operator", 302), ("coordinator", 403), ("judge", 403)],
)
def test_case_search_role_matrix(client, cast, role, status):
    client.force_login(cast[role])

    assert _search(client, "rakhim").status_code == status


def test_search_tokens_are_rebuilt_under_a_new_key(settings, caseworker, gulnora):
    data_key, old_index = settings.AMANAT_KEYS.split(",")[0], settings.AMANAT_KEYS.split(",")[1]
    new_index = "blind-index-2027:" + base64.b64encode(b"n" * 32).decode()
    settings.AMANAT_KEYS = f"{data_key},{new_index},{old_index}"
    reset_keyring()
    while_recomputing = _found(caseworker, "rakhim")

    out = io.StringIO()
    call_command("recompute_blind_indexes", stdout=out)
    kids = set(VictimSearchToken.unscoped.values_list("kid", flat=True))
    settings.AMANAT_KEYS = f"{data_key},{new_index}"
    reset_keyring()

    assert while_recomputing == [gulnora.code]
    assert kids == {"blind-index-2027"}
    assert "cases.victim: search tokens of 1 rebuilt, 0 already current" in out.getvalue().splitlines()
    assert _found(caseworker, "rakhim") == [gulnora.code]


def test_recompute_builds_missing_search_tokens(caseworker, gulnora):
    VictimSearchToken.unscoped.all().delete()

    call_command("recompute_blind_indexes", stdout=io.StringIO())

    assert _found(caseworker, "rakhim") == [gulnora.code]
