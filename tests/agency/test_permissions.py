import pytest

from agency.models import User
from agency.permissions import RULES
from tests.factories import UserFactory

Role = User.Role


@pytest.mark.parametrize(
    ("perm", "allowed"),
    [
        ("clients.create_client", {Role.MANAGER, Role.DIRECTOR}),
        ("accounts.create_account", {Role.MANAGER, Role.DIRECTOR}),
        ("accounts.manage_team", {Role.MANAGER, Role.DIRECTOR}),
        ("clients.create_contact", set(Role) - {Role.PLANNER}),
        ("briefs.log_request", set(Role)),
        ("accounts.log_interaction", set(Role)),
    ],
)
def test_role_rules(db, perm, allowed):
    for role in Role:
        assert UserFactory(role=role).has_perm(perm) == (role in allowed), (perm, role)


def test_inactive_users_have_no_permissions(db):
    user = UserFactory(role=Role.DIRECTOR, is_active=False)
    assert not any(user.has_perm(perm) for perm in RULES)
