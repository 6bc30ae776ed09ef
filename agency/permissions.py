"""Who may do what: every role check in Suits is a rule here.

Rules are answered through Django's permission API by `RoleBackend`, so views use
`PermissionRequiredMixin` or `user.has_perm(...)` and templates `{% if perms.x.y %}`.
A rule is a predicate of the user and, for object-level rules, the object. Whether
a user may *see* the object at all is decided first, by `Account.objects.visible_to`.

The rules have names of their own (`create_`, `edit_`, `log_`, ...), never Django's
model permissions (`add_`, `change_`, `delete_`, `view_`): those belong to the Django
admin, which asks Django's own permissions (granted per user or group) or superuser
status, never the role rules.
"""

from django.conf import settings
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


def _edit_request(user, obj=None):
    # Whoever logged or owns an open request edits it; so do managers and directors.
    if user.role in MANAGERS:
        return True
    return obj is not None and user.pk in (obj.owner_id, obj.logged_by_id)


def _owner_or_manager(user, obj=None):
    # A brief's owner takes its own steps; managers and directors above them may too.
    if user.role in MANAGERS:
        return True
    return obj is not None and obj.owner_id == user.pk


def _submit_brief(user, obj=None):
    # To strategy review, where the brief's planner signs off: only with a planner.
    return _owner_or_manager(user, obj) and (obj is None or obj.planner_id is not None)


def _submit_brief_without_planner(user, obj=None):
    # An account without a planner: the brief goes straight to approval.
    return obj is not None and obj.planner_id is None and _owner_or_manager(user, obj)


def _sign_off_strategy(user, obj=None):
    # Only the brief's planner signs off its strategy.
    return obj is not None and obj.planner_id == user.pk


def _return_strategy(user, obj=None):
    # The planner sends a brief back from strategy review; so may a manager or director,
    # so that a brief whose planner is away or gone is never stuck there.
    return user.role in MANAGERS or _sign_off_strategy(user, obj)


def _approve_brief(user, obj=None):
    # A manager or director approves to creative; never the brief's own owner.
    if user.role not in MANAGERS:
        return False
    return obj is None or obj.owner_id != user.pk


def _edit_brief(user, obj=None):
    # The owner, managers and directors edit a brief; its planner edits the strategy.
    if _owner_or_manager(user, obj):
        return True
    return obj is not None and obj.planner_id == user.pk


def _decides(user, obj, amount):
    # Managers decide money up to the limit, directors above it; nobody their own.
    if user.role not in MANAGERS:
        return False
    if obj is None:
        return True
    if obj.submitted_by_id == user.pk:
        return False
    return user.role == Role.DIRECTOR or amount <= settings.BUDGET_APPROVAL_LIMIT


def _decide_budget(user, obj=None):
    return _decides(user, obj, obj and obj.total)


def _decide_payment(user, obj=None):
    return _decides(user, obj, obj and obj.amount)


# Who drafts budgets and enters invoices on their accounts.
DRAFTERS = frozenset({Role.COORDINATOR, Role.EXECUTIVE, Role.MANAGER})


RULES = {
    "clients.create_client": role_in(MANAGERS),
    "clients.edit_client": role_in(MANAGERS),
    "clients.create_contact": role_in(EVERYONE - {Role.PLANNER}),
    "clients.edit_contact": role_in(EVERYONE - {Role.PLANNER}),
    "accounts.log_interaction": role_in(EVERYONE),
    "accounts.create_account": role_in(MANAGERS),
    "accounts.edit_account": role_in(MANAGERS),
    "accounts.manage_team": role_in(MANAGERS),
    "accounts.draft_budget": role_in(DRAFTERS),
    "accounts.decide_budget": _decide_budget,
    "accounts.submit_payment": role_in(DRAFTERS),
    "accounts.decide_payment": _decide_payment,
    "accounts.record_paid": role_in(MANAGERS),
    "accounts.edit_contract": role_in(MANAGERS),
    "accounts.manage_pipeline": role_in(MANAGERS),
    "accounts.view_health": role_in(MANAGERS),
    "briefs.log_request": role_in(EVERYONE),
    "briefs.edit_request": _edit_request,
    "briefs.triage_request": _triage_request,
    "briefs.create_brief": role_in(EVERYONE - {Role.PLANNER}),
    "briefs.edit_brief": _edit_brief,
    "briefs.submit_brief": _submit_brief,
    "briefs.submit_brief_without_planner": _submit_brief_without_planner,
    "briefs.sign_off_strategy": _sign_off_strategy,
    "briefs.return_strategy": _return_strategy,
    "briefs.manage_deliverables": _owner_or_manager,
    "briefs.approve_brief": _approve_brief,
    "briefs.present_brief": _owner_or_manager,
    "briefs.deliver_brief": _owner_or_manager,
    "briefs.cancel_brief": _owner_or_manager,
    "briefs.log_feedback": role_in(EVERYONE - {Role.PLANNER}),
    "briefs.acknowledge_feedback": _owner_or_manager,
    "briefs.manage_creative_teams": role_in(MANAGERS),
}


class RoleBackend(ModelBackend):
    """Authenticates like Django's ModelBackend and answers the role rules above; every
    other permission (the admin's) is Django's own, as ModelBackend answers it."""

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        rule = RULES.get(perm)
        if rule is not None:
            return rule(user_obj, obj)
        return super().has_perm(user_obj, perm, obj)
