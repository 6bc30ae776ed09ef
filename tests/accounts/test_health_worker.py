"""Health kept current on a real Celery worker: a burst of changes is recomputed once or
twice, not once per change, and ends with the right score."""

import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from accounts import health
from accounts.models import Account
from tests.factories import InteractionFactory
from tests.workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BURST = 100


def test_a_burst_of_changes_is_recomputed_a_bounded_number_of_times(world, start_worker, tmp_path):
    from agency.celery import app as celery_app

    worker = start_worker(settings.CELERY_BROKER_URL)
    assert wait_for(lambda: celery_app.control.ping(timeout=1)), "the worker did not start"
    # What setting up the world marked is recomputed first; the burst is counted alone.
    assert wait_for(lambda: not Account.objects.filter(health_stale=True).exists(), 30)
    time.sleep(settings.HEALTH_COALESCE_SECONDS + 1)
    log_file = tmp_path / "worker0.log"
    before = len(log_file.read_text())
    cache.clear()
    started = time.monotonic()
    for i in range(BURST):
        with transaction.atomic():  # each change in its own transaction, as pages make them
            InteractionFactory(account=world.account, sentiment="negative" if i % 2 else "positive")
    burst = time.monotonic() - started
    account = Account.objects.filter(pk=world.account.pk)
    assert wait_for(
        lambda: not account.get().health_stale and account.get().health_score is not None, 30
    )
    time.sleep(settings.HEALTH_COALESCE_SECONDS + 1)  # anything still scheduled has run
    log = log_file.read_text()[before:]
    runs = sum(
        "recompute_marked_health" in line and "succeeded" in line for line in log.splitlines()
    )
    print(f"\n{BURST} changes in {burst:.1f} s: recomputed {runs} times")
    assert 1 <= runs <= 1 + int(burst / settings.HEALTH_COALESCE_SECONDS) + 1
    expected = health.compute(account)[world.account.pk]
    assert (account.get().health_score, account.get().health_band) == (
        expected.score,
        expected.band,
    )
    worker.terminate()
