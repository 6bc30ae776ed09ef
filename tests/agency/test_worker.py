"""A real Celery worker on a real Redis delivers notifications, even across an outage."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from agency.celery import app as celery_app
from agency.models import Notification
from agency.services import notifications_sweep_unsent, notify
from tests.factories import RequestFactory, UserFactory
from tests.workers import mails as _mails
from tests.workers import use_broker as _use_broker
from tests.workers import wait_for as _wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_real_worker_on_redis_delivers_a_notification(start_worker, mail_dir):
    celery_app.control.purge()
    worker = start_worker(settings.CELERY_BROKER_URL)
    user = UserFactory(email="emma@agency.example")

    with transaction.atomic():
        notification = notify(
            recipient=user,
            kind="budget.approved",
            target=RequestFactory(),
            message="Budget KVA-7 approved",
        )

    def delivered():
        notification.refresh_from_db()
        return notification.emailed_at is not None

    assert _wait_for(delivered), "the worker did not deliver the notification"
    assert worker.poll() is None
    mails = _mails(mail_dir)
    assert len(mails) == 1
    assert "Budget KVA-7 approved" in mails[0]
    assert "emma@agency.example" in mails[0]


def test_notification_made_while_the_broker_is_down_is_delivered_once_it_is_back(
    private_redis, start_worker, mail_dir
):
    private_redis()
    _use_broker(private_redis.url)
    try:
        private_redis.stop()  # the broker goes down
        user = UserFactory(email="max@agency.example")
        with transaction.atomic():
            notify(
                recipient=user,
                kind="payment.due",
                target=RequestFactory(),
                message="Invoice 42 is due",
            )

        notification = Notification.objects.get(recipient=user, kind="payment.due")
        assert notification.emailed_at is None  # recorded, not lost, not sent

        private_redis()  # the broker is back
        start_worker(private_redis.url)
        Notification.objects.filter(pk=notification.pk).update(
            created_at=timezone.now() - timedelta(minutes=10)
        )
        assert notifications_sweep_unsent() == 1

        def delivered():
            notification.refresh_from_db()
            return notification.emailed_at is not None

        assert _wait_for(delivered), "the swept notification was not delivered"
        assert notifications_sweep_unsent() == 0
        time.sleep(1)  # give a duplicate every chance to arrive
        mails = _mails(mail_dir)
        assert len(mails) == 1
        assert "Invoice 42 is due" in mails[0]
    finally:
        _use_broker(settings.CELERY_BROKER_URL)


def test_a_burst_to_one_person_whose_user_row_is_busy_is_all_emailed_once(start_worker, mail_dir):
    """Twenty notifications to one person while their user row is locked by an update:
    the e-mail task locks only the notification, so every one goes out, once, at once,
    without waiting for the five-minute sweep."""
    import threading

    celery_app.control.purge()
    start_worker(settings.CELERY_BROKER_URL)
    user = UserFactory(email="max@agency.example")
    target = RequestFactory()
    row_locked, release = threading.Event(), threading.Event()

    def hold_the_user_row():
        try:
            with transaction.atomic():
                type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
                row_locked.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_user_row)
    holder.start()
    assert row_locked.wait(10)
    try:
        for n in range(20):
            with transaction.atomic():
                notify(
                    recipient=user,
                    kind="request.untriaged",
                    target=target,
                    occasion=str(n),
                    message="Reminder %(n)s",
                    params={"n": n},
                )
        sent = Notification.objects.filter(recipient=user, emailed_at__isnull=False)
        # Promptly: while the user row is still locked, long before any sweep.
        assert _wait_for(lambda: sent.count() == 20, timeout=20), f"{sent.count()} of 20"
    finally:
        release.set()
        holder.join(10)
    # The file backend may put two messages in one file: count the messages.
    subjects = [line for mail in _mails(mail_dir) for line in mail.splitlines() if line.startswith("Subject:")]  # fmt: skip
    assert sorted(subjects) == sorted(f"Subject: [Suits] Reminder {n}" for n in range(20))
