"""The demo agency's briefs: every state shows, the steps add up, each demo role finds
work waiting, and nothing is left for the jobs to e-mail when the demo starts."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Budget, BudgetLine, Contract, Opportunity, Payment
from accounts.selectors import with_budget_left
from accounts.services import budgets_remind_waiting
from agency.models import Notification, User
from briefs.models import (
    Brief,
    BriefStep,
    BriefVersion,
    CreativeTeam,
    Deliverable,
    Feedback,
    FeedbackRouting,
)
from briefs.services import feedback_log, feedback_sweep_unrouted

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0)


def test_every_brief_status_occurs(demo):
    assert set(Brief.objects.values_list("status", flat=True)) == set(Brief.Status.values)
    cancelled = Brief.objects.filter(status=Brief.Status.CANCELLED)
    assert not cancelled.filter(cancel_reason="").exists()


def test_a_negative_third_round_goes_beyond_the_included_rounds(demo):
    third = Feedback.objects.get(
        round=3,
        sentiment=Feedback.Sentiment.NEGATIVE,
        verdict__in=[Feedback.Verdict.MAJOR_CHANGES, Feedback.Verdict.REJECTED],
    )
    assert third.beyond_included
    assert third.acknowledged_at is None
    to_manager = third.routings.get(user__username="manager")
    assert {"third_round", "beyond_included"} <= set(to_manager.reasons)
    assert set(Feedback.objects.values_list("sentiment", flat=True)) == set(
        Feedback.Sentiment.values
    )


def test_each_brief_took_its_steps_in_order(demo):
    now = timezone.now()
    for brief in Brief.objects.all():
        # A feedback round is itself the record of the step its verdict took.
        moves = [(s.at, s.from_status, s.to_status) for s in brief.steps.all()] + [
            (
                f.received_at,
                "presented",
                "client_approved" if f.verdict == "approved" else "revisions",
            )
            for f in brief.feedback.all()
        ]
        moves.sort()
        assert moves[0][1] == ""
        assert all(a[2] == b[1] for a, b in pairwise(moves))
        assert moves[-1][2] == brief.status
        assert moves[-1][0] < now
        rounds = list(brief.feedback.order_by("round").values_list("round", flat=True))
        assert rounds == list(range(1, brief.feedback_rounds + 1))
        numbers = list(brief.versions.order_by("number").values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
        assert not numbers or numbers[-1] == brief.version
        assert brief.first_presentation <= brief.final_delivery
    changed = Brief.objects.get(version=2, steps__step="revise")
    assert changed.versions.count() == 2


def test_each_demo_role_finds_work_waiting(demo):
    today = timezone.localdate()
    assert Brief.objects.filter(status="strategy_review", planner__username="planner").exists()
    assert (
        Brief.objects.filter(
            status="awaiting_approval", account__memberships__user__username="manager"
        )
        .exclude(owner__username="manager")
        .exists()
    )
    executive = Brief.objects.open().filter(owner__username="executive")
    assert executive.count() >= 3
    assert (
        Deliverable.objects.outstanding()
        .filter(brief__in=executive, due_on__range=(today, today + timedelta(days=7)))
        .exists()
    )
    assert Feedback.objects.filter(brief__in=executive, acknowledged_at=None).exists()
    overdue = Deliverable.objects.outstanding().filter(
        due_on__lt=today, brief__status__in=Brief.OPEN
    )
    assert overdue.count() == 1
    delivered = Deliverable.objects.filter(brief__status=Brief.Status.DELIVERED)
    assert delivered.exists() and not delivered.outstanding().exists()


def test_nothing_waits_to_be_sent_and_a_second_run_changes_nothing(demo):
    assert feedback_sweep_unrouted() == 0
    assert not Feedback.objects.filter(routed_at=None).exists()
    models = (
        CreativeTeam,
        Brief,
        BriefStep,
        BriefVersion,
        Deliverable,
        Feedback,
        FeedbackRouting,
        Budget,
        BudgetLine,
        Payment,
        Contract,
        Opportunity,
        Notification,
    )

    def counts():
        return [model.objects.count() for model in models]

    before = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == before


def test_the_next_round_on_a_demo_brief_follows_its_rounds(demo):
    brief = Brief.objects.filter(status=Brief.Status.PRESENTED, feedback__isnull=False).first()
    before = brief.feedback.count()
    feedback = feedback_log(
        brief=brief,
        by=User.objects.get(username="executive"),
        said="Happy with the shorter opening.",
        verdict=Feedback.Verdict.APPROVED,
    )
    assert feedback.round == before + 1


def test_every_budget_status_occurs_and_each_approver_finds_one_waiting(demo):
    S = Budget.Status
    budgets = Budget.objects.all()
    assert set(budgets.values_list("status", flat=True)) == set(S.values)
    assert not budgets.filter(status=S.REJECTED, reject_reason="").exists()
    assert not budgets.filter(total=0).exists()
    for budget in budgets.exclude(status=S.DRAFT):
        assert budget.created_at <= budget.submitted_at < timezone.now()
        if budget.status != S.SUBMITTED:
            assert budget.submitted_at < budget.decided_at < timezone.now()
            assert budget.decided_by_id != budget.submitted_by_id

    # A change order in progress: revision 1 superseded, 2 approved, 3 a draft.
    third = budgets.get(revision=3)
    second = third.replaces
    first = second.replaces
    assert [first.revision, second.revision, third.revision] == [1, 2, 3]
    assert [first.status, second.status, third.status] == [S.SUPERSEDED, S.APPROVED, S.DRAFT]
    assert first.replaces is None
    assert first.title == second.title == third.title

    waiting = budgets.filter(status=S.SUBMITTED)
    limit = settings.BUDGET_APPROVAL_LIMIT
    assert waiting.filter(total__gt=limit).exists()
    for_manager = waiting.filter(
        total__lte=limit,
        account__memberships__user__username="manager",
        account__memberships__role=User.Role.MANAGER,
    ).exclude(submitted_by__username="manager")
    assert for_manager.count() >= 2
    # Demo data notifies nobody of budgets: the bell counts stay as they were.
    assert not Notification.objects.filter(kind__startswith="budget.").exists()


def test_invoices_paid_late_and_waiting_contracts_near_and_far_and_every_stage(demo, client):
    P = Payment.Status
    payments = Payment.objects.all()
    assert set(payments.values_list("status", flat=True)) == set(P.values)
    paid = payments.filter(status=P.PAID)
    assert any(p.days_late == 0 for p in paid) and any(p.days_late > 0 for p in paid)
    assert any(p.days_late > 0 for p in payments.filter(status=P.APPROVED))
    for payment in payments.exclude(status=P.SUBMITTED):
        assert payment.decided_by_id != payment.submitted_by_id
        assert payment.submitted_at < payment.decided_at < timezone.now()
    waiting = with_budget_left(payments.filter(status=P.SUBMITTED))
    assert any(p.budget_id and p.amount > p.budget_left for p in waiting)
    assert waiting.filter(amount__gt=settings.BUDGET_APPROVAL_LIMIT).exists()
    # Nothing is left for the reminder job when the demo starts.
    assert budgets_remind_waiting() == 0

    today = timezone.localdate()
    deadlines = sorted(
        (c.notice_deadline - today).days
        for c in Contract.objects.current().filter(renewal="undecided")
    )
    for near in (10, 40, 200):
        assert any(abs(days - near) <= 10 for days in deadlines), deadlines
    assert set(Opportunity.objects.values_list("stage", flat=True)) == set(Opportunity.Stage.values)
    assert Opportunity.objects.filter(stage="won", account=None).exists()

    client.force_login(User.objects.get(username="manager"))
    assert client.get("/pipeline/").status_code == 200
