import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agency.lists import ChoiceOfVisible, SortFilter, offer_choices
from agency.models import User
from clients.models import Client

from .models import Account, AccountMembership


def people_on_visible_accounts(user):
    """The active staff on the teams of the accounts `user` sees, and a manager's
    reporting tree (whose workload their home page links to): a filter's choices."""
    if user.sees_every_account:
        return User.objects.filter(is_active=True)
    teams = AccountMembership.objects.current().filter(account__in=Account.objects.visible_to(user))
    people = User.objects.filter(pk__in=teams.values("user_id"))
    if user.role == User.Role.MANAGER:
        people = people | User.objects.filter(pk__in=user.team_ids)
    return people.filter(is_active=True)


def names_of(people):
    """Pairs of id and name, for a filter's choices."""
    people = people.only("pk", "username", "first_name", "last_name")
    return ((person.pk, str(person)) for person in people.order_by(*User._meta.ordering))


class AccountFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Account.Status)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Account.Kind)
    client = ChoiceOfVisible(label=_("Client"), queryset=Client.objects.none())
    member = ChoiceOfVisible(
        label=_("Team member"), queryset=User.objects.none(), field_name="memberships__user"
    )
    sort = SortFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("code", "code"),
            ("client__name", "client"),
            ("status", "status"),
            ("start_date", "start"),
        ),
        field_labels={
            "name": _("Name"),
            "code": _("Code"),
            "client__name": _("Client"),
            "status": _("Status"),
            "start_date": _("Start date"),
        },
    )

    class Meta:
        model = Account
        fields = ["q", "status", "kind", "client", "member"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        clients = Client.objects.visible_to(user)
        people = people_on_visible_accounts(user)
        self.filters["client"].queryset = clients
        self.filters["member"].queryset = people
        offer_choices(
            self.form,
            "client",
            lambda: clients.order_by("name").values_list("pk", "name"),
            user=user,
        )
        offer_choices(self.form, "member", lambda: names_of(people), user=user)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(client__name__icontains=value)
        )
