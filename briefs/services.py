"""Writes for client requests: intake, triage and the reminders about them."""

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Account, AccountMembership
from agency.models import User
from agency.services import notify
from clients.models import Contact

from .models import ClientRequest
from .selectors import account_managers


def request_log(
    *,
    by: User,
    account: Account,
    title: str,
    contact: Contact | None = None,
    channel: str = ClientRequest.Channel.EMAIL,
    details: str = "",
    wanted_by: date | None = None,
    budget_hint: Decimal | None = None,
    priority: str = ClientRequest.Priority.NORMAL,
    intake_token: uuid.UUID | None = None,
) -> ClientRequest:
    """Log a client request; the person who logs it owns it until triage.

    The intake form carries a one-time token: a double submit returns the request the
    first submit made instead of logging a twin.
    """
    request = ClientRequest(
        account=account,
        title=title,
        contact=contact,
        channel=channel,
        details=details,
        wanted_by=wanted_by,
        budget_hint=budget_hint,
        priority=priority,
        intake_token=intake_token,
        logged_by=by,
        owner=by,
    )
    request._history_user = by
    try:
        with transaction.atomic():
            request.save()
            if request.priority == ClientRequest.Priority.HIGH:
                for manager in account_managers(request.account_id):
                    if manager.pk == by.pk:
                        continue
                    notify(
                        recipient=manager,
                        kind="request.high_priority",
                        key=f"request.high_priority:{request.pk}:{manager.pk}",
                        message=gettext_lazy("High-priority request on %(account)s: %(title)s"),
                        params={"account": request.account, "title": request.title},
                        link=request.get_absolute_url(),
                    )
    except IntegrityError:
        if intake_token is None:
            raise
        return ClientRequest.objects.get(intake_token=intake_token)
    return request


def _claim_for_triage(request: ClientRequest, by: User, allowed_from) -> ClientRequest:
    # Lock the row: two people triaging at once must yield one decision.
    locked = ClientRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status not in allowed_from:
        raise ValidationError(
            _("This request is already %(status)s.") % {"status": locked.get_status_display()}
        )
    if not by.has_perm("briefs.triage_clientrequest", locked):
        raise PermissionDenied
    return locked


def _save_triage(request: ClientRequest, by: User, fields: list[str]) -> None:
    request.triaged_by, request.triaged_at = by, timezone.now()
    request._history_user = by
    request.save(update_fields=[*fields, "triaged_by", "triaged_at", "updated_at"])


@transaction.atomic
def request_accept(*, request: ClientRequest, owner: User, by: User) -> ClientRequest:
    request = _claim_for_triage(request, by, {ClientRequest.Status.NEW})
    if not AccountMembership.objects.filter(account_id=request.account_id, user=owner).exists():
        raise ValidationError(_("The owner must be on the account's team."))
    request.status, request.owner = ClientRequest.Status.ACCEPTED, owner
    _save_triage(request, by, ["status", "owner"])
    if owner.pk != by.pk:
        notify(
            recipient=owner,
            kind="request.assigned",
            key=f"request.assigned:{request.pk}:{owner.pk}",
            message=gettext_lazy("%(by)s made you the owner of “%(title)s”"),
            params={"by": by, "title": request.title},
            link=request.get_absolute_url(),
        )
    return request


@transaction.atomic
def request_decline(*, request: ClientRequest, reason: str, by: User) -> ClientRequest:
    if not reason.strip():
        raise ValidationError(_("Say why the request is declined."))
    request = _claim_for_triage(
        request, by, {ClientRequest.Status.NEW, ClientRequest.Status.ACCEPTED}
    )
    request.status, request.decline_reason = ClientRequest.Status.DECLINED, reason.strip()
    _save_triage(request, by, ["status", "decline_reason"])
    return request


@transaction.atomic
def request_complete(*, request: ClientRequest, by: User) -> ClientRequest:
    request = _claim_for_triage(
        request, by, {ClientRequest.Status.ACCEPTED, ClientRequest.Status.NEW}
    )
    request.status = ClientRequest.Status.DONE
    _save_triage(request, by, ["status"])
    return request


def working_days_before(moment: datetime, days: int) -> datetime:
    """The moment `days` working days (Monday to Friday) before `moment`."""
    while days > 0:
        moment -= timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def requests_remind_untriaged(*, now: datetime | None = None, working_days: int = 1) -> int:
    """Remind owners and managers of requests nobody triaged in time; return how many.

    Each request is claimed with a conditional update before anyone is reminded, so a
    run looks only at requests not reminded yet, and two runs at once remind once.
    """
    now = now or timezone.now()
    cutoff = working_days_before(timezone.localtime(now), working_days)
    due = ClientRequest.objects.filter(
        status=ClientRequest.Status.NEW, received_at__lt=cutoff, untriaged_reminded_at=None
    )
    sent = 0
    for request_id in list(due.order_by("received_at").values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            if not due.filter(pk=request_id).update(untriaged_reminded_at=now):
                continue  # triaged or claimed meanwhile
            request = ClientRequest.objects.select_related("account", "owner").get(pk=request_id)
            people = {u.pk: u for u in account_managers(request.account_id)}
            if request.owner is not None and request.owner.is_active:
                people[request.owner.pk] = request.owner
            for person in people.values():
                made = notify(
                    recipient=person,
                    kind="request.untriaged",
                    key=f"request.untriaged:{request.pk}:{person.pk}",
                    message=gettext_lazy("Nobody has triaged “%(title)s” on %(account)s yet"),
                    params={"title": request.title, "account": request.account},
                    link=request.get_absolute_url(),
                )
                sent += made is not None
    return sent
