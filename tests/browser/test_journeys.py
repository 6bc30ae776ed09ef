"""Journeys in real headless Chromium against the live server."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.db.models import Q
from playwright.sync_api import expect

from accounts.models import Account, Budget, Opportunity, Payment
from agency.models import User
from briefs.models import Brief, ClientRequest, FeedbackRouting

pytestmark = pytest.mark.browser

HOMES = {
    "coordinator": "Your accounts, your open requests",
    "executive": "Your accounts, your open requests",
    "planner": "Your accounts, your open requests",
    "manager": "Your team's accounts",
    "director": "Every account in the agency",
}


@pytest.mark.parametrize("username", list(HOMES))
def test_each_demo_role_logs_in_and_sees_its_home(page, demo, log_in, username):
    log_in(username)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_test_id("home-role")).to_contain_text(HOMES[username])
    user = User.objects.get(username=username)
    expect(page.get_by_test_id("user-menu")).to_contain_text(user.get_role_display())
    expect(page.get_by_test_id("my-accounts")).to_be_visible()


def test_bell_shows_unread_notifications_and_they_can_be_read(page, demo, log_in):
    log_in("executive")
    expect(page.get_by_test_id("unread-count")).to_have_text("2")
    page.get_by_test_id("bell-link").click()
    expect(page.get_by_test_id("notifications")).to_contain_text("made you the owner")
    page.get_by_test_id("mark-all-read").click()
    expect(page.get_by_text("Marked 2 notifications as read.")).to_be_visible()
    expect(page.get_by_test_id("unread-count")).to_have_count(0)


def test_wrong_password_is_refused(page, demo, log_in):
    log_in("executive", "not-the-password")
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login/$"))


def test_switching_to_german_turns_the_page_german(page, demo, log_in):
    log_in("executive")
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("language-de").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_test_id("log-request")).to_contain_text("Anfrage erfassen")
    expect(page.get_by_role("link", name="Etats", exact=True)).to_be_visible()
    assert User.objects.get(username="executive").language == "de"


def test_executive_logs_a_request_from_home_and_finds_it_in_the_inbox(page, demo, log_in):
    log_in("executive")
    page.get_by_test_id("log-request").click()
    expect(page).to_have_url(re.compile(r"/requests/new/$"))

    page.get_by_label("Account").select_option(label="Nordlicht Pils")
    # The contact list follows the account without a page reload.
    contact = page.get_by_label("Requested by")
    expect(contact.locator("option")).not_to_have_count(1)
    contact.select_option(index=1)
    page.get_by_label("What the client asked for").fill("Instagram reels for the summer launch")
    page.get_by_label("Came in by").select_option("call")
    page.get_by_label("Wanted by").fill("2020-01-01")
    page.get_by_label("Rough budget").fill("12000")
    page.get_by_role("button", name="Log request").click()

    # A wanted-by date in the past: a clear message, and nothing typed is lost.
    expect(page.get_by_text("The wanted-by date is in the past")).to_be_visible()
    expect(page.get_by_label("What the client asked for")).to_have_value(
        "Instagram reels for the summer launch"
    )
    expect(page.get_by_label("Rough budget")).to_have_value("12000")
    page.get_by_label("Wanted by").fill("2099-06-30")
    page.get_by_role("button", name="Log request").click()

    expect(page.get_by_test_id("request-title")).to_have_text(
        "Instagram reels for the summer launch"
    )
    page.get_by_role("link", name="Requests", exact=True).first.click()
    expect(page.get_by_test_id("request-table")).to_contain_text(
        "Instagram reels for the summer launch"
    )


def test_user_on_another_account_cannot_open_the_request(page, demo, log_in):
    request = ClientRequest.objects.get(
        account__code="VEL-LAUNCH",
        title=ClientRequest.objects.filter(account__code="VEL-LAUNCH").first().title,
    )
    log_in("executive")  # not on Velo Urban's team
    response = page.goto(f"/requests/{request.pk}/")
    assert response.status == 404


def _as(page, log_in, username):
    page.context.clear_cookies()
    return log_in(username)


def test_a_request_becomes_a_brief_goes_to_creative_and_its_feedback_is_routed(page, demo, log_in):
    request = (
        ClientRequest.objects.filter(account__code="NLB-PILS", status__in=ClientRequest.OPEN)
        .filter(brief=None)
        # One the executive may turn into a brief: theirs, or accepted already.
        .filter(Q(owner__username="executive") | Q(status=ClientRequest.Status.ACCEPTED))
        .first()
    )
    log_in("executive")
    page.goto(f"/requests/{request.pk}/")
    page.get_by_test_id("turn-into-brief").click()
    expect(page.get_by_test_id("brief-form")).to_be_visible()
    page.get_by_label("Planner").select_option(label="Paul Neumann")
    page.get_by_label("Creative team").select_option(label="Team Nord")
    page.get_by_label("Single-minded proposition").fill(
        "Pils that tastes like the first warm evening."
    )
    page.get_by_label("Target audience").fill("Urban beer drinkers, 25 to 35.")
    page.get_by_test_id("save-brief").click()
    expect(page.get_by_text("Brief saved.")).to_be_visible()
    brief = Brief.objects.get(request=request)
    page.get_by_role("button", name="Submit for strategy review").click()
    expect(page.get_by_test_id("brief-status")).to_contain_text("Strategy review")

    _as(page, log_in, "planner")
    page.goto(f"/briefs/{brief.pk}/")
    page.get_by_role("button", name="Sign off the strategy").click()
    expect(page.get_by_test_id("brief-status")).to_contain_text("Awaiting approval")

    _as(page, log_in, "manager")
    expect(page.get_by_test_id("awaiting-approval")).to_contain_text(brief.title)
    page.goto(f"/briefs/{brief.pk}/")
    page.get_by_role("button", name="Approve to creative").click()
    expect(page.get_by_test_id("brief-status")).to_contain_text("In creative")
    to_creative = [m for m in mail.outbox if "nord@creative.example" in m.to]
    assert len(to_creative) == 1
    assert "Pils that tastes like the first warm evening." in to_creative[0].body

    _as(page, log_in, "executive")
    page.goto(f"/briefs/{brief.pk}/")
    page.get_by_role("button", name="Mark presented").click()
    expect(page.get_by_test_id("brief-status")).to_contain_text("Presented")
    page.get_by_test_id("log-feedback").click()
    form = page.get_by_test_id("feedback-form")
    form.get_by_label("What the client said").fill("Too safe. Start again with the summer idea.")
    form.get_by_label("Verdict").select_option("major_changes")
    form.get_by_label("Sentiment").select_option("negative")
    form.get_by_label("Creative").check()
    form.get_by_role("button", name="Log feedback").click()
    expect(page.get_by_test_id("brief-status")).to_contain_text("Revisions")
    expect(page.get_by_test_id("routing").first).to_contain_text("negative feedback")
    routed = set(
        FeedbackRouting.objects.filter(feedback__brief=brief).values_list("name", flat=True)
    )
    assert {"Emma Schulz", "Max Lehmann", "Team Nord"} <= routed
    assert [
        m
        for m in mail.outbox
        if "Start again with the summer idea" in m.body and "nord@creative.example" in m.to
    ]

    _as(page, log_in, "manager")
    page.get_by_test_id("bell-link").click()
    expect(page.get_by_test_id("notifications")).to_contain_text(
        f"Round 1 of feedback on “{brief.title}”"
    )
    expect(page.get_by_test_id("notifications")).to_contain_text("negative feedback")


def test_the_demo_brief_prints_on_at_most_two_a4_pages(page, demo, log_in):
    longest = max(Brief.objects.all(), key=lambda b: sum(len(t) for t in b.sections().values()))
    log_in("director")
    page.goto(f"/briefs/{longest.pk}/print/")
    expect(page.get_by_role("heading", name=longest.title)).to_be_visible()
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"{pages} pages"


def test_a_budget_is_drafted_submitted_and_approved_from_the_queue_in_one_click(page, demo, log_in):
    account = Account.objects.get(code="NLB-PILS")
    log_in("executive")
    page.goto(f"/accounts/{account.pk}/")
    page.get_by_test_id("new-budget").click()
    page.get_by_label("Title").fill("Summer radio flight")
    page.get_by_role("button", name="Start budget").click()
    for description, quantity, price in (("Concept and scripts", "40", "150"),
                                         ("Studio production", "1", "4000"),
                                         ("Radio airtime, two weeks", "1", "2000")):  # fmt: skip
        form = page.get_by_test_id("line-form")
        form.get_by_label("Description").fill(description)
        form.get_by_label("Quantity").fill(quantity)
        form.get_by_label("Unit price").fill(price)
        form.get_by_role("button", name="Add line").click()
    expect(page.get_by_test_id("budget-total")).to_have_text("€12,000.00")
    page.get_by_test_id("submit-budget").click()
    expect(page.get_by_test_id("budget-status")).to_contain_text("Submitted")
    budget = Budget.objects.get(title="Summer radio flight")
    big = Budget.objects.create(account=account, title="Cinema spot", created_by=budget.created_by,
                                submitted_by=budget.created_by, status="submitted", total=40_000)  # fmt: skip

    _as(page, log_in, "manager")
    page.goto("/approvals/")
    row = page.locator(f"#budget-{budget.pk}")
    expect(page.get_by_test_id("approval-budgets")).not_to_contain_text("Cinema spot")
    row.get_by_test_id("approve").click()
    expect(row.get_by_test_id("approval-result")).to_have_text("Budget approved.")
    assert Budget.objects.get(pk=budget.pk).status == "approved"

    _as(page, log_in, "director")
    page.goto("/approvals/")
    expect(page.locator(f"#budget-{big.pk}")).to_be_visible()

    _as(page, log_in, "executive")
    page.get_by_test_id("bell-link").click()
    expect(page.get_by_test_id("notifications")).to_contain_text(
        "approved the budget “Summer radio flight”"
    )


def test_an_invoice_over_its_budget_is_flagged_and_rejected_inline(page, demo, log_in):
    account = Account.objects.get(code="NLB-AF")
    budget = Budget.objects.get(account=account, status="approved")
    log_in("executive")
    page.goto(f"/accounts/{account.pk}/")
    page.get_by_test_id("new-payment").click()
    page.get_by_label("Direction").select_option("supplier")
    page.get_by_label("Invoice number").fill("PN-2026-77")
    page.get_by_label("Client or supplier").fill("Promotion Nord GmbH")
    page.get_by_label("Amount").fill("9000")
    page.get_by_label("Due on").fill("2026-12-30")
    page.get_by_label("Budget it draws on").select_option(str(budget.pk))
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_test_id("payment-status")).to_contain_text("Submitted")
    payment = Payment.objects.get(number="PN-2026-77")

    _as(page, log_in, "manager")
    page.goto("/approvals/")
    row = page.locator(f"#payment-{payment.pk}")
    # The demo's waiting 9,800 draws on the same budget too: only approved ones count.
    expect(row.get_by_test_id("over-budget")).to_have_count(0)
    expect(row).to_contain_text("Within budget")
    row.get_by_text("Reject…").click()
    row.get_by_label("Reason").fill("Sampling staff are on the retainer: please split it.")
    row.get_by_role("button", name="Reject", exact=True).click()
    expect(row.get_by_test_id("approval-result")).to_have_text("Payment rejected.")
    assert Payment.objects.get(pk=payment.pk).status == "rejected"

    _as(page, log_in, "executive")
    page.get_by_test_id("bell-link").click()
    expect(page.get_by_test_id("notifications")).to_contain_text("rejected the invoice PN-2026-77")


def test_the_over_budget_demo_invoice_shows_its_figures_in_the_queue(page, demo, log_in):
    log_in("manager")
    page.goto("/approvals/")
    warning = page.get_by_test_id("approval-payments").get_by_test_id("over-budget")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text("Over budget: €18,400.00 against €14,640.00 left of €66,640.00")


def test_a_won_opportunity_opens_its_account_from_the_pipeline(page, demo, log_in):
    won = Opportunity.objects.get(title="Helios OTC: cold season 2027")
    log_in("manager")
    page.goto("/pipeline/")
    expect(page.get_by_test_id("stage-pitch")).to_contain_text("Home insurance pitch 2027")
    # Fjord's German market entry is Martin Becker's team's, not Max Lehmann's.
    expect(page.get_by_test_id("stage-qualified")).not_to_contain_text("German market entry")
    card = page.get_by_test_id("stage-won").get_by_role("listitem").filter(has_text=won.title)
    card.get_by_role("link", name="Open the account").click()
    page.get_by_label("Short code").fill("HEL-COLD")
    page.get_by_role("button", name="Open the account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Helios OTC: cold season 2027")
    assert Opportunity.objects.get(pk=won.pk).account.code == "HEL-COLD"


def test_the_budget_prints_on_one_a4_page(page, demo, log_in):
    longest = max(Budget.objects.all(), key=lambda b: b.lines.count())
    log_in("executive")
    page.goto(f"/budgets/{longest.pk}/print/")
    expect(page.get_by_test_id("print-total")).to_be_visible()
    pdf = page.pdf(format="A4", print_background=False)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_the_director_finds_the_red_accounts_and_why_on_the_first_screen(page, demo, log_in):
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in("director")
    page.get_by_role("link", name="Health", exact=True).click()
    red = page.locator('[data-testid="health-row"][data-band="red"]')
    expect(red.first).to_be_visible()
    assert red.count() >= 2
    for i in range(red.count()):
        box = red.nth(i).bounding_box()
        assert box["y"] + box["height"] <= 900, "a red account is below the first screen"
        assert red.nth(i).locator("td").nth(4).inner_text().strip() not in ("", "—")
    expect(page.get_by_test_id("health-table")).to_contain_text("the client called a pitch")
    # Martin Becker's team only.
    page.get_by_label("Manager").select_option(label="Martin Becker")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("health-table")).to_contain_text("Brightside Car Insurance")
    expect(page.get_by_test_id("health-table")).not_to_contain_text("Nordlicht Pils")
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("Account,Client,Manager,Score,Band,Why")
    assert any("Brightside Car Insurance" in row for row in rows)
    assert not any("Nordlicht Pils" in row for row in rows)
    page.get_by_role("link", name="Brightside Car Insurance").click()
    panel = page.get_by_test_id("health-panel")
    expect(panel).to_contain_text("Red: the client called a pitch")
    expect(panel.get_by_test_id("health-signals").locator("li")).to_have_count(8)


def test_a_manager_sees_only_their_teams_health(page, demo, log_in):
    log_in("manager")
    page.goto("/dashboard/health/")
    table = page.get_by_test_id("health-table")
    expect(table).to_contain_text("Nordlicht Pils")
    expect(table).not_to_contain_text("Brightside Car Insurance")
