"""Writes for accounts and their teams."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from agency.models import User

from .models import Account, AccountMembership


@transaction.atomic
def account_save(*, account: Account, by: User) -> Account:
    """Create or update an account; its creator joins the team so they keep seeing it."""
    created = account.pk is None
    account._history_user = by
    account.save()
    if created:
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
