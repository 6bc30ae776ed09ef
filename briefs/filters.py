import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from agency.lists import offer_choices
from agency.models import User
from agency.selectors import colleagues_of

from .models import ClientRequest


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    account = django_filters.ModelChoiceFilter(label=_("Account"), queryset=Account.objects.none())
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=User.objects.none())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ClientRequest.Status)
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=ClientRequest.Priority)
    sort = django_filters.OrderingFilter(
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
        fields = ["q", "account", "owner", "status", "priority"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["account"].queryset = Account.objects.visible_to(user)
        self.filters["owner"].queryset = User.objects.filter(is_active=True)
        offer_choices(
            self.form,
            "account",
            Account.objects.filter(memberships__user=user).only("pk", "name"),
            selected=self.data.get("account"),
        )
        offer_choices(self.form, "owner", colleagues_of(user), selected=self.data.get("owner"))

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(details__icontains=value))
