"""Reads with rules for accounts."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from briefs.models import ClientRequest
from clients.models import Interaction

from .models import Account, AccountMembership


@dataclass
class TimelineItem:
    when: datetime
    kind: str  # "interaction" or "request"
    obj: object


@dataclass
class AccountActivity:
    timeline: list[TimelineItem]
    open_requests: list[ClientRequest]


def account_activity(account: Account, *, limit: int = 30, open_limit: int = 20):
    """The account's timeline (interactions and requests, newest first) and its open
    requests (new first), in three queries.

    One query reads the requests for both: the latest `limit` and every open one. The
    first `limit` of them by date are then exactly the latest.
    """
    interactions = (
        Interaction.objects.filter(account=account)
        .select_related("logged_by")
        .prefetch_related("contacts")
        .order_by("-occurred_at")[:limit]
    )
    account_requests = ClientRequest.objects.filter(account=account)
    latest = account_requests.order_by("-received_at").values("pk")[:limit]
    requests = list(
        account_requests.filter(Q(pk__in=latest) | Q(status__in=ClientRequest.OPEN))
        .select_related("logged_by", "contact", "owner")
        .order_by("-received_at", "-pk")
    )
    items = [TimelineItem(i.occurred_at, "interaction", i) for i in interactions]
    items += [TimelineItem(r.received_at, "request", r) for r in requests[:limit]]
    items.sort(key=lambda item: item.when, reverse=True)
    open_requests = sorted(
        (r for r in requests if r.is_open), key=lambda r: r.status != ClientRequest.Status.NEW
    )
    return AccountActivity(timeline=items[:limit], open_requests=open_requests[:open_limit])


def team_history(account: Account, *, limit: int = 10):
    """Who joined, changed role on or left the account's team, newest first."""
    return (
        AccountMembership.history.filter(account_id=account.pk)
        .select_related("history_user", "user")
        .order_by("-history_date")[:limit]
    )
