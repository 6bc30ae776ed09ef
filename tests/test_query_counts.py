"""Every page's query count stays the same at 10 rows and at 200."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AccountMembership
from tests.factories import (
    AccountFactory,
    ContactFactory,
    InteractionFactory,
    MembershipFactory,
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


PAGES = [
    ("/", 12),
    ("/clients/", 8),
    ("/clients/{client}/", 12),
    ("/accounts/", 10),
    ("/accounts/{account}/", 14),
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
    )
    _grow(world, 10)
    at_10 = _count(client, url)
    _grow(world, 190)
    assert AccountMembership.objects.filter(user=world.executive).count() > 20
    with django_assert_max_num_queries(limit):
        at_200 = _count(client, url)
    assert at_200 == at_10
