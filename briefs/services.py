"""Writes for client requests: intake, edits, triage and the reminders about them."""

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account, AccountMembership
from agency.edits import lock_for_edit, save_edit
from agency.models import User
from agency.services import notify
from clients.models import Contact

from .models import ClientRequest
from .selectors import Sight, account_managers


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
                        target=request,
                        message=_("High-priority request on %(account)s: %(title)s"),
                        reason=_("You manage %(account)s."),
                        params={"account": request.account, "title": request.title},
                    )
    except IntegrityError:
        if intake_token is None:
            raise
        return ClientRequest.objects.get(intake_token=intake_token)
    return request


@transaction.atomic
def request_edit(*, request: ClientRequest, by: User, version: str, fields) -> ClientRequest:
    """Save the changed `fields` of an open request: row lock and version check first
    (`agency.edits`). Only those columns are written: the reminder job's claim, made
    meanwhile without a new version, stays."""
    lock_for_edit(request, version=version)
    status = ClientRequest.objects.filter(pk=request.pk).values_list("status", flat=True).get()
    if status not in ClientRequest.OPEN:
        raise ValidationError(_("Only open requests can be edited."), code="closed")
    if not by.has_perm("briefs.edit_request", request):
        raise PermissionDenied
    save_edit(request, fields=fields, by=by)
    return request


@transaction.atomic
def request_triage(*, request: ClientRequest, step: str, by: User, **changes) -> ClientRequest:
    """Take one triage step (`ClientRequest.TRIAGE`): accept, decline or done.

    The row lock makes two people triaging at once yield one decision: the second finds
    the step no longer allowed.
    """
    locked = ClientRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    taken = ClientRequest.TRIAGE.check(
        step, locked.status, status_label=locked.get_status_display()
    )
    if not by.has_perm(taken.rule, locked):
        raise PermissionDenied
    owner = changes.get("owner")
    if owner is not None:
        team = AccountMembership.objects.of(locked.account_id).current()
        if not team.filter(user=owner).exists():
            raise ValidationError(_("The owner must be on the account's team."))
        locked.owner = owner
    if step == "decline":
        locked.decline_reason = changes["reason"].strip()
    locked.status = taken.target
    locked.triaged_by, locked.triaged_at = by, timezone.now()
    locked._history_user = by
    locked.save(
        update_fields=[
            "status", "owner", "decline_reason", "triaged_by", "triaged_at", "updated_at"
        ]
    )  # fmt: skip
    if owner is not None and owner.pk != by.pk:
        notify(
            recipient=owner,
            kind="request.assigned",
            target=locked,
            message=_("%(by)s made you the owner of “%(title)s”"),
            reason=_("You are the request's new owner."),
            params={"by": by, "title": locked.title},
        )
    return locked


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
    run looks only at requests not reminded yet, and two runs at once remind once. Who
    is reminded is decided now: an owner taken off the account's team is not.
    """
    now = now or timezone.now()
    cutoff = working_days_before(timezone.localtime(now), working_days)
    due = ClientRequest.objects.filter(
        status=ClientRequest.Status.NEW, received_at__lt=cutoff, untriaged_reminded_at=None
    )
    sent, sight = 0, Sight()
    for request_id in list(due.order_by("received_at").values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            if not due.filter(pk=request_id).update(untriaged_reminded_at=now):
                continue  # triaged or claimed meanwhile
            request = ClientRequest.objects.select_related("account", "owner").get(pk=request_id)
            people = {u.pk: u for u in account_managers(request.account_id)}
            if request.owner is not None:
                people[request.owner.pk] = request.owner
            for person in sight.who(request.account_id, people.values()):
                made = notify(
                    recipient=person,
                    kind="request.untriaged",
                    target=request,
                    message=_("Nobody has triaged “%(title)s” on %(account)s yet"),
                    reason=_("It has waited more than a working day for triage."),
                    params={"title": request.title, "account": request.account},
                )
                sent += made is not None
    return sent
