"""Writes for clients, contacts and the relationship log."""

from django.db import transaction

from agency.models import User

from .models import Client, Contact, Interaction, company_name_key


def client_duplicates(*, name: str, exclude: Client | None = None):
    """Clients whose name matches once case, spacing, punctuation and legal form are set aside."""
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


@transaction.atomic
def client_save(*, client: Client, by: User) -> Client:
    """Create or update a client from a validated form's instance."""
    client.refresh_name_key()
    if client.pk is None:
        client.created_by = by
    client._history_user = by
    client.save()
    return client


@transaction.atomic
def contact_save(*, contact: Contact, by: User) -> Contact:
    contact._history_user = by
    contact.save()
    return contact


@transaction.atomic
def interaction_save(*, interaction: Interaction, by: User, staff, contacts) -> Interaction:
    if interaction.pk is None:
        interaction.logged_by = by
    interaction._history_user = by
    interaction.save()
    interaction.staff.set(staff)
    interaction.contacts.set(contacts)
    return interaction
