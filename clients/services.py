"""Writes for clients and contacts."""

from django.db import transaction

from agency.edits import lock_for_edit, save_edit
from agency.models import User

from .models import Client, Contact


@transaction.atomic
def client_save(*, client: Client, by: User, version: str = "", fields=()) -> Client:
    """Create a client, or save the changed `fields` of one: row lock and version check
    first (`agency.edits`)."""
    client.refresh_name_key()
    if client.pk is None:
        client.created_by = by
        client._history_user = by
        client.save()
        return client
    lock_for_edit(client, version=version)
    save_edit(client, fields=[*fields, "name_key"], by=by)
    return client


@transaction.atomic
def contact_save(*, contact: Contact, by: User, version: str = "", fields=()) -> Contact:
    """Create a contact, or save the changed `fields` of one: row lock and version check
    first."""
    if contact.pk is None:
        contact._history_user = by
        contact.save()
        return contact
    lock_for_edit(contact, version=version)
    save_edit(contact, fields=fields, by=by)
    return contact
