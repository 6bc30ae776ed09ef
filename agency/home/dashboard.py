"""The health dashboard: which accounts need me this week, and why.

Everything the user oversees (`visible_to`), worst first: red before amber before green,
and the lowest score first within a band. The tiles come in one query over the same
accounts; the table's page in two (the rows, and their 12-week trends).
"""

from datetime import timedelta

import django_filters
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.filters import names_of, people_on_visible_accounts
from accounts.health import describe_top, week_of
from accounts.models import Account, AccountMembership, Contract, HealthBand, HealthSnapshot
from agency.lists import ChoiceOfVisible, Column, FilteredListView, SortFilter, offer_choices
from agency.models import User
from clients.models import Client

RENEWALS_WITHIN = timedelta(days=60)


def _manager(account_id_ref):
    """The account's primary (or first) manager, as a subquery."""
    return AccountMembership.objects.filter(
        account=account_id_ref, role=User.Role.MANAGER
    ).order_by("-is_primary", "pk")


def health_rows(user):
    """The accounts `user` oversees with what the dashboard shows of each."""
    last_week = week_of(timezone.localdate()) - timedelta(weeks=1)
    manager = _manager(OuterRef("pk"))
    deadline = (
        Contract.objects.current()
        .filter(account=OuterRef("pk"))
        .order_by("-starts_on", "-pk")
        .values("notice_deadline")[:1]
    )
    return (
        Account.objects.visible_to(user)
        .worst_first()
        .select_related("client")
        .annotate(
            manager_id=Subquery(manager.values("user_id")[:1]),
            manager_name=Subquery(
                manager.annotate(
                    full=Concat("user__first_name", Value(" "), "user__last_name")
                ).values("full")[:1]
            ),
            last_week_band=Coalesce(
                Subquery(
                    HealthSnapshot.objects.filter(account=OuterRef("pk"), week=last_week).values(
                        "band"
                    )[:1]
                ),
                Value(""),
            ),
            notice_deadline=Subquery(deadline),
        )
    )


class HealthFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="search", max_length=200)
    manager = ChoiceOfVisible(
        label=gettext_lazy("Manager"), queryset=User.objects.none(), method="by_manager"
    )
    client = ChoiceOfVisible(label=gettext_lazy("Client"), queryset=Client.objects.none())
    band = django_filters.ChoiceFilter(
        label=gettext_lazy("Band"), choices=HealthBand, field_name="health_band"
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=Account.Status)
    changed = django_filters.ChoiceFilter(
        label=gettext_lazy("Band changed this week"),
        choices=[("yes", gettext_lazy("Yes"))],
        method="band_changed",
    )
    sort = SortFilter(
        label=gettext_lazy("Sort by"),
        fields=(
            ("name", "name"),
            ("client__name", "client"),
            ("manager_name", "manager"),
            ("health_score", "score"),
            ("band_rank", "band"),
            ("notice_deadline", "notice"),
        ),
        field_labels={
            "name": gettext_lazy("Account"),
            "client__name": gettext_lazy("Client"),
            "manager_name": gettext_lazy("Manager"),
            "health_score": gettext_lazy("Score"),
            "band_rank": gettext_lazy("Band"),
            "notice_deadline": gettext_lazy("Notice deadline"),
        },
    )

    class Meta:
        model = Account
        fields = ["q", "manager", "client", "band", "status", "changed"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        managers = people_on_visible_accounts(user).filter(role=User.Role.MANAGER)
        clients = Client.objects.visible_to(user)
        self.filters["manager"].queryset = managers
        self.filters["client"].queryset = clients
        offer_choices(self.form, "manager", lambda: names_of(managers), user=user)
        offer_choices(
            self.form,
            "client",
            lambda: clients.order_by("name").values_list("pk", "name"),
            user=user,
        )

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(client__name__icontains=value)
        )

    def by_manager(self, queryset, name, value):
        managed = AccountMembership.objects.filter(user=value, role=User.Role.MANAGER)
        return queryset.filter(pk__in=managed.values("account_id"))

    def band_changed(self, queryset, name, value):
        return queryset.exclude(health_band=F("last_week_band")).exclude(last_week_band="")


# The tiles are kept per user for a minute: they change with the nightly run and with
# single changes, and every page of the dashboard and the director's home shows them.
TILES_TTL = 60


def health_tiles(user) -> dict:
    """The tiles' figures for `user`, read at most once a minute."""
    key = f"health-tiles:{user.pk}"
    figures = cache.get(key)
    if figures is None:
        figures = _figures(user)
        cache.set(key, figures, TILES_TTL)
    bands = []
    for band, label in reversed(HealthBand.choices):  # worst first
        now, before = figures[band], figures[f"{band}_last_week"]
        bands.append({"band": band, "label": label, "count": now, "change": now - before})
    return {"bands": bands, "overdue": figures["overdue"], "renewals": figures["renewals"]}


def _figures(user) -> dict:
    """The counts above the table, in one query over the accounts `user` oversees: each
    band now and last week, accounts with overdue deliverables (kept with their health),
    and notice deadlines within 60 days."""
    today = timezone.localdate()
    last_week = week_of(today) - timedelta(weeks=1)
    # Uncorrelated subqueries: the database reads each once (a hashed set), not once per
    # account.
    snapshots = HealthSnapshot.objects.filter(week=last_week)
    renewals = (
        Contract.objects.current()
        .filter(notice_deadline__range=(today, today + RENEWALS_WITHIN))
        .values("account_id")
    )
    counts = {}
    for band in HealthBand.values:
        counts[band] = Count("pk", filter=Q(health_band=band))
        counts[f"{band}_last_week"] = Count(
            "pk", filter=Q(pk__in=snapshots.filter(band=band).values("account_id"))
        )
    return Account.objects.visible_to(user).aggregate(
        **counts,
        overdue=Count("pk", filter=Q(health_overdue__gt=0)),
        renewals=Count("pk", filter=Q(pk__in=renewals)),
    )


def reasons(account, count=3) -> str:
    return describe_top(account.health_signals or [], count)


class HealthDashboard(FilteredListView):
    filterset_class = HealthFilter
    template_name = "agency/health_dashboard.html"
    csv_name = "account-health"
    paginate_by = 50
    columns = [
        Column(gettext_lazy("Account"), lambda a: a.name, essential=True),
        Column(gettext_lazy("Client"), lambda a: a.client.name),
        Column(gettext_lazy("Manager"), lambda a: a.manager_name or ""),
        Column(gettext_lazy("Score"), lambda a: a.health_score, essential=True, numeric=True),
        Column(gettext_lazy("Band"), lambda a: a.get_health_band_display(), essential=True),
        Column(gettext_lazy("Why"), lambda a: reasons(a)),
        Column(gettext_lazy("Notice deadline"), lambda a: a.notice_deadline),
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("accounts.view_health"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return health_rows(self.request.user)

    def paginate_queryset(self, queryset, page_size):
        """Count and order by ids alone, then read the page's 50 rows with what the table
        shows of them: the per-row subqueries run for 50 accounts, not for all of them."""
        lean = queryset.values_list("pk", flat=True)
        paginator, page, ids, more = super().paginate_queryset(lean, page_size)
        ids = list(ids)
        rows = {account.pk: account for account in queryset.filter(pk__in=ids).order_by()}
        return paginator, page, [rows[pk] for pk in ids if pk in rows], more

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["object_list"])
        for account in page:
            account.reasons = reasons(account)
        context["rows"] = page
        context.update(health_tiles(self.request.user))
        return context
