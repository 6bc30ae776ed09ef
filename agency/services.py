"""Writes of the agency app: notifications and a user's own preferences."""

import logging
import secrets
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .models import Notification, User

logger = logging.getLogger(__name__)

# The sweep leaves fresh notifications to the task sent on commit, and gives up on
# e-mails that have failed for two days (they stay in the app, marked unsent).
SWEEP_GRACE = timedelta(minutes=2)
SWEEP_GIVE_UP = timedelta(days=2)
# The sweep sends this many e-mails per task: one failing send delays only its batch.
SWEEP_BATCH = 20
# A title or name in a notification is shortened to this many characters.
PARAM_LIMIT = 120


def _text(value) -> str:
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value, 2, use_l10n=True, force_grouping=True)
    return str(value)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def notify(
    *,
    recipient: User,
    kind: str,
    target: Model,
    message: str | Promise,
    params: dict | None = None,
    reason: str | Promise = "",
    occasion: str = "",
) -> Notification | None:
    """Tell `recipient` about `target`, once per kind, target and occasion.

    The key that keeps it to once and the link come from the target itself. `message` and
    `reason` (why this person, in words: routing and reminders need it) are lazily
    translated texts with `%(name)s` placeholders filled from `params`, written in the
    recipient's language. Long names and titles are shortened to fit: a notification
    never stops the change that caused it. The row is written in the caller's
    transaction; the e-mail task is sent only after it commits, so a rolled-back change
    notifies nobody. Returns the new notification, or None if it was sent before.
    """
    key = f"{kind}:{target._meta.label_lower}:{target.pk}:{recipient.pk}"
    if occasion:
        key = f"{key}:{occasion}"
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        # Names, labels and dates in the reader's language and format, too.
        values = {name: _fit(_text(value), PARAM_LIMIT) for name, value in (params or {}).items()}
        text = str(message) % values if values else str(message)
        why = str(reason) % values if values and reason else str(reason)
    fields = Notification._meta
    notification = Notification.objects.create_once(
        recipient=recipient,
        kind=kind,
        key=_fit(key, fields.get_field("key").max_length),
        message=_fit(text, fields.get_field("message").max_length),
        reason=_fit(why, fields.get_field("reason").max_length),
        link=target.get_absolute_url(),
        account_id=getattr(target, "account_id", None),
    )
    if notification is None:
        return None
    _email_after_commit(notification.pk)
    return notification


def _email_after_commit(notification_id: int) -> None:
    """E-mail the notification once the caller's transaction commits.

    The notifications of one transaction go out in one task: routing a round of
    feedback tells three people with one message to the broker, not three. The batch
    belongs to the transaction's list of commit hooks; a new list (after a commit, a
    rollback or a rolled-back savepoint) starts a new batch. An id whose row was rolled
    back is skipped by the task, which finds nothing to send.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        enqueue_notification_emails([notification_id])
        return
    hooks, ids = connection.__dict__.get("suits_email_batch", (None, None))
    if hooks is not connection.run_on_commit:
        ids = []
        transaction.on_commit(partial(enqueue_notification_emails, ids))
        connection.suits_email_batch = (connection.run_on_commit, ids)
    ids.append(notification_id)


def enqueue_notification_emails(notification_ids: list[int]) -> None:
    from .tasks import send_notification_emails  # tasks import this module

    try:
        send_notification_emails.delay(list(notification_ids))
    except Exception:  # the broker is down: the sweep sends them once it is back
        logger.warning(
            "Could not enqueue e-mail for notifications %s", notification_ids, exc_info=True
        )


@transaction.atomic
def notification_send_email(*, notification_id: int) -> bool:
    """E-mail one notification unless it went out already. Return whether it was sent.

    The row lock is the claim: a second task for the same notification skips it while
    the first holds it, and finds it sent afterwards. A failed send rolls back, so the
    retry finds it unsent.
    """
    # Lock only the notification (`of`): the join to the recipient would otherwise lock
    # their user row too, and skip this e-mail while anyone updates that user.
    notification = (
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient")
        .filter(pk=notification_id, emailed_at=None)
        .first()
    )
    if notification is None:
        return False
    recipient = notification.recipient
    if recipient.email:
        with translation.override(recipient.language or settings.LANGUAGE_CODE):
            link = f"{settings.SITE_URL}{notification.get_absolute_url()}"
            send_mail(
                subject=_("[Suits] %(message)s") % {"message": notification.message[:120]},
                message=f"{notification.message}\n\n{link}\n",
                from_email=None,
                recipient_list=[recipient.email],
            )
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


def notifications_sweep_unsent() -> int:
    """Enqueue the e-mails that a broker outage left unsent; return how many."""
    now = timezone.now()
    ids = list(
        Notification.objects.unsent()
        .filter(created_at__lt=now - SWEEP_GRACE, created_at__gte=now - SWEEP_GIVE_UP)
        .values_list("pk", flat=True)[:500]
    )
    for start in range(0, len(ids), SWEEP_BATCH):
        enqueue_notification_emails(ids[start : start + SWEEP_BATCH])
    return len(ids)


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read: the given ones, or all of them."""
    notifications = user.notifications.unread()
    if ids is not None:
        notifications = notifications.filter(pk__in=ids)
    return notifications.update(read_at=timezone.now())


def user_set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def user_new_calendar_token(*, user: User) -> str:
    """Give the user a new secret calendar address; the old one stops working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token
