"""Reads with rules for client requests."""

from accounts.models import Account, AccountMembership
from agency.models import User


def who_still_sees(account_id: int, people) -> list[User]:
    """Those of `people` who may see the account now: recipients are checked when a
    notification is made, not when the list of them was first drawn up."""
    seen = []
    for person in people:
        if person.is_active and Account.objects.visible_to(person).filter(pk=account_id).exists():
            seen.append(person)
    return seen


def account_managers(account_id: int) -> list[User]:
    """The account's current managers, who hear about what needs their attention."""
    team = AccountMembership.objects.of(account_id).current().managers()
    return list(team.people())
