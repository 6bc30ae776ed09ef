"""Writes for accounts, their teams and the relationship log."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agency.edits import lock_for_edit, save_edit
from agency.models import User

from .models import Account, AccountMembership, Interaction


@transaction.atomic
def account_save(*, account: Account, by: User, version: str = "", fields=()) -> Account:
    """Create an account (its creator joins the team, so they keep seeing it), or save the
    changed `fields` of one: row lock and version check first (`agency.edits`)."""
    if account.pk is not None:
        lock_for_edit(account, version=version)
        save_edit(account, fields=fields, by=by)
        return account
    account._history_user = by
    account.save()
    AccountMembership.objects.create(account=account, user=by, role=by.role, is_primary=True)
    return account


def membership_add(
    *, account: Account, user: User, role: str, is_primary: bool, by: User
) -> AccountMembership:
    try:
        with transaction.atomic():
            membership = AccountMembership(
                account=account, user=user, role=role, is_primary=is_primary
            )
            membership._history_user = by
            membership.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("%(user)s is already on this account's team.") % {"user": user}
        ) from exc
    return membership


@transaction.atomic
def membership_change(*, membership: AccountMembership, role: str, is_primary: bool, by: User):
    membership.role, membership.is_primary = role, is_primary
    membership._history_user = by
    membership.save(update_fields=["role", "is_primary"])
    return membership


@transaction.atomic
def membership_remove(*, membership: AccountMembership, by: User) -> None:
    membership._history_user = by
    membership.delete()


@transaction.atomic
def interaction_save(
    *, interaction: Interaction, by: User, staff, contacts, version: str = "", fields=()
) -> Interaction:
    """Log an interaction, or save the changed `fields` of one (row lock and version check
    first)."""
    if interaction.pk is None:
        interaction.logged_by = by
        interaction._history_user = by
        interaction.save()
    else:
        lock_for_edit(interaction, version=version)
        save_edit(interaction, fields=fields, by=by)
    interaction.staff.set(staff)
    interaction.contacts.set(contacts)
    return interaction
