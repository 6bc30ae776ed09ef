"""The classes of defect the review found, each with a test that failed before its fix."""

import csv
import io
import re
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import AccountMembership, Interaction
from agency.edits import StaleEdit, version_of
from agency.models import Notification, User
from agency.permissions import RULES
from briefs.models import ClientRequest
from briefs.services import requests_remind_untriaged
from clients.models import Client
from clients.services import client_save
from tests.factories import (
    AccountFactory,
    ClientFactory,
    ContactFactory,
    MembershipFactory,
    RequestFactory,
    UserFactory,
)

# A. Dates ------------------------------------------------------------------------


def test_database_refuses_a_date_out_of_range_even_without_a_form(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Interaction.objects.create(
            account=world.account, summary="x", occurred_at=datetime(1, 1, 2, tzinfo=UTC)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientRequest.objects.filter(pk=world.request.pk).update(wanted_by=date(3000, 1, 1))


def test_interaction_dated_year_one_is_refused_with_a_message(client, world):
    client.force_login(world.executive)
    response = client.post(
        f"/accounts/{world.account.pk}/interactions/new/",
        {"kind": "call", "occurred_at": "0001-01-01T00:00", "sentiment": "neutral", "summary": "x"},
    )
    assert response.status_code == 200
    assert "Enter a date in 1970 or later" in response.content.decode()
    assert client.get(f"/accounts/{world.account.pk}/").status_code == 200


# A5. Side effects never block the action -------------------------------------------


def test_a_long_title_and_long_names_do_not_stop_a_request_being_accepted(client, world):
    owner = UserFactory(first_name="Maximiliane " * 12, last_name="Schwarzenberg-" * 10)
    MembershipFactory(account=world.account, user=owner)
    world.request.title = "T" * 200
    world.request.save()
    client.force_login(world.manager)
    response = client.post(f"/requests/{world.request.pk}/accept/", {"owner": owner.pk})
    assert response.status_code == 302
    world.request.refresh_from_db()
    assert world.request.status == ClientRequest.Status.ACCEPTED
    notification = Notification.objects.get(recipient=owner, kind="request.assigned")
    assert len(notification.message) <= 500
    assert notification.reason == "You are the request's new owner."
    assert notification.link == world.request.get_absolute_url()


# A6 and E25. Edits: the version is required, and the service's row lock is what holds --


def test_an_edit_without_its_version_is_refused_with_a_visible_message(client, world):
    client.force_login(world.manager)
    target = world.account.client
    for data in ({"name": "Renamed", "status": "active"}, {"name": "Renamed", "status": "active", "version": ""}):  # fmt: skip
        response = client.post(f"/clients/{target.pk}/edit/", data)
        assert response.status_code == 200
        assert "sent without its version" in response.content.decode()
        assert 'value="Renamed"' in response.content.decode()
    target.refresh_from_db()
    assert target.name != "Renamed"


@pytest.mark.django_db(transaction=True)
def test_of_two_saves_from_the_same_version_the_second_waits_and_is_told(world):
    """The first save holds its transaction open; the second, from the same version, must
    wait on the row lock and then find the newer version. Without the lock it would read
    the old version, pass the check and overwrite the first save."""
    target = Client.objects.get(pk=world.account.client_id)
    loaded = version_of(target)
    first_saved, let_first_commit = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                mine = Client.objects.get(pk=target.pk)
                mine.industry = "Beer"
                client_save(client=mine, by=world.manager, version=loaded, fields=["industry"])
                first_saved.set()
                let_first_commit.wait(10)
        finally:
            connection.close()

    def second():
        try:
            theirs = Client.objects.get(pk=target.pk)
            theirs.industry = "Wine"
            client_save(client=theirs, by=world.director, version=loaded, fields=["industry"])
            outcome["second"] = "saved"
        except StaleEdit:
            outcome["second"] = "stale"
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert first_saved.wait(10)
    two = threading.Thread(target=second)
    two.start()
    # Let the first commit only once the second waits for a lock (with the row lock,
    # on the version check; without it, on its UPDATE, after passing the check).
    assert _wait(_someone_waits_for_a_lock), "the second save never waited"
    let_first_commit.set()
    one.join(10)
    two.join(10)
    assert outcome["second"] == "stale"
    assert Client.objects.get(pk=target.pk).industry == "Beer"


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


def _wait(condition, timeout=10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_an_edit_writes_only_what_it_changed(client, world):
    """The reminder job claims a request without a new version; an edit saved after it
    must not write the old claim back."""
    client.force_login(world.executive)
    version = version_of(world.request)
    claimed = timezone.now()
    ClientRequest.objects.filter(pk=world.request.pk).update(untriaged_reminded_at=claimed)
    response = client.post(
        f"/requests/{world.request.pk}/edit/",
        {"title": "Radio spot", "channel": "email", "priority": "normal", "version": version},
    )
    assert response.status_code == 302
    assert ClientRequest.objects.get(pk=world.request.pk).untriaged_reminded_at == claimed


def test_an_edit_of_a_record_deleted_meanwhile_is_refused_with_a_message(world):
    """The service finds the row gone under its lock: a ValidationError, which every edit
    view shows above the form (`show_refusal`), never a 500."""
    from agency.edits import GONE_MESSAGE, lock_for_edit

    contact = world.contact
    Contact = type(contact)
    Contact.objects.filter(pk=contact.pk).delete()
    with pytest.raises(ValidationError) as gone, transaction.atomic():
        lock_for_edit(contact, version=version_of(contact))
    assert gone.value.messages == [str(GONE_MESSAGE)]


def test_an_edit_keeps_a_contact_who_has_left_since(client, world):
    world.contact.left_on = timezone.localdate() - timedelta(days=3)
    world.contact.save()
    client.force_login(world.executive)
    client.post(
        f"/requests/{world.request.pk}/edit/",
        {
            "title": "Radio spot",
            "contact": world.contact.pk,
            "channel": "email",
            "priority": "normal",
            "version": version_of(world.request),
        },
    )
    assert ClientRequest.objects.get(pk=world.request.pk).contact == world.contact


def test_a_forged_or_odd_forwarded_address_falls_back_to_the_connection(rf, settings):
    from agency.middleware import client_address

    settings.PROXY_COUNT = 1
    for header in ("unknown", "203.0.113.5:4711", "x" * 300):
        request = rf.get("/", HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR="10.0.0.2")
        assert client_address(request) == "10.0.0.2"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", REMOTE_ADDR="10.0.0.2")
    assert client_address(request) == "203.0.113.5"


def test_an_expired_form_gets_a_suits_page(world):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.executive)
    response = browser.post(f"/requests/{world.request.pk}/done/")
    assert response.status_code == 403
    assert "This page had expired" in response.content.decode()


def test_no_template_uses_bare_hx_attributes():
    """The HTML validator knows `data-*` attributes, not htmx's `hx-*`."""
    from pathlib import Path

    from django.conf import settings as django_settings

    bare = re.compile(r"[\s\"']hx-[a-z-]+=")
    offenders = [
        str(path)
        for path in Path(django_settings.BASE_DIR, "templates").rglob("*.html")
        if bare.search(path.read_text())
    ]
    offenders += [
        name
        for name in ("briefs/forms.py", "accounts/forms.py", "clients/forms.py")
        if re.search(r"\"hx-", Path(django_settings.BASE_DIR, name).read_text())
    ]
    assert offenders == []


# C8. The admin asks Django's permissions, not the role rules -----------------------


def test_role_rules_never_share_a_name_with_a_django_permission(db):
    codenames = set(Permission.objects.values_list("codename", flat=True))
    assert not {name.split(".")[1] for name in RULES} & codenames


def test_staff_executive_on_no_account_gets_nothing_in_the_admin(client, world):
    staff = UserFactory(role=User.Role.EXECUTIVE, is_staff=True)
    client.force_login(staff)
    for url in (
        "/admin/clients/contact/",
        f"/admin/clients/contact/{world.contact.pk}/change/",
        "/admin/accounts/interaction/add/",
    ):
        assert client.get(url).status_code == 403, url


def test_staff_manager_needs_a_django_permission_to_use_the_admin(client, world):
    staff = UserFactory(role=User.Role.MANAGER, is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/clients/client/").status_code == 403
    assert client.get("/admin/accounts/account/").status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_client"))
    staff = User.objects.get(pk=staff.pk)  # a fresh permission cache
    client.force_login(staff)
    assert client.get("/admin/clients/client/").status_code == 200
    assert client.get("/admin/accounts/account/").status_code == 403


# C9. Losing access ----------------------------------------------------------------


def test_after_leaving_a_team_the_home_page_and_reminders_forget_its_requests(client, world):
    from agency.services import notify

    world.request.title = "Secret launch plan"
    world.request.received_at = timezone.now() - timedelta(days=10)
    world.request.save()
    notify(
        recipient=world.executive,
        kind="request.assigned",
        target=world.request,
        message="You own “%(title)s”",
        params={"title": world.request.title},
    )
    client.force_login(world.executive)
    assert "Secret launch plan" in client.get("/notifications/").content.decode()
    AccountMembership.objects.filter(account=world.account, user=world.executive).delete()
    assert "Secret launch plan" not in client.get("/").content.decode()
    assert "Secret launch plan" not in client.get("/notifications/").content.decode()
    assert 'data-testid="unread-count"' not in client.get("/notifications/badge/").content.decode()
    requests_remind_untriaged()
    assert not Notification.objects.filter(
        recipient=world.executive, kind="request.untriaged"
    ).exists()
    assert Notification.objects.filter(recipient=world.manager, kind="request.untriaged").exists()


# C10. Lock-out behind a proxy ----------------------------------------------------


def test_behind_a_proxy_a_lock_out_is_the_attackers_not_everyones(client, db, settings):
    settings.PROXY_COUNT = 1
    UserFactory(username="emma", password="the right password")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(6):
        client.post(
            "/login/",
            {"username": "emma", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.5",
            **proxy,
        )
    attacker = client.post(
        "/login/",
        {"username": "emma", "password": "the right password"},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
        **proxy,
    )
    assert attacker.status_code == 429
    emma = client.post(
        "/login/",
        {"username": "emma", "password": "the right password"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **proxy,
    )
    assert emma.status_code == 302 and emma.url == "/"
    # Without a proxy configured, the header is the client's own word: ignored.
    settings.PROXY_COUNT = 0
    client.logout()
    forged = client.post(
        "/login/",
        {"username": "emma", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="198.51.100.99",
        REMOTE_ADDR="203.0.113.5",
    )
    assert forged.status_code == 429  # 203.0.113.5 is still locked out


def test_an_over_long_user_name_gets_a_message_not_an_error(client, db):
    response = client.post("/login/", {"username": "u" * 300, "password": "x"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()


# D. What users stumbled on -------------------------------------------------------


def test_money_inputs_take_cents_and_text_inputs_cut_nothing(client, world):
    client.force_login(world.executive)
    page = client.get("/requests/new/").content.decode()
    assert 'step="0.01"' in page
    assert "maxlength" not in page
    long_title = "A pasted title " * 20
    response = client.post(
        "/requests/new/",
        {
            "intake_token": "8f1d6f4e-7d2b-4f0a-9a57-0e6c7c1f2a11",
            "account": world.account.pk,
            "title": long_title,
            "channel": "call",
            "priority": "normal",
            "budget_hint": "2499.99",
        },
    )
    assert "Keep the title to 200 characters" in response.content.decode()
    assert long_title.strip() in response.content.decode()


def test_sort_labels_and_language_names_follow_the_reader(client, world):
    world.executive.language = "de"
    world.executive.save()
    client.force_login(world.executive)
    page = client.get("/accounts/").content.decode()
    assert '<th scope="col">Etat</th>' in page  # a list header
    export = b"".join(client.get("/accounts/?format=csv").streaming_content).decode()
    assert export.startswith("Etat,Kürzel,Kunde")
    assert "Name (absteigend)" in page
    assert "(descending)" not in page
    assert ">Deutsch<" in page and "Englisch" not in page


@pytest.mark.parametrize("language", ["en-gb", "de"])
def test_error_pages_are_suits_pages_with_a_way_back(client, world, language):
    world.executive.language = language
    world.executive.save()
    client.force_login(world.executive)
    not_found = client.get(f"/requests/{world.request.pk + 1000}/")
    refused_method = client.get(f"/requests/{world.request.pk}/accept/")
    assert (not_found.status_code, refused_method.status_code) == (404, 405)
    for response in (not_found, refused_method):
        page = response.content.decode()
        assert 'data-testid="error-way-back"' in page
        assert ("Zurück zur Startseite" in page) == (language == "de")


def test_home_queues_say_how_many_and_link_to_all(client, world):
    RequestFactory.create_batch(14, account=world.account, owner=world.executive)
    client.force_login(world.executive)
    page = client.get("/").content.decode()
    assert 'data-testid="my-requests-total">15<' in page
    assert "/requests/?show=mine" in page and "See all 15" in page
    assert page.count('class="list-group-item"') >= 10


def test_the_director_sees_overdue_requests_counted(client, world):
    RequestFactory(
        account=world.account,
        status=ClientRequest.Status.ACCEPTED,
        wanted_by=timezone.localdate() - timedelta(days=3),
    )
    client.force_login(world.director)
    page = client.get("/").content.decode()
    assert "/requests/?show=overdue" in page
    assert "overdue requests" in page


def test_the_inbox_shows_open_requests_unless_asked_for_all(client, world):
    closed = RequestFactory(account=world.account, title="Closed long ago", status="done")
    client.force_login(world.manager)
    assert closed.title not in client.get("/requests/").content.decode()
    assert closed.title in client.get("/requests/?show=all").content.decode()
    assert closed.title in client.get("/requests/?status=done").content.decode()
    mine = client.get("/requests/?show=mine").content.decode()
    assert world.request.title not in mine  # the executive's, not the manager's


def test_csv_times_are_in_the_agencys_time_zone(client, world):
    world.request.received_at = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    world.request.save()
    client.force_login(world.manager)
    response = client.get("/requests/?format=csv&show=all")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    row = next(r for r in rows if r[0] == world.request.title)
    assert "2026-06-01 12:00" in row  # Berlin, summer time
    assert response["X-Time-Zone"] == "Europe/Berlin"


def test_an_invalid_filter_is_ignored_alike_on_the_page_and_in_the_csv(client, world):
    client.force_login(world.manager)
    page = client.get("/requests/?account=²&show=all")
    export = client.get("/requests/?account=²&show=all&format=csv")
    rows = b"".join(export.streaming_content).decode().strip().splitlines()
    assert page.context["paginator"].count == len(rows) - 1 > 0
    assert "Some filters were not valid" in page.content.decode()


def test_filters_offer_exactly_what_the_user_can_see(client, world):
    many = [ClientFactory(name=f"Client seen {i}") for i in range(5)]
    for other in many:
        AccountFactory(client=other)
    client.force_login(world.director)
    page = client.get("/accounts/").content.decode()
    assert all(c.name in page for c in many)
    # A manager filters by a colleague on their accounts, even one not in their tree.
    colleague = UserFactory(first_name="Carla", last_name="Colleague")
    MembershipFactory(account=world.account, user=colleague)
    client.force_login(world.manager)
    page = client.get("/requests/").content.decode()
    assert "Carla Colleague" in page
    assert world.other_executive.get_full_name() not in page


def test_search_finds_contacts_accounts_and_requests_the_user_may_see(client, world):
    ContactFactory(client=world.account.client, name="Jonas Brandt")
    ContactFactory(client=world.other_account.client, name="Jonas Fremd")
    client.force_login(world.executive)
    page = client.get("/search/?q=jonas").content.decode()
    assert "Jonas Brandt" in page and "Jonas Fremd" not in page
    page = client.get(f"/search/?q={world.request.title[:6]}").content.decode()
    assert 'data-testid="search-requests"' in page
    assert "Type at least 2 characters" in client.get("/search/?q=j").content.decode()


def test_client_list_search_finds_a_company_by_its_contacts_name(client, world):
    ContactFactory(client=world.account.client, name="Hannelore Zwick")
    client.force_login(world.executive)
    page = client.get("/clients/?q=zwick").content.decode()
    assert world.account.client.name in page


def test_an_open_request_is_edited_with_history_and_a_closed_one_is_not(client, world):
    client.force_login(world.executive)
    response = client.post(
        f"/requests/{world.request.pk}/edit/",
        {
            "title": "Radio spot, 20 and 30 seconds",
            "channel": "call",
            "priority": "high",
            "version": version_of(world.request),
        },
    )
    assert response.status_code == 302
    page = client.get(f"/requests/{world.request.pk}/").content.decode()
    assert "→ Radio spot, 20 and 30 seconds" in page
    ClientRequest.objects.filter(pk=world.request.pk).update(status="done")
    closed = client.get(f"/requests/{world.request.pk}/edit/", follow=True)
    assert "Only open requests can be edited." in closed.content.decode()


def test_an_illegal_triage_step_says_why(client, world):
    client.force_login(world.manager)
    client.post(f"/requests/{world.request.pk}/done/")
    response = client.post(f"/requests/{world.request.pk}/decline/", {"reason": "Late"})
    assert response.status_code == 302
    assert "already Done" in client.get(response.url).content.decode()


def test_the_demo_agency_looks_alive(db):
    from django.core.management import call_command
    from django.db.models import Count

    call_command("seed_demo", verbosity=0)
    titles = ClientRequest.objects.values("title").annotate(n=Count("pk"))
    assert titles.count() > 50
    assert not titles.filter(n__gt=1).exists()
    moments = [
        *Interaction.objects.values_list("occurred_at", flat=True),
        *ClientRequest.objects.values_list("received_at", flat=True),
    ]
    for moment in moments:
        local = timezone.localtime(moment)
        assert local.weekday() < 5 and 9 <= local.hour < 18, local
    summaries = Interaction.objects.values("summary").annotate(n=Count("pk"))
    assert summaries.filter(n=1).count() > Interaction.objects.count() // 2
