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
def send_notification_emails(notification_ids: list[int]) -> None:
    # Each send claims its notification: a retry sends only what did not go out.
    for notification_id in notification_ids:
        notification_send_email(notification_id=notification_id)


@shared_task
def sweep_unsent_notifications() -> int:
    return notifications_sweep_unsent()
