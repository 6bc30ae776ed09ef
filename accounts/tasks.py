from celery import shared_task
from django.conf import settings

from . import health
from .models import Account
from .services import budgets_remind_waiting, contracts_remind_renewal


@shared_task
def remind_waiting_budgets() -> int:
    """Budgets and payments waiting two working days for a decision."""
    return budgets_remind_waiting()


@shared_task
def remind_contract_renewals() -> int:
    return contracts_remind_renewal()


@shared_task
def recompute_marked_health() -> int:
    """The accounts whose health inputs changed since the last run (`health.mark`)."""
    from django.core.cache import cache

    cache.delete("accounts:health:scheduled")  # marks from now on schedule the next run
    done = health.recompute_marked()
    # A change that committed while this run held its rows: run again for it.
    if Account.objects.filter(health_stale=True).exists():
        recompute_marked_health.apply_async(countdown=settings.HEALTH_COALESCE_SECONDS)
    return done


@shared_task
def nightly_health() -> int:
    """Every account, as time passes; this week's snapshot of each."""
    return health.nightly()
