"""Writes for accounts, their teams and the relationship log."""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agency.dates import working_days_before
from agency.edits import lock_for_edit, save_edit
from agency.models import User
from agency.services import notify

from .models import Account, AccountMembership, Budget, BudgetLine, Interaction


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


# --- Budgets ------------------------------------------------------------------------


def _locked_budget(budget: Budget) -> Budget:
    """The budget's row, locked for the caller's transaction."""
    return (
        Budget.objects.select_for_update(of=("self",)).select_related("account").get(pk=budget.pk)
    )


def budget_store_total(budget: Budget) -> None:
    """Store the sum of the budget's line totals on it: the one place that does."""
    lines = BudgetLine.objects.filter(budget=OuterRef("pk")).order_by().values("budget")
    total = Coalesce(Subquery(lines.annotate(sum=Sum("total")).values("sum")), Decimal("0.00"))
    Budget.objects.filter(pk=budget.pk).update(total=total, updated_at=timezone.now())


def _check_draft(budget: Budget, by: User) -> None:
    if not by.has_perm("accounts.draft_budget", budget):
        raise PermissionDenied
    if not budget.is_editable:
        raise ValidationError(
            _("This budget is %(status)s: a change needs a new revision.")
            % {"status": budget.get_status_display()},
            code="locked",
        )


@transaction.atomic
def budget_start(*, account: Account, by: User, title: str, purpose: str = "") -> Budget:
    if not by.has_perm("accounts.draft_budget"):
        raise PermissionDenied
    budget = Budget(account=account, title=title, purpose=purpose, created_by=by)
    budget._history_user = by
    budget.save()
    return budget


@transaction.atomic
def budget_line_add(*, budget: Budget, by: User, kind: str, description: str, quantity: Decimal,
                    unit_price: Decimal, markup_percent: Decimal = Decimal(0)) -> BudgetLine:  # fmt: skip
    locked = _locked_budget(budget)
    _check_draft(locked, by)
    line = BudgetLine(budget=locked, kind=kind, description=description, quantity=quantity,
                      unit_price=unit_price, markup_percent=markup_percent)  # fmt: skip
    line._history_user = by
    line.save()
    budget_store_total(locked)
    return line


@transaction.atomic
def budget_line_remove(*, line: BudgetLine, by: User) -> None:
    locked = _locked_budget(line.budget)
    _check_draft(locked, by)
    line._history_user = by
    line.delete()
    budget_store_total(locked)


def budget_approvers(budget: Budget) -> list[User]:
    """Who decides the budget: the account's managers up to the limit, directors above;
    never whoever submitted it. (`budget` carries its total.)"""
    if budget.total <= settings.BUDGET_APPROVAL_LIMIT:
        people = AccountMembership.objects.of(budget.account_id).current().people()
        people = people.filter(role=User.Role.MANAGER)
    else:
        people = User.objects.filter(role=User.Role.DIRECTOR, is_active=True)
    return list(people.exclude(pk=budget.submitted_by_id))


@transaction.atomic
def budget_submit(*, budget: Budget, by: User) -> Budget:
    locked = _locked_budget(budget)
    _check_draft(locked, by)
    if not locked.lines.exists():
        raise ValidationError(_("Add at least one line before submitting."), code="empty")
    locked.status, locked.submitted_by, locked.submitted_at = (
        Budget.Status.SUBMITTED,
        by,
        timezone.now(),
    )
    locked._history_user = by
    locked.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    for person in budget_approvers(locked):
        notify(
            recipient=person, kind="budget.submitted", target=locked,
            message=gettext_lazy("%(by)s asks you to approve the budget “%(title)s” (%(total)s %(currency)s)"),
            reason=gettext_lazy("You approve budgets on %(account)s."),
            params={"by": by, "title": locked.title, "total": locked.total, "currency": locked.currency,
                    "account": locked.account},
        )  # fmt: skip
    return locked


@transaction.atomic
def budget_decide(*, budget: Budget, by: User, approve: bool, reason: str = "") -> Budget:
    """Approve or reject a submitted budget. The row lock makes any number of people
    deciding at once give one decision: the others find it decided and are told so."""
    locked = _locked_budget(budget)
    if locked.status != Budget.Status.SUBMITTED:
        raise ValidationError(
            _("This budget is no longer waiting for a decision: it is %(status)s.")
            % {"status": locked.get_status_display()},
            code="decided",
        )
    if locked.submitted_by_id == by.pk:
        raise PermissionDenied(_("You submitted this budget: someone else decides it."))
    if not by.has_perm("accounts.decide_budget", locked):
        raise PermissionDenied
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Say why the budget is rejected.")})
    locked.status = Budget.Status.APPROVED if approve else Budget.Status.REJECTED
    locked.decided_by, locked.decided_at, locked.reject_reason = by, timezone.now(), reason
    locked._history_user = by
    locked.save(update_fields=["status", "decided_by", "decided_at", "reject_reason", "updated_at"])
    if approve and locked.replaces_id:
        replaced = Budget.objects.select_for_update(of=("self",)).get(pk=locked.replaces_id)
        replaced.status = Budget.Status.SUPERSEDED
        replaced._history_user = by
        replaced.save(update_fields=["status", "updated_at"])
    if locked.submitted_by is not None:
        notify(
            recipient=locked.submitted_by,
            kind="budget.approved" if approve else "budget.rejected",
            target=locked,
            message=gettext_lazy("%(by)s approved the budget “%(title)s”") if approve
            else gettext_lazy("%(by)s rejected the budget “%(title)s”: %(reason)s"),
            reason=gettext_lazy("You submitted it."),
            params={"by": by, "title": locked.title, "reason": reason},
        )  # fmt: skip
    return locked


@transaction.atomic
def budget_revise(*, budget: Budget, by: User) -> Budget:
    """A change order: a new draft revision of an approved budget, with its lines."""
    locked = _locked_budget(budget)
    if not by.has_perm("accounts.draft_budget", locked):
        raise PermissionDenied
    if locked.status != Budget.Status.APPROVED:
        raise ValidationError(_("Only an approved budget is revised."), code="not_approved")
    existing = Budget.objects.filter(replaces=locked).first()
    if existing is not None:
        return existing
    revision = Budget(
        account=locked.account, title=locked.title, purpose=locked.purpose, revision=locked.revision + 1,
        replaces=locked, created_by=by,
    )  # fmt: skip
    revision._history_user = by
    revision.save()
    BudgetLine.objects.bulk_create(
        BudgetLine(budget=revision, kind=line.kind, description=line.description, quantity=line.quantity,
                   unit_price=line.unit_price, markup_percent=line.markup_percent)
        for line in locked.lines.all()
    )  # fmt: skip
    budget_store_total(revision)
    revision.refresh_from_db(fields=["total", "updated_at"])
    return revision


def budgets_remind_waiting(*, now: datetime | None = None) -> int:
    """Remind the approvers of budgets waiting more than two working days, once each.

    Each budget is claimed with a conditional update before anyone is reminded, so two
    runs at once remind once. Who is reminded is decided now, by the total and the team.
    """
    now = now or timezone.now()
    cutoff = working_days_before(timezone.localtime(now), settings.BUDGET_REMIND_WORKING_DAYS)
    due = Budget.objects.waiting().filter(submitted_at__lt=cutoff, reminded_at=None)
    sent = 0
    for budget_id in list(due.order_by("submitted_at").values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            if not due.filter(pk=budget_id).update(reminded_at=now):
                continue  # decided or claimed meanwhile
            budget = Budget.objects.select_related("account").get(pk=budget_id)
            for person in budget_approvers(budget):
                if not Account.objects.visible_to(person).filter(pk=budget.account_id).exists():
                    continue
                made = notify(
                    recipient=person, kind="budget.waiting", target=budget,
                    message=gettext_lazy("The budget “%(title)s” on %(account)s has waited two working days for your decision"),
                    reason=gettext_lazy("You approve budgets on %(account)s."),
                    params={"title": budget.title, "account": budget.account},
                )  # fmt: skip
                sent += made is not None
    return sent
