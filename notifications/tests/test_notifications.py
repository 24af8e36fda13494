import pytest
from django.core import mail
from django.urls import reverse

from cases.services.notifications import case_notify
from notifications import kinds, services
from notifications.models import Notification
from notifications.tests.factories import NotificationFactory


def test_notification_email_send_sends_once(case, caseworker, manager):
    notification = case_notify(
        recipients=[caseworker], organisation=case.organisation, kind="followup_due", case=case
    )[0]

    first = services.notification_email_send(notification_id=notification.pk)
    second = services.notification_email_send(notification_id=notification.pk)

    assert (first, second) == (True, False)
    assert [message.to for message in mail.outbox] == [[caseworker.email]]
    assert case.code in mail.outbox[0].body
    assert Notification.objects.visible_to(caseworker).get() == notification
    assert list(Notification.objects.visible_to(manager)) == []


def test_notification_email_enqueued_on_commit(
    case, caseworker, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    with django_capture_on_commit_callbacks(execute=True):
        case_notify(recipients=[caseworker], organisation=case.organisation, kind="followup_due", case=case)

    assert len(mail.outbox) == 1
    assert Notification.unscoped.get().emailed_at is not None


def test_notification_of_another_module_needs_no_case(ngo, caseworker):
    kinds.register("synthetic_hotline_call", label="Call waiting", message="Call %(subject)s waits for you.")

    notification = services.notification_create(
        recipients=[caseworker], organisation=ngo, kind="synthetic_hotline_call", subject="CALL-1"
    )[0]

    assert notification.message == "Call CALL-1 waits for you."


def test_notification_of_an_unregistered_kind_is_refused(ngo, caseworker):
    with pytest.raises(LookupError, match="not registered"):
        services.notification_create(recipients=[caseworker], organisation=ngo, kind="never_registered")


def test_notification_list_shows_only_mine_and_opening_marks_read(client, ngo, case, caseworker, manager):
    mine = NotificationFactory(
        organisation=ngo, recipient=caseworker, subject=case.code, url=case.get_absolute_url()
    )
    NotificationFactory(organisation=ngo, recipient=manager, subject=case.code, url=case.get_absolute_url())
    client.force_login(caseworker)

    listed = client.get(reverse("notifications:notification_list"))
    opened = client.post(reverse("notifications:notification_open", args=[mine.pk]))

    assert list(listed.context["notifications"]) == [mine]
    assert opened.url == case.get_absolute_url()
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_notification_open_never_redirects_off_site(client, ngo, caseworker):
    notification = NotificationFactory(organisation=ngo, recipient=caseworker, url="https://example.org/")
    client.force_login(caseworker)

    response = client.post(reverse("notifications:notification_open", args=[notification.pk]))

    assert response.url == reverse("notifications:notification_list")


def test_notification_of_someone_else_is_404(client, ngo, caseworker, manager):
    theirs = NotificationFactory(organisation=ngo, recipient=manager)
    client.force_login(caseworker)

    response = client.post(reverse("notifications:notification_open", args=[theirs.pk]))

    assert response.status_code == 404
