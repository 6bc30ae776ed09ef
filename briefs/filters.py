import django_filters
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.filters import names_of, people_on_visible_accounts
from accounts.models import Account
from agency import dates
from agency.lists import ChoiceOfVisible, SortFilter, offer_choices
from agency.models import User

from .models import Brief, ClientRequest


class RequestFilter(django_filters.FilterSet):
    """The inbox's filters. Without a `show` or a status, it shows what is open."""

    SHOW = (
        ("open", _("Open")),
        ("mine", _("Mine")),
        ("new", _("New")),
        ("overdue", _("Overdue")),
        ("unassigned", _("Unassigned")),
        ("all", _("All, closed too")),
    )

    show = django_filters.ChoiceFilter(
        label=_("Show"), choices=SHOW, method="quick", empty_label=None
    )
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    account = ChoiceOfVisible(label=_("Account"), queryset=Account.objects.none())
    owner = ChoiceOfVisible(label=_("Owner"), queryset=User.objects.none())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ClientRequest.Status)
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=ClientRequest.Priority)
    sort = SortFilter(
        label=_("Sort by"),
        fields=(
            ("received_at", "received"),
            ("wanted_by", "wanted"),
            ("priority", "priority"),
            ("status", "status"),
            ("title", "title"),
        ),
        field_labels={
            "received_at": _("Received"),
            "wanted_by": _("Wanted by"),
            "priority": _("Priority"),
            "status": _("Status"),
            "title": _("Title"),
        },
    )

    class Meta:
        model = ClientRequest
        fields = ["show", "q", "account", "owner", "status", "priority"]

    def __init__(self, data=None, *args, user, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("show"):
            # Open requests unless a status asks for others.
            data["show"] = "all" if data.get("status") else "open"
        super().__init__(data, *args, **kwargs)
        self.user = user
        accounts = Account.objects.visible_to(user)
        people = people_on_visible_accounts(user)
        self.filters["account"].queryset = accounts
        self.filters["owner"].queryset = people
        offer_choices(
            self.form,
            "account",
            lambda: accounts.order_by("name").values_list("pk", "name"),
            user=user,
        )
        offer_choices(self.form, "owner", lambda: names_of(people), user=user)

    def quick(self, queryset, name, value):
        if value == "all":
            return queryset
        if value == "mine":
            return queryset.open().filter(owner=self.user)
        if value == "new":
            return queryset.filter(status=ClientRequest.Status.NEW)
        if value == "overdue":
            return queryset.overdue()
        if value == "unassigned":
            return queryset.open().filter(Q(owner=None) | Q(owner__is_active=False))
        return queryset.open()

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(details__icontains=value)
            | Q(contact__name__icontains=value)
        )


class BriefFilter(django_filters.FilterSet):
    """The brief list's filters. Without a `show` or a status, it shows open briefs."""

    SHOW = (
        ("open", _("Open")),
        ("mine", _("Mine")),
        ("all", _("All, closed too")),
    )

    show = django_filters.ChoiceFilter(
        label=_("Show"), choices=SHOW, method="quick", empty_label=None
    )
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    account = ChoiceOfVisible(label=_("Account"), queryset=Account.objects.none())
    owner = ChoiceOfVisible(label=_("Owner"), queryset=User.objects.none())
    planner = ChoiceOfVisible(label=_("Planner"), queryset=User.objects.none())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Brief.Status)
    due_after = django_filters.DateFilter(
        label=_("Final delivery from"),
        field_name="final_delivery",
        lookup_expr="gte",
        widget=dates.date_input(),
        validators=dates.date_validators(),
    )
    due_before = django_filters.DateFilter(
        label=_("Final delivery until"),
        field_name="final_delivery",
        lookup_expr="lte",
        widget=dates.date_input(),
        validators=dates.date_validators(),
    )
    sort = SortFilter(
        label=_("Sort by"),
        fields=(
            ("updated_at", "updated"),
            ("final_delivery", "due"),
            ("status", "status"),
            ("title", "title"),
        ),
        field_labels={
            "updated_at": _("Last change"),
            "final_delivery": _("Final delivery"),
            "status": _("Status"),
            "title": _("Title"),
        },
    )

    class Meta:
        model = Brief
        fields = ["show", "q", "account", "owner", "planner", "status"]

    def __init__(self, data=None, *args, user, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("show"):
            data["show"] = "all" if data.get("status") else "open"
        super().__init__(data, *args, **kwargs)
        self.user = user
        accounts = Account.objects.visible_to(user)
        people = people_on_visible_accounts(user)
        self.filters["account"].queryset = accounts
        self.filters["owner"].queryset = people
        self.filters["planner"].queryset = people
        offer_choices(
            self.form,
            "account",
            lambda: accounts.order_by("name").values_list("pk", "name"),
            user=user,
        )
        offer_choices(self.form, "owner", lambda: names_of(people), user=user)
        offer_choices(
            self.form, "planner", lambda: names_of(people.filter(role=User.Role.PLANNER)), user=user
        )

    def quick(self, queryset, name, value):
        if value == "all":
            return queryset
        if value == "mine":
            return queryset.open().filter(Q(owner=self.user) | Q(planner=self.user))
        return queryset.open()

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(background__icontains=value)
            | Q(proposition__icontains=value)
        )
