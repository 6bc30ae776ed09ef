"""Reads with rules for the agency app: what each role's home page shows."""

from django.db.models import Count, Q

from accounts.models import Account, AccountMembership
from agency.models import User
from briefs.models import ClientRequest


def colleagues_of(user: User):
    """The people on the same account teams as `user`, and the user: a filter's short list."""
    shared = AccountMembership.objects.filter(
        account__in=AccountMembership.objects.filter(user=user).values("account_id")
    ).values("user_id")
    return User.objects.filter(Q(pk__in=shared) | Q(pk=user.pk), is_active=True)


def home_context(user: User) -> dict:
    """My accounts, my open requests and what waits for triage: one dict, a few queries."""
    visible = Account.objects.visible_to(user)
    mine = visible.filter(memberships__user=user).select_related("client").order_by("name")
    my_requests = (
        ClientRequest.objects.open()
        .filter(owner=user)
        .select_related("account", "contact", "owner")
        .order_by("wanted_by", "-received_at")
    )
    context = {
        "my_accounts": mine[:12],
        "my_requests": my_requests[:10],
        "my_request_count": my_requests.count(),
        "account_counts": visible.aggregate(
            total=Count("pk"),
            active=Count("pk", filter=Q(status=Account.Status.ACTIVE)),
            pitch=Count("pk", filter=Q(status=Account.Status.PITCH)),
        ),
    }
    if user.role in (User.Role.MANAGER, User.Role.DIRECTOR):
        context["untriaged"] = (
            ClientRequest.objects.visible_to(user)
            .filter(status=ClientRequest.Status.NEW)
            .select_related("account", "contact", "owner")
            .order_by("received_at")[:10]
        )
        context["team_workload"] = (
            user.team_including_self()
            .exclude(pk=user.pk)
            .annotate(
                open_requests=Count(
                    "owned_requests",
                    filter=Q(owned_requests__status__in=ClientRequest.OPEN),
                )
            )
            .order_by("-open_requests")[:10]
            if user.role == User.Role.MANAGER
            else None
        )
    return context
