"""Reads with rules for client requests."""

from accounts.models import Account, AccountMembership
from agency.models import User


class Sight:
    """Who may see which account now, asked once per person for a whole run of a job.

    Recipients are checked when a notification is made, not when the list of them was
    first drawn up: someone taken off an account's team is no longer told about it.
    """

    def __init__(self):
        self._seen: dict[int, set[int] | None] = {}

    def sees(self, person: User, account_id: int) -> bool:
        if not person.is_active:
            return False
        if person.pk not in self._seen:
            self._seen[person.pk] = (
                None
                if person.sees_every_account
                else set(Account.objects.visible_to(person).values_list("pk", flat=True))
            )
        seen = self._seen[person.pk]
        return seen is None or account_id in seen

    def who(self, account_id: int, people) -> list[User]:
        return [person for person in people if self.sees(person, account_id)]


def account_managers(account_id: int) -> list[User]:
    """The account's current managers, who hear about what needs their attention."""
    team = AccountMembership.objects.of(account_id).current().managers()
    return list(team.people())
