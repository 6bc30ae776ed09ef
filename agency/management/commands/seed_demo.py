"""Load the demo agency. Safe to run twice: what exists is left as it is."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Account, AccountMembership, Interaction
from agency.models import Notification, User
from briefs.models import ClientRequest
from clients.models import Client, Contact, company_name_key

Role = User.Role

DEMO_PASSWORD = "demo"
DEMO_USERS = [
    # username, first, last, role, reports to
    ("director", "Diana", "Richter", Role.DIRECTOR, None),
    ("manager", "Max", "Lehmann", Role.MANAGER, "director"),
    ("executive", "Emma", "Schulz", Role.EXECUTIVE, "manager"),
    ("planner", "Paul", "Neumann", Role.PLANNER, "manager"),
    ("coordinator", "Clara", "Wolf", Role.COORDINATOR, "executive"),
    # Colleagues who are not demo log-ins, so teams and reporting lines look real.
    ("m.becker", "Martin", "Becker", Role.MANAGER, "director"),
    ("s.koch", "Sophie", "Koch", Role.EXECUTIVE, "m.becker"),
    ("l.wagner", "Lukas", "Wagner", Role.EXECUTIVE, "m.becker"),
    ("j.hoffmann", "Julia", "Hoffmann", Role.PLANNER, "m.becker"),
]

CLIENTS = [
    ("Nordlicht Brauerei", "Nordlicht Brauerei GmbH", "Beverages", Client.Status.ACTIVE),
    ("Alpenwerk", "Alpenwerk AG", "Outdoor equipment", Client.Status.ACTIVE),
    ("Kaffeehaus Krone", "Kaffeehaus Krone GmbH & Co. KG", "Food service", Client.Status.ACTIVE),
    ("Velo Urban", "Velo Urban GmbH", "Mobility", Client.Status.ACTIVE),
    ("Stadtwerke Rheinau", "Stadtwerke Rheinau GmbH", "Energy", Client.Status.ACTIVE),
    ("Helios Pharma", "Helios Pharma SE", "Healthcare", Client.Status.ACTIVE),
    ("Brightside Insurance", "Brightside Insurance Ltd", "Insurance", Client.Status.ACTIVE),
    ("Muster Möbel", "Muster Möbel KG", "Furniture retail", Client.Status.PAUSED),
    ("Fjord Fisheries", "Fjord Fisheries AS", "Food", Client.Status.ACTIVE),
    ("Lumen Telecom", "Lumen Telecom AG", "Telecommunications", Client.Status.ACTIVE),
    ("Grünhof Bio", "Grünhof Bio eG", "Organic food", Client.Status.PROSPECT),
    ("Tessera Fashion", "Tessera Fashion GmbH", "Fashion", Client.Status.FORMER),
]

ACCOUNTS = [
    # client index, name, code, status, kind, team (usernames; first is primary executive)
    (0, "Nordlicht Pils", "NLB-PILS", Account.Status.ACTIVE, Account.Kind.RETAINER, ["executive", "planner", "coordinator", "manager"]),
    (0, "Nordlicht Alkoholfrei", "NLB-AF", Account.Status.ACTIVE, Account.Kind.PROJECT, ["executive", "manager"]),
    (1, "Alpenwerk Brand", "ALP-BRAND", Account.Status.ACTIVE, Account.Kind.RETAINER, ["executive", "planner", "manager"]),
    (1, "Alpenwerk Winter Campaign", "ALP-WIN", Account.Status.ACTIVE, Account.Kind.PROJECT, ["coordinator", "manager"]),
    (2, "Krone Coffee Retail", "KRN-RET", Account.Status.ACTIVE, Account.Kind.RETAINER, ["executive", "coordinator", "manager"]),
    (3, "Velo Urban Launch", "VEL-LAUNCH", Account.Status.ACTIVE, Account.Kind.PROJECT, ["s.koch", "j.hoffmann", "m.becker"]),
    (4, "Rheinau Energy Saving", "SWR-SAVE", Account.Status.ACTIVE, Account.Kind.RETAINER, ["l.wagner", "m.becker"]),
    (4, "Rheinau Employer Brand", "SWR-HR", Account.Status.ON_HOLD, Account.Kind.PROJECT, ["l.wagner", "m.becker"]),
    (5, "Helios OTC", "HEL-OTC", Account.Status.ACTIVE, Account.Kind.RETAINER, ["s.koch", "planner", "m.becker"]),
    (5, "Helios Corporate", "HEL-CORP", Account.Status.ACTIVE, Account.Kind.PROJECT, ["executive", "manager"]),
    (6, "Brightside Car Insurance", "BSI-CAR", Account.Status.ACTIVE, Account.Kind.RETAINER, ["l.wagner", "j.hoffmann", "m.becker"]),
    (6, "Brightside Pitch 2027", "BSI-PITCH", Account.Status.PITCH, Account.Kind.PROJECT, ["manager", "planner", "director"]),
    (7, "Muster Möbel Catalogue", "MM-CAT", Account.Status.ON_HOLD, Account.Kind.PROJECT, ["coordinator", "manager"]),
    (8, "Fjord Fresh", "FJF-FRESH", Account.Status.ACTIVE, Account.Kind.RETAINER, ["s.koch", "m.becker"]),
    (9, "Lumen Mobile", "LUM-MOB", Account.Status.ACTIVE, Account.Kind.RETAINER, ["executive", "planner", "coordinator", "manager"]),
    (9, "Lumen Business", "LUM-BIZ", Account.Status.ACTIVE, Account.Kind.PROJECT, ["l.wagner", "m.becker"]),
    (9, "Lumen Fibre Rollout", "LUM-FIB", Account.Status.ACTIVE, Account.Kind.PROJECT, ["s.koch", "j.hoffmann", "m.becker"]),
    (10, "Grünhof Pitch", "GRH-PITCH", Account.Status.PITCH, Account.Kind.PROJECT, ["director", "manager"]),
    (11, "Tessera Spring", "TES-SPR", Account.Status.CLOSED, Account.Kind.PROJECT, ["executive", "manager"]),
    (2, "Krone Instant", "KRN-INST", Account.Status.ACTIVE, Account.Kind.PROJECT, ["s.koch", "m.becker"]),
]  # fmt: skip

FIRST = [
    "Anna",
    "Jonas",
    "Lea",
    "Felix",
    "Mia",
    "Tim",
    "Lena",
    "Ben",
    "Sarah",
    "David",
    "Nina",
    "Tom",
]
LAST = [
    "Müller",
    "Schmidt",
    "Fischer",
    "Weber",
    "Meyer",
    "Schneider",
    "Bauer",
    "Braun",
    "Zimmermann",
]
TITLES = [
    "Head of Marketing",
    "Brand Manager",
    "Marketing Director",
    "CMO",
    "Product Manager",
    "Communications Lead",
]
# The relationship log; "{brand}" is the account, "{contact}" a client contact's first name.
SUMMARIES = {
    Interaction.Sentiment.POSITIVE: [
        "Presented the {brand} campaign route; {contact} loved the key visual and wants to move fast.",
        "Quarterly review of {brand} went well: sales up, {contact} praised the team's responsiveness.",
        "{contact} called: the {brand} launch film beat their tracking targets in the first week.",
        "Lunch with {contact}; they want us on the {brand} relaunch next year as well.",
        "{contact} approved the {brand} key visual in the first round, no changes.",
    ],
    Interaction.Sentiment.NEUTRAL: [
        "Status call on {brand} with {contact}: timings confirmed, waiting for their legal review.",
        "Sent {contact} the revised {brand} estimate and the production schedule.",
        "Workshop with {contact} on next year's {brand} priorities; several open questions remain.",
        "{contact} asked for the {brand} reporting a week earlier than agreed; we said yes.",
        "Walked {contact} through the {brand} media flowchart; they will come back after their board.",
    ],
    Interaction.Sentiment.NEGATIVE: [
        "{contact} unhappy with the third round of {brand} layouts; asked why the brief was missed again.",
        "Procurement questioned the {brand} fee level; {contact} hinted at a review.",
        "{contact} mentioned that their CMO is talking to other agencies about {brand}.",
        "{contact} complained that the {brand} invoice arrived before the work was approved.",
        "Missed the {brand} print deadline by two days; {contact} had to move the insert.",
    ],
}
# What clients ask for; "{brand}" becomes the account's name, so no two accounts share a
# title, and each account draws different ones.
REQUESTS = [
    (
        "Social cut-downs of the {brand} spring TV spot",
        "Six-second and 15-second versions for Instagram and YouTube, same end frame.",
    ),
    (
        "POS display for the {brand} summer promotion",
        "Counter display and shelf wobblers for 400 stores; first samples by the sales meeting.",
    ),
    (
        "Update the {brand} brand guidelines with the new logo lock-up",
        "The legal team signed off the new lock-up; guidelines, templates and the asset portal need it.",
    ),
    (
        "Trade fair booth concept for {brand}",
        "36 m² corner booth, two meeting spaces, a product wall. Budget to be confirmed by procurement.",
    ),
    (
        "Radio campaign in Bavaria for {brand}",
        "Two 20-second spots for regional stations, airing in the four weeks before Easter.",
    ),
    (
        "Employer branding video for {brand}",
        "Two-minute film with real employees; shooting at the main site, subtitles in English.",
    ),
    (
        "Newsletter template refresh for {brand}",
        "Modular template for the monthly customer newsletter, tested in the usual mail clients.",
    ),
    (
        "Limited-edition packaging for {brand}",
        "Three design routes for the anniversary edition; printer's deadline is fixed.",
    ),
    (
        "Q1 media plan for {brand}",
        "Reach-based plan across TV, online video and out-of-home; the CMO wants scenarios at two budget levels.",
    ),
    (
        "Press kit for the {brand} product launch",
        "Press release, fact sheet, product shots and a short statement from the CEO.",
    ),
    (
        "Influencer shortlist for {brand}",
        "Ten creators between 50k and 500k followers, with audience data and rough fees.",
    ),
    (
        "Landing page for the {brand} autumn offer",
        "One page with the offer, a calculator and the sign-up form; tracking as agreed with their IT.",
    ),
    (
        "Christmas mailing to {brand} key accounts",
        "Printed card and a small gift for 250 key accounts; addresses come from their CRM.",
    ),
    (
        "Competitor ad review for {brand}",
        "What the three main competitors ran in the last six months, with spend estimates.",
    ),
    (
        "Photo shoot for the {brand} website relaunch",
        "Two days, people and product; usage rights for web and print for three years.",
    ),
]


class Command(BaseCommand):
    help = "Load the demo agency (demo log-ins with password 'demo'); safe to run twice."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demo data is only loaded with DEBUG on: it has well-known passwords."
            )
        rng = random.Random(2026)
        with transaction.atomic():
            users = self.seed_users()
            accounts = self.seed_clients_and_accounts(rng, users)
            self.seed_activity(rng, accounts, users)
            self.seed_notifications(users)
        self.stdout.write(self.style.SUCCESS("Demo agency ready. Log in at /login/ as:"))
        for username, first, last, role, _boss in DEMO_USERS[:5]:
            self.stdout.write(f"  {username:<12} / {DEMO_PASSWORD}   {first} {last}, {role.label}")

    def seed_users(self):
        users = {}
        for username, first, last, role, boss in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "role": role,
                    "email": f"{username}@suits.example",
                    "reports_to": users.get(boss),
                    "is_staff": role == Role.DIRECTOR,
                    "is_superuser": role == Role.DIRECTOR,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            users[username] = user
        return users

    def seed_clients_and_accounts(self, rng, users):
        clients = []
        for name, legal, industry, status in CLIENTS:
            client, created = Client.objects.get_or_create(
                name=name,
                defaults={
                    "legal_name": legal,
                    "name_key": company_name_key(name),
                    "industry": industry,
                    "status": status,
                    "website": f"https://www.{company_name_key(name)}.example",
                    "address": f"{rng.choice(['Hauptstraße', 'Hafenstraße', 'Am Markt'])} {rng.randint(1, 90)}\n"
                    f"{rng.choice(['20095 Hamburg', '80331 München', '50667 Köln', '10115 Berlin'])}",
                    "created_by": users["director"],
                },
            )
            if created:
                for i in range(rng.randint(2, 4)):
                    first, last = rng.choice(FIRST), rng.choice(LAST)
                    Contact.objects.create(
                        client=client,
                        name=f"{first} {last}",
                        job_title=TITLES[(i + len(name)) % len(TITLES)],
                        email=f"{first}.{last}.{client.pk}{i}@{client.name_key}.example".lower(),
                        phone=f"+49 40 {rng.randint(1000000, 9999999)}",
                        is_primary=i == 0,
                        is_decision_maker=i in (0, 1),
                        left_on=timezone.localdate() - timedelta(days=20)
                        if (i == 2 and len(name) % 3 == 0)
                        else None,
                    )
            clients.append(client)
        accounts = []
        today = timezone.localdate()
        for client_index, name, code, status, kind, team in ACCOUNTS:
            account, created = Account.objects.get_or_create(
                code=code,
                defaults={
                    "client": clients[client_index],
                    "name": name,
                    "status": status,
                    "kind": kind,
                    "start_date": today - timedelta(days=rng.randint(60, 900)),
                    "description": f"{name}: {kind.label.lower()} work for {clients[client_index].name}.",
                },
            )
            if created:
                for position, username in enumerate(team):
                    user = users[username]
                    AccountMembership.objects.create(
                        account=account, user=user, role=user.role, is_primary=position == 0
                    )
            accounts.append(account)
        return accounts

    def seed_activity(self, rng, accounts, users):
        now = timezone.now()
        statuses = list(ClientRequest.Status)

        def office_hours(days_ago: int) -> datetime:
            """A moment on a working day, between 9:00 and 17:30 in the agency's time zone,
            and never later than now (a time later today moves to the working day before)."""
            day = timezone.localdate() - timedelta(days=days_ago)
            minutes = rng.randrange(9 * 60, 17 * 60 + 30, 5)
            while True:
                while day.weekday() >= 5:
                    day -= timedelta(days=1)
                moment = timezone.make_aware(
                    datetime.combine(day, time(minutes // 60, minutes % 60))
                )
                if moment <= now:
                    return moment
                day -= timedelta(days=1)

        for index, account in enumerate(accounts):
            if account.interactions.exists() or account.requests.exists():
                continue
            contacts = list(account.client.contacts.all())
            team = [m.user for m in account.memberships.select_related("user")]
            # Some accounts are going well, some are wobbling, a few are in trouble.
            mood = [
                Interaction.Sentiment.POSITIVE,
                Interaction.Sentiment.NEUTRAL,
                Interaction.Sentiment.NEGATIVE,
            ][index % 3]
            for _ in range(rng.randint(4, 9)):
                sentiment = mood if rng.random() < 0.6 else rng.choice(list(Interaction.Sentiment))
                interaction = Interaction.objects.create(
                    account=account,
                    kind=rng.choice(list(Interaction.Kind)),
                    occurred_at=office_hours(rng.randint(1, 120)),
                    summary=rng.choice(SUMMARIES[sentiment]).format(
                        brand=account.name, contact=rng.choice(contacts).name.split()[0]
                    ),
                    sentiment=sentiment,
                    logged_by=rng.choice(team),
                )
                interaction.staff.set(rng.sample(team, k=min(2, len(team))))
                interaction.contacts.set(rng.sample(contacts, k=min(1, len(contacts))))
            asks = rng.sample(REQUESTS, k=rng.randint(2, 5))
            for n, (title, details) in enumerate(asks):
                status = statuses[(index + n) % len(statuses)]
                if account.status == Account.Status.CLOSED:
                    status = ClientRequest.Status.DONE
                owner = team[0]
                received = office_hours(rng.randint(0, 40))
                ClientRequest.objects.create(
                    account=account,
                    title=title.format(brand=account.name),
                    details=details,
                    contact=rng.choice(contacts) if contacts else None,
                    channel=rng.choice(list(ClientRequest.Channel)),
                    received_at=received,
                    wanted_by=(received + timedelta(days=rng.randint(5, 40))).date(),
                    budget_hint=Decimal(rng.choice([2500, 8000, 15000, 40000])),
                    priority=ClientRequest.Priority.HIGH
                    if n == 0 and index % 4 == 0
                    else ClientRequest.Priority.NORMAL,
                    status=status,
                    decline_reason="Outside the agreed scope; referred to the client's PR agency."
                    if status == ClientRequest.Status.DECLINED
                    else "",
                    logged_by=owner,
                    owner=owner,
                    triaged_by=users["manager"] if status != ClientRequest.Status.NEW else None,
                    triaged_at=received + timedelta(hours=5)
                    if status != ClientRequest.Status.NEW
                    else None,
                )

    def seed_notifications(self, users):
        """A few unread notifications, so the bell has something to say. Marked e-mailed:
        demo data sends no mail."""
        now = timezone.now()
        for username, kind, request in [
            ("executive", "request.assigned", ClientRequest.objects.filter(owner=users["executive"]).first()),
            ("executive", "request.untriaged", ClientRequest.objects.filter(owner=users["executive"], status="new").first()),
            ("manager", "request.high_priority", ClientRequest.objects.filter(priority="high", account__memberships__user=users["manager"]).first()),
        ]:  # fmt: skip
            if request is None:
                continue
            message = {
                "request.assigned": f"Max Lehmann made you the owner of “{request.title}”",
                "request.untriaged": f"Nobody has triaged “{request.title}” on {request.account} yet",
                "request.high_priority": f"High-priority request on {request.account}: {request.title}",
            }[kind]
            Notification.objects.get_or_create(
                key=f"demo:{kind}:{request.pk}:{username}",
                defaults={
                    "recipient": users[username],
                    "kind": kind,
                    "message": message,
                    "link": request.get_absolute_url(),
                    "emailed_at": now,
                },
            )
