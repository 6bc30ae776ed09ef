import pytest

from agency.models import User
from agency.permissions import RULES
from tests.factories import UserFactory

Role = User.Role


@pytest.mark.parametrize(
    ("perm", "allowed"),
    [
        ("clients.add_client", {Role.MANAGER, Role.DIRECTOR}),
        ("accounts.add_account", {Role.MANAGER, Role.DIRECTOR}),
        ("accounts.manage_team", {Role.MANAGER, Role.DIRECTOR}),
        ("clients.add_contact", set(Role) - {Role.PLANNER}),
        ("briefs.add_clientrequest", set(Role)),
        ("clients.add_interaction", set(Role)),
    ],
)
def test_role_rules(db, perm, allowed):
    for role in Role:
        assert UserFactory(role=role).has_perm(perm) == (role in allowed), (perm, role)


def test_inactive_users_have_no_permissions(db):
    user = UserFactory(role=Role.DIRECTOR, is_active=False)
    assert not any(user.has_perm(perm) for perm in RULES)
