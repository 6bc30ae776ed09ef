"""Reads with rules for accounts."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, Q, When

from .models import Account, AccountMembership, Interaction


@dataclass
class TimelineItem:
    when: datetime
    kind: str  # "interaction" or "request"
    obj: object


@dataclass
class AccountActivity:
    timeline: list[TimelineItem]
    open_requests: list
    briefs: list


def account_activity(account: Account, *, limit: int = 30, open_limit: int = 20):
    """The account's timeline (interactions and requests, newest first) and its open
    requests (new first), in four queries, each cut to what the page shows.

    Requests belong to the briefs layer, which adds them to the account as
    `account.requests`; this layer reads them through that relation and never imports
    it. (One query for both lists read every open request of a busy account, and
    joined them with every contact.)
    """
    interactions = (
        Interaction.objects.filter(account=account)
        .select_related("logged_by")
        .prefetch_related("contacts")
        .order_by("-occurred_at")[:limit]
    )
    people = ("logged_by", "contact", "owner")
    latest = list(account.requests.select_related(*people).order_by("-received_at", "-pk")[:limit])
    open_requests = list(
        account.requests.open()
        .select_related(*people)
        .order_by("-is_new", "-received_at")[:open_limit]
    )
    items = [TimelineItem(i.occurred_at, "interaction", i) for i in interactions]
    items += [TimelineItem(r.received_at, "request", r) for r in latest]
    items.sort(key=lambda item: item.when, reverse=True)
    # Briefs, open ones first, through the reverse relation the briefs layer adds.
    Brief = Account.briefs.field.model
    briefs = list(
        account.briefs.select_related("owner")
        .annotate(billable_rounds=Count("feedback", filter=Q(feedback__beyond_included=True)))
        .order_by(Case(When(status__in=Brief.OPEN, then=0), default=1), "-updated_at")[:open_limit]
    )
    return AccountActivity(timeline=items[:limit], open_requests=open_requests, briefs=briefs)


def accounts_for_list(user):
    """The accounts `user` sees, with their client and the number of open requests.

    The count comes from the briefs layer's relation (`requests`), as a correlated
    subquery per row of the page.
    """
    return (
        Account.objects.visible_to(user)
        .select_related("client")
        .annotate(open_requests=Account.requests.field.model.objects.open_count_for_account())
        .order_by("name")
    )


def team_history(account: Account, *, limit: int = 10):
    """Who joined, changed role on or left the account's team, newest first."""
    return (
        AccountMembership.history.filter(account_id=account.pk)
        .select_related("history_user", "user")
        .order_by("-history_date")[:limit]
    )
