"""Writes for accounts, their teams and the relationship log."""

from datetime import datetime, timedelta
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

from .models import (
    Account,
    AccountMembership,
    Budget,
    BudgetLine,
    Contract,
    Interaction,
    Opportunity,
    Payment,
)


@transaction.atomic
def account_save(*, account: Account, by: User, version: str = "", fields=()) -> Account:
    """Create an account (its creator joins the team, so they keep seeing it), or save the
    changed `fields` of one: row lock and version check first (`agency.edits`)."""
    if account.pk is not None:
        lock_for_edit(account, version=version)
        save_edit(account, fields=fields, by=by)
        return account
    account._history_user = by
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as exc:
        if "code" not in str(exc):
            raise
        raise ValidationError({"code": _("Another account has this short code.")}) from exc
    membership = AccountMembership(account=account, user=by, role=by.role, is_primary=True)
    membership._history_user = by
    membership.save()
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


# What a budget's or a payment's decision says, in each one's own words.
BUDGET_TEXTS = {
    "decided": gettext_lazy("This budget is no longer waiting for a decision: it is %(status)s."),
    "own": gettext_lazy("You submitted this budget: someone else decides it."),
    "reason": gettext_lazy("Say why the budget is rejected."),
}
PAYMENT_TEXTS = {
    "decided": gettext_lazy("This payment is no longer waiting for a decision: it is %(status)s."),
    "own": gettext_lazy("You submitted this payment: someone else decides it."),
    "reason": gettext_lazy("Say why the payment is rejected."),
}


def _decide(locked, *, by: User, approve: bool, reason: str, perm: str, texts: dict) -> None:
    """Record the decision on a submitted budget or payment whose row the caller has
    locked: of any number of people deciding at once, the first decides and the others
    find it decided and are told so. Nobody decides their own submission."""
    if locked.status != locked.Status.SUBMITTED:
        raise ValidationError(
            texts["decided"] % {"status": locked.get_status_display()}, code="decided"
        )
    if locked.submitted_by_id == by.pk:
        raise PermissionDenied(texts["own"])
    if not by.has_perm(perm, locked):
        raise PermissionDenied
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": texts["reason"]})
    locked.status = locked.Status.APPROVED if approve else locked.Status.REJECTED
    locked.decided_by, locked.decided_at, locked.reject_reason = by, timezone.now(), reason
    locked._history_user = by
    locked.save(update_fields=["status", "decided_by", "decided_at", "reject_reason", "updated_at"])


def _locked_budget(budget: Budget) -> Budget:
    """The budget's row, locked for the caller's transaction."""
    return (
        Budget.objects.select_for_update(of=("self",))
        .select_related("account", "submitted_by")
        .get(pk=budget.pk)
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


def approvers(account_id: int, amount: Decimal, submitted_by_id: int | None) -> list[User]:
    """Who decides an amount of money on an account (a budget, a payment): the account's
    managers up to the limit, directors above it; never whoever submitted it."""
    if amount <= settings.BUDGET_APPROVAL_LIMIT:
        people = AccountMembership.objects.of(account_id).current().people()
        people = people.filter(role=User.Role.MANAGER)
    else:
        people = User.objects.directors()
    return list(people.exclude(pk=submitted_by_id))


def budget_approvers(budget: Budget) -> list[User]:
    return approvers(budget.account_id, budget.total, budget.submitted_by_id)


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
    _decide(
        locked,
        by=by,
        approve=approve,
        reason=reason,
        perm="accounts.decide_budget",
        texts=BUDGET_TEXTS,
    )
    if approve and locked.replaces_id:
        replaced = Budget.objects.select_for_update(of=("self",)).get(pk=locked.replaces_id)
        replaced.status = Budget.Status.SUPERSEDED
        replaced._history_user = by
        replaced.save(update_fields=["status", "updated_at"])
        # What was drawn on the replaced revision now draws on the one that replaces it.
        for payment in Payment.objects.select_for_update().filter(budget=replaced):
            payment.budget, payment._history_user = locked, by
            payment.save(update_fields=["budget", "updated_at"])
    if locked.submitted_by is not None:
        notify(
            recipient=locked.submitted_by,
            kind="budget.approved" if approve else "budget.rejected",
            target=locked,
            message=gettext_lazy("%(by)s approved the budget “%(title)s”") if approve
            else gettext_lazy("%(by)s rejected the budget “%(title)s”: %(reason)s"),
            reason=gettext_lazy("You submitted it."),
            params={"by": by, "title": locked.title, "reason": locked.reject_reason},
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


def _remind_waiting(model, *, amount: str, kind: str, message, now: datetime) -> int:
    """Remind the approvers of `model` rows (budgets, payments) waiting more than two
    working days, once each.

    Each row is claimed with a conditional update before anyone is reminded, so two runs
    at once remind once. Who is reminded is decided now, by the amount and the team.
    """
    cutoff = working_days_before(timezone.localtime(now), settings.BUDGET_REMIND_WORKING_DAYS)
    due = model.objects.waiting().filter(submitted_at__lt=cutoff, reminded_at=None)
    sent = 0
    for pk in list(due.order_by("submitted_at").values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            if not due.filter(pk=pk).update(reminded_at=now):
                continue  # decided or claimed meanwhile
            item = model.objects.select_related("account").get(pk=pk)
            for person in approvers(item.account_id, getattr(item, amount), item.submitted_by_id):
                if not Account.objects.visible_to(person).filter(pk=item.account_id).exists():
                    continue
                made = notify(
                    recipient=person, kind=kind, target=item, message=message,
                    reason=gettext_lazy("You approve budgets and payments on %(account)s."),
                    params={"title": str(item), "account": item.account},
                )  # fmt: skip
                sent += made is not None
    return sent


def budgets_remind_waiting(*, now: datetime | None = None) -> int:
    """Remind approvers of budgets and payments waiting two working days, once each."""
    now = now or timezone.now()
    return _remind_waiting(
        Budget, amount="total", kind="budget.waiting", now=now,
        message=gettext_lazy("The budget “%(title)s” on %(account)s has waited two working days for your decision"),
    ) + _remind_waiting(
        Payment, amount="amount", kind="payment.waiting", now=now,
        message=gettext_lazy("The invoice %(title)s on %(account)s has waited two working days for your decision"),
    )  # fmt: skip


# --- Payments -----------------------------------------------------------------------


def _locked_payment(payment: Payment) -> Payment:
    return (
        Payment.objects.select_for_update(of=("self",))
        .select_related("account", "submitted_by")
        .get(pk=payment.pk)
    )


@transaction.atomic
def payment_submit(
    *, account: Account, by: User, budget: Budget | None = None, **fields
) -> Payment:
    """Enter an invoice for approval. The same invoice number twice on an account (a
    double submit, say) is refused with a message on the number."""
    if not by.has_perm("accounts.submit_payment"):
        raise PermissionDenied
    if budget is not None:
        # Locked, so that a revision approved meanwhile can't leave it on the old one.
        budget = Budget.objects.select_for_update().filter(pk=budget.pk).first()
        if (
            budget is None
            or budget.account_id != account.pk
            or budget.status != Budget.Status.APPROVED
        ):
            raise ValidationError({"budget": _("Choose an approved budget of this account.")})
    payment = Payment(
        account=account, budget=budget, submitted_by=by, submitted_at=timezone.now(), **fields
    )
    payment._history_user = by
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError as exc:
        if "payment_unique_number" not in str(exc):
            raise
        raise ValidationError(
            {"number": _("An invoice with this number is already entered on this account.")}
        ) from exc
    for person in approvers(account.pk, payment.amount, by.pk):
        notify(
            recipient=person, kind="payment.submitted", target=payment,
            message=gettext_lazy("%(by)s asks you to approve the invoice %(number)s from or to %(counterparty)s (%(amount)s %(currency)s)"),
            reason=gettext_lazy("You approve budgets and payments on %(account)s."),
            params={"by": by, "number": payment.number, "counterparty": payment.counterparty,
                    "amount": payment.amount, "currency": payment.currency, "account": account},
        )  # fmt: skip
    return payment


@transaction.atomic
def payment_decide(*, payment: Payment, by: User, approve: bool, reason: str = "") -> Payment:
    """Approve or reject a submitted payment: like a budget, one decision however many
    people decide at once."""
    locked = _locked_payment(payment)
    _decide(
        locked,
        by=by,
        approve=approve,
        reason=reason,
        perm="accounts.decide_payment",
        texts=PAYMENT_TEXTS,
    )
    if locked.submitted_by is not None:
        notify(
            recipient=locked.submitted_by,
            kind="payment.approved" if approve else "payment.rejected",
            target=locked,
            message=gettext_lazy("%(by)s approved the invoice %(number)s") if approve
            else gettext_lazy("%(by)s rejected the invoice %(number)s: %(reason)s"),
            reason=gettext_lazy("You submitted it."),
            params={"by": by, "number": locked.number, "reason": locked.reject_reason},
        )  # fmt: skip
    return locked


@transaction.atomic
def payment_record_paid(*, payment: Payment, by: User, paid_on) -> Payment:
    """Record that an approved invoice was paid, and when."""
    locked = _locked_payment(payment)
    if not by.has_perm("accounts.record_paid", locked):
        raise PermissionDenied
    if locked.status != Payment.Status.APPROVED:
        raise ValidationError(
            _("Only an approved payment is paid; this one is %(status)s.")
            % {"status": locked.get_status_display()},
            code="not_approved",
        )
    if paid_on < locked.issued_on:
        raise ValidationError({"paid_on": _("It can't be paid before it was issued.")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("Enter the day it was paid: not a future date.")})
    locked.status, locked.paid_on = Payment.Status.PAID, paid_on
    locked._history_user = by
    locked.save(update_fields=["status", "paid_on", "updated_at"])
    return locked


# --- Contracts ----------------------------------------------------------------------


@transaction.atomic
def contract_save(*, contract: Contract, by: User, version: str = "", fields=()) -> Contract:
    """Create a contract, or save the changed `fields` of one (row lock and version check
    first). Its notice deadline follows its end and notice period (`Contract.save`)."""
    if not by.has_perm("accounts.edit_contract", contract):
        raise PermissionDenied
    try:
        with transaction.atomic():
            if contract.pk is None:
                contract._history_user = by
                contract.save()
                return contract
            lock_for_edit(contract, version=version)
            save_edit(contract, fields=fields, by=by)
    except IntegrityError as exc:
        if "contract_unique_title" not in str(exc):
            raise
        raise ValidationError(
            {"title": _("This account already has a contract with this title.")}
        ) from exc
    return contract


# Days before the notice deadline on which the account's managers are reminded; at the
# last one the directors too.
RENEWAL_REMINDER_DAYS = (90, 30, 7)


def contracts_remind_renewal(*, today=None) -> int:
    """Remind of notice deadlines 90, 30 and 7 days ahead, once each, while the renewal
    is undecided.

    The deadline and the threshold are the reminder's occasion: running again reminds
    nobody twice, and a deadline that moves reminds again. A contract found late (made
    10 days before its deadline, say) gets the nearest reminder only.
    """
    today = today or timezone.localdate()
    last = RENEWAL_REMINDER_DAYS[-1]
    due = (
        Contract.objects.active()
        .filter(
            renewal=Contract.Renewal.UNDECIDED,
            notice_deadline__range=(today, today + timedelta(days=RENEWAL_REMINDER_DAYS[0])),
        )
        .select_related("account")
    )
    directors = list(User.objects.directors())
    sent = 0
    for contract in due:
        days_left = (contract.notice_deadline - today).days
        threshold = min(days for days in RENEWAL_REMINDER_DAYS if days_left <= days)
        people = list(
            AccountMembership.objects.of(contract.account_id).current().managers().people()
        )
        if threshold == last:
            people += directors
        for person in {p.pk: p for p in people}.values():
            made = notify(
                recipient=person, kind="contract.notice", target=contract,
                occasion=f"{contract.notice_deadline.isoformat()}:{threshold}",
                message=gettext_lazy("Notice on “%(title)s” (%(account)s) must be given by %(date)s: renew or give notice"),
                reason=gettext_lazy("You manage %(account)s; its renewal is not decided."),
                params={"title": contract.title, "account": contract.account, "date": contract.notice_deadline},
            )  # fmt: skip
            sent += made is not None
    return sent


# --- New business -------------------------------------------------------------------


@transaction.atomic
def opportunity_save(
    *, opportunity: Opportunity, by: User, version: str = "", fields=()
) -> Opportunity:
    """Create an opportunity, or save the changed `fields`. A new stage brings its usual
    probability unless the probability was changed in the same edit."""
    if not by.has_perm("accounts.manage_pipeline", opportunity):
        raise PermissionDenied
    if "stage" in fields and "probability" not in fields:
        opportunity.probability = Opportunity.STAGE_PROBABILITY[opportunity.stage]
        fields = [*fields, "probability"]
    if opportunity.pk is None:
        opportunity._history_user = by
        opportunity.save()
        return opportunity
    lock_for_edit(opportunity, version=version)
    save_edit(opportunity, fields=fields, by=by)
    return opportunity


@transaction.atomic
def opportunity_open_account(*, opportunity: Opportunity, account: Account, by: User) -> Account:
    """Mark the opportunity won and open its account (its owner and `by` on the team);
    a prospect client becomes a client. Winning twice opens the same account."""
    locked = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("client")
        .get(pk=opportunity.pk)
    )
    if not by.has_perm("accounts.manage_pipeline", locked):
        raise PermissionDenied
    if locked.account_id is not None:
        return locked.account
    if locked.stage == Opportunity.Stage.LOST:
        raise ValidationError(_("This opportunity was lost: reopen it before opening an account."))
    account.client = locked.client
    account_save(account=account, by=by)
    owner = locked.owner
    if owner.pk != by.pk and owner.is_active:
        membership_add(account=account, user=owner, role=owner.role, is_primary=False, by=by)
    locked.stage, locked.probability, locked.account = Opportunity.Stage.WON, 100, account
    locked._history_user = by
    locked.save(update_fields=["stage", "probability", "account", "updated_at"])
    client = locked.client
    if client.status == client.Status.PROSPECT:
        client.status = client.Status.ACTIVE
        client._history_user = by
        client.save(update_fields=["status", "updated_at"])
    return account
