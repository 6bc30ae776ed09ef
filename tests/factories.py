from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import (
    Account,
    AccountMembership,
    Budget,
    BudgetLine,
    Contract,
    Interaction,
    Opportunity,
    Payment,
)
from agency.models import User
from briefs.models import Brief, ClientRequest, CreativeTeam, Deliverable, Feedback
from clients.models import Client, Contact, company_name_key


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@agency.example")
    role = User.Role.EXECUTIVE
    password = factory.django.Password("correct horse battery staple")


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Sequence(lambda n: f"Client {n} Company")
    name_key = factory.LazyAttribute(lambda c: company_name_key(c.name))
    industry = "Beverages"
    status = Client.Status.ACTIVE


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    name = factory.Faker("name")
    job_title = "Brand Manager"
    email = factory.Sequence(lambda n: f"contact{n}@client.example")


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Account {n}")
    code = factory.Sequence(lambda n: f"ACC-{n}")
    status = Account.Status.ACTIVE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountMembership

    account = factory.SubFactory(AccountFactory)
    user = factory.SubFactory(UserFactory)
    role = factory.LazyAttribute(lambda m: m.user.role)


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    account = factory.SubFactory(AccountFactory)
    kind = Interaction.Kind.CALL
    summary = "Talked through the next campaign."
    sentiment = Interaction.Sentiment.NEUTRAL
    occurred_at = factory.LazyFunction(timezone.now)


class RequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientRequest

    account = factory.SubFactory(AccountFactory)
    title = factory.Sequence(lambda n: f"Request {n}")
    details = "Please send options."
    channel = ClientRequest.Channel.EMAIL
    received_at = factory.LazyFunction(timezone.now)


class CreativeTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreativeTeam

    name = factory.Sequence(lambda n: f"Creative Team {n}")
    email = factory.Sequence(lambda n: f"team{n}@creative.example")
    members = "Jana Vogel <jana@creative.example>\nTim Berger <tim@creative.example>"


class BriefFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brief

    account = factory.SubFactory(AccountFactory)
    title = factory.Sequence(lambda n: f"Spring campaign {n}")
    owner = factory.SubFactory(UserFactory)
    background = "Sales of the lager dipped in the south."
    target_audience = "Young urban adults."
    proposition = "The beer that tastes like home."


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    brief = factory.SubFactory(BriefFactory)
    what = factory.Sequence(lambda n: f"30s TV spot {n}")
    format = "TV"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    brief = factory.SubFactory(BriefFactory)
    round = factory.Sequence(lambda n: n + 1)
    said = "They like the idea but want a warmer tone."
    verdict = Feedback.Verdict.MINOR_CHANGES
    received_at = factory.LazyFunction(timezone.now)


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    account = factory.SubFactory(AccountFactory)
    title = factory.Sequence(lambda n: f"Estimate {n}")
    purpose = "Spring campaign production."


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    budget = factory.SubFactory(BudgetFactory)
    kind = BudgetLine.Kind.FEE
    description = "Creative concept, 40 hours"
    quantity = 40
    unit_price = 150


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    account = factory.SubFactory(AccountFactory)
    direction = Payment.Direction.CLIENT
    number = factory.Sequence(lambda n: f"RE-2026-{n:04d}")
    counterparty = "Nordlicht Brauerei"
    amount = 1_200
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    account = factory.SubFactory(AccountFactory)
    title = factory.Sequence(lambda n: f"Retainer {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=300))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=400))
    notice_days = 90
    fee = 15_000


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    client = factory.SubFactory(ClientFactory)
    title = factory.Sequence(lambda n: f"Pitch {n}")
    value = 100_000
    owner = factory.SubFactory(UserFactory)
    expected_close = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
