from accounts.models import Account, AccountMembership
from tests.factories import AccountFactory, MembershipFactory, RequestFactory, UserFactory


def test_visibility_follows_the_reporting_tree(world):
    grand_report = UserFactory(reports_to=world.coordinator)
    deep = AccountFactory()
    MembershipFactory(account=deep, user=grand_report)

    def visible(user):
        return set(Account.objects.visible_to(user))

    assert visible(world.director) == {world.account, world.other_account, deep}
    assert visible(world.manager) == {world.account, deep}  # through e → c → grand report
    assert visible(world.executive) == {world.account}  # only managers see their reports'
    assert visible(world.other_manager) == {world.other_account}
    assert visible(grand_report) == {deep}


def _account_form(world, **overrides):
    data = {
        "client": world.account.client_id,
        "name": "Nordlicht Radler",
        "code": "nlb-rad",
        "status": "active",
        "kind": "project",
    }
    data.update(overrides)
    return data


def test_manager_creates_an_account_and_joins_its_team(client, world):
    client.force_login(world.manager)
    response = client.post("/accounts/new/", _account_form(world))
    account = Account.objects.get(code="NLB-RAD")
    assert response.url == f"/accounts/{account.pk}/"
    assert AccountMembership.objects.filter(
        account=account, user=world.manager, is_primary=True
    ).exists()


def test_account_code_must_be_unique_and_the_client_visible(client, world):
    client.force_login(world.manager)
    response = client.post("/accounts/new/", _account_form(world, code=world.account.code))
    assert "already exists" in response.content.decode()
    response = client.post(
        "/accounts/new/", _account_form(world, client=world.other_account.client_id)
    )
    assert "Choose one of your clients" in response.content.decode()
    assert not Account.objects.filter(name="Nordlicht Radler").exists()


def test_team_members_are_added_once_and_removed_with_history(client, world):
    newcomer = UserFactory(first_name="Nora", last_name="Neu")
    client.force_login(world.manager)
    url = f"/accounts/{world.account.pk}/team/add/"
    client.post(url, {"user": newcomer.pk, "role": "executive"})
    assert AccountMembership.objects.filter(account=world.account, user=newcomer).exists()

    again = client.post(url, {"user": newcomer.pk, "role": "executive"})
    assert again.status_code == 200
    assert "Choose an active staff member who is not on the team yet" in again.content.decode()

    membership = AccountMembership.objects.get(account=world.account, user=newcomer)
    client.post(f"/accounts/{world.account.pk}/team/{membership.pk}/remove/")
    assert not AccountMembership.objects.filter(pk=membership.pk).exists()
    assert membership.history.filter(history_type="-").get().history_user == world.manager


def test_account_page_shows_team_timeline_and_open_requests(client, world):
    RequestFactory(account=world.account, title="Closed one", status="done")
    client.force_login(world.coordinator)
    page = client.get(f"/accounts/{world.account.pk}/").content.decode()
    assert world.executive.get_full_name() in page
    assert world.request.title in page
    open_part = page.split('data-testid="open-requests"')[1].split("</ul>")[0]
    assert "Closed one" not in open_part
    # The timeline and history arrive after the page (htmx), or on a page of their own.
    log = f"/accounts/{world.account.pk}/log/"
    assert f'data-hx-get="{log}"' in page
    fragment = client.get(log, HTTP_HX_REQUEST="true").content.decode()
    assert world.interaction.summary in fragment and "Closed one" in fragment
    assert "<html" not in fragment
    assert world.interaction.summary in client.get(log).content.decode()


def test_account_list_filters_sorts_and_exports(client, world):
    client.force_login(world.director)
    page = client.get("/accounts/?status=active&sort=-name&q=nordlicht").content.decode()
    assert world.account.name in page
    assert world.other_account.name not in page
    export = client.get("/accounts/?format=csv&status=active")
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert rows[0].startswith("Account,Code,Client")
    assert len(rows) == 3


def test_request_inbox_puts_new_first_and_filters(client, world):
    RequestFactory(account=world.account, title="Older but new", status="new")
    RequestFactory(account=world.account, title="Newest but done", status="done")
    client.force_login(world.executive)
    page = client.get("/requests/?show=all").content.decode()
    assert page.index("Older but new") < page.index("Newest but done")
    assert "Newest but done" not in client.get("/requests/").content.decode()
    page = client.get("/requests/?status=done").content.decode()
    assert "Newest but done" in page and "Older but new" not in page
    page = client.get(f"/requests/?account={world.other_account.pk}").content.decode()
    assert "Some filters were not valid" in page


def test_csv_export_defuses_spreadsheet_formulas(client, world):
    RequestFactory(account=world.account, title='=HYPERLINK("http://evil.example")')
    client.force_login(world.executive)
    body = b"".join(client.get("/requests/?format=csv").streaming_content).decode()
    assert "'=HYPERLINK" in body
    assert ',"=HYPERLINK' not in body and ",=HYPERLINK" not in body


def test_team_roles_change_and_the_account_page_shows_team_changes(client, world):
    membership = AccountMembership.objects.get(account=world.account, user=world.coordinator)
    client.force_login(world.manager)
    client.post(
        f"/accounts/{world.account.pk}/team/{membership.pk}/edit/",
        {"role": "executive", "is_primary": "on"},
    )
    membership.refresh_from_db()
    assert membership.role == "executive" and membership.is_primary
    page = client.get(f"/accounts/{world.account.pk}/").content.decode()
    changes = page.split('data-testid="team-history"')[1].split("</div>\n      </div>")[0]
    assert f"{world.coordinator}" in changes and "is now Account Executive" in changes
    assert f"({world.manager})" in changes


def test_account_activity_keeps_old_open_requests_and_the_latest_timeline(world):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.selectors import account_activity, account_timeline

    now = timezone.now()
    old_open = RequestFactory(
        account=world.account, title="Old but open", received_at=now - timedelta(days=400)
    )
    for i in range(35):
        RequestFactory(account=world.account, status="done", received_at=now - timedelta(days=i))

    activity = account_activity(world.account)
    timeline = account_timeline(world.account, limit=30)

    assert old_open in activity.open_requests
    assert activity.open_requests[0].status == "new"
    timeline_requests = [item.obj for item in timeline if item.kind == "request"]
    assert old_open not in timeline_requests
    assert len(timeline) == 30
    dates = [item.when for item in timeline]
    assert dates == sorted(dates, reverse=True)
