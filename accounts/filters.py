import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agency.lists import offer_choices
from agency.models import User
from agency.selectors import colleagues_of
from clients.models import Client

from .models import Account


class AccountFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Account.Status)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Account.Kind)
    client = django_filters.ModelChoiceFilter(label=_("Client"), queryset=Client.objects.none())
    member = django_filters.ModelChoiceFilter(
        label=_("Team member"), queryset=User.objects.none(), field_name="memberships__user"
    )
    sort = django_filters.OrderingFilter(
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
        self.filters["client"].queryset = Client.objects.visible_to(user)
        self.filters["member"].queryset = User.objects.filter(is_active=True)
        offer_choices(
            self.form,
            "client",
            Client.objects.filter(accounts__memberships__user=user).distinct().only("pk", "name"),
            selected=self.data.get("client"),
        )
        offer_choices(self.form, "member", colleagues_of(user), selected=self.data.get("member"))

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(client__name__icontains=value)
        )
