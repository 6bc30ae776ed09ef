"""Account health: a score from 0 to 100 from weighted signals, each with its points and reason.

Each signal gives a share (0 to 1) of its weight (`settings.HEALTH_WEIGHTS`) and a reason
with its figures, stored as a code and parameters and put into words in the reader's
language when shown (`describe`). The score is the points earned over the weights of
the signals that have data, so an account is never punished for missing data: a signal
without data is shown as such and left out of both sides. An account with no data at
all scores 100 ("nothing known against it").

A key contact (primary, or a decision maker) who left in the last 30 days, or the client
calling a pitch, makes the account red whatever the score, and says so.

`compute` reads every input for a set of accounts in a fixed number of queries (one per
input, grouped by account), never a loop of queries per account. Requests, briefs,
deliverables and feedback belong to the briefs layer: they are read through the
relations it adds to accounts (`Account.briefs`), never imported.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from clients.models import Contact

from .models import (
    Account,
    AccountMembership,
    Budget,
    Contract,
    HealthBand,
    HealthSnapshot,
    Interaction,
    Payment,
)

# How far back each signal looks.
SENTIMENT_DAYS = 90
DELIVERY_DAYS = 180
ROUNDS_DAYS = 180
PAYMENT_DAYS = 365
CHANGE_ORDER_DAYS = 180
SPONSOR_DAYS = 90
FORCED_RED_DAYS = 30
# Contact recency: full points within 14 days, none from 60.
CONTACT_FULL, CONTACT_NONE = 14, 60
# Payment lateness: no points from 30 days late on average.
LATE_NONE = 30
# Renewal: full points 90 days or more before an undecided notice deadline.
RENEWAL_FULL = 90

# The reasons, by code: what each signal says, with its figures.
REASONS = {
    "missing": _("No data yet: not counted"),
    "contact.days": _("Last client contact %(days)s days ago"),
    "contact.days_left": _("Last client contact %(days)s days ago; %(name)s, a key contact, left on %(date)s"),
    "sentiment": _("Client reactions in 90 days: %(negative)s negative, %(neutral)s neutral, %(positive)s positive"),
    "delivery": _("%(late)s of %(total)s deliverables late in 180 days"),
    "rounds": _("%(beyond)s of %(total)s feedback rounds beyond the included ones in 180 days"),
    "payments": _("Client invoices %(days)s days late on average (%(count)s in a year)"),
    "scope": _("Supplier costs %(share)s %% of the approved budget; %(changes)s change orders in 180 days"),
    "scope.over": _("Budget over plan: supplier costs %(share)s %% of the approved budget; %(changes)s change orders in 180 days"),
    "renewal": _("Notice deadline %(date)s, in %(days)s days; renewal not decided"),
    "renewal.decided": _("Renewal decided: %(decision)s"),
    "forced.contact_left": _("Red: %(name)s, a key contact, left on %(date)s"),
    "forced.pitch": _("Red: the client called a pitch on %(date)s"),
}  # fmt: skip
SIGNAL_NAMES = {
    "contact": _("Contact and sponsor"),
    "sentiment": _("Client sentiment"),
    "delivery": _("On-time delivery"),
    "rounds": _("Feedback rounds"),
    "payments": _("Client payments"),
    "scope": _("Scope and budget"),
    "renewal": _("Renewal"),
    "forced": _("Forced red"),
}


@dataclass
class Signal:
    name: str
    share: float | None  # of the weight; None: no data
    reason: str
    params: dict = field(default_factory=dict)

    def as_json(self, weight: int) -> dict:
        points = None if self.share is None else round(self.share * weight, 1)
        return {"signal": self.name, "points": points, "weight": weight, "reason": self.reason,
                "params": self.params}  # fmt: skip


@dataclass
class Health:
    score: int
    band: str
    signals: list[dict]  # forced reasons first, then every signal
    overdue: int = 0  # deliverables past due and not delivered


def band_of(score: int) -> str:
    if score >= settings.HEALTH_GREEN_FROM:
        return HealthBand.GREEN
    if score > settings.HEALTH_RED_UP_TO:
        return HealthBand.AMBER
    return HealthBand.RED


def score_of(signals: list[Signal]) -> int:
    """Points earned over the weights of the signals with data; 100 without any."""
    weights = settings.HEALTH_WEIGHTS
    counted = [s for s in signals if s.share is not None]
    possible = sum(weights[s.name] for s in counted)
    if not possible:
        return 100
    earned = sum(s.share * weights[s.name] for s in counted)
    return round(100 * earned / possible)


def _clamp(share: float) -> float:
    return max(0.0, min(1.0, share))


def _iso(day: date) -> str:
    return day.isoformat()


# --- Signals, each from the figures `compute` read ----------------------------------


def contact_signal(*, last_contact: date | None, left: tuple | None, today: date) -> Signal:
    """Days since the last client interaction, halved when a key contact left lately."""
    if last_contact is None:
        return Signal("contact", None, "missing")
    days = (today - last_contact).days
    share = _clamp((CONTACT_NONE - days) / (CONTACT_NONE - CONTACT_FULL))
    if left is None:
        return Signal("contact", share, "contact.days", {"days": days})
    name, left_on = left
    return Signal("contact", share / 2, "contact.days_left",
                  {"days": days, "name": name, "date": _iso(left_on)})  # fmt: skip


def sentiment_signal(*, positive: int, neutral: int, negative: int) -> Signal:
    """Client reactions (feedback rounds and interactions) of the last 90 days."""
    total = positive + neutral + negative
    if not total:
        return Signal("sentiment", None, "missing")
    return Signal("sentiment", (positive + neutral / 2) / total, "sentiment",
                  {"negative": negative, "neutral": neutral, "positive": positive})  # fmt: skip


def delivery_signal(*, total: int, late: int) -> Signal:
    if not total:
        return Signal("delivery", None, "missing")
    return Signal("delivery", (total - late) / total, "delivery", {"late": late, "total": total})


def rounds_signal(*, total: int, beyond: int) -> Signal:
    if not total:
        return Signal("rounds", None, "missing")
    return Signal("rounds", (total - beyond) / total, "rounds", {"beyond": beyond, "total": total})


def payments_signal(*, days_late: list[int]) -> Signal:
    if not days_late:
        return Signal("payments", None, "missing")
    average = round(sum(days_late) / len(days_late))
    return Signal("payments", _clamp(1 - average / LATE_NONE), "payments",
                  {"days": average, "count": len(days_late)})  # fmt: skip


def scope_signal(*, approved: Decimal, supplier: Decimal, changes: int) -> Signal:
    """Supplier costs against the approved budget, and change orders."""
    if not approved:
        return Signal("scope", None, "missing")
    share = round(supplier * 100 / approved)
    over = supplier > approved
    value = 1.0 - (0.6 if over else 0.0) - 0.2 * min(changes, 2)
    return Signal("scope", _clamp(value), "scope.over" if over else "scope",
                  {"share": share, "changes": changes})  # fmt: skip


def renewal_signal(*, deadline: date | None, renewal: str | None, today: date) -> Signal:
    if deadline is None:
        return Signal("renewal", None, "missing")
    if renewal != Contract.Renewal.UNDECIDED:
        return Signal("renewal", 1.0, "renewal.decided", {"decision": renewal})
    days = (deadline - today).days
    return Signal("renewal", _clamp(days / RENEWAL_FULL), "renewal",
                  {"date": _iso(deadline), "days": days})  # fmt: skip


def forced_reasons(
    *, left: tuple | None, pitch_called_on: date | None, today: date
) -> list[Signal]:
    reasons = []
    if left is not None and (today - left[1]).days <= FORCED_RED_DAYS:
        reasons.append(Signal("forced", None, "forced.contact_left",
                              {"name": left[0], "date": _iso(left[1])}))  # fmt: skip
    if pitch_called_on is not None:
        reasons.append(Signal("forced", None, "forced.pitch", {"date": _iso(pitch_called_on)}))
    return reasons


def health_of(signals: list[Signal], forced: list[Signal]) -> Health:
    weights = settings.HEALTH_WEIGHTS
    score = score_of(signals)
    band = HealthBand.RED if forced else band_of(score)
    entries = [f.as_json(0) for f in forced] + [s.as_json(weights[s.name]) for s in signals]
    return Health(score=score, band=band, signals=entries)


# --- Reading every input for a set of accounts --------------------------------------


def compute(accounts, *, today: date | None = None) -> dict[int, Health]:
    """The health of each account in the `accounts` QuerySet, in nine queries however
    many accounts there are."""
    # On another day than today (the demo's weekly history), as things stood that day.
    today = today or timezone.localdate()
    now = timezone.now() - timedelta(days=(timezone.localdate() - today).days)
    Brief = Account.briefs.field.model
    Feedback = Brief.feedback.field.model
    Deliverable = Brief.deliverables.field.model
    rows = list(accounts.values_list("pk", "client_id", "pitch_called_on"))
    ids = [pk for pk, _client, _pitch in rows]

    last_contact, reactions = {}, defaultdict(lambda: {"positive": 0, "neutral": 0, "negative": 0})
    since = now - timedelta(days=SENTIMENT_DAYS)
    for account_id, last, pos, neu, neg in (
        Interaction.objects.filter(account_id__in=ids, occurred_at__lte=now).order_by().values("account_id")
        .annotate(last=Max("occurred_at"),
                  pos=Count("pk", filter=Q(occurred_at__gte=since, sentiment="positive")),
                  neu=Count("pk", filter=Q(occurred_at__gte=since, sentiment="neutral")),
                  neg=Count("pk", filter=Q(occurred_at__gte=since, sentiment="negative")))
        .values_list("account_id", "last", "pos", "neu", "neg")
    ):  # fmt: skip
        last_contact[account_id] = timezone.localdate(last)
        counts = reactions[account_id]
        counts["positive"], counts["neutral"], counts["negative"] = pos, neu, neg

    rounds = {}
    round_since = now - timedelta(days=ROUNDS_DAYS)
    for account_id, pos, neu, neg, total, beyond in (
        Feedback.objects.filter(brief__account_id__in=ids, received_at__lte=now).order_by().values("brief__account_id")
        .annotate(pos=Count("pk", filter=Q(received_at__gte=since, sentiment="positive")),
                  neu=Count("pk", filter=Q(received_at__gte=since, sentiment="neutral")),
                  neg=Count("pk", filter=Q(received_at__gte=since, sentiment="negative")),
                  total=Count("pk", filter=Q(received_at__gte=round_since)),
                  beyond=Count("pk", filter=Q(received_at__gte=round_since, beyond_included=True)))
        .values_list("brief__account_id", "pos", "neu", "neg", "total", "beyond")
    ):  # fmt: skip
        counts = reactions[account_id]
        counts["positive"] += pos
        counts["neutral"] += neu
        counts["negative"] += neg
        rounds[account_id] = (total, beyond)

    delivery = {}
    due_since = today - timedelta(days=DELIVERY_DAYS)
    late = Q(delivered_on__gt=F("due_on")) | Q(delivered_on=None) | Q(delivered_on__gt=today)
    overdue_now = (Q(delivered_on=None) | Q(delivered_on__gt=today)) & Q(
        brief__status__in=Brief.OPEN
    )
    overdue = {}
    for account_id, total, late_count, overdue_count in (
        Deliverable.objects.filter(brief__account_id__in=ids, due_on__range=(due_since, today - timedelta(days=1)))
        .order_by().values("brief__account_id")
        .annotate(total=Count("pk"), late=Count("pk", filter=late), overdue=Count("pk", filter=overdue_now))
        .values_list("brief__account_id", "total", "late", "overdue")
    ):  # fmt: skip
        delivery[account_id] = (total, late_count)
        overdue[account_id] = overdue_count

    days_late = defaultdict(list)
    for account_id, due_on, paid_on in (
        Payment.objects.filter(
            account_id__in=ids, direction=Payment.Direction.CLIENT,
            status__in=(Payment.Status.APPROVED, Payment.Status.PAID),
            due_on__range=(today - timedelta(days=PAYMENT_DAYS), today - timedelta(days=1)),
        ).values_list("account_id", "due_on", "paid_on")
    ):  # fmt: skip
        paid = paid_on if paid_on is not None and paid_on <= today else today
        days_late[account_id].append(max((paid - due_on).days, 0))

    budgets = {
        account_id: (approved or Decimal(0), changes)
        for account_id, approved, changes in (
            Budget.objects.filter(account_id__in=ids, created_at__lte=now).order_by().values("account_id")
            .annotate(approved=Sum("total", filter=Q(status=Budget.Status.APPROVED)),
                      changes=Count("pk", filter=Q(revision__gt=1,
                                                   created_at__gte=now - timedelta(days=CHANGE_ORDER_DAYS))))
            .values_list("account_id", "approved", "changes")
        )
    }  # fmt: skip
    supplier = dict(
        Payment.objects.filter(
            account_id__in=ids, direction=Payment.Direction.SUPPLIER,
            status__in=(Payment.Status.APPROVED, Payment.Status.PAID),
        ).order_by().values("account_id").annotate(sum=Sum("amount")).values_list("account_id", "sum")
    )  # fmt: skip

    contracts = {}
    for account_id, deadline, renewal in (
        Contract.objects.current(today).filter(account_id__in=ids)
        .order_by("account_id", "starts_on", "pk")
        .values_list("account_id", "notice_deadline", "renewal")
    ):  # fmt: skip
        contracts[account_id] = (deadline, renewal)  # the latest start wins

    clients = {client_id for _pk, client_id, _pitch in rows}
    left = {}
    for client_id, name, left_on in (
        Contact.objects.filter(client_id__in=clients, left_on__range=(today - timedelta(days=SPONSOR_DAYS), today))
        .filter(Q(is_primary=True) | Q(is_decision_maker=True))
        .order_by("client_id", "left_on", "pk")
        .values_list("client_id", "name", "left_on")
    ):  # fmt: skip
        left[client_id] = (name, left_on)  # the latest to leave

    result = {}
    for pk, client_id, pitch_called_on in rows:
        approved, changes = budgets.get(pk, (Decimal(0), 0))
        deadline, renewal = contracts.get(pk, (None, None))
        total_rounds, beyond = rounds.get(pk, (0, 0))
        total_due, late_due = delivery.get(pk, (0, 0))
        signals = [
            contact_signal(last_contact=last_contact.get(pk), left=left.get(client_id), today=today),
            sentiment_signal(**reactions[pk]) if pk in reactions else sentiment_signal(positive=0, neutral=0, negative=0),
            delivery_signal(total=total_due, late=late_due),
            rounds_signal(total=total_rounds, beyond=beyond),
            payments_signal(days_late=days_late.get(pk, [])),
            scope_signal(approved=approved, supplier=supplier.get(pk) or Decimal(0), changes=changes),
            renewal_signal(deadline=deadline, renewal=renewal, today=today),
        ]  # fmt: skip
        forced = forced_reasons(
            left=left.get(client_id), pitch_called_on=pitch_called_on, today=today
        )
        result[pk] = health_of(signals, forced)
        result[pk].overdue = overdue.get(pk, 0)
    return result


# --- Keeping it current --------------------------------------------------------------


def mark(accounts) -> None:
    """Mark accounts whose health inputs changed (an Account QuerySet or ids), in the
    caller's transaction; once it commits, one recompute is scheduled for every mark
    made within a few seconds (`HEALTH_COALESCE_SECONDS`): a burst of changes costs one
    or two recomputes, not one each."""
    if not isinstance(accounts, models.QuerySet):
        accounts = Account.objects.filter(pk__in=list(accounts))
    accounts.filter(health_stale=False).update(health_stale=True)
    # One hook per transaction, however many rows it changes.
    db = transaction.get_connection()
    if not db.in_atomic_block:
        _schedule_recompute()
    elif db.__dict__.get("suits_health_hooks") is not db.run_on_commit:
        transaction.on_commit(_schedule_recompute)
        db.suits_health_hooks = db.run_on_commit


def _schedule_recompute() -> None:
    from django.core.cache import cache

    from .tasks import recompute_marked_health

    delay = settings.HEALTH_COALESCE_SECONDS
    if cache.add("accounts:health:scheduled", True, timeout=delay):
        try:
            recompute_marked_health.apply_async(countdown=delay)
        except Exception:  # the broker is down: the nightly run catches up
            cache.delete("accounts:health:scheduled")


def recompute_marked(*, today: date | None = None) -> int:
    """Recompute the accounts marked since the last run; return how many."""
    with transaction.atomic():
        ids = list(
            Account.objects.select_for_update(skip_locked=True)
            .filter(health_stale=True)
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        Account.objects.filter(pk__in=ids).update(health_stale=False)
        store(Account.objects.filter(pk__in=ids), today=today)
    return len(ids)


def store(accounts, *, today: date | None = None, tell: bool = True) -> dict[int, Health]:
    """Compute and store the health of `accounts`; tell managers and directors of an
    account that turns red, once for that turn (unless `tell` is off: loading data)."""
    today = today or timezone.localdate()
    now = timezone.now()
    computed = compute(accounts, today=today)
    before = dict(Account.objects.filter(pk__in=computed).values_list("pk", "health_red_since"))
    rows = []
    turned_red = []
    for pk, health in computed.items():
        red_since = before.get(pk)
        if health.band == HealthBand.RED and red_since is None:
            red_since = now
            turned_red.append(pk)
        elif health.band != HealthBand.RED:
            red_since = None
        rows.append((pk, health, red_since))
    _write(rows, now)
    if turned_red and tell:
        _tell_red(turned_red)
    return computed


def _write(rows, now) -> None:
    """Store the computed health in one statement on PostgreSQL (arrays unnested, however
    many accounts), in row batches elsewhere (the demo's SQLite)."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE accounts_account a SET health_score = v.score, health_band = v.band, "
                "health_signals = v.signals::jsonb, health_red_since = v.red_since, "
                "health_overdue = v.overdue, health_updated_at = %s "
                "FROM unnest(%s::bigint[], %s::smallint[], %s::text[], %s::text[], %s::timestamptz[], %s::integer[]) "
                "AS v(id, score, band, signals, red_since, overdue) WHERE a.id = v.id",
                [now, [pk for pk, _h, _r in rows], [h.score for _p, h, _r in rows],
                 [h.band for _p, h, _r in rows], [json.dumps(h.signals) for _p, h, _r in rows],
                 [r for _p, _h, r in rows], [h.overdue for _p, h, _r in rows]],
            )  # fmt: skip
        return
    accounts = []
    for pk, health, red_since in rows:
        accounts.append(Account(pk=pk, health_score=health.score, health_band=health.band,
                                health_signals=health.signals, health_red_since=red_since,
                                health_overdue=health.overdue, health_updated_at=now))  # fmt: skip
    Account.objects.bulk_update(
        accounts,
        [
            "health_score",
            "health_band",
            "health_signals",
            "health_red_since",
            "health_overdue",
            "health_updated_at",
        ],
        batch_size=500,
    )


def _tell_red(account_ids: list[int]) -> None:
    from agency.models import User
    from agency.services import notify

    directors = list(User.objects.directors())
    managers = defaultdict(list)
    for membership in (
        AccountMembership.objects.filter(account_id__in=account_ids).current().managers()
        .select_related("user")
    ):  # fmt: skip
        managers[membership.account_id].append(membership.user)
    for account in Account.objects.filter(pk__in=account_ids):
        reasons = describe_top(account.health_signals, 2)
        for person in {p.pk: p for p in managers[account.pk] + directors}.values():
            notify(
                recipient=person, kind="account.red", target=account,
                occasion=account.health_red_since.isoformat(),
                message=_("%(account)s turned red (health %(score)s): %(reasons)s"),
                reason=_("You oversee %(account)s."),
                params={"account": account, "score": account.health_score, "reasons": reasons},
            )  # fmt: skip


def week_of(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def nightly(*, today: date | None = None, tell: bool = True, accounts=None) -> int:
    """Recompute every account (time passes: contact recency, lateness, notice dates)
    and write this week's snapshot of each: one row per account and ISO week, so running
    the night again changes nothing but the figures."""
    today = today or timezone.localdate()
    if accounts is None:
        accounts = Account.objects.exclude(status=Account.Status.CLOSED)
    computed = store(accounts, today=today, tell=tell)
    week, now = week_of(today), timezone.now()
    HealthSnapshot.objects.bulk_create(
        [
            HealthSnapshot(account_id=pk, week=week, score=h.score, band=h.band, taken_at=now,
                           points={s["signal"]: s["points"] for s in h.signals if s["signal"] != "forced"})
            for pk, h in computed.items()
        ],
        update_conflicts=True,
        unique_fields=["account", "week"],
        update_fields=["score", "band", "points", "taken_at"],
    )  # fmt: skip
    _write_trends(list(computed), week)
    return len(computed)


TREND_WEEKS = 12


def _write_trends(account_ids: list[int], week: date) -> None:
    """Keep each account's last 12 weekly scores on it, for the pages that draw them."""
    trends = defaultdict(list)
    for account_id, score in (
        HealthSnapshot.objects.filter(account_id__in=account_ids,
                                      week__gt=week - timedelta(weeks=TREND_WEEKS))
        .order_by("account_id", "week").values_list("account_id", "score")
    ):  # fmt: skip
        trends[account_id].append(score)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE accounts_account a SET health_trend = v.trend::jsonb "
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, trend) WHERE a.id = v.id",
                [list(trends), [json.dumps(t) for t in trends.values()]],
            )
        return
    Account.objects.bulk_update(
        [Account(pk=pk, health_trend=trend) for pk, trend in trends.items()],
        ["health_trend"],
        batch_size=500,
    )


# --- In words ------------------------------------------------------------------------


def _param(value):
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if value in Contract.Renewal.values:
        return Contract.Renewal(value).label
    return value


def describe(entry: dict) -> str:
    """A stored signal's reason in the reader's language, with its figures."""
    text = REASONS.get(entry.get("reason"), REASONS["missing"])
    params = {name: _param(value) for name, value in (entry.get("params") or {}).items()}
    try:
        return str(text) % params if params else str(text)
    except (KeyError, TypeError, ValueError):
        return str(text)


def describe_top(entries: list[dict], count: int) -> str:
    """The forced reasons and the signals that cost the most points, in words."""
    forced = [e for e in entries if e["signal"] == "forced"]
    lost = sorted(
        (e for e in entries if e["signal"] != "forced" and e["points"] is not None
         and e["points"] < e["weight"]),
        key=lambda e: e["points"] - e["weight"],
    )  # fmt: skip
    return "; ".join(describe(e) for e in (forced + lost)[:count])


def turns_red(account_id: int, *, since) -> bool:
    """Whether the account is red now and was not before `since` (a change made then
    turned it red): computed afresh, as the stored band may not have caught up yet."""
    account = (
        Account.objects.filter(pk=account_id).values("health_band", "health_red_since").first()
    )
    if account is None:
        return False
    now = compute(Account.objects.filter(pk=account_id))[account_id]
    if now.band != HealthBand.RED:
        return False
    red_since = account["health_red_since"]
    return account["health_band"] != HealthBand.RED or (
        red_since is not None and red_since >= since
    )


# --- What feeds it -------------------------------------------------------------------


def _account_of(instance):
    return [instance.account_id]


def _account_of_brief_item(instance):
    brief = instance._state.fields_cache.get("brief")  # usually at hand: no query
    if brief is not None:
        return [brief.account_id]
    Brief = Account.briefs.field.model
    return list(Brief.objects.filter(pk=instance.brief_id).values_list("account_id", flat=True))


def _accounts_of_contact(instance):
    return list(Account.objects.filter(client_id=instance.client_id).values_list("pk", flat=True))


def _inputs():
    """Each model whose rows feed health, and how a row finds its accounts."""
    Brief = Account.briefs.field.model
    return [
        (Account, lambda account: [account.pk]),  # the client calling a pitch
        (Interaction, _account_of), (Payment, _account_of), (Budget, _account_of),
        (Contract, _account_of), (Brief.feedback.field.model, _account_of_brief_item),
        (Brief.deliverables.field.model, _account_of_brief_item), (Contact, _accounts_of_contact),
    ]  # fmt: skip


def connect() -> None:
    """Mark an account whenever a row that feeds its health is saved or deleted, in the
    same transaction as the change, whichever code path made it."""
    from django.db.models.signals import post_delete, post_save

    for model, accounts_of in _inputs():

        def changed(sender, instance, accounts_of=accounts_of, **kwargs):
            if kwargs.get("raw"):
                return  # loading fixtures
            mark(accounts_of(instance))

        post_save.connect(
            changed, sender=model, weak=False, dispatch_uid=f"health:{model._meta.label}"
        )
        post_delete.connect(
            changed, sender=model, weak=False, dispatch_uid=f"health:{model._meta.label}:delete"
        )
