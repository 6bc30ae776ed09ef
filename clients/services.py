"""Writes for clients and contacts."""

from django.db import transaction

from agency.edits import lock_for_edit
from agency.models import User

from .models import Client, Contact


@transaction.atomic
def client_save(*, client: Client, by: User, version: str = "") -> Client:
    """Create a client, or save an edit of one (row lock and version check first)."""
    client.refresh_name_key()
    if client.pk is None:
        client.created_by = by
    else:
        lock_for_edit(client, version=version)
    client._history_user = by
    client.save()
    return client


@transaction.atomic
def contact_save(*, contact: Contact, by: User, version: str = "") -> Contact:
    """Create a contact, or save an edit of one (row lock and version check first)."""
    if contact.pk is not None:
        lock_for_edit(contact, version=version)
    contact._history_user = by
    contact.save()
    return contact
