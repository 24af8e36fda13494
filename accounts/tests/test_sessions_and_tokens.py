"""The "Sessions and tokens" page, and managers ending their users' sessions (issue 6, item 2; ASVS V7.5)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import services
from accounts.middleware import REAUTHENTICATED_AT_KEY, USER_SESSION_ID_KEY
from accounts.models import ApiToken, Membership, SignInThrottle, UserSession
from accounts.tests.factories import TEST_PASSWORD
from accounts.throttle import account_key
from accounts.views import REAUTHENTICATION_SECONDS
from audit.models import AuditEntry

CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


@pytest.fixture
def second_browser(client):
    """Another browser of the same kind as ``client`` (second factor passed on force_login)."""
    return client.__class__


def _signed_out(client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def _token_works(key: str) -> bool:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/me/").status_code == 200


@pytest.mark.parametrize(
    "actor",
    ["caseworker", "manager", "hotline_operator", "shelter_staff", "coordinator", "judge", "system_admin"],
)
def test_security_page_role_matrix_every_signed_in_user_sees_their_own(client, cast, actor):
    client.force_login(cast[actor])

    response = client.get(reverse("accounts:security"))

    assert response.status_code == 200
    assert {user_session.user for user_session in response.context["sessions"]} == {cast[actor]}


def test_security_page_password_only_is_sent_to_the_second_factor(caseworker):
    password_only = Client()
    password_only.force_login(caseworker)

    response = password_only.get(reverse("accounts:security"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))


def test_security_page_lists_own_sessions_and_tokens_with_this_session_marked_v7_5_2(
    client, second_browser, caseworker, manager
):
    elsewhere = Client(HTTP_USER_AGENT=CHROME_ON_WINDOWS, REMOTE_ADDR="203.0.113.77")
    elsewhere.post(reverse("accounts:login"), {"username": "caseworker", "password": TEST_PASSWORD})
    second_browser().force_login(manager)
    token, _ = services.api_token_issue(by=caseworker, second_factor_passed=True)
    services.api_token_issue(by=manager, second_factor_passed=True)
    client.force_login(caseworker)

    response = client.get(reverse("accounts:security"))

    sessions = list(response.context["sessions"])
    assert len(sessions) == 2
    assert response.context["current_session_id"] == client.session[USER_SESSION_ID_KEY]
    other = next(s for s in sessions if s.pk != client.session[USER_SESSION_ID_KEY])
    assert (other.device, other.network) == ("Chrome, Windows", "203.0.113.0/24")
    assert [t.pk for t in response.context["tokens"]] == [token.pk]
    content = response.content.decode()
    assert content.count("this session") == 1
    assert "203.0.113.77" not in content


def test_session_end_signs_out_that_browser_and_records_it(client, second_browser, caseworker):
    elsewhere = second_browser()
    elsewhere.force_login(caseworker)
    other_id = elsewhere.session[USER_SESSION_ID_KEY]
    client.force_login(caseworker)

    response = client.post(reverse("accounts:session_end", args=[other_id]))

    assert response.url == reverse("accounts:security")
    assert _signed_out(elsewhere) is True
    assert _signed_out(client) is False
    assert AuditEntry.unscoped.filter(action="session.ended").get().details == {"session": other_id}


def test_session_end_of_someone_elses_session_or_this_one_is_404(client, second_browser, caseworker, manager):
    managers_browser = second_browser()
    managers_browser.force_login(manager)
    client.force_login(caseworker)

    statuses = [
        client.post(
            reverse("accounts:session_end", args=[managers_browser.session[USER_SESSION_ID_KEY]])
        ).status_code,
        client.post(reverse("accounts:session_end", args=[client.session[USER_SESSION_ID_KEY]])).status_code,
    ]

    assert statuses == [404, 404]
    assert _signed_out(managers_browser) is False


def test_session_end_is_post_only(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("accounts:session_end", args=[client.session[USER_SESSION_ID_KEY]]))

    assert response.status_code == 405


def test_token_revoke_stops_the_token_at_once(client, caseworker):
    token, key = services.api_token_issue(by=caseworker, second_factor_passed=True)
    client.force_login(caseworker)

    response = client.post(reverse("accounts:token_revoke", args=[token.digest]))

    assert response.url == reverse("accounts:security")
    assert _token_works(key) is False
    assert list(AuditEntry.unscoped.filter(action="api_token.revoked").values_list("actor", flat=True)) == [
        caseworker.pk
    ]


def test_token_revoke_of_someone_elses_token_is_404(client, caseworker, manager):
    token, key = services.api_token_issue(by=manager, second_factor_passed=True)
    client.force_login(caseworker)

    response = client.post(reverse("accounts:token_revoke", args=[token.digest]))

    assert response.status_code == 404
    assert _token_works(key) is True


def test_sign_out_others_keeps_this_session_only(client, second_browser, caseworker):
    elsewhere = second_browser()
    elsewhere.force_login(caseworker)
    _, key = services.api_token_issue(by=caseworker, second_factor_passed=True)
    client.force_login(caseworker)

    client.post(reverse("accounts:sign_out_others"))

    assert _signed_out(elsewhere) is True
    assert _token_works(key) is False
    assert _signed_out(client) is False
    assert list(UserSession.objects.filter(user=caseworker).values_list("pk", flat=True)) == [
        client.session[USER_SESSION_ID_KEY]
    ]


@pytest.mark.parametrize(
    ("actor", "subject", "status"),
    [
        ("manager", "caseworker", 302),
        ("system_admin", "caseworker", 302),
        ("system_admin", "outsider", 302),
        ("caseworker", "hotline_operator", 403),
        ("coordinator", "caseworker", 403),
        ("judge", "caseworker", 403),
        ("manager", "outsider", 404),
        ("manager", "coordinator", 404),
        ("password_only_manager", "caseworker", 302),
    ],
)
def test_user_sign_out_role_matrix_v7_4_5(client, second_browser, cast, actor, subject, status):
    """ASVS 5.0 V7.4.5: a manager or administrator ends every session of one of their users."""
    signed_in = second_browser()
    signed_in.force_login(cast[subject])
    _, key = services.api_token_issue(by=cast[subject], second_factor_passed=True)
    if actor == "password_only_manager":
        client = Client()
        actor = "manager"
    client.force_login(cast[actor])
    allowed = status == 302 and isinstance(client, second_browser)

    response = client.post(reverse("accounts:user_sign_out", args=[cast[subject].pk]))

    assert response.status_code == status
    if status == 302 and not allowed:  # password only: sent to the second factor, nothing ended
        assert response.url.startswith(reverse("accounts:two_factor"))
    assert _signed_out(signed_in) is allowed
    assert _token_works(key) is not allowed


def test_user_sign_out_by_manager_is_on_the_organisations_audit_trail(client, manager, caseworker, ngo):
    client.force_login(manager)

    response = client.post(reverse("accounts:user_sign_out", args=[caseworker.pk]))

    assert response.url == reverse("accounts:user_detail", args=[caseworker.pk])
    entry = AuditEntry.unscoped.get(action="user.signed_out_everywhere")
    assert (entry.actor, entry.organisation, entry.object_id) == (manager, ngo, str(caseworker.pk))
    assert entry.details == {"reason": "manager", "sessions": 0, "tokens": 0}


def test_user_sign_out_everywhere_refuses_a_manager_of_another_organisation(cast, other_ngo):
    from accounts.roles import Role
    from accounts.tests.factories import user_with_role

    other_manager = user_with_role(Role.MANAGER, other_ngo, username="other_manager")
    services.api_token_issue(by=cast["caseworker"], second_factor_passed=True)

    with pytest.raises(PermissionDenied):
        services.user_sign_out_everywhere(user=cast["caseworker"], by=other_manager, reason="manager")

    assert ApiToken.objects.filter(user=cast["caseworker"]).count() == 1


def test_user_sign_out_everywhere_by_a_manager_reaches_a_user_they_just_removed(manager, caseworker):
    services.membership_revoke(by=manager, membership=Membership.unscoped.get(user=caseworker))
    services.api_token_issue(by=caseworker, second_factor_passed=True)

    counts = services.user_sign_out_everywhere(user=caseworker, by=manager, reason="manager")

    assert counts == {"sessions": 0, "tokens": 1}


def test_user_detail_offers_sign_out_everywhere(client, manager, caseworker):
    client.force_login(manager)

    response = client.get(reverse("accounts:user_detail", args=[caseworker.pk]))

    assert f'action="{reverse("accounts:user_sign_out", args=[caseworker.pk])}"' in response.content.decode()


def _password_given_long_ago(client) -> None:
    session = client.session
    session[REAUTHENTICATED_AT_KEY] -= REAUTHENTICATION_SECONDS
    session.save()


@pytest.mark.parametrize("action", ["session_end", "token_revoke", "sign_out_others"])
def test_ending_own_sessions_needs_the_password_again_after_five_minutes_v7_5_2(
    client, second_browser, caseworker, action
):
    """ASVS 5.0 V7.5.2: users terminate their sessions only having authenticated again."""
    elsewhere = second_browser()
    elsewhere.force_login(caseworker)
    token, key = services.api_token_issue(by=caseworker, second_factor_passed=True)
    client.force_login(caseworker)
    _password_given_long_ago(client)
    args = {"session_end": [elsewhere.session[USER_SESSION_ID_KEY]], "token_revoke": [token.digest]}

    response = client.post(reverse(f"accounts:{action}", args=args.get(action, [])))

    assert response.url == f"{reverse('accounts:reauthenticate')}?next={reverse('accounts:security')}"
    assert (_signed_out(elsewhere), _token_works(key)) == (False, True)


def test_reauthenticate_with_the_password_opens_the_actions_again(client, second_browser, caseworker):
    elsewhere = second_browser()
    elsewhere.force_login(caseworker)
    client.force_login(caseworker)
    _password_given_long_ago(client)

    response = client.post(
        reverse("accounts:reauthenticate"), {"password": TEST_PASSWORD, "next": reverse("accounts:security")}
    )
    client.post(reverse("accounts:session_end", args=[elsewhere.session[USER_SESSION_ID_KEY]]))

    assert response.url == reverse("accounts:security")
    assert _signed_out(elsewhere) is True


def test_reauthenticate_with_a_wrong_password_counts_as_a_failed_login(client, caseworker):
    client.force_login(caseworker)
    _password_given_long_ago(client)

    response = client.post(reverse("accounts:reauthenticate"), {"password": "not the password"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"password": ["The password is wrong."]}
    failures = SignInThrottle.objects.get(scope="account", account_key=account_key("caseworker")).events
    assert failures == 1


@pytest.mark.parametrize("rows", [1, 3])
def test_security_page_queries_do_not_grow_with_rows(
    client, second_browser, caseworker, rows, django_assert_num_queries
):
    for _ in range(rows - 1):
        second_browser().force_login(caseworker)
    for _ in range(rows):
        services.api_token_issue(by=caseworker, second_factor_passed=True)
    client.force_login(caseworker)

    with django_assert_num_queries(11):  # the second factors (app, passkeys, codes) too
        response = client.get(reverse("accounts:security"))

    assert (len(response.context["sessions"]), len(response.context["tokens"])) == (rows, rows)


def test_web_logout_records_the_tokens_it_revoked(client, caseworker):
    services.api_token_issue(by=caseworker, second_factor_passed=True)
    client.force_login(caseworker)

    client.post(reverse("accounts:logout"))

    revoked = AuditEntry.unscoped.get(action="api_token.revoked_all")
    assert revoked.details == {"reason": "logout", "tokens": 1}
