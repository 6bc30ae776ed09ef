"""Reads with rules for accounts."""

from dataclasses import dataclass
from datetime import datetime

from briefs.models import ClientRequest
from clients.models import Interaction

from .models import Account, AccountMembership


@dataclass
class TimelineItem:
    when: datetime
    kind: str  # "interaction" or "request"
    obj: object


def account_timeline(account: Account, *, limit: int = 30) -> list[TimelineItem]:
    """The account's interactions and requests, newest first, in three queries."""
    interactions = (
        Interaction.objects.filter(account=account)
        .select_related("logged_by")
        .prefetch_related("contacts")
        .order_by("-occurred_at")[:limit]
    )
    requests = (
        ClientRequest.objects.filter(account=account)
        .select_related("logged_by", "contact")
        .order_by("-received_at")[:limit]
    )
    items = [TimelineItem(i.occurred_at, "interaction", i) for i in interactions]
    items += [TimelineItem(r.received_at, "request", r) for r in requests]
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]


def team_history(account: Account, *, limit: int = 10):
    """Who joined, changed role on or left the account's team, newest first."""
    return (
        AccountMembership.history.filter(account_id=account.pk)
        .select_related("history_user", "user")
        .order_by("-history_date")[:limit]
    )
