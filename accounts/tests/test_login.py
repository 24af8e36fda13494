import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import TEST_PASSWORD, user_with_role


@pytest.fixture
def visitor():
    return Client()


def test_login_page_shows_form_and_password_reset_link(visitor, db):
    response = visitor.get(reverse("accounts:login"))

    assert response.status_code == 200
    assert response.context["form"].fields.keys() == {"username", "password"}
    assert reverse("accounts:password_reset") in response.content.decode()


def test_login_without_two_factor_role_lands_on_next_page(visitor, coordinator):
    response = visitor.post(
        reverse("accounts:login"), {"username": "coordinator", "password": TEST_PASSWORD, "next": "/"}
    )

    assert response.status_code == 302
    assert response.url == "/"
    assert visitor.get("/").status_code == 200


def test_login_of_personal_data_role_is_sent_to_two_factor(visitor, caseworker):
    visitor.post(reverse("accounts:login"), {"username": "caseworker", "password": TEST_PASSWORD})

    response = visitor.get("/")

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:two_factor')}?next=/"


def test_login_with_wrong_password_keeps_user_name_and_shows_error(visitor, caseworker):
    response = visitor.post(reverse("accounts:login"), {"username": "caseworker", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"]["username"].value() == "caseworker"
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct username and password. Note that both fields may be case-sensitive."
    ]
    assert "_auth_user_id" not in visitor.session


def test_anonymous_visitor_is_sent_to_login(visitor, db):
    response = visitor.get(reverse("accounts:user_list"))

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={reverse('accounts:user_list')}"


def test_logout_by_post_ends_session(client, caseworker):
    client.force_login(caseworker)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_sets_new_password(client, ngo):
    user = user_with_role(Role.COORDINATOR, ngo, username="changer")
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a fresh long passphrase 42",
            "new_password2": "a fresh long passphrase 42",
        },
    )

    assert response.url == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("a fresh long passphrase 42") is True
