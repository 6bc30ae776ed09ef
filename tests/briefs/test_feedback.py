"""Feedback rounds: numbering, routing by the rules table, acknowledging, reminders."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from agency.models import Notification
from briefs.models import Brief, Feedback, FeedbackRouting
from briefs.routing import recipients_of
from briefs.services import (
    briefs_remind,
    feedback_acknowledge,
    feedback_log,
    feedback_route,
    feedback_sweep_unrouted,
)
from tests.factories import DeliverableFactory, FeedbackFactory, MembershipFactory, UserFactory

BERLIN = ZoneInfo("Europe/Berlin")
R = FeedbackRouting.Reason


def _presented(brief):
    Brief.objects.filter(pk=brief.pk).update(status=Brief.Status.PRESENTED)
    brief.refresh_from_db()
    return brief


# Round, sentiment, verdict, topics → who is reached, and why.
ROUTES = [
    ("first round, approved", 1, "positive", "approved", [],
     {"e": [R.OWNER], "team": [R.CREATIVE_TEAM]}),
    ("about strategy", 1, "neutral", "minor_changes", ["strategy"],
     {"e": [R.OWNER], "team": [R.CREATIVE_TEAM], "p": [R.STRATEGY]}),
    ("rejected", 1, "neutral", "rejected", ["creative"],
     {"e": [R.OWNER], "team": [R.CREATIVE_TEAM], "p": [R.REJECTED], "m": [R.REJECTED]}),
    ("negative", 2, "negative", "major_changes", ["creative"],
     {"e": [R.OWNER], "team": [R.CREATIVE_TEAM], "m": [R.NEGATIVE]}),
    ("third round, beyond the two included", 3, "neutral", "minor_changes", ["timing"],
     {"e": [R.OWNER], "team": [R.CREATIVE_TEAM], "m": [R.THIRD_ROUND, R.BEYOND_INCLUDED]}),
    ("negative third round on strategy", 3, "negative", "rejected", ["strategy", "creative"],
     {"e": [R.OWNER], "team": [R.CREATIVE_TEAM], "p": [R.STRATEGY, R.REJECTED],
      "m": [R.NEGATIVE, R.REJECTED, R.THIRD_ROUND, R.BEYOND_INCLUDED]}),
]  # fmt: skip


def _who(recipient):
    return "team" if recipient.key.startswith("team:") else recipient.person.username


@pytest.mark.parametrize("case", ROUTES, ids=lambda c: c[0])
def test_routing_rules(world, brief, case):
    _name, number, sentiment, verdict, topics, expected = case
    feedback = FeedbackFactory(brief=brief, round=number, sentiment=sentiment, verdict=verdict,
                               topics=topics)  # fmt: skip
    reached = {_who(r): r.reasons for r in recipients_of(feedback)}
    assert reached == expected


def test_included_rounds_come_from_the_setting(world, brief, settings):
    settings.BRIEF_INCLUDED_ROUNDS = 4
    feedback = FeedbackFactory(brief=brief, round=3, verdict="minor_changes")
    assert {_who(r): r.reasons for r in recipients_of(feedback)}["m"] == [R.THIRD_ROUND]


def test_logging_feedback_numbers_rounds_moves_the_brief_and_routes_once(
    world, brief, django_capture_on_commit_callbacks
):
    _presented(brief)
    with django_capture_on_commit_callbacks(execute=True):
        first = feedback_log(brief=brief, by=world.executive, said="Love it.", verdict="approved",
                             sentiment="positive")  # fmt: skip
    brief.refresh_from_db()
    assert (first.round, brief.status) == (1, Brief.Status.CLIENT_APPROVED)
    routings = FeedbackRouting.objects.filter(feedback=first)
    assert {r.recipient_key for r in routings} == {
        f"user:{world.executive.pk}",
        f"team:{brief.creative_team_id}",
    }
    team_mail = [m for m in mail.outbox if "nord@creative.example" in m.to]
    assert len(team_mail) == 1 and "Love it." in team_mail[0].body
    # Running the task again routes nobody twice.
    assert feedback_route(feedback_id=first.pk) == 0
    assert routings.count() == 2


def test_feedback_needs_presented_work_and_a_role_that_logs_it(world, brief):
    with pytest.raises(ValidationError):
        feedback_log(brief=brief, by=world.executive, said="Hm.", verdict="approved")
    _presented(brief)
    with pytest.raises(PermissionDenied):
        feedback_log(brief=brief, by=world.planner, said="Hm.", verdict="approved")
    assert not Feedback.objects.filter(brief=brief).exists()


def test_a_round_beyond_the_included_ones_is_flagged_billable(world, brief):
    for number in (1, 2, 3):
        _presented(brief)
        feedback = feedback_log(brief=brief, by=world.executive, said=f"Round {number}",
                                verdict="minor_changes")  # fmt: skip
    assert feedback.round == 3 and feedback.beyond_included
    assert not Feedback.objects.get(brief=brief, round=2).beyond_included


def test_the_owner_acknowledges_once(world, brief):
    feedback = FeedbackFactory(brief=brief, round=1)
    with pytest.raises(PermissionDenied):
        feedback_acknowledge(feedback=feedback, by=world.coordinator)
    feedback_acknowledge(feedback=feedback, by=world.executive)
    with pytest.raises(ValidationError):
        feedback_acknowledge(feedback=feedback, by=world.manager)
    feedback.refresh_from_db()
    assert feedback.acknowledged_by == world.executive


@pytest.mark.django_db(transaction=True)
def test_two_people_logging_at_once_get_two_rounds(world, brief):
    _presented(brief)
    Brief.objects.filter(pk=brief.pk).update(status=Brief.Status.PRESENTED)
    outcomes, barrier = [], threading.Barrier(2)

    def log(by):
        try:
            barrier.wait()
            feedback_log(brief=brief, by=by, said="At once", verdict="minor_changes")
            outcomes.append("logged")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=log, args=(p,)) for p in (world.executive, world.manager)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The first moved the brief to revisions: the second is told, and nothing doubles.
    assert sorted(outcomes) == ["logged", "refused"]
    assert list(Feedback.objects.filter(brief=brief).values_list("round", flat=True)) == [1]


def test_someone_who_left_the_team_is_not_routed_to(world, brief):
    world.planner.memberships.all().delete()
    feedback = FeedbackFactory(brief=brief, round=1, topics=["strategy"], verdict="minor_changes")
    feedback_route(feedback_id=feedback.pk)
    keys = set(
        FeedbackRouting.objects.filter(feedback=feedback).values_list("recipient_key", flat=True)
    )
    assert f"user:{world.planner.pk}" not in keys


def test_the_sweep_routes_what_a_broker_outage_left(world, brief):
    feedback = FeedbackFactory(brief=brief, round=1)
    Feedback.objects.filter(pk=feedback.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    assert feedback_sweep_unrouted() >= 1  # tasks run in-process in this test
    feedback.refresh_from_db()
    assert feedback.routed_at is not None
    assert FeedbackRouting.objects.filter(feedback=feedback).count() == 2


MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)


def test_reminders_fire_once_per_occasion_and_again_when_the_date_moves(world, brief):
    today = MONDAY_9.date()
    Brief.objects.filter(pk=brief.pk).update(
        status=Brief.Status.IN_CREATIVE, first_presentation=today + timedelta(days=1),
        final_delivery=today + timedelta(days=20),
    )  # fmt: skip
    item = DeliverableFactory(brief=brief, due_on=today - timedelta(days=1))
    assert (
        briefs_remind(now=MONDAY_9) == 3
    )  # presentation to the owner; overdue item to owner and manager
    assert briefs_remind(now=MONDAY_9) == 0
    kinds = sorted(Notification.objects.values_list("kind", "recipient__username"))
    assert kinds == [("brief.due", "e"), ("deliverable.overdue", "e"), ("deliverable.overdue", "m")]
    Brief.objects.filter(pk=brief.pk).update(first_presentation=today + timedelta(days=2))
    item.due_on = today + timedelta(days=30)
    item.save()
    assert briefs_remind(now=MONDAY_9) == 1  # the moved presentation, once more


def test_unacknowledged_feedback_reminds_the_owner_then_the_manager(world, brief):
    FeedbackFactory(brief=brief, round=1, received_at=datetime(2026, 11, 26, 10, 0, tzinfo=BERLIN))
    # Received Thursday 10:00: a working day later (Friday 11:00) the owner is reminded;
    # two working days later (Monday 11:00) the manager.
    assert briefs_remind(now=datetime(2026, 11, 27, 11, 0, tzinfo=BERLIN)) == 1
    monday_11 = datetime(2026, 11, 30, 11, 0, tzinfo=BERLIN)
    assert briefs_remind(now=monday_11) == 1
    assert briefs_remind(now=monday_11) == 0
    told = sorted(
        Notification.objects.filter(kind="feedback.unacknowledged").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == ["e", "m"]


def test_reminders_skip_people_who_left_the_account(world, brief):
    MembershipFactory(account=world.account, user=UserFactory(username="gone", is_active=False))
    world.executive.memberships.all().delete()
    DeliverableFactory(brief=brief, due_on=MONDAY_9.date() + timedelta(days=1))
    assert briefs_remind(now=MONDAY_9) == 0


def test_a_routed_notification_says_why_in_the_readers_language(world, brief):
    world.manager.language = "de"
    world.manager.save()
    feedback = FeedbackFactory(brief=brief, round=1, sentiment="negative", verdict="major_changes")
    feedback_route(feedback_id=feedback.pk)
    told = Notification.objects.get(recipient=world.manager, kind="feedback.routed")
    assert told.reason == "negatives Feedback"
    assert told.message.startswith("Korrekturschleife 1") and "Major changes" not in told.message


def test_a_reminder_reads_in_the_readers_language_and_date_format(world, brief):
    world.executive.language = "de"
    world.executive.save()
    Brief.objects.filter(pk=brief.pk).update(
        status=Brief.Status.IN_CREATIVE, first_presentation=MONDAY_9.date() + timedelta(days=1)
    )
    briefs_remind(now=MONDAY_9)
    message = Notification.objects.get(recipient=world.executive, kind="brief.due").message
    assert "01.12.2026" in message and "2026-12-01" not in message
    assert "first presentation" not in message
