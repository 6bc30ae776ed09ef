"""Writes for clients, contacts and the relationship log."""

from django.db import transaction

from agency.models import User

from .models import Client, Contact, Interaction


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
