"""What each role's home page shows: one function per role, on top of every app.

Everything listed goes through `visible_to` when the page is made, so a request of an
account someone has left no longer shows on their home page.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Account, Budget, Contract, HealthBand, Opportunity, Payment
from accounts.selectors import with_budget_left
from agency.models import User
from briefs.models import Brief, BriefVersion, ClientRequest, Deliverable, Feedback

from .dashboard import health_tiles

QUEUE_LENGTH = 10


def _queue(queryset) -> dict:
    """The first items of a queue and how many there are in all."""
    return {"items": list(queryset[:QUEUE_LENGTH]), "total": queryset.count()}


def _desk(user: User) -> dict:
    """What every role's home shows: my accounts, my open requests, the counters."""
    visible = Account.objects.visible_to(user)
    requests = ClientRequest.objects.visible_to(user).select_related("account", "contact", "owner")
    mine = requests.open().filter(owner=user).order_by("wanted_by", "-received_at")
    return {
        "my_accounts": _queue(visible.worked_on_by(user).select_related("client").order_by("name")),
        "my_requests": _queue(mine),
        "account_counts": visible.aggregate(
            total=Count("pk"),
            active=Count("pk", filter=Q(status=Account.Status.ACTIVE)),
            pitch=Count("pk", filter=Q(status=Account.Status.PITCH)),
        ),
    }


def _untriaged(user: User) -> dict:
    return _queue(
        ClientRequest.objects.visible_to(user)
        .filter(status=ClientRequest.Status.NEW)
        .select_related("account", "contact", "owner")
        .order_by("received_at")
    )


def _my_briefs(user: User) -> dict:
    """The executive's briefs, deadlines this week and feedback waiting for them."""
    mine = Brief.objects.visible_to(user).open().filter(owner=user)
    today = timezone.localdate()
    # Due this week, and overdue by up to two weeks (older ones are the managers' to chase).
    deadlines = (
        Deliverable.objects.outstanding()
        .filter(
            brief__in=mine, due_on__range=(today - timedelta(days=14), today + timedelta(days=7))
        )
        .select_related("brief")
        .order_by("due_on", "pk")
    )
    waiting = (
        Feedback.objects.filter(brief__in=mine, acknowledged_at=None)
        .select_related("brief")
        .order_by("received_at")
    )
    return {
        "my_briefs": _queue(
            mine.select_related("account").order_by("final_delivery", "-updated_at", "pk")
        ),
        "deadlines": _queue(deadlines),
        "to_acknowledge": _queue(waiting),
    }


def _awaiting_approval(user: User) -> dict:
    """Briefs waiting for a manager's or director's approval, never their own."""
    return _queue(
        Brief.objects.visible_to(user)
        .filter(status=Brief.Status.AWAITING_APPROVAL)
        .exclude(owner=user)
        .select_related("account", "owner")
        .order_by("updated_at", "pk")
    )


def home_coordinator(user: User) -> dict:
    return {**_desk(user), **_my_briefs(user)}


def home_executive(user: User) -> dict:
    return {**_desk(user), **_my_briefs(user)}


def home_planner(user: User) -> dict:
    """The desk and the briefs waiting for this planner's strategy sign-off."""
    sign_off = (
        Brief.objects.visible_to(user)
        .filter(status=Brief.Status.STRATEGY_REVIEW, planner=user)
        .select_related("account", "owner")
        .order_by("updated_at", "pk")
    )
    return {**_desk(user), "strategy_review": _queue(sign_off)}


def _at_risk(user: User) -> dict:
    """The red and amber accounts the user oversees, worst first."""
    accounts = (
        Account.objects.visible_to(user)
        .filter(health_band__in=(HealthBand.RED, HealthBand.AMBER))
        .select_related("client")
        .worst_first()
    )
    return _queue(accounts)


def _renewals(user: User) -> dict:
    """Contracts in force whose notice deadline falls in the next 90 days, soonest first."""
    today = timezone.localdate()
    contracts = (
        Contract.objects.visible_to(user)
        .current()
        .filter(notice_deadline__range=(today, today + timedelta(days=90)))
        .select_related("account")
        .order_by("notice_deadline", "pk")
    )
    return _queue(contracts)


def home_manager(user: User) -> dict:
    """The desk, what waits for triage, and who in the reporting tree carries what."""
    # One small count per person (an index on owner and status answers it), over the
    # tree's ids read once: a join of the tree with every request would scan them all.
    people = User.objects.filter(pk__in=user.team_ids, is_active=True).exclude(pk=user.pk)
    open_requests = (
        ClientRequest.objects.visible_to(user)
        .open()
        .filter(owner=OuterRef("pk"))
        .order_by()
        .values("owner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    open_briefs = (
        Brief.objects.visible_to(user)
        .open()
        .filter(owner=OuterRef("pk"))
        .order_by()
        .values("owner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    workload = people.annotate(
        open_requests=Coalesce(Subquery(open_requests), 0),
        open_briefs=Coalesce(Subquery(open_briefs), 0),
    ).order_by("-open_requests", "-open_briefs", "first_name", "last_name")
    return {
        **_desk(user),
        "untriaged": _untriaged(user),
        "awaiting_approval": _awaiting_approval(user),
        "team_workload": {"items": list(workload[:QUEUE_LENGTH]), "total": people.count()},
        "at_risk": _at_risk(user),
        "renewals": _renewals(user),
    }


def home_director(user: User) -> dict:
    """The desk, what waits for triage, and the agency's overdue requests."""
    overdue = ClientRequest.objects.visible_to(user).overdue()
    weighted = Opportunity.objects.weighted()
    pipeline = (
        Opportunity.objects.visible_to(user)
        .open()
        .aggregate(open_count=Count("pk"), open_value=Sum("value"), open_weighted=Sum(weighted))
    )
    return {
        **_desk(user),
        "awaiting_approval": _awaiting_approval(user),
        "overdue_count": overdue.count(),
        **health_tiles(user),
        "at_risk": _at_risk(user),
        "above_limit": waiting_budgets(user).count() + waiting_payments(user).count(),
        "pipeline": pipeline,
    }


HOMES = {
    User.Role.COORDINATOR: home_coordinator,
    User.Role.EXECUTIVE: home_executive,
    User.Role.PLANNER: home_planner,
    User.Role.MANAGER: home_manager,
    User.Role.DIRECTOR: home_director,
}


def notifications_of(user: User):
    """The user's notifications, less those about accounts they no longer see: what they
    were told while on a team is not shown once they have left it."""
    notifications = user.notifications.all()
    if user.sees_every_account:
        return notifications
    return notifications.filter(
        Q(account_id=None) | Q(account_id__in=Account.objects.visible_to(user).values("pk"))
    )


APPROVALS_SHOWN = 25


def _within_limit(queryset, user: User, amount: str):
    """A manager's share of waiting money on the accounts they oversee (up to the limit),
    or a director's (above it); never what they submitted themselves."""
    waiting = queryset.visible_to(user).waiting().exclude(submitted_by=user)
    limit = settings.BUDGET_APPROVAL_LIMIT
    if user.role == User.Role.DIRECTOR:
        return waiting.filter(**{f"{amount}__gt": limit})
    if user.role == User.Role.MANAGER:
        return waiting.filter(**{f"{amount}__lte": limit})
    return waiting.none()


def waiting_budgets(user: User):
    """Budgets waiting for `user`'s decision."""
    return _within_limit(Budget.objects, user, "total")


def waiting_payments(user: User):
    """Payments waiting for `user`'s decision."""
    return _within_limit(Payment.objects, user, "amount")


def waiting_briefs(user: User):
    """Briefs waiting for `user`'s approval: never their own, nor a version they submitted."""
    if user.role not in (User.Role.MANAGER, User.Role.DIRECTOR):
        return Brief.objects.none()
    submitted = BriefVersion.objects.filter(
        brief=OuterRef("pk"), number=OuterRef("version"), submitted_by=user
    )
    return (
        Brief.objects.visible_to(user)
        .filter(status=Brief.Status.AWAITING_APPROVAL)
        .exclude(owner=user)
        .exclude(Exists(submitted))
    )


def approvals_of(user: User) -> dict:
    """The approvals queue: everything waiting for the user's decision, oldest first."""
    budgets = (
        waiting_budgets(user)
        .select_related("account__client", "submitted_by")
        .prefetch_related("lines")
        .order_by("submitted_at", "pk")
    )
    payments = with_budget_left(
        waiting_payments(user)
        .select_related("account__client", "submitted_by", "budget")
        .order_by("submitted_at", "pk")
    )
    # Only what the queue shows of a brief: its sections are long texts.
    briefs = (
        waiting_briefs(user)
        .select_related("account", "owner")
        .only("title", "updated_at", "account__name", "owner__first_name", "owner__last_name",
              "owner__username")
        .order_by("updated_at", "pk")
    )  # fmt: skip
    # The oldest first, a screenful at a time: one more tells whether others wait.
    shown = {
        name: list(queryset[: APPROVALS_SHOWN + 1])
        for name, queryset in (("budgets", budgets), ("payments", payments), ("briefs", briefs))
    }
    return {
        **{name: items[:APPROVALS_SHOWN] for name, items in shown.items()},
        "more": any(len(items) > APPROVALS_SHOWN for items in shown.values()),
    }


def approvals_count(user: User) -> int:
    return (
        waiting_budgets(user).count()
        + waiting_payments(user).count()
        + waiting_briefs(user).count()
    )
