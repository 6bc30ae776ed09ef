"""Writes for client requests: intake, triage and the reminders about them."""

import uuid
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccountMembership
from agency.models import User
from agency.services import notify

from .models import ClientRequest


def account_managers(account_id: int) -> list[User]:
    """The managers on an account's team, who hear about what needs their attention."""
    return [
        m.user
        for m in AccountMembership.objects.filter(
            account_id=account_id, role=User.Role.MANAGER, user__is_active=True
        ).select_related("user")
    ]


def request_log(*, by: User, intake_token: uuid.UUID | None = None, **fields) -> ClientRequest:
    """Log a client request with the intake form's fields; the logger owns it until triage.

    The form carries a one-time token: a double submit returns the request the first
    submit made instead of logging a twin.
    """
    request = ClientRequest(**fields, intake_token=intake_token, logged_by=by, owner=by)
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
                        message=_("High-priority request on %(account)s: %(title)s")
                        % {"account": request.account, "title": request.title},
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
            message=_("%(by)s made you the owner of “%(title)s”")
            % {"by": by, "title": request.title},
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
    """Remind owners and managers of requests nobody triaged in time; each person once.

    Safe to run as often as the beat likes: the notification key makes each reminder
    happen once per request and person.
    """
    now = now or timezone.now()
    cutoff = working_days_before(timezone.localtime(now), working_days)
    overdue = (
        ClientRequest.objects.filter(status=ClientRequest.Status.NEW, received_at__lt=cutoff)
        .select_related("account", "owner")
        .order_by("received_at")
    )
    sent = 0
    for request in overdue.iterator(chunk_size=200):
        people = {u.pk: u for u in account_managers(request.account_id)}
        if request.owner is not None:
            people[request.owner.pk] = request.owner
        for person in people.values():
            with transaction.atomic():
                made = notify(
                    recipient=person,
                    kind="request.untriaged",
                    key=f"request.untriaged:{request.pk}:{person.pk}",
                    message=_("Nobody has triaged “%(title)s” on %(account)s yet")
                    % {"title": request.title, "account": request.account},
                    link=request.get_absolute_url(),
                )
            sent += made is not None
    return sent
