from celery import shared_task
from django.conf import settings

from .services import requests_remind_untriaged


@shared_task
def remind_untriaged_requests() -> int:
    return requests_remind_untriaged(working_days=settings.REQUEST_TRIAGE_WORKING_DAYS)
