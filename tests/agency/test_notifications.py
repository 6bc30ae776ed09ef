from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from agency.models import Notification
from agency.services import notification_send_email, notifications_sweep_unsent, notify
from agency.tasks import send_notification_emails
from tests.agency.backends import FlakyBackend
from tests.factories import RequestFactory, UserFactory


def _notify(user, target=None):
    target = target or RequestFactory(title="Radio spot")
    return notify(
        recipient=user, kind="budget.approved", target=target, message="Your budget was approved"
    )


def test_same_key_twice_gives_one_notification(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        target = RequestFactory()
        first = _notify(user, target)
        second = _notify(user, target)

    assert first is not None
    assert second is None
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1


def test_duplicate_key_does_not_break_the_callers_transaction(db):
    user = UserFactory()
    target = RequestFactory()
    with transaction.atomic():
        _notify(user, target)
        _notify(user, target)
        UserFactory()  # the transaction is still usable
    assert Notification.objects.count() == 1


def test_rolled_back_transaction_sends_nothing(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify(user)
        raise RuntimeError("the approval failed")

    assert callbacks == []
    assert Notification.objects.filter(kind="budget.approved").count() == 0
    assert mail.outbox == []


def test_notification_is_emailed_once_after_commit(db, django_capture_on_commit_callbacks):
    user = UserFactory(email="emma@agency.example")
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(user)
        assert mail.outbox == []  # nothing goes out before the commit

    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert mail.outbox[0].to == ["emma@agency.example"]
    assert "Your budget was approved" in mail.outbox[0].body


def test_sending_the_same_notification_twice_emails_once(db):
    notification = Notification.objects.create(
        recipient=UserFactory(), kind="x", key="x:1", message="Hello"
    )
    assert notification_send_email(notification_id=notification.pk) is True
    assert notification_send_email(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_failing_email_send_is_retried_until_it_goes_out(db, settings):
    settings.EMAIL_BACKEND = "tests.agency.backends.FlakyBackend"
    FlakyBackend.failures_left, FlakyBackend.attempts = 2, 0
    notification = Notification.objects.create(
        recipient=UserFactory(), kind="x", key="x:2", message="Retry me"
    )

    send_notification_emails.apply(args=[[notification.pk]])

    notification.refresh_from_db()
    assert FlakyBackend.attempts == 3
    assert notification.emailed_at is not None
    assert [m.subject for m in mail.outbox] == ["[Suits] Retry me"]


def test_sweep_sends_what_was_left_unsent_and_only_that(db):
    user = UserFactory()
    stale = Notification.objects.create(recipient=user, kind="x", key="x:old", message="Old")
    fresh = Notification.objects.create(recipient=user, kind="x", key="x:new", message="New")
    sent = Notification.objects.create(
        recipient=user, kind="x", key="x:sent", message="Sent", emailed_at=timezone.now()
    )
    Notification.objects.filter(pk__in=[stale.pk, sent.pk]).update(
        created_at=timezone.now() - timedelta(hours=1)
    )

    assert notifications_sweep_unsent() == 1

    assert [m.subject for m in mail.outbox] == ["[Suits] Old"]
    fresh.refresh_from_db()
    assert fresh.emailed_at is None  # left to the task sent on its commit


def test_bell_shows_unread_count_and_list_marks_read(client, db):
    user = UserFactory()
    for i in range(3):
        Notification.objects.create(recipient=user, kind="x", key=f"x:{i}", message=f"Note {i}")
    Notification.objects.create(recipient=UserFactory(), kind="x", key="other", message="Not yours")
    client.force_login(user)

    page = client.get("/notifications/")
    assert page.status_code == 200
    assert "Not yours" not in page.content.decode()
    badge = client.get("/notifications/badge/").content.decode()
    assert 'data-testid="unread-count"' in badge and ">3</span>" in badge

    one = user.notifications.first()
    client.post("/notifications/read/", {"id": one.pk})
    assert user.notifications.unread().count() == 2
    client.post("/notifications/read/")
    assert user.notifications.unread().count() == 0
    assert "unread-count" not in client.get("/notifications/badge/").content.decode()


def test_notification_list_query_count_is_flat(client, db, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)
    for count in (10, 200):
        Notification.objects.bulk_create(
            Notification(recipient=user, kind="x", key=f"{count}:{i}", message="m")
            for i in range(count)
        )
        with django_assert_max_num_queries(6):
            assert client.get("/notifications/").status_code == 200


def test_notifications_need_a_login(client, db):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_sweep_gives_up_on_mail_that_failed_for_days(db):
    old = Notification.objects.create(
        recipient=UserFactory(), kind="x", key="x:ancient", message="m"
    )
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert notifications_sweep_unsent() == 0
    assert mail.outbox == []


def test_notification_is_written_in_the_recipients_language(db):
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    german = UserFactory(language="de")
    with translation.override("en-gb"):
        notification = notify(
            recipient=german,
            kind="request.high_priority",
            target=RequestFactory(),
            message=gettext_lazy("High-priority request on %(account)s: %(title)s"),
            params={"account": "Nordlicht Pils", "title": "Radio spot"},
        )
    assert notification.message.startswith("Anfrage mit hoher Priorität")
    assert "Nordlicht Pils" in notification.message and "Radio spot" in notification.message


def test_the_notifications_of_one_transaction_are_emailed_by_one_task(
    db, django_capture_on_commit_callbacks
):
    people = UserFactory.create_batch(3)
    target, last = RequestFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for person in people:
            notify(recipient=person, kind="x.batch", target=target, message="Batch")
        try:
            with transaction.atomic():  # a savepoint rolled back on the way
                notify(recipient=last, kind="x.batch", target=target, message="Gone")
                raise RuntimeError
        except RuntimeError:
            pass
        notify(recipient=last, kind="x.after", target=target, message="After")
    assert len(callbacks) == 2  # one batch before the rolled-back savepoint, one after
    sent = sorted(m.to[0] for m in mail.outbox)
    assert sent == sorted([p.email for p in people] + [last.email])
    assert not Notification.objects.filter(message="Gone").exists()
