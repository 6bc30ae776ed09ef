"""Every page's query count stays the same at 10 rows and at 200."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import health
from accounts.models import AccountMembership, Budget, Contract, Opportunity
from accounts.services import budget_store_total
from agency.services import user_new_calendar_token
from briefs.models import Brief, BriefStep, BriefVersion, CreativeTeam, FeedbackRouting
from tests.factories import (
    AccountFactory,
    BriefFactory,
    BudgetFactory,
    BudgetLineFactory,
    ContactFactory,
    ContractFactory,
    DeliverableFactory,
    FeedbackFactory,
    InteractionFactory,
    MembershipFactory,
    OpportunityFactory,
    PaymentFactory,
    RequestFactory,
    UserFactory,
)


def _grow(world, n):
    """Add `n` rows of everything a page lists, all visible to the test users."""
    account, client = world.account, world.account.client
    for _ in range(n // 10):
        other = AccountFactory(client=client)
        MembershipFactory(account=other, user=world.executive)
        MembershipFactory(account=other, user=world.manager)
    ContactFactory.create_batch(n // 10, client=client)
    for _ in range(n):
        interaction = InteractionFactory(account=account)
        interaction.contacts.add(world.contact)
        interaction.staff.add(world.executive)
    RequestFactory.create_batch(
        n, account=account, contact=world.contact, owner=world.executive, logged_by=world.executive
    )
    for _ in range(n // 10):
        MembershipFactory(account=account, user=UserFactory())
    # History grows too: owners and contacts that change. The history panel costs one
    # query per kind of related record, so both kinds change from the first round on.
    for i in range(max(2, n // 10)):
        world.request.owner = world.coordinator if i % 2 else world.executive
        world.request.contact = ContactFactory(client=client)
        world.request.save()
        account.description = f"Revision {n}.{i}"
        account.save()
    _grow_briefs(world, n)
    _grow_budgets(world, n)
    _grow_money(world, n)
    health.nightly(tell=False)  # every account's health and this week's snapshot


def _grow_money(world, n):
    """Invoices of both directions (some drawing on the world's budget, some waiting),
    contracts, and opportunities in every stage; the world's own records change."""
    budget = Budget.objects.get(account=world.account, title="World estimate")
    for i in range(n):
        PaymentFactory(account=world.account, submitted_by=world.executive,
                       direction="supplier" if i % 2 else "client",
                       budget=budget if i % 3 == 0 else None,
                       status=["submitted", "approved", "paid", "rejected"][i % 4],
                       paid_on=timezone.localdate() if i % 4 == 2 else None,
                       reject_reason="No" if i % 4 == 3 else "")  # fmt: skip
    ContractFactory.create_batch(max(1, n // 10), account=world.account)
    for i in range(n):
        OpportunityFactory(client=world.account.client, owner=world.executive,
                           stage=["lead", "qualified", "pitch", "won", "lost"][i % 5])  # fmt: skip
    contract = Contract.objects.get(title="World contract")
    opportunity = Opportunity.objects.get(title="World pitch")
    changes = max(2, n // 10)
    for i in range(changes):
        # Changes back and forth, ending the same way at 10 rows and at 200.
        back = (changes - i) % 2 == 0
        contract.fee = 15_000 if back else 16_000
        contract.save()
        opportunity.owner = world.manager if back else world.executive
        opportunity.save()


def _grow_budgets(world, n):
    """Budgets waiting for a decision, within and above the limit, each with lines; the
    world's budget gets more lines and a history."""
    for i in range(n):
        budget = BudgetFactory(account=world.account, created_by=world.executive,
                               submitted_by=world.executive, status="submitted",
                               submitted_at=timezone.now())  # fmt: skip
        BudgetLineFactory.create_batch(
            2, budget=budget, quantity=1, unit_price=5_000 if i % 2 else 20_000
        )
        budget_store_total(budget)
    budget = Budget.objects.get_or_create(account=world.account, title="World estimate",
                                          defaults={"created_by": world.executive})[0]  # fmt: skip
    BudgetLineFactory.create_batch(max(1, n // 10), budget=budget)
    for i in range(max(2, n // 10)):
        budget.purpose = f"Revision {n}.{i}"
        budget.save()


def _grow_briefs(world, n):
    """Briefs to list; on the world's brief, deliverables, feedback with its routings,
    steps, versions and a history whose people change."""
    brief = world.brief
    BriefFactory.create_batch(
        n, account=world.account, owner=world.executive, planner=world.planner
    )
    DeliverableFactory.create_batch(n // 10, brief=brief)
    start = brief.feedback.count()
    for number in range(start + 1, start + 1 + n // 10):
        feedback = FeedbackFactory(
            brief=brief, round=number, contact=world.contact, logged_by=world.executive
        )
        for person in (world.executive, world.manager):
            FeedbackRouting.objects.create(feedback=feedback, recipient_key=f"user:{person.pk}", user=person,
                                           name=str(person), reasons=["owner"])  # fmt: skip
    last = brief.versions.count()
    for number in range(last + 1, last + 1 + n // 10):
        BriefVersion.objects.create(
            brief=brief, number=number, sections=brief.sections(), submitted_by=world.executive
        )
        BriefStep.objects.create(brief=brief, step="submit", from_status="draft", to_status="strategy_review",
                                 by=world.executive)  # fmt: skip
    changes, team = max(2, n // 10), CreativeTeam.objects.get(name="Team Nord")
    for i in range(changes):
        # Owner and team change back and forth, ending the same way at 10 rows and at 200.
        back = (changes - i) % 2 == 0
        brief.owner = world.manager if back else world.executive
        brief.creative_team = None if back else team
        brief.save()
    # The page of presented work offers the feedback form.
    Brief.objects.filter(pk=brief.pk).update(status=Brief.Status.PRESENTED)


PAGES = [
    ("/", 18),
    ("/clients/", 8),
    ("/clients/{client}/", 12),
    ("/accounts/", 10),
    ("/accounts/{account}/", 12),
    ("/accounts/{account}/log/", 10),
    ("/requests/", 10),
    ("/requests/{request}/", 10),
    ("/requests/new/?account={account}", 10),
    ("/clients/{client}/contacts/new/", 8),
    ("/contacts/{contact}/edit/", 10),
    ("/accounts/{account}/interactions/new/", 10),
    ("/accounts/{account}/team/add/", 8),
    ("/accounts/{account}/edit/", 10),
    ("/notifications/", 8),
    ("/notifications/badge/", 4),
    ("/requests/contacts/?account={account}", 6),
    ("/clients/new/", 6),
    ("/clients/{client}/edit/", 8),
    ("/accounts/new/", 8),
    ("/interactions/{interaction}/edit/", 10),
    ("/accounts/{account}/team/{membership}/edit/", 8),
    ("/clients/?format=csv", 6),
    ("/accounts/?format=csv", 6),
    ("/requests/?format=csv", 6),
    ("/requests/{request}/edit/", 10),
    ("/requests/?show=overdue", 10),
    ("/search/?q=Request", 10),
    ("/search/?q=Account", 10),
    ("/briefs/", 10),
    ("/briefs/?format=csv", 8),
    ("/briefs/?show=all&sort=-due&status=presented", 10),
    ("/briefs/new/", 8),
    ("/briefs/{brief}/", 13),
    ("/briefs/{brief}/edit/", 10),
    ("/briefs/{brief}/?rounds=all", 13),
    ("/briefs/{brief}/feedback/", 8),
    ("/briefs/{brief}/versions/", 8),
    ("/briefs/{brief}/print/", 8),
    ("/creative-teams/", 6),
    ("/creative-teams/{team}/", 6),
    ("/profile/", 6),
    ("/calendar/{token}.ics", 7),
    ("/approvals/", 8),
    ("/approvals/badge/", 6),
    ("/budgets/{budget}/", 8),
    ("/budgets/{budget}/print/", 6),
    ("/payments/{payment}/", 8),
    ("/contracts/{contract}/", 8),
    ("/contracts/{contract}/edit/", 8),
    ("/accounts/{account}/contracts/new/", 6),
    ("/pipeline/", 6),
    ("/dashboard/health/", 10),
    ("/dashboard/health/?band=red&sort=-score", 10),
    ("/pipeline/new/", 6),
    ("/opportunities/{opportunity}/", 8),
    ("/opportunities/{opportunity}/won/", 6),
]


def _count(client, url):
    cache.clear()  # count a cold page: no filter choices or session kept from before
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("path", "limit"), PAGES, ids=[p for p, _ in PAGES])
@pytest.mark.parametrize("role", ["manager", "director"])
def test_page_query_count_is_flat(client, world, path, limit, role, django_assert_max_num_queries):
    client.force_login(world.user(role))
    url = path.format(
        client=world.account.client_id,
        account=world.account.pk,
        request=world.request.pk,
        contact=world.contact.pk,
        interaction=world.interaction.pk,
        membership=AccountMembership.objects.get(account=world.account, user=world.executive).pk,
        brief=world.brief.pk,
        team=CreativeTeam.objects.get(name="Team Nord").pk,
        budget=Budget.objects.get_or_create(account=world.account, title="World estimate")[0].pk,
        payment=PaymentFactory(
            account=world.account,
            submitted_by=world.executive,
            budget=Budget.objects.get(title="World estimate"),
        ).pk,
        contract=ContractFactory(account=world.account, title="World contract").pk,
        opportunity=OpportunityFactory(
            client=world.account.client, owner=world.executive, title="World pitch"
        ).pk,
        token=user_new_calendar_token(user=world.user(role)) if "{token}" in path else "",
    )
    _grow(world, 10)
    at_10 = _count(client, url)
    _grow(world, 190)
    assert AccountMembership.objects.filter(user=world.executive).count() > 20
    with django_assert_max_num_queries(limit):
        at_200 = _count(client, url)
    assert at_200 == at_10
