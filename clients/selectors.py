"""Reads with rules for clients and contacts."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Client, Contact, company_name_key


def client_duplicates(*, name: str, exclude: Client | None = None):
    """Clients whose name matches once case, spacing, punctuation and legal form are set
    aside. All of them, visible or not: the caller shows only what the user may see."""
    twins = Client.objects.filter(name_key=company_name_key(name))
    if exclude is not None and exclude.pk:
        twins = twins.exclude(pk=exclude.pk)
    return twins


def contact_duplicates(*, email: str, exclude: Contact | None = None):
    """Contacts with this e-mail address, whatever its case."""
    if not email:
        return Contact.objects.none()
    twins = Contact.objects.filter(email__iexact=email).select_related("client")
    if exclude is not None and exclude.pk:
        twins = twins.exclude(pk=exclude.pk)
    return twins


def clients_for_list(user):
    """The clients `user` sees, each with the number of its accounts they see.

    The count follows the visibility rule (`User.sees_accounts_of`) from the client to
    its accounts' teams, in one correlated subquery per row of the page.
    """
    accounts = Client.objects.filter(pk=OuterRef("pk"))
    if not user.sees_every_account:
        accounts = accounts.filter(accounts__memberships__user__in=user.sees_accounts_of)
    counts = accounts.values("pk").annotate(n=Count("accounts", distinct=True)).values("n")
    return (
        Client.objects.visible_to(user)
        .annotate(account_count=Coalesce(Subquery(counts), 0))
        .order_by("name")
    )
