"""Reads with rules for accounts."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from .models import (
    Account,
    AccountMembership,
    Budget,
    Contract,
    Interaction,
    Opportunity,
    Payment,
)


@dataclass
class TimelineItem:
    when: datetime
    kind: str  # "interaction" or "request"
    obj: object


@dataclass
class AccountActivity:
    open_requests: list
    briefs: list


def account_activity(account: Account, *, open_limit: int = 20) -> AccountActivity:
    """The account's open requests (new first) and its briefs (open ones first), each cut
    to what the page shows.

    Requests and briefs belong to the briefs layer, which adds them to the account as
    `account.requests` and `account.briefs`; this layer reads them through those
    relations and never imports it.
    """
    people = ("logged_by", "contact", "owner")
    open_requests = list(
        account.requests.open()
        .select_related(*people)
        .order_by("-is_new", "-received_at")[:open_limit]
    )
    Brief = Account.briefs.field.model
    briefs = list(
        account.briefs.select_related("owner")
        .annotate(billable_rounds=Count("feedback", filter=Q(feedback__beyond_included=True)))
        .order_by(Case(When(status__in=Brief.OPEN, then=0), default=1), "-updated_at")[:open_limit]
    )
    return AccountActivity(open_requests=open_requests, briefs=briefs)


def account_timeline(account: Account, *, limit: int = 30) -> list[TimelineItem]:
    """The account's relationship log: interactions and requests, newest first, in three
    queries. (One query for open requests and the log together read every open request
    of a busy account, and joined them with every contact.)"""
    interactions = (
        Interaction.objects.filter(account=account)
        .select_related("logged_by")
        .prefetch_related("contacts")
        .order_by("-occurred_at")[:limit]
    )
    people = ("logged_by", "contact", "owner")
    latest = list(account.requests.select_related(*people).order_by("-received_at", "-pk")[:limit])
    items = [TimelineItem(i.occurred_at, "interaction", i) for i in interactions]
    items += [TimelineItem(r.received_at, "request", r) for r in latest]
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]


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


# --- Money ---------------------------------------------------------------------------

ZERO = Decimal("0.00")


def with_budget_left(payments):
    """Annotate each payment with `budget_left`: what its budget has left in the payment's
    direction, after every other approved or paid invoice drawing on it (None without a
    budget). A payment above it is over budget."""
    others = (
        Payment.objects.drawing()
        .filter(budget=OuterRef("budget"), direction=OuterRef("direction"))
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values("budget")
        .annotate(drawn=Sum("amount"))
        .values("drawn")
    )
    drawn = Coalesce(Subquery(others, output_field=DecimalField()), ZERO)
    return payments.annotate(budget_left=F("budget__total") - drawn)


def _total(queryset, field):
    """The sum of `field` over `queryset`'s rows of the outer account, as a subquery."""
    rows = queryset.filter(account=OuterRef("pk")).order_by().values("account")
    return Coalesce(
        Subquery(rows.annotate(sum=Sum(field)).values("sum"), output_field=DecimalField()), ZERO
    )


def with_money(accounts):
    """Annotate each account with its money figures, in the query that reads it: the
    approved and the waiting budget, what was invoiced to the client and paid, and the
    supplier costs."""
    drawing = (Payment.Status.APPROVED, Payment.Status.PAID)
    client = Payment.objects.filter(direction=Payment.Direction.CLIENT)
    return accounts.annotate(
        money_approved=_total(Budget.objects.filter(status=Budget.Status.APPROVED), "total"),
        money_waiting=_total(Budget.objects.filter(status=Budget.Status.SUBMITTED), "total"),
        money_invoiced=_total(client.filter(status__in=drawing), "amount"),
        money_paid=_total(client.filter(status=Payment.Status.PAID), "amount"),
        money_supplier=_total(
            Payment.objects.filter(direction=Payment.Direction.SUPPLIER, status__in=drawing),
            "amount",
        ),
    )


def account_money(account: Account) -> dict:
    """The money picture of an account read `with_money`: its figures, what is
    outstanding, and whether supplier costs run over the approved budget."""
    approved, supplier = account.money_approved, account.money_supplier
    return {
        "approved": approved,
        "waiting": account.money_waiting,
        "invoiced": account.money_invoiced,
        "paid": account.money_paid,
        "supplier": supplier,
        "outstanding": account.money_invoiced - account.money_paid,
        "overrun": max(supplier - approved, ZERO),
        "over_plan": supplier > approved,
        "supplier_share": round(supplier * 100 / approved) if approved else None,
    }


def current_contract(account_id: int) -> Contract | None:
    """The contract the account works under now: the active one that started last."""
    return (
        Contract.objects.current()
        .filter(account_id=account_id)
        .order_by("-starts_on", "-pk")
        .first()
    )


def included_rounds(account_id: int) -> int:
    """The revision rounds included per job on the account: its current contract's, or
    the agency's default without one."""
    rounds = (
        Contract.objects.current()
        .filter(account_id=account_id)
        .order_by("-starts_on", "-pk")
        .values_list("included_rounds", flat=True)
        .first()
    )
    return settings.BRIEF_INCLUDED_ROUNDS if rounds is None else rounds


# The pipeline shows each stage's first opportunities (by expected close); the
# stage's count and values cover all of them.
PIPELINE_SHOWN = 25
OPEN_STAGES = (Opportunity.Stage.LEAD, Opportunity.Stage.QUALIFIED, Opportunity.Stage.PITCH)
# Won and lost opportunities stay on the board for a quarter after they closed.
CLOSED_SHOWN_FOR = timedelta(days=90)


def pipeline_of(user) -> dict:
    """The opportunities `user` sees, by stage: each stage with its count, value and value
    weighted by probability, and its first opportunities. Two queries, however many."""
    visible = Opportunity.objects.visible_to(user).filter(
        Q(stage__in=OPEN_STAGES) | Q(updated_at__gte=timezone.now() - CLOSED_SHOWN_FOR)
    )
    weighted = Opportunity.objects.weighted()
    totals = {
        row["stage"]: row
        for row in visible.order_by()
        .values("stage")
        .annotate(count=Count("pk"), sum_value=Sum("value"), sum_weighted=Sum(weighted))
    }
    place = Window(
        RowNumber(),
        partition_by=F("stage"),
        order_by=(F("expected_close").asc(nulls_last=True), F("pk").asc()),
    )
    shown = (
        visible.select_related("client", "owner")
        .annotate(place=place, weighted=weighted)
        .filter(place__lte=PIPELINE_SHOWN)
        .order_by("place")
    )
    items = {stage: [] for stage in Opportunity.Stage.values}
    for opportunity in shown:
        items[opportunity.stage].append(opportunity)
    stages = []
    for stage, label in Opportunity.Stage.choices:
        row = totals.get(stage, {})
        stages.append({
            "stage": stage, "label": label, "items": items[stage], "count": row.get("count", 0),
            "value": row.get("sum_value") or ZERO, "weighted": row.get("sum_weighted") or ZERO,
        })  # fmt: skip
    open_stages = [s for s in stages if s["stage"] in OPEN_STAGES]
    return {
        "stages": stages,
        "open_value": sum((s["value"] for s in open_stages), ZERO),
        "open_weighted": sum((s["weighted"] for s in open_stages), ZERO),
        "shown_per_stage": PIPELINE_SHOWN,
    }
