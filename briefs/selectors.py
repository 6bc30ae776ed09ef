"""Reads with rules for client requests."""

from accounts.models import AccountMembership
from agency.models import User


def account_managers(account_id: int) -> list[User]:
    """The managers on an account's team, who hear about what needs their attention."""
    return [
        m.user
        for m in AccountMembership.objects.filter(
            account_id=account_id, role=User.Role.MANAGER, user__is_active=True
        ).select_related("user")
    ]
