import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from agency.dates import working_days_before
from agency.models import Notification
from briefs.models import ClientRequest
from briefs.services import request_triage, requests_remind_untriaged
from tests.factories import RequestFactory

BERLIN = ZoneInfo("Europe/Berlin")


def test_owner_accepts_and_assigns_and_the_new_owner_hears_of_it(client, world):
    client.force_login(world.executive)
    client.post(f"/requests/{world.request.pk}/accept/", {"owner": world.coordinator.pk})

    world.request.refresh_from_db()
    assert world.request.status == ClientRequest.Status.ACCEPTED
    assert world.request.owner == world.coordinator
    assert world.request.triaged_by == world.executive
    assert Notification.objects.filter(
        recipient=world.coordinator, kind="request.assigned"
    ).exists()
    page = client.get(f"/requests/{world.request.pk}/").content.decode()
    history = page.split('data-testid="history"')[1]
    assert f"{world.executive}</strong> changed" in history
    assert "Status: " in history and "→ Accepted" in history
    assert f"→ {world.coordinator}" in history


def test_owner_must_be_on_the_team(client, world):
    client.force_login(world.manager)
    response = client.post(
        f"/requests/{world.request.pk}/accept/", {"owner": world.other_executive.pk}
    )
    # The form's error shows next to the owner field, on the request's page.
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_owner"' in page and "is-invalid" in page
    assert "Choose an owner from the account" in page
    world.request.refresh_from_db()
    assert world.request.status == ClientRequest.Status.NEW


def test_decline_needs_a_reason(client, world):
    client.force_login(world.manager)
    response = client.post(f"/requests/{world.request.pk}/decline/", {"reason": " "})
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    world.request.refresh_from_db()
    assert world.request.status == ClientRequest.Status.NEW

    client.post(f"/requests/{world.request.pk}/decline/", {"reason": "Out of scope"})
    world.request.refresh_from_db()
    assert world.request.status == ClientRequest.Status.DECLINED
    assert world.request.decline_reason == "Out of scope"


def test_a_decided_request_cannot_be_decided_again(client, world):
    client.force_login(world.manager)
    client.post(f"/requests/{world.request.pk}/done/")
    response = client.post(
        f"/requests/{world.request.pk}/accept/", {"owner": world.executive.pk}, follow=True
    )
    assert "already Done" in response.content.decode()


def test_unknown_triage_action_is_404(client, world):
    client.force_login(world.manager)
    assert client.post(f"/requests/{world.request.pk}/explode/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_people_accepting_at_once_produce_one_decision(world):
    outcomes = []
    barrier = threading.Barrier(2)

    def accept(by, owner):
        try:
            barrier.wait()
            request_triage(request=world.request, step="accept", owner=owner, by=by)
            outcomes.append("accepted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=accept, args=(world.manager, world.executive)),
        threading.Thread(target=accept, args=(world.executive, world.coordinator)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["accepted", "refused"]
    world.request.refresh_from_db()
    assert world.request.status == ClientRequest.Status.ACCEPTED
    assert world.request.history.filter(status=ClientRequest.Status.ACCEPTED).count() == 1


def test_working_days_skip_the_weekend():
    monday_9 = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
    assert working_days_before(monday_9, 1) == datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN)
    assert working_days_before(monday_9, 2) == datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)


def test_untriaged_request_reminds_owner_and_manager_once(world, django_assert_max_num_queries):
    now = datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)  # a Monday
    world.request.received_at = datetime(2026, 11, 26, 15, 0, tzinfo=BERLIN)
    world.request.save()
    # Received on Friday afternoon: not yet a working day old on Monday morning.
    RequestFactory(
        account=world.account,
        owner=world.executive,
        received_at=datetime(2026, 11, 27, 15, 0, tzinfo=BERLIN),
    )
    # Triaged already: no reminder.
    RequestFactory(
        account=world.account,
        owner=world.executive,
        status=ClientRequest.Status.ACCEPTED,
        received_at=now - timedelta(days=10),
    )

    assert requests_remind_untriaged(now=now) == 2
    with django_assert_max_num_queries(1):  # already reminded: nothing is read again
        assert requests_remind_untriaged(now=now) == 0

    reminded = Notification.objects.filter(kind="request.untriaged")
    assert {n.recipient for n in reminded} == {world.executive, world.manager}
