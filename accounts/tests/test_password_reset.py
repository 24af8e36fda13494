import re

from django.core import mail
from django.test import Client
from django.urls import reverse

NEW_PASSWORD = "a brand new passphrase 77"


def _link(message) -> str:
    return re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)


def test_password_reset_sends_link_that_sets_new_password(caseworker):
    visitor = Client()

    response = visitor.post(reverse("accounts:password_reset"), {"email": "caseworker@example.org"})

    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["caseworker@example.org"]
    form_page = visitor.get(_link(mail.outbox[0]), follow=True)
    assert form_page.context["validlink"] is True
    done = visitor.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.url == reverse("accounts:password_reset_complete")
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW_PASSWORD) is True


def test_password_reset_for_unknown_address_answers_the_same_and_sends_nothing(db):
    response = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})

    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_link_works_only_once(caseworker):
    visitor = Client()
    visitor.post(reverse("accounts:password_reset"), {"email": "caseworker@example.org"})
    form_page = visitor.get(_link(mail.outbox[0]), follow=True)
    visitor.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    again = Client().get(_link(mail.outbox[0]), follow=True)

    assert again.context["validlink"] is False


def test_password_reset_pages_are_public(db):
    visitor = Client()

    pages = [
        visitor.get(reverse("accounts:password_reset")).status_code,
        visitor.get(reverse("accounts:password_reset_done")).status_code,
        visitor.get(reverse("accounts:password_reset_complete")).status_code,
    ]

    assert pages == [200, 200, 200]


def test_password_reset_fourth_request_for_one_account_in_an_hour_sends_nothing_and_says_the_same(caseworker):
    for n in range(3):
        Client().post(
            reverse("accounts:password_reset"),
            {"email": "caseworker@example.org"},
            REMOTE_ADDR=f"198.51.100.{n}",
        )

    response = Client().post(
        reverse("accounts:password_reset"), {"email": "caseworker@example.org"}, REMOTE_ADDR="198.51.100.9"
    )

    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 3


def test_password_reset_eleventh_request_from_one_address_answers_429_with_retry_after(db):
    visitor = Client()
    for n in range(10):
        visitor.post(reverse("accounts:password_reset"), {"email": f"someone{n}@example.org"})

    response = visitor.post(reverse("accounts:password_reset"), {"email": "another@example.org"})

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Too many password-reset requests from this address. Wait 60 minutes" in response.content.decode()
