from celery import shared_task

from .services import budgets_remind_waiting


@shared_task
def remind_waiting_budgets() -> int:
    return budgets_remind_waiting()
