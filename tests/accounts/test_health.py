"""Account health: each signal as a table, the bands, the weights, forced red, the stored
score kept current, the nightly snapshots, turning red, and the dashboard."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import health
from accounts.models import Account, HealthSnapshot
from agency.models import Notification
from briefs.models import Brief, FeedbackRouting
from briefs.routing import recipients_of
from briefs.services import feedback_log
from tests.factories import (
    AccountFactory,
    ContactFactory,
    ContractFactory,
    InteractionFactory,
    MembershipFactory,
    PaymentFactory,
)

TODAY = date(2027, 3, 10)


def _share(signal):
    return None if signal.share is None else round(signal.share, 2)


# (last contact days ago or None, a key contact left days ago or None) -> share, reason
CONTACT = [
    (None, None, None, "missing"),
    (0, None, 1.0, "contact.days"),
    (14, None, 1.0, "contact.days"),
    (37, None, 0.5, "contact.days"),
    (60, None, 0.0, "contact.days"),
    (200, None, 0.0, "contact.days"),
    (14, 20, 0.5, "contact.days_left"),
]


@pytest.mark.parametrize(("days", "left", "share", "reason"), CONTACT)
def test_contact_recency_and_sponsor_stability(days, left, share, reason):
    signal = health.contact_signal(
        last_contact=None if days is None else TODAY - timedelta(days=days),
        left=None if left is None else ("Anna Müller", TODAY - timedelta(days=left)),
        today=TODAY,
    )
    assert (_share(signal), signal.reason) == (share, reason)


@pytest.mark.parametrize(
    ("case", "signal", "share"),
    [
        ("no reactions", health.sentiment_signal(positive=0, neutral=0, negative=0), None),
        ("all positive", health.sentiment_signal(positive=4, neutral=0, negative=0), 1.0),
        ("all negative", health.sentiment_signal(positive=0, neutral=0, negative=3), 0.0),
        ("neutral counts half", health.sentiment_signal(positive=1, neutral=2, negative=1), 0.5),
        ("nothing due", health.delivery_signal(total=0, late=0), None),
        ("all on time", health.delivery_signal(total=5, late=0), 1.0),
        ("two of eight late", health.delivery_signal(total=8, late=2), 0.75),
        ("no rounds", health.rounds_signal(total=0, beyond=0), None),
        ("a third beyond", health.rounds_signal(total=3, beyond=1), 0.67),
        ("no invoices", health.payments_signal(days_late=[]), None),
        ("paid on time", health.payments_signal(days_late=[0, 0]), 1.0),
        ("15 days late", health.payments_signal(days_late=[10, 20]), 0.5),
        ("30 or more", health.payments_signal(days_late=[45]), 0.0),
        ("no approved budget", health.scope_signal(approved=Decimal(0), supplier=Decimal(5), changes=0), None),
        ("within plan", health.scope_signal(approved=Decimal(100), supplier=Decimal(80), changes=0), 1.0),
        ("one change order", health.scope_signal(approved=Decimal(100), supplier=Decimal(80), changes=1), 0.8),
        ("over plan", health.scope_signal(approved=Decimal(100), supplier=Decimal(101), changes=0), 0.4),
        ("over plan, changes", health.scope_signal(approved=Decimal(100), supplier=Decimal(300), changes=5), 0.0),
        ("no contract", health.renewal_signal(deadline=None, renewal=None, today=TODAY), None),
        ("decided", health.renewal_signal(deadline=TODAY, renewal="renew", today=TODAY), 1.0),
        ("90 days off", health.renewal_signal(deadline=TODAY + timedelta(days=90), renewal="undecided", today=TODAY), 1.0),
        ("45 days off", health.renewal_signal(deadline=TODAY + timedelta(days=45), renewal="undecided", today=TODAY), 0.5),
        ("passed", health.renewal_signal(deadline=TODAY - timedelta(days=3), renewal="undecided", today=TODAY), 0.0),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)  # fmt: skip
def test_each_signal_gives_its_share_and_none_without_data(case, signal, share):
    assert _share(signal) == share
    assert (signal.reason == "missing") == (share is None)


@pytest.mark.parametrize(
    ("score", "band"),
    [(50, "red"), (51, "amber"), (75, "amber"), (76, "green"), (0, "red"), (100, "green")],
)
def test_the_bands(score, band):
    assert health.band_of(score) == band


def test_missing_data_is_left_out_of_both_sides_and_weights_come_from_settings(settings):
    full = health.Signal("contact", 1.0, "contact.days")
    half = health.Signal("payments", 0.5, "payments")
    missing = health.Signal("sentiment", None, "missing")
    # 20 + 7.5 of 35: the missing sentiment costs nothing.
    assert health.score_of([full, half, missing]) == 79
    assert health.score_of([missing]) == 100
    settings.HEALTH_WEIGHTS = {**settings.HEALTH_WEIGHTS, "payments": 40}
    assert health.score_of([full, half, missing]) == 67  # 20 + 20 of 60


def _world_health(world, **kwargs):
    return health.compute(Account.objects.filter(pk=world.account.pk), **kwargs)[world.account.pk]


def test_a_key_contact_leaving_within_30_days_or_a_pitch_forces_red(world):
    InteractionFactory(account=world.account, occurred_at=timezone.now(), sentiment="positive")
    assert _world_health(world).band == "green"
    gone = ContactFactory(client=world.account.client, name="Jan Peters", is_decision_maker=True,
                          left_on=timezone.localdate() - timedelta(days=40))  # fmt: skip
    assert _world_health(world).band != "red"  # 40 days ago: halves contact, not forced
    gone.left_on = timezone.localdate() - timedelta(days=10)
    gone.save()
    forced = _world_health(world)
    assert forced.band == "red" and forced.score > 50
    assert health.describe(forced.signals[0]).startswith("Red: Jan Peters, a key contact, left on")
    gone.delete()
    Account.objects.filter(pk=world.account.pk).update(pitch_called_on=timezone.localdate())
    pitched = _world_health(world)
    assert pitched.band == "red" and "called a pitch" in health.describe(pitched.signals[0])


def test_compute_reads_any_number_of_accounts_in_the_same_queries(world):
    def queries(n):
        accounts = AccountFactory.create_batch(n, client=world.account.client)
        for account in accounts:
            InteractionFactory(account=account)
            PaymentFactory(account=account, status="approved")
            ContractFactory(account=account)
        with CaptureQueriesContext(connection) as captured:
            health.compute(Account.objects.filter(pk__in=[a.pk for a in accounts]))
        return len(captured)

    assert queries(2) == queries(20) <= 9


def test_the_nightly_run_keeps_one_snapshot_per_account_and_week(world):
    InteractionFactory(account=world.account, occurred_at=timezone.now())
    health.nightly(tell=False)
    health.nightly(tell=False)
    week = health.week_of(timezone.localdate())
    assert HealthSnapshot.objects.filter(week=week).count() == Account.objects.count()
    account = Account.objects.get(pk=world.account.pk)
    assert account.health_trend == [account.health_score]
    assert account.health_band and account.health_updated_at


def test_turning_red_tells_managers_and_directors_once_per_turn(world):
    Account.objects.filter(pk=world.account.pk).update(pitch_called_on=timezone.localdate())
    accounts = Account.objects.filter(pk=world.account.pk)
    health.store(accounts)
    health.store(accounts)  # still red: nobody is told again
    told = Notification.objects.filter(kind="account.red")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["d", "m"]
    Account.objects.filter(pk=world.account.pk).update(pitch_called_on=None)
    health.store(accounts)  # recovers
    assert Account.objects.get(pk=world.account.pk).health_red_since is None
    Account.objects.filter(pk=world.account.pk).update(pitch_called_on=timezone.localdate())
    health.store(accounts)  # relapses: told again
    assert told.count() == 4


def test_a_change_marks_the_account_and_the_recompute_stores_it(world):
    Account.objects.filter(pk=world.account.pk).update(health_stale=False)
    InteractionFactory(account=world.account, sentiment="negative")
    assert Account.objects.get(pk=world.account.pk).health_stale
    assert health.recompute_marked() >= 1
    account = Account.objects.get(pk=world.account.pk)
    assert not account.health_stale and account.health_score is not None
    assert (
        account.health_score
        == health.compute(Account.objects.filter(pk=account.pk))[account.pk].score
    )


def test_feedback_that_turns_the_account_red_goes_to_the_director(world, brief):
    health.store(Account.objects.filter(pk=world.account.pk))  # green: nothing known against it
    Account.objects.filter(pk=world.account.pk).update(pitch_called_on=timezone.localdate())
    Brief.objects.filter(pk=brief.pk).update(status=Brief.Status.PRESENTED)
    feedback = feedback_log(brief=brief, by=world.executive, said="We are reviewing agencies.",
                            verdict="rejected", sentiment="negative")  # fmt: skip
    reached = {r.person.pk: r.reasons for r in recipients_of(feedback)}
    assert FeedbackRouting.Reason.TURNS_RED in reached[world.director.pk]


def test_the_dashboard_shows_each_their_own_worst_first_and_exports_them(client, world):
    other_red = AccountFactory(name="Zeta red", pitch_called_on=timezone.localdate())
    MembershipFactory(account=other_red, user=world.other_manager, role="manager")
    health.nightly(tell=False)
    client.force_login(world.manager)
    page = client.get("/dashboard/health/").content.decode()
    assert world.account.name in page and "Zeta red" not in page
    rows = b"".join(client.get("/dashboard/health/?format=csv").streaming_content).decode()
    assert (
        world.account.name in rows
        and "Zeta red" not in rows
        and world.other_account.name not in rows
    )
    client.force_login(world.director)
    page = client.get("/dashboard/health/").content.decode()
    assert page.index("Zeta red") < page.index(world.account.name)  # red first
    assert "the client called a pitch" in page
    assert "Zeta red" not in client.get("/dashboard/health/?band=green").content.decode()
    by_manager = client.get(f"/dashboard/health/?manager={world.other_manager.pk}").content.decode()
    assert "Zeta red" in by_manager and world.account.name not in by_manager


def test_each_role_finds_health_on_its_home(client, world):
    ContractFactory(account=world.account, title="Nordlicht retainer",
                    ends_on=timezone.localdate() + timedelta(days=120), notice_days=90)  # fmt: skip
    Account.objects.filter(pk=world.account.pk).update(pitch_called_on=timezone.localdate())
    health.nightly(tell=False)
    client.force_login(world.manager)
    home = client.get("/").content.decode()
    at_risk = home.split('data-testid="at-risk"')[1].split("</ul>")[0]
    assert world.account.name in at_risk and "the client called a pitch" in at_risk
    renewals = home.split('data-testid="renewals"')[1].split("</ul>")[0]
    assert "Nordlicht retainer" in renewals
    client.force_login(world.director)
    home = client.get("/").content.decode()
    red = home.split('data-testid="tile-red"')[1].split("</a>")[0]
    assert ">1<" in red
    client.force_login(world.executive)
    mine = client.get("/").content.decode().split('data-testid="my-accounts"')[1].split("</ul>")[0]
    assert "status-health-red" in mine
