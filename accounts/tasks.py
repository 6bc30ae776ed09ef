from celery import shared_task

from .services import budgets_remind_waiting, contracts_remind_renewal


@shared_task
def remind_waiting_budgets() -> int:
    """Budgets and payments waiting two working days for a decision."""
    return budgets_remind_waiting()


@shared_task
def remind_contract_renewals() -> int:
    return contracts_remind_renewal()
