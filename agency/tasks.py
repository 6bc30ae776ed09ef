from smtplib import SMTPException

from celery import shared_task
from django.conf import settings

from .services import notification_send_email, notifications_sweep_unsent


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=settings.NOTIFICATION_EMAIL_MAX_RETRIES,
)
def send_notification_email(notification_id: int) -> None:
    notification_send_email(notification_id=notification_id)


@shared_task
def sweep_unsent_notifications() -> int:
    return notifications_sweep_unsent()
