import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD


@pytest.fixture
def visitor():
    return Client()


def _fail(visitor, username, times):
    response = None
    for _ in range(times):
        response = visitor.post(reverse("accounts:login"), {"username": username, "password": "wrong"})
    return response


def test_login_fifth_failure_locks_user_name_with_429(visitor, caseworker):
    response = _fail(visitor, "caseworker", 5)

    assert response.status_code == 429
    assert "blocked for one hour" in response.content.decode()


def test_locked_user_cannot_log_in_with_right_password(visitor, caseworker):
    _fail(visitor, "caseworker", 5)

    response = visitor.post(reverse("accounts:login"), {"username": "caseworker", "password": TEST_PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in visitor.session


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_lockout_page_is_the_same_for_unknown_user_name(visitor, caseworker):
    known = _main(_fail(visitor, "caseworker", 5))

    unknown = _main(_fail(Client(), "nobody-here", 5))

    assert unknown == known


def test_four_failures_do_not_lock(visitor, caseworker):
    _fail(visitor, "caseworker", 4)

    response = visitor.post(reverse("accounts:login"), {"username": "coordinator", "password": "wrong"})

    assert response.status_code == 200
    assert AccessAttempt.objects.get(username="caseworker").failures_since_start == 4


def test_lockout_page_speaks_russian(db):
    visitor = Client(headers={"accept-language": "ru"})

    response = _fail(visitor, "caseworker", 5)

    assert response.status_code == 429
    assert "Учётная запись временно заблокирована" in response.content.decode()


def test_locked_page_is_public(visitor, db):
    response = visitor.get(reverse("accounts:locked"))

    assert response.status_code == 200
    assert "blocked for one hour" in response.content.decode()
