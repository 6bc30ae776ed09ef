"""Feedback routing on a real Celery worker that is killed mid-work, and a broker outage."""

import random
import signal
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from agency.celery import app as celery_app
from agency.models import Notification
from agency.services import notifications_sweep_unsent
from briefs.models import Brief, Feedback, FeedbackRouting
from briefs.routing import recipients_of
from briefs.services import feedback_log, feedback_sweep_unrouted
from tests.factories import BriefFactory, CreativeTeamFactory
from tests.workers import mails as _mails
from tests.workers import use_broker as _use_broker
from tests.workers import wait_for as _wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROUNDS = 100


def _log_rounds(world, n):
    """`n` rounds of feedback on `n` presented briefs, logged as the page logs them."""
    team = CreativeTeamFactory(email="nord@creative.example", members="")
    verdicts = ["approved", "minor_changes", "major_changes", "rejected"]
    logged = []
    for i in range(n):
        brief = BriefFactory(account=world.account, owner=world.executive, planner=world.planner,
                             creative_team=team, status=Brief.Status.PRESENTED)  # fmt: skip
        with transaction.atomic():
            logged.append(
                feedback_log(
                    brief=brief,
                    by=world.executive,
                    said=f"Round text {i}",
                    verdict=verdicts[i % 4],
                    sentiment="negative" if i % 3 == 0 else "neutral",
                    topics=["strategy"] if i % 5 == 0 else ["creative"],
                )
            )
    return logged


def _subjects(directory):
    return [
        line
        for mail in _mails(directory)
        for line in mail.splitlines()
        if line.startswith("Subject:")
    ]


def _finish_with_sweeps():
    """What a killed worker left mid-way the beat sweeps pick up (backdated: no waiting)."""
    Feedback.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    FeedbackRouting.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    feedback_sweep_unrouted()
    notifications_sweep_unsent()


def test_every_round_is_routed_once_to_each_recipient_while_the_worker_is_killed(
    world, start_worker, mail_dir
):
    celery_app.control.purge()
    for person in (world.executive, world.planner, world.manager):
        assert person.email
    rounds = _log_rounds(world, ROUNDS)  # queued while no worker runs
    expected = {(f.pk, r.key) for f in rounds for r in recipients_of(Feedback.objects.get(pk=f.pk))}

    worker, kills = start_worker(settings.CELERY_BROKER_URL), 0
    random.seed(7)
    while kills < 5 and Feedback.objects.filter(routed_at=None).exists():
        time.sleep(random.uniform(0.4, 1.2))
        worker.send_signal(signal.SIGKILL)  # mid-task, with no warning
        worker.wait(10)
        kills += 1
        worker = start_worker(settings.CELERY_BROKER_URL)

    routed = FeedbackRouting.objects.all()
    for _attempt in range(3):
        if _wait_for(lambda: not Feedback.objects.filter(routed_at=None).exists(), timeout=20):
            break
        _finish_with_sweeps()
    team_mails = FeedbackRouting.objects.filter(creative_team__isnull=False)
    notifications = Notification.objects.filter(kind="feedback.routed")

    def all_sent():
        return (
            not team_mails.filter(emailed_at=None).exists()
            and not notifications.filter(emailed_at=None).exists()
        )

    if not _wait_for(all_sent, timeout=30):
        _finish_with_sweeps()
        assert _wait_for(all_sent, timeout=30), "routed, but not every e-mail went out"
    time.sleep(1)  # a duplicate would have every chance to arrive

    assert kills >= 3, "the worker finished before it could be killed a few times"
    got = set(routed.values_list("feedback_id", "recipient_key"))
    assert got == expected and routed.count() == len(expected)
    subjects = _subjects(mail_dir)
    # Team mails have plain subjects; the staff's, with their quotation marks, are encoded.
    to_team = [s for s in subjects if "Round 1 of client feedback" in s]
    to_staff = [s for s in subjects if s not in to_team]
    assert len(to_team) == team_mails.count() == ROUNDS
    assert len(to_staff) == notifications.count() == len(expected) - ROUNDS
    print(f"\nrouting under {kills} SIGKILLs: {ROUNDS} rounds, {len(expected)} routings, "
          f"{len(to_team) + len(to_staff)} e-mails, 0 lost, 0 twice")  # fmt: skip


def test_feedback_logged_while_the_broker_is_down_is_routed_once_it_is_back(
    world, private_redis, start_worker, mail_dir
):
    private_redis()
    _use_broker(private_redis.url)
    try:
        private_redis.stop()  # the broker goes down
        brief = BriefFactory(account=world.account, owner=world.executive, status=Brief.Status.PRESENTED,
                             creative_team=CreativeTeamFactory(email="sued@creative.example", members=""))  # fmt: skip
        with transaction.atomic():
            feedback = feedback_log(
                brief=brief, by=world.manager, said="Start again.", verdict="rejected"
            )
        feedback.refresh_from_db()
        assert feedback.routed_at is None  # logged, not lost, not routed yet

        private_redis()  # the broker is back
        start_worker(private_redis.url)
        Feedback.objects.filter(pk=feedback.pk).update(
            created_at=timezone.now() - timedelta(minutes=10)
        )
        assert feedback_sweep_unrouted() == 1

        def routed_and_sent():
            team = FeedbackRouting.objects.filter(feedback=feedback, creative_team__isnull=False)
            return team.exists() and team.get().emailed_at is not None

        assert _wait_for(routed_and_sent), "the swept round was not routed"
        keys = set(
            FeedbackRouting.objects.filter(feedback=feedback).values_list(
                "recipient_key", flat=True
            )
        )
        assert keys == {r.key for r in recipients_of(feedback)}
    finally:
        _use_broker(settings.CELERY_BROKER_URL)
