"""One search over what the user may see: clients, contacts, accounts and requests.

Each kind is matched with `icontains`, scoped by `visible_to` and cut to a few rows.
On PostgreSQL trigram indexes on the searched columns (`UPPER(column) gin_trgm_ops`,
made by the apps' migrations) answer the `%word%` matches without reading the tables;
SQLite, the embedded default, runs the same queries without them.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from agency.models import User
from briefs.models import ClientRequest
from clients.models import Client, Contact

PER_KIND = 8
MIN_LENGTH = 2
MAX_LENGTH = 100


@dataclass
class Group:
    kind: str
    title: str
    rows: list = field(default_factory=list)
    more_url: str = ""


def search_everything(user: User, query: str) -> list[Group]:
    """The groups of results for `query`, each at most `PER_KIND` rows, in a fixed order."""
    query = query.strip()
    if len(query) < MIN_LENGTH:
        return []
    clients = (
        Client.objects.visible_to(user)
        .filter(Q(name__icontains=query) | Q(legal_name__icontains=query))
        .order_by("name")
    )
    contacts = (
        Contact.objects.visible_to(user)
        .filter(Q(name__icontains=query) | Q(email__icontains=query))
        .select_related("client")
        .order_by("name")
    )
    accounts = (
        Account.objects.visible_to(user)
        .filter(Q(name__icontains=query) | Q(code__icontains=query))
        .select_related("client")
        .order_by("name")
    )
    requests = (
        ClientRequest.objects.visible_to(user)
        .filter(title__icontains=query)
        .select_related("account")
        .order_by("-received_at")
    )
    q = urlencode({"q": query})
    groups = [
        Group("clients", _("Clients"), list(clients[:PER_KIND]), f"{reverse('clients:client_list')}?{q}"),
        Group("contacts", _("Contacts"), list(contacts[:PER_KIND]), f"{reverse('clients:client_list')}?{q}"),
        Group("accounts", _("Accounts"), list(accounts[:PER_KIND]), f"{reverse('accounts:account_list')}?{q}"),
        Group("requests", _("Requests"), list(requests[:PER_KIND]), f"{reverse('briefs:request_list')}?{q}&show=all"),
    ]  # fmt: skip
    return [group for group in groups if group.rows]
