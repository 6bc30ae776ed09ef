from celery import shared_task

from . import health
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
    return health.recompute_marked()


@shared_task
def nightly_health() -> int:
    """Every account, as time passes; this week's snapshot of each."""
    return health.nightly()
