"""Accessibility in the real browser: axe-core on every page for every role, keyboard
order that follows the screen, and lists that work on a phone."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import Account, Budget, Contract, Interaction, Opportunity, Payment
from agency.models import User
from briefs.models import Brief, ClientRequest, CreativeTeam
from clients.models import Contact

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"critical", "serious"}
MANAGERS = {"manager", "director"}


def _pages(username: str) -> list[str]:
    """Every page the role may open, on the demo agency's data it can see."""
    user = User.objects.get(username=username)
    mine = Account.objects.visible_to(user).worked_on_by(user)
    account = (mine.active() or mine).order_by("pk").first()
    request = ClientRequest.objects.visible_to(user).filter(account=account).open().first()
    contact = Contact.objects.filter(client=account.client).first()
    interaction = Interaction.objects.filter(account=account).first()
    pages = [
        "/",
        "/requests/",
        "/requests/?show=all&sort=-received",
        "/requests/new/",
        f"/requests/{request.pk}/",
        "/accounts/",
        f"/accounts/{account.pk}/",
        f"/accounts/{account.pk}/log/",
        f"/accounts/{account.pk}/interactions/new/",
        f"/interactions/{interaction.pk}/edit/",
        "/clients/",
        f"/clients/{account.client_id}/",
        "/notifications/",
        "/search/?q=Nord",
        "/password/",
        "/no-such-page/",
    ]
    briefs = Brief.objects.visible_to(user).filter(account=account)
    brief = briefs.filter(feedback__isnull=False).first() or briefs.first()
    pages += [
        "/briefs/",
        "/briefs/?show=all&sort=-due",
        f"/briefs/{brief.pk}/",
        f"/briefs/{brief.pk}/versions/",
        f"/briefs/{brief.pk}/print/",
        "/profile/",
    ]
    if user.has_perm("briefs.create_brief"):
        pages.append("/briefs/new/")
    presented = briefs.filter(status=Brief.Status.PRESENTED).first()
    if presented and user.has_perm("briefs.log_feedback", presented):
        pages.append(f"/briefs/{presented.pk}/feedback/")
    draft = briefs.filter(status=Brief.Status.DRAFT).first()
    if draft and user.has_perm("briefs.edit_brief", draft) and user.role != User.Role.PLANNER:
        pages.append(f"/briefs/{draft.pk}/edit/")
    if user.has_perm("briefs.edit_request", request):
        pages.append(f"/requests/{request.pk}/edit/")
    if user.has_perm("clients.create_contact"):
        pages += [f"/clients/{account.client_id}/contacts/new/", f"/contacts/{contact.pk}/edit/"]
    budget = Budget.objects.visible_to(user).filter(account=account).first()
    if budget:
        pages.append(f"/budgets/{budget.pk}/")
    if user.has_perm("accounts.draft_budget"):
        pages.append(f"/accounts/{account.pk}/budgets/new/")
    if budget:
        pages.append(f"/budgets/{budget.pk}/print/")
    payment = Payment.objects.visible_to(user).filter(account=account).first()
    if payment:
        pages.append(f"/payments/{payment.pk}/")
    if user.has_perm("accounts.submit_payment"):
        pages.append(f"/accounts/{account.pk}/payments/new/")
    contract = Contract.objects.visible_to(user).filter(account=account).first()
    if contract:
        pages.append(f"/contracts/{contract.pk}/")
    if user.has_perm("accounts.manage_pipeline"):
        pages += [
            "/pipeline/",
            "/pipeline/new/",
            f"/accounts/{account.pk}/contracts/new/",
            "/dashboard/health/",
        ]
        opportunity = Opportunity.objects.visible_to(user).filter(stage="won", account=None).first()
        if opportunity:
            pages += [f"/opportunities/{opportunity.pk}/", f"/opportunities/{opportunity.pk}/won/"]
        if contract:
            pages.append(f"/contracts/{contract.pk}/edit/")
    if username in MANAGERS:
        pages += [
            "/approvals/",
            "/clients/new/",
            f"/clients/{account.client_id}/edit/",
            "/accounts/new/",
            f"/accounts/{account.pk}/edit/",
            f"/accounts/{account.pk}/team/add/",
            "/creative-teams/",
            "/creative-teams/new/",
            f"/creative-teams/{CreativeTeam.objects.order_by('pk').first().pk}/",
        ]
    return pages


def _violations(page) -> list[dict]:
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [v for v in result if v["impact"] in BLOCKING]


def _describe(violations) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {n['target']}" for v in violations for n in v["nodes"][:3]]


@pytest.mark.parametrize("username", ["coordinator", "executive", "planner", "manager", "director"])
def test_every_page_has_no_critical_or_serious_axe_finding(page, demo, log_in, username):
    log_in(username)
    found = {}
    for url in _pages(username):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        violations = _violations(page)
        if violations:
            found[url] = _describe(violations)
    print(f"\naxe, {username}: {len(_pages(username))} pages, {sum(map(len, found.values()))} blocking findings")  # fmt: skip
    assert found == {}


def test_log_in_page_and_a_refused_form_have_no_axe_finding(page, demo, log_in):
    page.goto("/login/")
    assert _violations(page) == []
    log_in("executive")
    page.goto("/requests/new/")
    page.get_by_label("Account").select_option(index=1)
    page.get_by_label("What the client asked for").fill("A title pasted far too long " * 10)
    page.get_by_role("button", name="Log request").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    assert _describe(_violations(page)) == []


def test_keyboard_order_follows_the_screen(page, demo, log_in):
    log_in("manager")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    # Through the top bar: every stop lies to the right of the one before.
    lefts = []
    for _ in range(10):
        page.keyboard.press("Tab")
        box = page.evaluate(
            "(() => { const r = document.activeElement.getBoundingClientRect();"
            " return {x: r.left, y: r.top, nav: !!document.activeElement.closest('nav')}; })()"
        )
        if not box["nav"]:
            break
        lefts.append(box["x"])
    assert len(lefts) >= 6
    assert lefts == sorted(lefts), lefts
    # The skip link lands on the page's own content.
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_bell_says_how_many_are_unread(page, demo, log_in):
    log_in("executive")
    expect(page.get_by_test_id("unread-count")).to_have_text("2")
    expect(page.get_by_role("link", name=re.compile(r"Notifications\s+2 unread"))).to_be_visible()


@pytest.mark.parametrize(
    "url",
    [
        "/requests/",
        "/accounts/",
        "/clients/",
        "/",
        "/approvals/",
        "/pipeline/",
        "/dashboard/health/",
    ],
    ids=["inbox", "accounts", "clients", "home", "approvals", "pipeline", "health"],
)
def test_lists_show_the_essentials_on_a_phone(page, demo, log_in, url):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in("manager")
    page.goto(url)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"
    if url == "/requests/":
        first = page.get_by_test_id("request-table").locator("tbody tr").first
        expect(first.locator(".status").first).to_be_visible()
        expect(first.locator("a").first).to_be_visible()
