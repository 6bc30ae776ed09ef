"""Payments, contracts and new business: the rules, the race, the reminders, the figures."""

import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from accounts.models import Account, Budget, Contract, Opportunity, Payment
from accounts.selectors import account_money, pipeline_of, with_money
from accounts.services import (
    budget_decide,
    budget_revise,
    budget_store_total,
    budget_submit,
    budgets_remind_waiting,
    contract_save,
    contracts_remind_renewal,
    opportunity_open_account,
    opportunity_save,
    payment_decide,
    payment_record_paid,
    payment_submit,
)
from agency.edits import version_of
from agency.models import Notification
from briefs.services import feedback_log
from clients.models import Client
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    ClientFactory,
    ContractFactory,
    OpportunityFactory,
    PaymentFactory,
)

P = Payment.Status


def _payment(world, amount, *, by, status=P.SUBMITTED, **fields):
    reason = "Wrong rate" if status == P.REJECTED else ""
    paid_on = timezone.localdate() if status == P.PAID else None
    return PaymentFactory(account=world.account, amount=Decimal(str(amount)), submitted_by=by,
                          status=status, reject_reason=reason, paid_on=paid_on, **fields)  # fmt: skip


def _approved_budget(world, amount):
    budget = BudgetFactory(account=world.account, created_by=world.executive)
    BudgetLineFactory(budget=budget, quantity=1, unit_price=amount)
    budget_store_total(budget)
    budget_submit(budget=budget, by=world.executive)
    return budget_decide(budget=budget, by=world.manager, approve=True)


# Who decides a payment: role, amount against the 25,000 limit, own or not, status.
RULES = [
    ("manager", 12_000, False, P.SUBMITTED, "approved"),
    ("manager", 25_000, False, P.SUBMITTED, "approved"),
    ("manager", 25_000.01, False, P.SUBMITTED, "refused"),
    ("manager", 1_000, True, P.SUBMITTED, "refused"),
    ("director", 90_000, False, P.SUBMITTED, "approved"),
    ("director", 90_000, True, P.SUBMITTED, "refused"),
    ("executive", 1_000, False, P.SUBMITTED, "refused"),
    ("coordinator", 1_000, False, P.SUBMITTED, "refused"),
    ("planner", 1_000, False, P.SUBMITTED, "refused"),
    ("manager", 1_000, False, P.APPROVED, "decided"),
    ("director", 1_000, False, P.PAID, "decided"),
    ("manager", 1_000, False, P.REJECTED, "decided"),
]  # fmt: skip


@pytest.mark.parametrize(
    "case", RULES, ids=lambda c: f"{c[0]}-{c[1]}-{'own' if c[2] else 'other'}-{c[3]}"
)
def test_the_payment_approval_rules(world, case):
    role, amount, own, status, outcome = case
    decider = world.user(role)
    submitter = decider if own else world.executive
    payment = _payment(world, amount, by=submitter, status=status)
    before = Payment.objects.get(pk=payment.pk)
    if outcome == "approved":
        payment_decide(payment=payment, by=decider, approve=True)
        after = Payment.objects.get(pk=payment.pk)
        assert (after.status, after.decided_by) == (P.APPROVED, decider)
        assert Notification.objects.filter(recipient=submitter, kind="payment.approved").exists()
        return
    with pytest.raises(PermissionDenied if outcome == "refused" else ValidationError):
        payment_decide(payment=payment, by=decider, approve=True)
    after = Payment.objects.get(pk=payment.pk)
    assert (after.status, after.decided_by_id, after.updated_at) == (
        before.status,
        None,
        before.updated_at,
    )


@pytest.mark.django_db(transaction=True)
def test_fifty_people_deciding_a_payment_at_once_give_one_decision(world):
    payment = _payment(world, 8_000, by=world.executive)
    deciders = [world.manager, world.director] * 25
    outcomes, barrier = [], threading.Barrier(len(deciders))

    def decide(i, person):
        try:
            barrier.wait()
            payment_decide(payment=payment, by=person, approve=i % 2 == 0, reason="No.")
            outcomes.append("decided")
        except (ValidationError, PermissionDenied) as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(i, p)) for i, p in enumerate(deciders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"\n50 deciders: {outcomes.count('decided')} decision, "
          f"{sum('no longer waiting' in o for o in outcomes)} told it was decided")  # fmt: skip
    assert outcomes.count("decided") == 1
    assert all("no longer waiting" in o for o in outcomes if o != "decided")
    payment.refresh_from_db()
    assert payment.status in (P.APPROVED, P.REJECTED)
    assert payment.history.exclude(status=P.SUBMITTED).count() == 1
    told = Notification.objects.filter(recipient=world.executive, kind__startswith="payment.")
    assert told.count() == 1


def test_submitting_a_payment_tells_its_approvers_and_refuses_the_same_number_twice(world):
    fields = {"direction": "supplier", "number": "F-881", "counterparty": "Studio Hamm",
              "amount": Decimal("30000"), "issued_on": timezone.localdate(),
              "due_on": timezone.localdate() + timedelta(days=30)}  # fmt: skip
    payment = payment_submit(account=world.account, by=world.executive, **fields)
    assert payment.status == P.SUBMITTED
    # Above the limit: the directors are asked, not the manager.
    asked = Notification.objects.filter(kind="payment.submitted")
    assert list(asked.values_list("recipient__username", flat=True)) == ["d"]
    with pytest.raises(ValidationError) as refusal:
        payment_submit(account=world.account, by=world.executive, **fields)
    assert "already entered" in str(refusal.value)
    assert Payment.objects.filter(number="F-881").count() == 1


def test_a_payment_draws_only_on_an_approved_budget_of_its_account(world):
    draft = BudgetFactory(account=world.account)
    other = BudgetFactory(account=world.other_account, status=Budget.Status.APPROVED)
    fields = {"direction": "client", "number": "R-1", "counterparty": "Nordlicht", "amount": 10,
              "issued_on": timezone.localdate(), "due_on": timezone.localdate()}  # fmt: skip
    for budget in (draft, other):
        with pytest.raises(ValidationError):
            payment_submit(account=world.account, by=world.executive, budget=budget, **fields)
    assert not Payment.objects.exists()


def test_a_payment_above_what_is_left_of_its_budget_says_so_with_the_figures(client, world):
    budget = _approved_budget(world, 10_000)
    _payment(
        world, 7_000, by=world.executive, status=P.APPROVED, budget=budget, direction="supplier"
    )
    _payment(world, 9_000, by=world.executive, status=P.APPROVED, budget=budget, direction="client")
    over = _payment(world, 4_500, by=world.executive, budget=budget, direction="supplier")
    within = _payment(world, 500, by=world.executive, budget=budget, direction="client")
    client.force_login(world.manager)
    queue = client.get("/approvals/").content.decode()
    warning = "Over budget: €4,500.00 against €3,000.00 left of €10,000.00"
    assert warning in queue
    assert queue.count('data-testid="over-budget"') == 1
    assert warning in client.get(f"/payments/{over.pk}/").content.decode()
    assert "Within budget: €1,000.00 left" in client.get(f"/payments/{within.pk}/").content.decode()


def test_lateness_is_days_past_due_while_unpaid_and_kept_once_paid(client, world):
    today = timezone.localdate()
    late = _payment(world, 100, by=world.executive, status=P.APPROVED,
                    issued_on=today - timedelta(days=40), due_on=today - timedelta(days=12))  # fmt: skip
    assert late.days_late == 12
    payment_record_paid(payment=late, by=world.manager, paid_on=today - timedelta(days=2))
    late.refresh_from_db()
    assert (late.status, late.days_late) == (P.PAID, 10)
    on_time = _payment(world, 100, by=world.executive, status=P.APPROVED)
    assert on_time.days_late == 0
    client.force_login(world.executive)
    page = client.get(f"/accounts/{world.account.pk}/").content.decode()
    assert "paid 10 days late" in page


def test_recording_paid_checks_the_state_and_the_date(world):
    today = timezone.localdate()
    waiting = _payment(world, 100, by=world.executive)
    with pytest.raises(ValidationError):
        payment_record_paid(payment=waiting, by=world.manager, paid_on=today)
    approved = _payment(world, 100, by=world.executive, status=P.APPROVED)
    for day in (approved.issued_on - timedelta(days=1), today + timedelta(days=1)):
        with pytest.raises(ValidationError):
            payment_record_paid(payment=approved, by=world.manager, paid_on=day)
    with pytest.raises(PermissionDenied):
        payment_record_paid(payment=approved, by=world.executive, paid_on=today)
    assert Payment.objects.get(pk=approved.pk).status == P.APPROVED


def test_a_new_revision_takes_over_what_was_drawn_on_the_one_it_replaces(world):
    budget = _approved_budget(world, 10_000)
    invoice = _payment(world, 2_000, by=world.executive, status=P.APPROVED, budget=budget)
    revision = budget_revise(budget=budget, by=world.executive)
    budget_submit(budget=revision, by=world.executive)
    budget_decide(budget=revision, by=world.manager, approve=True)
    invoice.refresh_from_db()
    assert invoice.budget_id == revision.pk
    moved = invoice.history.first()
    assert (moved.budget_id, moved.history_user) == (revision.pk, world.manager)


def test_a_rejected_invoice_may_be_entered_again(world):
    fields = {"direction": "supplier", "number": "DR-5521", "counterparty": "Druckerei Albers",
              "amount": Decimal("8900"), "issued_on": timezone.localdate(), "due_on": timezone.localdate()}  # fmt: skip
    first = payment_submit(account=world.account, by=world.executive, **fields)
    payment_decide(
        payment=first, by=world.manager, approve=False, reason="Budget not approved yet."
    )
    again = payment_submit(account=world.account, by=world.executive, **fields)
    assert again.status == P.SUBMITTED and again.pk != first.pk


def test_a_payment_waiting_two_working_days_reminds_its_approver_once(world):
    berlin = ZoneInfo("Europe/Berlin")
    payment = _payment(world, 900, by=world.executive)
    Payment.objects.filter(pk=payment.pk).update(
        submitted_at=datetime(2026, 11, 25, 10, 0, tzinfo=berlin)
    )
    assert budgets_remind_waiting(now=datetime(2026, 11, 27, 9, 0, tzinfo=berlin)) == 0
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=berlin)
    assert budgets_remind_waiting(now=monday) == 1
    assert budgets_remind_waiting(now=monday) == 0
    assert Notification.objects.get(kind="payment.waiting").recipient == world.manager


def test_the_payment_form_keeps_what_was_typed_and_says_what_is_wrong(client, world):
    client.force_login(world.executive)
    url = f"/accounts/{world.account.pk}/payments/new/"
    typed = {"direction": "client", "number": "RE-77", "counterparty": "Nordlicht Brauerei",
             "amount": "-5", "issued_on": "2026-11-20", "due_on": "2026-11-01"}  # fmt: skip
    page = client.post(url, typed)
    assert page.status_code == 400
    text = page.content.decode()
    assert "This can&#x27;t be negative." in text
    assert "It can&#x27;t be due before it is issued." in text
    assert 'value="RE-77"' in text and 'value="2026-11-01"' in text
    typed.update(amount="1500", due_on="2026-12-20")
    assert client.post(url, typed).status_code == 302
    again = client.post(url, typed)
    assert "already entered" in again.content.decode()
    assert Payment.objects.filter(number="RE-77").count() == 1


# --- Contracts ---------------------------------------------------------------------


def test_the_notice_deadline_follows_the_end_and_the_notice_period(world):
    contract = Contract(account=world.account, title="Retainer 2027", starts_on=date(2027, 1, 1),
                        ends_on=date(2027, 12, 31), notice_days=90)  # fmt: skip
    contract_save(contract=contract, by=world.manager)
    assert Contract.objects.get(pk=contract.pk).notice_deadline == date(2027, 10, 2)
    for field, value, deadline in (("ends_on", date(2028, 6, 30), date(2028, 4, 1)),
                                   ("notice_days", 30, date(2028, 5, 31)),
                                   ("ends_on", None, None)):  # fmt: skip
        contract = Contract.objects.get(pk=contract.pk)
        setattr(contract, field, value)
        contract_save(
            contract=contract, by=world.manager, version=version_of(contract), fields=[field]
        )
        assert Contract.objects.get(pk=contract.pk).notice_deadline == deadline
    assert contract.history.count() == 4
    with pytest.raises(PermissionDenied):
        contract_save(contract=Contract(account=world.account), by=world.executive)


def test_renewal_reminders_fire_once_per_occasion_and_again_when_the_deadline_moves(world):
    today = date(2027, 3, 1)
    contract = ContractFactory(account=world.account, starts_on=date(2026, 1, 1),
                               ends_on=today + timedelta(days=90 + 89), notice_days=90)  # fmt: skip
    kinds = Notification.objects.filter(kind="contract.notice")

    def run(day):
        return contracts_remind_renewal(today=day)

    assert run(today) == 1  # 89 days ahead: the 90-day reminder, to the manager
    assert run(today) == 0 and run(today + timedelta(days=1)) == 0
    assert list(kinds.values_list("recipient__username", flat=True)) == ["m"]
    assert run(today + timedelta(days=59)) == 1  # 30 days ahead
    assert run(today + timedelta(days=82)) == 2  # 7 days ahead: the director too
    assert run(today + timedelta(days=83)) == 0
    assert sorted(kinds.values_list("recipient__username", flat=True)) == ["d", "m", "m", "m"]
    # The deadline moves a month: the reminders start again for the new date.
    contract.ends_on += timedelta(days=30)
    contract.save()
    assert run(today + timedelta(days=83)) == 1  # 36 days ahead of the new one: the 90-day
    # A decided renewal reminds nobody.
    Contract.objects.filter(pk=contract.pk).update(renewal=Contract.Renewal.RENEW)
    assert run(today + timedelta(days=110)) == 0


def test_a_contract_found_late_gets_only_the_nearest_reminder(world):
    today = date(2027, 3, 1)
    ContractFactory(account=world.account, starts_on=date(2026, 1, 1),
                    ends_on=today + timedelta(days=90 + 10), notice_days=90)  # fmt: skip
    assert contracts_remind_renewal(today=today) == 1
    assert "30" in Notification.objects.get(kind="contract.notice").key


def test_only_a_contract_in_force_is_the_accounts_contract(world):
    from accounts.selectors import current_contract, included_rounds

    today = timezone.localdate()
    now = ContractFactory(account=world.account, included_rounds=3)
    ContractFactory(account=world.account, included_rounds=5, starts_on=today + timedelta(days=30),
                    ends_on=today + timedelta(days=400))  # fmt: skip
    assert current_contract(world.account.pk) == now
    assert included_rounds(world.account.pk) == 3
    Contract.objects.filter(pk=now.pk).update(ends_on=today - timedelta(days=1))
    assert current_contract(world.account.pk) is None
    assert included_rounds(world.account.pk) == 2  # the agency's default


def test_a_contract_title_is_entered_once_per_account(world):
    def make():
        contract = Contract(
            account=world.account, title="Retainer 2027", starts_on=date(2027, 1, 1)
        )
        return contract_save(contract=contract, by=world.manager)

    make()
    with pytest.raises(ValidationError) as refusal:
        make()
    assert "already has a contract" in str(refusal.value)


def test_included_revision_rounds_come_from_the_accounts_contract(world, brief):
    from briefs.models import Brief

    ContractFactory(account=world.account, included_rounds=1)
    Brief.objects.filter(pk=brief.pk).update(status=Brief.Status.PRESENTED)
    first = feedback_log(brief=brief, by=world.executive, said="Close.", verdict="minor_changes")
    Brief.objects.filter(pk=brief.pk).update(status=Brief.Status.PRESENTED)
    second = feedback_log(brief=brief, by=world.executive, said="Again.", verdict="minor_changes")
    assert (first.beyond_included, second.beyond_included) == (False, True)


# --- Money on the account page ----------------------------------------------------


def test_the_account_shows_its_money_picture(client, world):
    budget = _approved_budget(world, 10_000)
    _payment(world, 6_000, by=world.executive, status=P.PAID, budget=budget)
    _payment(world, 2_000, by=world.executive, status=P.APPROVED)
    _payment(world, 11_000, by=world.executive, status=P.APPROVED, direction="supplier")
    _payment(world, 99_000, by=world.executive, status=P.REJECTED, direction="supplier")
    money = account_money(with_money(Account.objects.all()).get(pk=world.account.pk))
    assert (money["approved"], money["invoiced"], money["paid"], money["supplier"]) == (
        Decimal("10000.00"), Decimal("8000.00"), Decimal("6000.00"), Decimal("11000.00"),
    )  # fmt: skip
    assert money["over_plan"] and money["overrun"] == Decimal("1000.00")
    client.force_login(world.planner)
    page = client.get(f"/accounts/{world.account.pk}/").content.decode()
    assert "Budget over plan: supplier costs exceed the approved budget by €1,000.00." in page


def test_the_budget_prints_for_the_client_without_the_workings(client, world):
    budget = _approved_budget(world, 12_000)
    client.force_login(world.executive)
    page = client.get(f"/budgets/{budget.pk}/print/").content.decode()
    assert "Estimate: " + budget.title in page and "€12,000.00" in page
    assert "Markup" not in page and "Unit price" not in page


# --- New business ------------------------------------------------------------------


def test_the_pipeline_weighs_each_stage_and_shows_only_the_managers_team(world):
    prospect = ClientFactory(status=Client.Status.PROSPECT)
    OpportunityFactory(
        client=prospect, owner=world.executive, value=100_000, stage="pitch", probability=50
    )
    OpportunityFactory(
        client=prospect, owner=world.manager, value=40_000, stage="pitch", probability=25
    )
    OpportunityFactory(
        client=prospect, owner=world.manager, value=10_000, stage="lead", probability=10
    )
    OpportunityFactory(client=prospect, owner=world.other_executive, value=1_000_000, stage="pitch")
    stages = {s["stage"]: s for s in pipeline_of(world.manager)["stages"]}
    assert (stages["pitch"]["count"], stages["pitch"]["value"], stages["pitch"]["weighted"]) == (
        2, Decimal("140000.00"), Decimal("60000.00"),
    )  # fmt: skip
    assert pipeline_of(world.manager)["open_weighted"] == Decimal("61000.00")
    # Cents survive the weighting (integer division would drop them).
    OpportunityFactory(
        client=prospect, owner=world.manager, value=999, stage="lead", probability=35
    )
    lead = {s["stage"]: s for s in pipeline_of(world.manager)["stages"]}["lead"]
    assert lead["weighted"] == Decimal("1349.65")
    assert {s["stage"]: s["count"] for s in pipeline_of(world.director)["stages"]}["pitch"] == 3


def test_a_new_stage_brings_its_probability_unless_it_was_changed(world):
    opportunity = OpportunityFactory(owner=world.manager, stage="lead", probability=10)
    opportunity.stage = "pitch"
    opportunity_save(
        opportunity=opportunity, by=world.manager, version=version_of(opportunity), fields=["stage"]
    )
    assert Opportunity.objects.get(pk=opportunity.pk).probability == 50
    opportunity.refresh_from_db()
    opportunity.stage, opportunity.probability = "qualified", 45
    opportunity_save(opportunity=opportunity, by=world.manager, version=version_of(opportunity),
                     fields=["stage", "probability"])  # fmt: skip
    assert Opportunity.objects.get(pk=opportunity.pk).probability == 45


def test_won_opens_the_account_once_and_the_prospect_becomes_a_client(client, world):
    prospect = ClientFactory(name="Halbmond Reisen", status=Client.Status.PROSPECT)
    opportunity = OpportunityFactory(client=prospect, owner=world.executive, stage="pitch")
    client.force_login(world.manager)
    response = client.post(f"/opportunities/{opportunity.pk}/won/",
                           {"name": "Halbmond Sommer", "code": "hmr-som", "kind": "project"})  # fmt: skip
    account = Account.objects.get(code="HMR-SOM")
    assert response.url == f"/accounts/{account.pk}/"
    opportunity.refresh_from_db()
    prospect.refresh_from_db()
    assert (opportunity.stage, opportunity.probability, opportunity.account) == (
        "won",
        100,
        account,
    )
    assert prospect.status == Client.Status.ACTIVE
    assert set(account.memberships.values_list("user__username", flat=True)) == {"m", "e"}
    again = opportunity_open_account(opportunity=opportunity, account=Account(name="X", code="X"),
                                     by=world.manager)  # fmt: skip
    assert again == account and Account.objects.filter(client=prospect).count() == 1
    # Won it stays: its account is open.
    data = {"client": prospect.pk, "title": opportunity.title, "value": "100000", "stage": "pitch",
            "owner": world.executive.pk, "version": version_of(opportunity)}  # fmt: skip
    page = client.post(f"/opportunities/{opportunity.pk}/", data)
    assert "it stays won" in page.content.decode()
    assert Opportunity.objects.get(pk=opportunity.pk).stage == "won"
