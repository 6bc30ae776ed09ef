"""Reads with rules for clients and contacts."""

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
