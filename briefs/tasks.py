from smtplib import SMTPException

from celery import shared_task
from django.conf import settings

from .services import (
    brief_send_to_creative,
    briefs_remind,
    feedback_route,
    feedback_sweep_unrouted,
    requests_remind_untriaged,
    routing_send_email,
)


@shared_task
def remind_untriaged_requests() -> int:
    return requests_remind_untriaged(working_days=settings.REQUEST_TRIAGE_WORKING_DAYS)


@shared_task
def route_feedback(feedback_id: int) -> int:
    # Safe to run twice, or after a worker died mid-task: the service claims its work.
    return feedback_route(feedback_id=feedback_id)


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=settings.NOTIFICATION_EMAIL_MAX_RETRIES,
)
def send_routing_email(routing_id: int) -> bool:
    return routing_send_email(routing_id=routing_id)


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=settings.NOTIFICATION_EMAIL_MAX_RETRIES,
)
def send_brief_to_creative(step_id: int) -> bool:
    return brief_send_to_creative(step_id=step_id)


@shared_task
def sweep_unrouted_feedback() -> int:
    return feedback_sweep_unrouted()


@shared_task
def remind_brief_dates() -> int:
    return briefs_remind()
