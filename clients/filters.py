import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agency.lists import SortFilter

from .models import Client


class ClientFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Client.Status)
    industry = django_filters.CharFilter(
        label=_("Industry"), lookup_expr="icontains", max_length=100
    )
    sort = SortFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("industry", "industry"),
            ("status", "status"),
            ("created_at", "created"),
        ),
        field_labels={
            "name": _("Name"),
            "industry": _("Industry"),
            "status": _("Status"),
            "created_at": _("Created"),
        },
    )

    class Meta:
        model = Client
        fields = ["q", "status", "industry"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)

    def search(self, queryset, name, value):
        # A contact's name finds their company too.
        return queryset.filter(
            Q(name__icontains=value)
            | Q(legal_name__icontains=value)
            | Q(pk__in=Client.objects.filter(contacts__name__icontains=value).values("pk"))
        )
