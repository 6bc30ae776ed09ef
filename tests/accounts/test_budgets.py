"""Budgets: derived totals, the approval rules as a table, revisions, and a race."""

import threading
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from accounts.models import Budget, BudgetLine
from accounts.services import (
    budget_decide,
    budget_line_add,
    budget_revise,
    budget_store_total,
    budget_submit,
    budgets_remind_waiting,
)
from agency.models import Notification
from tests.factories import BudgetFactory, BudgetLineFactory

S = Budget.Status


def _total(budget):
    """Store the budget's total as the line services do, and read it back."""
    budget_store_total(budget)
    return Budget.objects.get(pk=budget.pk).total


def _budget(world, amount, *, by, status=S.SUBMITTED):
    """A budget on the world's account totalling `amount`, submitted by `by`."""
    reason = "Too high" if status == S.REJECTED else ""
    budget = BudgetFactory(account=world.account, created_by=by, submitted_by=by, status=status,
                           reject_reason=reason)  # fmt: skip
    BudgetLineFactory(budget=budget, quantity=1, unit_price=amount)
    budget_store_total(budget)
    budget.refresh_from_db()
    return budget


def test_line_totals_and_the_budget_total_come_from_the_database(world):
    budget = BudgetFactory(account=world.account)
    BudgetLineFactory(budget=budget, quantity=Decimal("12.5"), unit_price=Decimal("120.00"))
    BudgetLineFactory(budget=budget, kind=BudgetLine.Kind.THIRD_PARTY, quantity=1,
                      unit_price=Decimal("8000.00"), markup_percent=Decimal("15"))  # fmt: skip
    totals = sorted(budget.lines.values_list("total", flat=True))
    assert totals == [Decimal("1500.00"), Decimal("9200.00")]
    assert _total(budget) == Decimal("10700.00")


# Who decides: role, amount against the 25,000 limit, own submission or not, status.
# The outcome: "approved", "refused" (PermissionDenied) or "decided" (not waiting).
RULES = [
    ("manager", 12_000, False, S.SUBMITTED, "approved"),
    ("manager", 25_000, False, S.SUBMITTED, "approved"),
    ("manager", 25_000.01, False, S.SUBMITTED, "refused"),
    ("manager", 40_000, False, S.SUBMITTED, "refused"),
    ("manager", 12_000, True, S.SUBMITTED, "refused"),
    ("director", 40_000, False, S.SUBMITTED, "approved"),
    ("director", 12_000, False, S.SUBMITTED, "approved"),
    ("director", 40_000, True, S.SUBMITTED, "refused"),
    ("executive", 12_000, False, S.SUBMITTED, "refused"),
    ("coordinator", 100, False, S.SUBMITTED, "refused"),
    ("planner", 100, False, S.SUBMITTED, "refused"),
    ("manager", 12_000, False, S.DRAFT, "decided"),
    ("manager", 12_000, False, S.APPROVED, "decided"),
    ("director", 40_000, False, S.REJECTED, "decided"),
]  # fmt: skip


@pytest.mark.parametrize(
    "case", RULES, ids=lambda c: f"{c[0]}-{c[1]}-{'own' if c[2] else 'other'}-{c[3]}"
)
def test_the_approval_rules(world, case):
    role, amount, own, status, outcome = case
    decider = world.user(role)
    submitter = decider if own else world.executive
    budget = _budget(world, Decimal(str(amount)), by=submitter, status=status)
    before = Budget.objects.get(pk=budget.pk)
    if outcome == "approved":
        budget_decide(budget=budget, by=decider, approve=True)
        after = Budget.objects.get(pk=budget.pk)
        assert (after.status, after.decided_by) == (S.APPROVED, decider)
        assert Notification.objects.filter(recipient=submitter, kind="budget.approved").exists()
        return
    with pytest.raises(PermissionDenied if outcome == "refused" else ValidationError):
        budget_decide(budget=budget, by=decider, approve=True)
    after = Budget.objects.get(pk=budget.pk)
    assert (after.status, after.decided_by_id, after.updated_at) == (
        before.status,
        None,
        before.updated_at,
    )


def test_rejecting_needs_a_reason_and_tells_the_submitter(world):
    budget = _budget(world, Decimal("5000"), by=world.executive)
    with pytest.raises(ValidationError):
        budget_decide(budget=budget, by=world.manager, approve=False, reason="  ")
    budget_decide(budget=budget, by=world.manager, approve=False, reason="Media too high")
    budget.refresh_from_db()
    assert (budget.status, budget.reject_reason) == (S.REJECTED, "Media too high")
    told = Notification.objects.get(recipient=world.executive, kind="budget.rejected")
    assert "Media too high" in told.message


def test_submitting_tells_the_approvers_within_and_above_the_limit(world):
    small = _budget(world, Decimal("1000"), by=world.executive, status=S.DRAFT)
    large = _budget(world, Decimal("30000"), by=world.executive, status=S.DRAFT)
    budget_submit(budget=small, by=world.executive)
    budget_submit(budget=large, by=world.executive)
    told = set(
        Notification.objects.filter(kind="budget.submitted").values_list(
            "recipient__username", "object_title" if False else "message"
        )
    )
    assert {name for name, _m in told} == {"m", "d"}
    assert any("30,000.00" in m for name, m in told if name == "d")


def test_an_approved_budget_is_locked_and_a_revision_supersedes_it_once_approved(world):
    budget = _budget(world, Decimal("10000"), by=world.executive)
    budget_decide(budget=budget, by=world.manager, approve=True)
    budget.refresh_from_db()
    with pytest.raises(ValidationError):
        budget_line_add(budget=budget, by=world.executive, kind="media", description="More",
                        quantity=1, unit_price=100)  # fmt: skip
    revision = budget_revise(budget=budget, by=world.executive)
    assert budget_revise(budget=budget, by=world.executive) == revision  # one change order
    assert (revision.revision, revision.replaces, revision.status) == (2, budget, S.DRAFT)
    assert revision.lines.count() == 1
    budget_line_add(budget=revision, by=world.executive, kind="media", description="Radio",
                    quantity=2, unit_price=Decimal("1500.50"))  # fmt: skip
    budget_submit(budget=revision, by=world.executive)
    budget_decide(budget=revision, by=world.manager, approve=True)
    budget.refresh_from_db()
    assert budget.status == S.SUPERSEDED
    assert Budget.objects.get(pk=revision.pk).total == Decimal("13001.00")
    assert budget.history.filter(status=S.SUPERSEDED).exists()


def test_an_empty_budget_is_not_submitted(world):
    budget = BudgetFactory(account=world.account, created_by=world.executive)
    with pytest.raises(ValidationError):
        budget_submit(budget=budget, by=world.executive)


@pytest.mark.django_db(transaction=True)
def test_fifty_people_deciding_at_once_give_one_decision(world):
    budget = _budget(world, Decimal("20000"), by=world.executive)
    deciders = [world.manager, world.director] * 25
    outcomes, barrier = [], threading.Barrier(len(deciders))

    def decide(i, person):
        try:
            barrier.wait()
            budget_decide(budget=budget, by=person, approve=i % 2 == 0, reason="No.")
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
    assert outcomes.count("decided") == 1
    assert all("no longer waiting" in o for o in outcomes if o != "decided")
    budget.refresh_from_db()
    assert budget.status in (S.APPROVED, S.REJECTED)
    assert budget.history.exclude(status=S.SUBMITTED).count() == 1
    assert (
        Notification.objects.filter(recipient=world.executive, kind__startswith="budget.").count()
        == 1
    )


def test_the_new_budget_form_costs_the_same_however_many_budgets(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.manager)
    url = f"/accounts/{world.account.pk}/budgets/new/"
    counts = []
    for n in (10, 190):
        BudgetLineFactory.create_batch(n, budget__account=world.account)
        with django_assert_max_num_queries(5) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_approvals_queue_shows_each_decider_their_own(client, world):
    small = _budget(world, Decimal("12000"), by=world.executive)
    large = _budget(world, Decimal("40000"), by=world.executive)
    own = _budget(world, Decimal("1000"), by=world.manager)
    client.force_login(world.manager)
    page = client.get("/approvals/").content.decode()
    assert small.title in page and large.title not in page and own.title not in page
    client.force_login(world.director)
    page = client.get("/approvals/").content.decode()
    assert large.title in page and small.title not in page
    client.force_login(world.other_manager)
    assert small.title not in client.get("/approvals/").content.decode()


def test_one_click_approval_from_the_queue_answers_htmx_with_the_rows_result(client, world):
    budget = _budget(world, Decimal("12000"), by=world.executive)
    client.force_login(world.manager)
    response = client.post(
        f"/budgets/{budget.pk}/approve/", {"next": "/approvals/"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Budget approved." in response.content.decode()
    again = client.post(
        f"/budgets/{budget.pk}/approve/", {"next": "/approvals/"}, HTTP_HX_REQUEST="true"
    )
    assert "no longer waiting" in again.content.decode()
    # Without JavaScript: back to the queue.
    other = _budget(world, Decimal("500"), by=world.executive)
    assert (
        client.post(f"/budgets/{other.pk}/approve/", {"next": "/approvals/"}).url == "/approvals/"
    )


def test_a_forged_approval_of_ones_own_budget_is_refused(client, world):
    own = _budget(world, Decimal("1000"), by=world.manager)
    client.force_login(world.manager)
    page = client.get(f"/budgets/{own.pk}/").content.decode()
    assert 'data-testid="approve-budget"' not in page
    assert client.post(f"/budgets/{own.pk}/approve/").status_code == 403
    assert Budget.objects.get(pk=own.pk).status == S.SUBMITTED


def test_money_is_shown_in_the_readers_format(client, world):
    budget = _budget(world, Decimal("1234.56"), by=world.executive)
    client.force_login(world.executive)
    assert "€1,234.56" in client.get(f"/budgets/{budget.pk}/").content.decode()
    world.executive.language = "de"
    world.executive.save()
    assert "1.234,56\u00a0€" in client.get(f"/budgets/{budget.pk}/").content.decode()


def test_a_budget_waiting_two_working_days_reminds_its_approver_once(world):
    berlin = ZoneInfo("Europe/Berlin")
    budget = _budget(world, Decimal("9000"), by=world.executive)
    Budget.objects.filter(pk=budget.pk).update(
        submitted_at=datetime(2026, 11, 25, 10, 0, tzinfo=berlin)
    )
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=berlin)  # not two working days yet
    assert budgets_remind_waiting(now=friday) == 0
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=berlin)
    assert budgets_remind_waiting(now=monday) == 1
    assert budgets_remind_waiting(now=monday) == 0
    assert Notification.objects.get(kind="budget.waiting").recipient == world.manager


def test_the_queue_shows_the_oldest_screenful_and_says_more_wait(client, world):
    for _ in range(27):
        _budget(world, Decimal("100"), by=world.executive)
    client.force_login(world.manager)
    page = client.get("/approvals/").content.decode()
    assert page.count('data-testid="approval-row"') == 25
    assert "More are waiting" in page
