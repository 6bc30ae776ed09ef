"""Measure the main pages on a scale data set in PostgreSQL.

    make bench        # loads the data set once (a few minutes), then measures

Loads 2,000 clients, 5,000 accounts, 20,000 contacts, 100,000 requests, 300,000
interactions, 50,000 briefs with 150,000 deliverables and 150,000 feedback rounds, and
400 staff, then times each page in-process (Django's test client, so the figure is
server time without the network) and counts its queries, as a director (sees every
account), a manager (their team's ~600 accounts, through the reporting tree) and an
executive. The Django admin's account list on the same data is the baseline.

Last, it starts one real Celery worker on the broker in CELERY_BROKER_URL and measures
how many feedback rounds per second it routes.
"""

import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.test import Client as TestClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import health
from accounts.models import (
    Account,
    AccountMembership,
    Budget,
    BudgetLine,
    Contract,
    HealthSnapshot,
    Interaction,
    Opportunity,
    Payment,
    notice_deadline,
)
from agency.celery import app as celery_app
from agency.models import Notification, User
from agency.services import user_new_calendar_token
from briefs.models import (
    Brief,
    ClientRequest,
    CreativeTeam,
    Deliverable,
    Feedback,
    FeedbackRouting,
)
from briefs.tasks import route_feedback
from clients.models import Client, Contact, company_name_key

Role = User.Role
SCALE = {
    "staff": 400,
    "clients": 2_000,
    "accounts": 5_000,
    "contacts": 20_000,
    "requests": 100_000,
    "interactions": 300_000,
    "briefs": 50_000,
    "deliverables": 150_000,
    "feedback rounds": 150_000,
    "budgets": 20_000,
    "budget lines": 100_000,
    "payments": 50_000,
    "contracts": 5_000,
    "opportunities": 3_000,
    "health snapshots (a year of weeks)": 260_000,
}
ROUTING_ROUNDS = 500
BATCH = 5_000


def cycle_of_presented_briefs(owner, count, *, besides):
    """Ids of `count` presented briefs on `owner`'s accounts (not `besides`), endlessly:
    each takes one round of feedback, then is presented again."""
    mine = Account.objects.worked_on_by(owner)
    briefs = list(
        Brief.objects.filter(account__in=mine).exclude(pk=besides.pk).order_by("-pk")[:count]
    )
    last_round = (
        Feedback.objects.filter(brief=OuterRef("pk")).order_by("-round").values("round")[:1]
    )
    Brief.objects.filter(pk__in=[b.pk for b in briefs]).update(
        status=Brief.Status.PRESENTED,
        owner=owner,
        feedback_rounds=Coalesce(Subquery(last_round), 0),
    )

    def ids():
        while True:
            Brief.objects.filter(pk__in=[b.pk for b in briefs]).update(
                status=Brief.Status.PRESENTED
            )
            yield from (b.pk for b in briefs)

    return ids()


def budgets_to_decide(account, submitter, amount, count) -> list[int]:
    """Ids of `count` budgets of `amount` on `account`, submitted by `submitter`."""
    budgets = Budget.objects.bulk_create(
        Budget(account=account, title="Bench estimate", status=Budget.Status.SUBMITTED,
               created_by=submitter, submitted_by=submitter, submitted_at=timezone.now())
        for _ in range(count)
    )  # fmt: skip
    BudgetLine.objects.bulk_create(
        BudgetLine(budget=budget, description="Production", quantity=1, unit_price=amount)
        for budget in budgets
    )
    Budget.objects.filter(pk__in=[b.pk for b in budgets]).update(total=amount)
    return [budget.pk for budget in budgets]


def calendar_user_on(accounts: int) -> str:
    """The calendar token of a user on the team of `accounts` accounts with briefs."""
    user, _created = User.objects.get_or_create(
        username="calendar0", defaults={"role": Role.EXECUTIVE, "first_name": "Cal"}
    )
    with_briefs = Account.objects.filter(briefs__isnull=False).distinct().order_by("pk")[:accounts]
    for account in with_briefs:
        AccountMembership.objects.get_or_create(
            account=account, user=user, defaults={"role": user.role}
        )
    return user.calendar_token or user_new_calendar_token(user=user)


def payments_to_decide(account, submitter, amount, count) -> list[int]:
    """Ids of `count` invoices of `amount` on `account`, submitted by `submitter`."""
    today, start = timezone.localdate(), Payment.objects.count()
    payments = Payment.objects.bulk_create(
        Payment(account=account, direction=Payment.Direction.SUPPLIER, number=f"BENCH-{start + i}",
                counterparty="Bench supplier", amount=amount, issued_on=today, due_on=today,
                submitted_by=submitter, submitted_at=timezone.now())
        for i in range(count)
    )  # fmt: skip
    return [payment.pk for payment in payments]


class Command(BaseCommand):
    help = "Load the scale data set (once) and measure page times and query counts."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
        parser.add_argument("--reload", action="store_true", help="drop and load the data again")
        parser.add_argument("--no-worker", action="store_true", help="skip the routing throughput")

    def handle(self, *args, runs, reload, no_worker, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Run the benchmark on PostgreSQL: make bench.")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        if reload or Account.objects.count() < SCALE["accounts"]:
            self.load()
        if reload or Brief.objects.count() < SCALE["briefs"]:
            self.load_briefs()
        if reload or Budget.objects.count() < SCALE["budgets"]:
            self.load_budgets()
        if reload or Payment.objects.count() < SCALE["payments"]:
            self.load_money()
        if reload or HealthSnapshot.objects.count() < SCALE["health snapshots (a year of weeks)"]:
            self.load_health()
        self.measure_nightly()
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        self.measure(runs)
        if not no_worker:
            self.measure_routing()

    # Loading ------------------------------------------------------------------

    def load(self):
        started = time.perf_counter()
        rng = random.Random(7)
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE briefs_clientrequest, accounts_interaction_staff, "
                "accounts_interaction_contacts, accounts_interaction, clients_contact, "
                "accounts_accountmembership, accounts_account, clients_client, "
                "agency_notification, agency_user RESTART IDENTITY CASCADE"
            )
        with transaction.atomic():
            staff = self.load_staff()
            clients = Client.objects.bulk_create(
                Client(name=f"Client {i:04d} GmbH", name_key=company_name_key(f"Client {i:04d}"), industry=rng.choice(["Retail", "Energy", "Food", "Finance", "Mobility"]))
                for i in range(SCALE["clients"])
            )  # fmt: skip
            accounts = Account.objects.bulk_create(
                Account(client=clients[i % len(clients)], name=f"Account {i:05d}", code=f"A{i:05d}", status=rng.choice(list(Account.Status)), start_date=timezone.localdate() - timedelta(days=rng.randint(1, 2000)))
                for i in range(SCALE["accounts"])
            )  # fmt: skip
            self.load_teams(rng, staff, accounts)
            contacts = Contact.objects.bulk_create(
                (Contact(client=clients[i % len(clients)], name=f"Contact {i}", email=f"c{i}@client.example", is_primary=i < len(clients)) for i in range(SCALE["contacts"])),
                batch_size=BATCH,
            )  # fmt: skip
            by_client = {}
            for contact in contacts:
                by_client.setdefault(contact.client_id, []).append(contact)
        now = timezone.now()
        executives = staff[Role.EXECUTIVE]

        def make_request(i):
            account = accounts[rng.randrange(len(accounts))]
            return ClientRequest(
                account=account,
                title=f"Request {i}",
                details="Options and a rough timeline, please.",
                contact=rng.choice(by_client[account.client_id]),
                received_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 700)),
                wanted_by=(now + timedelta(days=rng.randint(-100, 100))).date(),
                budget_hint=Decimal(rng.choice([1000, 5000, 20000])),
                status=rng.choice(list(ClientRequest.Status)),
                decline_reason="Out of scope",
                owner=executives[i % len(executives)],
            )

        self.bulk(ClientRequest, SCALE["requests"], make_request)
        self.bulk(
            Interaction,
            SCALE["interactions"],
            lambda i: Interaction(
                account=accounts[rng.randrange(len(accounts))],
                kind=rng.choice(list(Interaction.Kind)),
                occurred_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 700)),
                summary="Status call about the running campaigns.",
                sentiment=rng.choice(list(Interaction.Sentiment)),
            ),
        )
        # What autovacuum does on a live database: statistics and the visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(f"Loaded the scale data set in {time.perf_counter() - started:.0f} s.")

    def load_briefs(self):
        """Briefs in every state, three deliverables and three feedback rounds each."""
        started = time.perf_counter()
        rng = random.Random(11)
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE briefs_feedbackrouting, briefs_feedback, briefs_deliverable, "
                "briefs_briefversion, briefs_briefstep, briefs_brief, briefs_creativeteam, "
                "agency_notification RESTART IDENTITY CASCADE"
            )
        teams = CreativeTeam.objects.bulk_create(
            CreativeTeam(name=f"Creative {i}", email=f"creative{i}@agency.example")
            for i in range(8)
        )
        teams_of = {}
        for account_id, user_id, role in AccountMembership.objects.values_list(
            "account_id", "user_id", "role"
        ):
            teams_of.setdefault(account_id, {}).setdefault(role, []).append(user_id)
        accounts = list(teams_of)
        today = timezone.localdate()
        statuses = list(Brief.Status)

        def make_brief(i):
            account_id = accounts[i % len(accounts)]
            team = teams_of[account_id]
            due = today + timedelta(days=rng.randint(-200, 120))
            return Brief(
                account_id=account_id, title=f"Brief {i}", owner_id=team[Role.EXECUTIVE][0],
                planner_id=team.get(Role.PLANNER, [None])[0], creative_team=teams[i % 8],
                status=statuses[i % len(statuses)], cancel_reason="Budget cut",
                background="The brand lost share in the south last year.",
                proposition="The taste of long evenings.", budget=Decimal(rng.choice([20000, 80000])),
                brief_due=due - timedelta(days=30), first_presentation=due - timedelta(days=14),
                final_delivery=due,
            )  # fmt: skip

        self.bulk(Brief, SCALE["briefs"], make_brief)
        brief_ids = list(Brief.objects.order_by("pk").values_list("pk", flat=True))
        self.bulk(
            Deliverable,
            SCALE["deliverables"],
            lambda i: Deliverable(
                brief_id=brief_ids[i // 3], what=["30s TV spot", "OOH 18/1", "Social set"][i % 3],
                due_on=today + timedelta(days=rng.randint(-100, 60)),
                delivered_on=today if i % 4 == 0 else None,
            ),
        )  # fmt: skip
        now = timezone.now()
        self.bulk(
            Feedback,
            SCALE["feedback rounds"],
            lambda i: Feedback(
                brief_id=brief_ids[i // 3], round=i % 3 + 1, said="Warmer, and a bigger logo.",
                verdict=rng.choice(list(Feedback.Verdict)), sentiment=rng.choice(list(Feedback.Sentiment)),
                received_at=now - timedelta(days=rng.randint(1, 300)), routed_at=now,
                acknowledged_at=now, beyond_included=i % 3 == 2,
            ),
        )  # fmt: skip
        Brief.objects.update(feedback_rounds=3)  # three rounds each, as loaded above
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(f"Loaded the briefs in {time.perf_counter() - started:.0f} s.")

    def load_budgets(self):
        """Budgets in every state, five lines each, a quarter of them waiting."""
        started = time.perf_counter()
        rng = random.Random(13)
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE accounts_budgetline, accounts_budget RESTART IDENTITY CASCADE")
        people = {}
        for account_id, user_id, role in AccountMembership.objects.values_list(
            "account_id", "user_id", "role"
        ):
            people.setdefault(account_id, {})[role] = user_id
        accounts = sorted(people)
        statuses = [
            Budget.Status.SUBMITTED,
            Budget.Status.APPROVED,
            Budget.Status.DRAFT,
            Budget.Status.REJECTED,
        ]
        now = timezone.now()

        def make_budget(i):
            account_id = accounts[i % len(accounts)]
            status = statuses[i % 4]
            return Budget(
                account_id=account_id, title=f"Estimate {i}", status=status, reject_reason="Too high",
                created_by_id=people[account_id][Role.EXECUTIVE], submitted_by_id=people[account_id][Role.EXECUTIVE],
                submitted_at=now - timedelta(hours=rng.randint(1, 2000)),
            )  # fmt: skip

        self.bulk(Budget, SCALE["budgets"], make_budget)
        budget_ids = list(Budget.objects.order_by("pk").values_list("pk", flat=True))
        self.bulk(
            BudgetLine,
            SCALE["budget lines"],
            lambda i: BudgetLine(
                budget_id=budget_ids[i // 5], kind=rng.choice(list(BudgetLine.Kind)), description=f"Line {i}",
                quantity=Decimal(rng.randint(1, 80)), unit_price=Decimal(rng.choice([95, 140, 1200, 2500])),
                markup_percent=Decimal(rng.choice([0, 0, 15])),
            ),
        )  # fmt: skip
        with connection.cursor() as cursor:
            # What the line services store, for the whole set at once.
            cursor.execute(
                "UPDATE accounts_budget b SET total = s.total FROM (SELECT budget_id, sum(total) AS total "
                "FROM accounts_budgetline GROUP BY budget_id) s WHERE s.budget_id = b.id"
            )
            cursor.execute("VACUUM ANALYZE accounts_budget, accounts_budgetline")
        self.stdout.write(f"Loaded the budgets in {time.perf_counter() - started:.0f} s.")

    def load_money(self):
        """Invoices in every state (some drawing on an approved budget of their account),
        a contract per account with notice deadlines over the next two years, and
        opportunities in every stage."""
        started = time.perf_counter()
        rng = random.Random(17)
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE accounts_payment, accounts_historicalpayment, accounts_contract, "
                "accounts_historicalcontract, accounts_opportunity, accounts_historicalopportunity "
                "RESTART IDENTITY CASCADE"
            )
        people = {}
        for account_id, user_id, role in AccountMembership.objects.values_list(
            "account_id", "user_id", "role"
        ):
            people.setdefault(account_id, {})[role] = user_id
        accounts = sorted(people)
        approved = dict(
            Budget.objects.filter(status=Budget.Status.APPROVED)
            .order_by("account_id", "pk")
            .values_list("account_id", "pk")
        )
        statuses = [Payment.Status.SUBMITTED, Payment.Status.APPROVED, Payment.Status.PAID, Payment.Status.PAID,
                    Payment.Status.REJECTED]  # fmt: skip
        now, today = timezone.now(), timezone.localdate()

        def make_payment(i):
            account_id, status = accounts[i % len(accounts)], statuses[i % len(statuses)]
            issued = today - timedelta(days=rng.randint(0, 400))
            due = issued + timedelta(days=30)
            return Payment(
                account_id=account_id, budget_id=approved.get(account_id) if i % 3 == 0 else None,
                direction=Payment.Direction.CLIENT if i % 2 else Payment.Direction.SUPPLIER,
                number=f"INV-{i:06d}", counterparty=f"Counterparty {i % 700}",
                amount=Decimal(rng.choice([450, 1200, 8000, 18_500, 32_000])), issued_on=issued, due_on=due,
                paid_on=min(due + timedelta(days=rng.randint(-20, 25)), today) if status == Payment.Status.PAID else None,
                status=status, reject_reason="Wrong rate" if status == Payment.Status.REJECTED else "",
                submitted_by_id=people[account_id][Role.EXECUTIVE], submitted_at=now - timedelta(hours=rng.randint(1, 3000)),
            )  # fmt: skip

        self.bulk(Payment, SCALE["payments"], make_payment)
        kinds, models = list(Contract.Kind), list(Contract.FeeModel)

        def make_contract(i):
            starts = today - timedelta(days=rng.randint(30, 900))
            ends = today + timedelta(days=rng.randint(-60, 730))
            contract = Contract(
                account_id=accounts[i % len(accounts)], title=f"Contract {i}", kind=kinds[i % len(kinds)],
                starts_on=min(starts, ends), ends_on=ends, notice_days=rng.choice([30, 60, 90]),
                fee_model=models[i % len(models)], fee=Decimal(rng.choice([8000, 15000, 24000])),
            )  # fmt: skip
            contract.notice_deadline = notice_deadline(contract.ends_on, contract.notice_days)
            return contract

        self.bulk(Contract, SCALE["contracts"], make_contract)
        owners = list(
            User.objects.filter(role__in=(Role.MANAGER, Role.EXECUTIVE)).values_list(
                "pk", flat=True
            )
        )
        clients = list(Client.objects.values_list("pk", flat=True))
        stages = list(Opportunity.Stage)
        self.bulk(
            Opportunity,
            SCALE["opportunities"],
            lambda i: Opportunity(
                client_id=clients[i % len(clients)], title=f"Opportunity {i}", value=Decimal(rng.choice([40_000, 120_000, 450_000])),
                stage=stages[i % len(stages)], probability=Opportunity.STAGE_PROBABILITY[stages[i % len(stages)]],
                owner_id=owners[i % len(owners)], expected_close=today + timedelta(days=rng.randint(-60, 240)),
            ),
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM ANALYZE accounts_payment, accounts_contract, accounts_opportunity"
            )
        self.stdout.write(
            f"Loaded payments, contracts and opportunities in {time.perf_counter() - started:.0f} s."
        )

    def load_health(self):
        """A year of weekly snapshots per account (a random walk), then tonight's run."""
        started = time.perf_counter()
        rng = random.Random(23)
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE accounts_healthsnapshot RESTART IDENTITY")
        accounts = list(Account.objects.order_by("pk").values_list("pk", flat=True))
        weeks = SCALE["health snapshots (a year of weeks)"] // len(accounts)
        this_week = health.week_of(timezone.localdate())
        scores = {pk: rng.randint(30, 95) for pk in accounts}

        def make(i):
            pk, week = accounts[i % len(accounts)], weeks - 1 - i // len(accounts)
            scores[pk] = max(0, min(100, scores[pk] + rng.randint(-6, 6)))
            return HealthSnapshot(account_id=pk, week=this_week - timedelta(weeks=week + 1),
                                  score=scores[pk], band=health.band_of(scores[pk]))  # fmt: skip

        self.bulk(HealthSnapshot, weeks * len(accounts), make)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE accounts_healthsnapshot")
        self.stdout.write(f"Loaded the health snapshots in {time.perf_counter() - started:.0f} s.")

    def measure_nightly(self):
        """The nightly recompute of every account, and of a tenth of them: its time, and
        its query count, which must not grow with the number of accounts."""
        rows = []
        ids = list(Account.objects.order_by("pk").values_list("pk", flat=True))
        for accounts in (
            Account.objects.filter(pk__in=ids[: len(ids) // 10]),
            Account.objects.all(),
        ):
            count = accounts.count()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                health.nightly(tell=False, accounts=accounts)
                elapsed = time.perf_counter() - started
            rows.append((count, elapsed, len(queries)))
        for count, elapsed, queries in rows:
            self.stdout.write(
                f"Nightly health run, {count:,} accounts: {elapsed:.1f} s, {queries} queries."
            )
        # The run rewrites every account's row; autovacuum follows such a run, as here.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE accounts_account")

    def bulk(self, model, count, make):
        for start in range(0, count, BATCH):
            with transaction.atomic():
                model.objects.bulk_create(make(i) for i in range(start, min(count, start + BATCH)))
            self.stdout.write(f"  {model.__name__}: {min(count, start + BATCH):,}", ending="\r")
        self.stdout.write("")

    def load_staff(self):
        mix = [
            (Role.DIRECTOR, 4),
            (Role.MANAGER, 40),
            (Role.EXECUTIVE, 200),
            (Role.PLANNER, 60),
            (Role.COORDINATOR, 96),
        ]
        staff = {role: [] for role, _ in mix}
        for role, count in mix:
            bosses = staff[Role.DIRECTOR] if role == Role.MANAGER else staff[Role.MANAGER]
            for i in range(count):
                user = User(
                    username=f"{role}{i}",
                    first_name=role.label,
                    last_name=str(i),
                    role=role,
                    email=f"{role}{i}@agency.example",
                )
                user.set_unusable_password()
                user.reports_to = bosses[i % len(bosses)] if bosses else None
                staff[role].append(user)
            User.objects.bulk_create(staff[role])
        return staff  # fmt: skip

    def load_teams(self, rng, staff, accounts):
        memberships = []
        for i, account in enumerate(accounts):
            team = {
                staff[Role.MANAGER][i % 40],
                staff[Role.EXECUTIVE][i % 200],
                staff[Role.EXECUTIVE][rng.randrange(200)],
                staff[Role.PLANNER][i % 60],
                staff[Role.COORDINATOR][i % 96],
            }
            memberships += [AccountMembership(account=account, user=u, role=u.role) for u in team]
        AccountMembership.objects.bulk_create(memberships, batch_size=BATCH)

    # Measuring ----------------------------------------------------------------

    def measure(self, runs):
        director = User.objects.filter(role=Role.DIRECTOR).first()
        director.is_staff = director.is_superuser = True
        director.save(update_fields=["is_staff", "is_superuser"])
        executive = User.objects.filter(role=Role.EXECUTIVE).first()
        manager = executive.reports_to  # sees their own and their team's accounts
        # Planners and coordinators see only the accounts they are on: take ones on some.
        planner, coordinator = (
            User.objects.filter(role=role, memberships__isnull=False).order_by("pk").first()
            for role in (Role.PLANNER, Role.COORDINATOR)
        )
        account = Account.objects.visible_to(executive).active().order_by("pk").first()
        # Everyone measured works on the account, so every intake POST succeeds.
        for user in (director, manager):
            AccountMembership.objects.get_or_create(
                account=account, user=user, defaults={"role": user.role}
            )
        # An open request the executive owns, so every role may open its edit form.
        request = ClientRequest.objects.filter(account=account).open().first()
        ClientRequest.objects.filter(pk=request.pk).update(owner=executive)
        contact = Contact.objects.filter(client=account.client_id).first()
        # The brief whose pages are timed: the executive's, presented, with its rounds.
        brief = Brief.objects.filter(account=account).order_by("pk").first()
        Brief.objects.filter(pk=brief.pk).update(owner=executive, status=Brief.Status.PRESENTED)
        budget = Budget.objects.filter(account=account).order_by("pk").first()
        payment = Payment.objects.filter(account=account).order_by("pk").first()
        contract = Contract.objects.filter(account=account).order_by("pk").first()
        # Feedback is logged on presented work: one presented brief per timed POST.
        presented = cycle_of_presented_briefs(executive, runs + 5, besides=brief)
        calendar_url = f"/calendar/{calendar_user_on(20)}.ics"
        pages = [
            ("home", "/"),
            ("/accounts/", "/accounts/"),
            ("/clients/", "/clients/"),
            ("/requests/", "/requests/"),
            ("account page", f"/accounts/{account.pk}/"),
            ("account timeline and history", f"/accounts/{account.pk}/log/"),
            ("client page", f"/clients/{account.client_id}/"),
            ("request page", f"/requests/{request.pk}/"),
            ("request edit form", f"/requests/{request.pk}/edit/"),
            ("intake form", "/requests/new/"),
            # The global search: a client's name, and a request title among 100,000.
            ("search: a client", "/search/?q=Client%200123"),
            ("search: a request", "/search/?q=Request%204711"),
            ("/briefs/", "/briefs/"),
            ("brief page", f"/briefs/{brief.pk}/"),
            ("brief edit form", f"/briefs/{brief.pk}/edit/"),
            ("brief versions", f"/briefs/{brief.pk}/versions/"),
            ("brief print", f"/briefs/{brief.pk}/print/"),
            ("feedback form", f"/briefs/{brief.pk}/feedback/"),
            ("profile", "/profile/"),
            ("budget page", f"/budgets/{budget.pk}/"),
            ("budget print", f"/budgets/{budget.pk}/print/"),
            ("payment page", f"/payments/{payment.pk}/"),
            ("contract page", f"/contracts/{contract.pk}/"),
        ]
        rows = []
        for user in (director, manager, executive):
            browser = TestClient()
            browser.force_login(user)
            for name, url in pages:
                rows.append((name, user.role, *self.time(runs, lambda b=browser, u=url: b.get(u))))
            post = lambda b=browser: self.post_intake(b, account, contact)  # noqa: E731
            rows.append(("intake POST", user.role, *self.time(runs, post, expect=302)))
            feedback = lambda b=browser: self.post_feedback(b, next(presented))  # noqa: E731
            rows.append(("feedback POST", user.role, *self.time(runs, feedback, expect=302)))
            if user in (manager, executive):  # directors don't draft budgets
                new_budget = f"/accounts/{account.pk}/budgets/new/"
                rows.append(
                    (
                        "new budget form",
                        user.role,
                        *self.time(runs, lambda b=browser, u=new_budget: b.get(u)),
                    )
                )
            if user in (director, manager):
                for name, url in (
                    ("health dashboard (50 rows)", "/dashboard/health/"),
                    ("health dashboard, red, by score", "/dashboard/health/?band=red&sort=score"),
                    ("creative teams", "/creative-teams/"),
                    ("creative team edit", f"/creative-teams/{brief.creative_team_id}/"),
                ):
                    rows.append(
                        (name, user.role, *self.time(runs, lambda b=browser, u=url: b.get(u)))
                    )
                rows.append(
                    (
                        "/approvals/",
                        user.role,
                        *self.time(runs, lambda b=browser: b.get("/approvals/")),
                    )
                )
                waiting = iter(
                    budgets_to_decide(
                        account, executive, 40_000 if user == director else 9_000, runs + 5
                    )
                )
                approve = lambda b=browser, w=waiting: b.post(f"/budgets/{next(w)}/approve/")  # noqa: E731
                rows.append(("approve POST", user.role, *self.time(runs, approve, expect=302)))
                invoices = iter(
                    payments_to_decide(
                        account, executive, 40_000 if user == director else 9_000, runs + 5
                    )
                )
                approve = lambda b=browser, w=invoices: b.post(f"/payments/{next(w)}/approve/")  # noqa: E731
                rows.append(
                    ("approve payment POST", user.role, *self.time(runs, approve, expect=302))
                )
                rows.append(
                    (
                        "/pipeline/",
                        user.role,
                        *self.time(runs, lambda b=browser: b.get("/pipeline/")),
                    )
                )
            if user == director:
                csv = lambda b=browser: self.download(b, "/dashboard/health/?format=csv")  # noqa: E731
                rows.append(
                    ("health CSV, every account", user.role, *self.time(min(runs, 10), csv))
                )
                rows.append(("admin account list (baseline)", user.role, *self.time(runs, lambda b=browser: b.get("/admin/accounts/account/"))))  # fmt: skip
        # Every role's home page; a planner's or coordinator's lists scope like an executive's.
        for user in (planner, coordinator):
            browser = TestClient()
            browser.force_login(user)
            rows.append(("home", user.role, *self.time(runs, lambda b=browser: b.get("/"))))
        # A calendar app fetching the feed of someone on 20 accounts: no session. Unchanged
        # since the last fetch (the usual case), and built afresh (after any change).
        feed = TestClient()
        rows.append(
            ("calendar feed, unchanged", "—", *self.time(runs, lambda: feed.get(calendar_url)))
        )
        rows.append(
            (
                "calendar feed, built",
                "—",
                *self.time(runs, lambda: cache.clear() or feed.get(calendar_url)),
            )
        )
        self.report(rows, runs)

    def post_feedback(self, browser, brief_id):
        return browser.post(
            f"/briefs/{brief_id}/feedback/",
            {
                "said": "Warmer, please, and the logo bigger.",
                "verdict": "minor_changes",
                "sentiment": "neutral",
                "topics": "creative",
                "channel": "meeting",
                "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            },
        )

    def measure_routing(self):
        """Feedback rounds routed per second by one real worker on Redis: with one process
        (`--pool=solo`) and with a process per core (prefork, Celery's default)."""
        if not settings.CELERY_BROKER_URL:
            raise CommandError("Set CELERY_BROKER_URL for the routing figure, or pass --no-worker.")
        self.stdout.write("")
        for pool in (["--pool=solo"], ["--pool=prefork", f"--concurrency={os.cpu_count()}"]):
            self.route_with(pool)

    def route_with(self, pool):
        account = Account.objects.filter(briefs__isnull=False).order_by("pk").first()
        owner = AccountMembership.objects.filter(account=account, role=Role.EXECUTIVE).first().user
        briefs = list(Brief.objects.filter(account=account).order_by("pk")[:50])
        last = Feedback.objects.filter(brief__in=briefs).aggregate(last=Max("round"))["last"] or 0
        now = timezone.now()
        # Negative rejections on strategy: the owner, the team, the planner and the managers.
        rounds = Feedback.objects.bulk_create(
            Feedback(brief=briefs[i % len(briefs)], round=last + 1 + i // len(briefs), said="Routing benchmark.",
                     verdict=["rejected", "major_changes"][i % 2], sentiment="negative", topics=["strategy"],
                     received_at=now, logged_by=owner)
            for i in range(ROUTING_ROUNDS)
        )  # fmt: skip
        celery_app.control.purge()
        env = {**os.environ, "EMAIL_URL": "memorymail://", "CELERY_TASK_ALWAYS_EAGER": "false"}
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "agency", "worker", *pool, "-l", "WARNING",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", "bench@%h"],
            cwd=settings.BASE_DIR, env=env,
        )  # fmt: skip
        pending = Feedback.objects.filter(pk__in=[f.pk for f in rounds], routed_at=None)
        try:
            deadline = time.monotonic() + 60
            while not celery_app.control.ping(timeout=1) and time.monotonic() < deadline:
                pass
            started = time.perf_counter()
            for feedback in rounds:
                route_feedback.delay(feedback.pk)
            while pending.exists() and time.perf_counter() - started < 300:
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
        finally:
            celery_app.control.purge()  # what routing queued (the e-mails) is not measured
            worker.terminate()
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        routed = ROUTING_ROUNDS - pending.count()
        routings = FeedbackRouting.objects.filter(feedback__in=rounds).count()
        self.stdout.write(
            f"Routing, one worker ({' '.join(pool)}): {routed} of {ROUTING_ROUNDS} feedback rounds "
            f"in {elapsed:.1f} s, {routed / elapsed:.0f} rounds/s "
            f"({routings / ROUTING_ROUNDS:.1f} recipients a round)."
        )
        # Leave the data set as it was: the rounds, and what routing them notified.
        Notification.objects.filter(kind="feedback.routed", created_at__gte=now).delete()
        Feedback.objects.filter(pk__in=[f.pk for f in rounds]).delete()
        celery_app.control.purge()  # the routed rounds' e-mails, never sent

    def post_intake(self, browser, account, contact):
        return browser.post(
            "/requests/new/",
            {
                "intake_token": uuid.uuid4(),
                "account": account.pk,
                "title": "Benchmark request",
                "contact": contact.pk,
                "channel": "call",
                "wanted_by": (timezone.localdate() + timedelta(days=7)).isoformat(),
                "budget_hint": "5000",
                "priority": "normal",
            },
        )

    @staticmethod
    def download(browser, url):
        """GET a streamed export and read all of it, as a browser would."""
        response = browser.get(url)
        response.body = b"".join(response.streaming_content)
        return response

    def time(self, runs, call, expect=200):
        for _ in range(3):  # warm caches and connections
            response = call()
        if response.status_code != expect:
            raise CommandError(
                f"Expected {expect}, got {response.status_code} {response.get('Location', '')}"
            )
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            call()
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        return statistics.median(timings), p95, len(queries)

    def report(self, rows, runs):
        self.stdout.write("")
        self.stdout.write(
            f"Scale: {', '.join(f'{v:,} {k}' for k, v in SCALE.items())}; {runs} runs per row."
        )
        self.stdout.write("")
        self.stdout.write("| page | as | median ms | p95 ms | queries |")
        self.stdout.write("|---|---|---:|---:|---:|")
        for name, role, median, p95, queries in rows:
            self.stdout.write(f"| {name} | {role} | {median:.1f} | {p95:.1f} | {queries} |")
