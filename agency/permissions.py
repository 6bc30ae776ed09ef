"""Who may do what: every role check in Suits is a rule here.

Rules are Django permissions answered by `RoleBackend`, so views use
`PermissionRequiredMixin` or `user.has_perm(...)` and templates `{% if perms.x.y %}`.
A rule is a predicate of the user and, for object-level rules, the object. Whether
a user may *see* the object at all is decided first, by `Account.objects.visible_to`.
"""

from django.contrib.auth.backends import ModelBackend

from .models import User

Role = User.Role
EVERYONE = frozenset(Role)
MANAGERS = frozenset({Role.MANAGER, Role.DIRECTOR})


def role_in(roles):
    def rule(user, obj=None):
        return user.role in roles

    return rule


def _triage_request(user, obj=None):
    # The request's owner triages it; so do the managers and directors above it.
    if user.role in MANAGERS:
        return True
    return obj is not None and obj.owner_id == user.pk


RULES = {
    "clients.add_client": role_in(MANAGERS),
    "clients.change_client": role_in(MANAGERS),
    "clients.add_contact": role_in(EVERYONE - {Role.PLANNER}),
    "clients.change_contact": role_in(EVERYONE - {Role.PLANNER}),
    "clients.add_interaction": role_in(EVERYONE),
    "clients.export_client": role_in(EVERYONE),
    "accounts.add_account": role_in(MANAGERS),
    "accounts.change_account": role_in(MANAGERS),
    "accounts.manage_team": role_in(MANAGERS),
    "briefs.add_clientrequest": role_in(EVERYONE),
    "briefs.triage_clientrequest": _triage_request,
}


class RoleBackend(ModelBackend):
    """Authenticates like Django's ModelBackend and answers the role rules above."""

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        rule = RULES.get(perm)
        if rule is not None:
            return rule(user_obj, obj)
        return super().has_perm(user_obj, perm, obj)
