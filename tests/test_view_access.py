"""Every view, three ways: the role that may use it succeeds, a role that may not is
refused, and a user who can't see the account gets a 404 (not a 403)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import (
    Account,
    AccountMembership,
    Budget,
    BudgetLine,
    Contract,
    Opportunity,
    Payment,
)
from agency.edits import version_of
from briefs.models import Brief, ClientRequest, CreativeTeam, Deliverable, Feedback

ANONYMOUS = "anonymous"


@dataclass
class Case:
    name: str
    url: Callable
    allowed: str
    refused: str  # a role, or ANONYMOUS where every role may use the view
    outsider: str | None = None  # a user of an allowed role who can't see the account
    method: str = "get"
    data: Callable = lambda w: {}
    ok: tuple = (200, 302)
    done: Callable | None = None  # for actions: did it happen?


def _membership(w):
    return AccountMembership.objects.get(account=w.account, user=w.coordinator)


def _status(w):
    w.request.refresh_from_db()
    return w.request.status


def _brief_at(w, status, path=""):
    """The world's brief, put in `status`; the URL of its page or of `path` under it."""
    Brief.objects.filter(pk=w.brief.pk).update(status=status)
    w.brief.refresh_from_db()
    return f"/briefs/{w.brief.pk}/{path}"


def _brief_status(w):
    return Brief.objects.get(pk=w.brief.pk).status


def _round(w):
    return Feedback.objects.get_or_create(
        brief=w.brief, round=1, defaults={"said": "Warmer, please.", "verdict": "minor_changes"}
    )[0]


def _deliverable(w):
    return Deliverable.objects.get_or_create(
        brief=w.brief,
        what="OOH 18/1",
        defaults={"due_on": timezone.localdate() + timedelta(days=9)},
    )[0]


def _feedback_data(w):
    return {"said": "Too cold, start again.", "verdict": "major_changes", "sentiment": "negative",
            "channel": "meeting", "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}  # fmt: skip


def _budget(w, status="draft", amount=12_000, by=None):
    """The world's budget, in `status`, totalling `amount`, submitted by the executive."""
    budget = Budget.objects.filter(account=w.account, title="Summer estimate").first()
    if budget is None:
        budget = Budget.objects.create(
            account=w.account, title="Summer estimate", created_by=w.executive
        )
        BudgetLine.objects.create(
            budget=budget, description="Concept", quantity=1, unit_price=amount
        )
    Budget.objects.filter(pk=budget.pk).update(
        status=status, submitted_by=by or w.executive, reject_reason=""
    )
    return budget


def _budget_status(w):
    return Budget.objects.get(title="Summer estimate").status


def _payment(w, status="submitted"):
    """The world's invoice, in `status`, submitted by the executive."""
    payment, _new = Payment.objects.get_or_create(
        account=w.account, direction="client", number="RE-1001",
        defaults={"counterparty": "Nordlicht Brauerei", "amount": 1200, "submitted_by": w.executive,
                  "issued_on": timezone.localdate(), "due_on": timezone.localdate() + timedelta(days=30)},
    )  # fmt: skip
    Payment.objects.filter(pk=payment.pk).update(status=status)
    return payment


def _payment_status(w):
    return Payment.objects.get(number="RE-1001").status


def _payment_data(w):
    return {"direction": "supplier", "number": "F-2002", "counterparty": "Studio Hamm", "amount": "800",
            "issued_on": timezone.localdate().isoformat(), "due_on": timezone.localdate().isoformat()}  # fmt: skip


def _contract(w):
    return Contract.objects.get_or_create(
        account=w.account, title="Retainer 2027",
        defaults={"starts_on": timezone.localdate(), "ends_on": timezone.localdate() + timedelta(days=365)},
    )[0]  # fmt: skip


def _contract_data(w, title="Framework 2027"):
    data = {"title": title, "kind": "framework", "status": "active", "starts_on": "2027-01-01",
            "ends_on": "2027-12-31", "notice_days": "90", "renewal": "undecided", "included_rounds": "3",
            "fee_model": "retainer", "fee": "18000", "markup_percent": "15", "payment_terms_days": "30"}  # fmt: skip
    if title != "Framework 2027":
        data["version"] = version_of(_contract(w))
    return data


def _opportunity(w):
    """An opportunity the manager's team owns."""
    return Opportunity.objects.get_or_create(
        title="Halbmond pitch", defaults={"client": w.account.client, "value": 250_000, "owner": w.executive}
    )[0]  # fmt: skip


CASES = [
    Case("client list", lambda w: "/clients/", "executive", ANONYMOUS),
    Case("client page", lambda w: f"/clients/{w.account.client_id}/", "executive", ANONYMOUS, "other_executive"),
    Case("client create", lambda w: "/clients/new/", "manager", "executive"),
    Case("client edit", lambda w: f"/clients/{w.account.client_id}/edit/", "manager", "executive", "other_manager"),
    Case("contact create", lambda w: f"/clients/{w.account.client_id}/contacts/new/", "executive", "planner", "other_executive"),
    Case("contact edit", lambda w: f"/contacts/{w.contact.pk}/edit/", "coordinator", "planner", "other_executive"),
    Case("interaction create", lambda w: f"/accounts/{w.account.pk}/interactions/new/", "planner", ANONYMOUS, "other_executive"),
    Case("interaction edit", lambda w: f"/interactions/{w.interaction.pk}/edit/", "executive", ANONYMOUS, "other_executive"),
    Case("account list", lambda w: "/accounts/", "executive", ANONYMOUS),
    Case("account page", lambda w: f"/accounts/{w.account.pk}/", "coordinator", ANONYMOUS, "other_executive"),
    Case("account log", lambda w: f"/accounts/{w.account.pk}/log/", "planner", ANONYMOUS, "other_executive"),
    Case("account create", lambda w: "/accounts/new/", "manager", "executive"),
    Case("account edit", lambda w: f"/accounts/{w.account.pk}/edit/", "manager", "executive", "other_manager"),
    Case("team add", lambda w: f"/accounts/{w.account.pk}/team/add/", "manager", "executive", "other_manager"),
    Case("team edit", lambda w: f"/accounts/{w.account.pk}/team/{_membership(w).pk}/edit/", "manager", "executive", "other_manager"),
    Case("team remove", lambda w: f"/accounts/{w.account.pk}/team/{_membership(w).pk}/remove/", "manager", "executive", "other_manager", method="post",
         done=lambda w: not AccountMembership.objects.filter(account=w.account, user=w.coordinator).exists()),
    Case("request inbox", lambda w: "/requests/", "executive", ANONYMOUS),
    Case("request intake", lambda w: "/requests/new/", "coordinator", ANONYMOUS),
    Case("request contacts", lambda w: f"/requests/contacts/?account={w.account.pk}", "executive", ANONYMOUS),
    Case("request page", lambda w: f"/requests/{w.request.pk}/", "executive", ANONYMOUS, "other_executive"),
    Case("request accept", lambda w: f"/requests/{w.request.pk}/accept/", "executive", "planner", "other_manager", method="post", data=lambda w: {"owner": w.coordinator.pk}, done=lambda w: _status(w) == "accepted"),
    Case("request decline", lambda w: f"/requests/{w.request.pk}/decline/", "manager", "coordinator", "other_manager", method="post", data=lambda w: {"reason": "Out of scope"}, done=lambda w: _status(w) == "declined"),
    Case("request done", lambda w: f"/requests/{w.request.pk}/done/", "executive", "planner", "other_manager", method="post", done=lambda w: _status(w) == "done"),
    Case("request edit", lambda w: f"/requests/{w.request.pk}/edit/", "executive", "planner", "other_executive"),
    Case("request edit POST", lambda w: f"/requests/{w.request.pk}/edit/", "manager", "coordinator", "other_manager", method="post",
         data=lambda w: {"title": "Radio spot, two lengths", "channel": "call", "priority": "high", "version": version_of(w.request)},
         done=lambda w: ClientRequest.objects.get(pk=w.request.pk).title == "Radio spot, two lengths"),
    Case("brief list", lambda w: "/briefs/", "executive", ANONYMOUS),
    Case("brief create", lambda w: "/briefs/new/", "coordinator", "planner"),
    Case("brief create POST", lambda w: "/briefs/new/", "executive", "planner", method="post",
         data=lambda w: {"account": w.account.pk, "title": "Oktoberfest 2027"},
         done=lambda w: Brief.objects.filter(title="Oktoberfest 2027", owner=w.executive).exists()),
    Case("request to brief", lambda w: f"/requests/{w.request.pk}/brief/", "executive", "planner", "other_executive", method="post",
         done=lambda w: Brief.objects.filter(request=w.request).exists()),
    Case("brief page", lambda w: f"/briefs/{w.brief.pk}/", "planner", ANONYMOUS, "other_executive"),
    Case("brief edit", lambda w: f"/briefs/{w.brief.pk}/edit/", "executive", "coordinator", "other_manager"),
    Case("brief edit POST", lambda w: f"/briefs/{w.brief.pk}/edit/", "manager", "coordinator", "other_manager", method="post",
         data=lambda w: {"title": "Summer of Pils", "owner": w.executive.pk, "version": version_of(w.brief)},
         done=lambda w: Brief.objects.get(pk=w.brief.pk).title == "Summer of Pils"),
    Case("brief submit", lambda w: _brief_at(w, "draft", "steps/submit/"), "executive", "coordinator", "other_manager", method="post",
         done=lambda w: _brief_status(w) == "strategy_review"),
    Case("brief sign-off", lambda w: _brief_at(w, "strategy_review", "steps/sign_off/"), "planner", "executive", "other_manager", method="post",
         done=lambda w: _brief_status(w) == "awaiting_approval"),
    Case("brief approve", lambda w: _brief_at(w, "awaiting_approval", "steps/approve/"), "manager", "executive", "other_manager", method="post",
         done=lambda w: _brief_status(w) == "in_creative"),
    Case("brief present", lambda w: _brief_at(w, "in_creative", "steps/present/"), "executive", "planner", "other_manager", method="post",
         done=lambda w: _brief_status(w) == "presented"),
    Case("brief cancel", lambda w: _brief_at(w, "in_creative", "steps/cancel/"), "executive", "coordinator", "other_manager", method="post",
         data=lambda w: {"comment": "Client paused the campaign."}, done=lambda w: _brief_status(w) == "cancelled"),
    Case("feedback form", lambda w: _brief_at(w, "presented", "feedback/"), "coordinator", "planner", "other_executive"),
    Case("feedback log", lambda w: _brief_at(w, "presented", "feedback/"), "executive", "planner", "other_executive", method="post",
         data=_feedback_data, done=lambda w: Feedback.objects.filter(brief=w.brief, said="Too cold, start again.").exists()),
    Case("feedback acknowledge", lambda w: f"/feedback/{_round(w).pk}/acknowledge/", "executive", "coordinator", "other_manager", method="post",
         done=lambda w: _round(w).acknowledged_at is not None),
    Case("deliverable add", lambda w: f"/briefs/{w.brief.pk}/deliverables/", "executive", "coordinator", "other_manager", method="post",
         data=lambda w: {"what": "Radio 20s", "quantity": 2, "due_on": (timezone.localdate() + timedelta(days=5)).isoformat()},
         done=lambda w: Deliverable.objects.filter(brief=w.brief, what="Radio 20s").exists()),
    Case("deliverable delivered", lambda w: f"/deliverables/{_deliverable(w).pk}/delivered/", "manager", "coordinator", "other_manager", method="post",
         done=lambda w: _deliverable(w).delivered_on is not None),
    Case("brief versions", lambda w: f"/briefs/{w.brief.pk}/versions/", "coordinator", ANONYMOUS, "other_executive"),
    Case("brief print", lambda w: f"/briefs/{w.brief.pk}/print/", "executive", ANONYMOUS, "other_executive"),
    Case("creative teams", lambda w: "/creative-teams/", "manager", "executive"),
    Case("creative team create", lambda w: "/creative-teams/new/", "director", "planner"),
    Case("creative team create POST", lambda w: "/creative-teams/new/", "manager", "executive", method="post",
         data=lambda w: {"name": "Team Süd", "email": "sued@creative.example", "members": "Ada <ada@creative.example>", "is_active": "on"},
         done=lambda w: CreativeTeam.objects.filter(name="Team Süd").exists()),
    Case("creative team edit", lambda w: f"/creative-teams/{w.brief.creative_team_id}/", "manager", "coordinator"),
    Case("profile", lambda w: "/profile/", "executive", ANONYMOUS),
    Case("calendar link", lambda w: "/profile/calendar/", "planner", ANONYMOUS, method="post",
         done=lambda w: type(w.planner).objects.get(pk=w.planner.pk).calendar_token is not None),
    Case("budget create", lambda w: f"/accounts/{w.account.pk}/budgets/new/", "coordinator", "planner", "other_executive"),
    Case("budget create POST", lambda w: f"/accounts/{w.account.pk}/budgets/new/", "executive", "planner", "other_executive", method="post",
         data=lambda w: {"title": "Radio flight"}, done=lambda w: Budget.objects.filter(title="Radio flight").exists()),
    Case("budget page", lambda w: f"/budgets/{_budget(w).pk}/", "planner", ANONYMOUS, "other_executive"),
    Case("budget line add", lambda w: f"/budgets/{_budget(w).pk}/lines/", "executive", "planner", "other_executive", method="post",
         data=lambda w: {"kind": "media", "description": "Radio", "quantity": "2", "unit_price": "1500.50", "markup_percent": "0"},
         done=lambda w: BudgetLine.objects.filter(description="Radio").exists()),
    Case("budget line remove", lambda w: f"/budget-lines/{_budget(w).lines.get().pk}/remove/", "executive", "planner", "other_executive", method="post",
         done=lambda w: not BudgetLine.objects.filter(budget__title="Summer estimate").exists()),
    Case("budget submit", lambda w: f"/budgets/{_budget(w).pk}/submit/", "coordinator", "planner", "other_executive", method="post",
         done=lambda w: _budget_status(w) == "submitted"),
    Case("budget approve", lambda w: f"/budgets/{_budget(w, 'submitted').pk}/approve/", "manager", "executive", "other_manager", method="post",
         done=lambda w: _budget_status(w) == "approved"),
    Case("budget reject", lambda w: f"/budgets/{_budget(w, 'submitted').pk}/reject/", "director", "coordinator", "other_manager", method="post",
         data=lambda w: {"reason": "Media too high"}, done=lambda w: _budget_status(w) == "rejected"),
    Case("budget revise", lambda w: f"/budgets/{_budget(w, 'approved').pk}/revise/", "executive", "planner", "other_executive", method="post",
         done=lambda w: Budget.objects.filter(title="Summer estimate", revision=2).exists()),
    Case("budget print", lambda w: f"/budgets/{_budget(w).pk}/print/", "executive", ANONYMOUS, "other_executive"),
    Case("payment create", lambda w: f"/accounts/{w.account.pk}/payments/new/", "coordinator", "planner", "other_executive"),
    Case("payment create POST", lambda w: f"/accounts/{w.account.pk}/payments/new/", "executive", "planner", "other_executive", method="post",
         data=_payment_data, done=lambda w: Payment.objects.filter(number="F-2002").exists()),
    Case("payment page", lambda w: f"/payments/{_payment(w).pk}/", "planner", ANONYMOUS, "other_executive"),
    Case("payment approve", lambda w: f"/payments/{_payment(w).pk}/approve/", "manager", "executive", "other_manager", method="post",
         done=lambda w: _payment_status(w) == "approved"),
    Case("payment reject", lambda w: f"/payments/{_payment(w).pk}/reject/", "director", "coordinator", "other_manager", method="post",
         data=lambda w: {"reason": "Wrong rate"}, done=lambda w: _payment_status(w) == "rejected"),
    Case("payment paid", lambda w: f"/payments/{_payment(w, 'approved').pk}/paid/", "manager", "executive", "other_manager", method="post",
         data=lambda w: {"paid_on": timezone.localdate().isoformat()}, done=lambda w: _payment_status(w) == "paid"),
    Case("contract create", lambda w: f"/accounts/{w.account.pk}/contracts/new/", "manager", "executive", "other_manager"),
    Case("contract create POST", lambda w: f"/accounts/{w.account.pk}/contracts/new/", "director", "coordinator", method="post",
         data=_contract_data, done=lambda w: Contract.objects.filter(title="Framework 2027").exists()),
    Case("contract page", lambda w: f"/contracts/{_contract(w).pk}/", "planner", ANONYMOUS, "other_executive"),
    Case("contract edit", lambda w: f"/contracts/{_contract(w).pk}/edit/", "manager", "executive", "other_manager"),
    Case("contract edit POST", lambda w: f"/contracts/{_contract(w).pk}/edit/", "manager", "executive", "other_manager", method="post",
         data=lambda w: _contract_data(w, "Retainer 2027/28"), done=lambda w: Contract.objects.filter(title="Retainer 2027/28").exists()),
    Case("pipeline", lambda w: "/pipeline/", "manager", "executive"),
    Case("opportunity create", lambda w: "/pipeline/new/", "director", "planner"),
    Case("opportunity create POST", lambda w: "/pipeline/new/", "manager", "executive", method="post",
         data=lambda w: {"client": w.account.client_id, "title": "Radio relaunch", "value": "80000", "stage": "lead", "owner": w.manager.pk},
         done=lambda w: Opportunity.objects.filter(title="Radio relaunch").exists()),
    Case("opportunity page", lambda w: f"/opportunities/{_opportunity(w).pk}/", "manager", "executive", "other_manager"),
    Case("opportunity won", lambda w: f"/opportunities/{_opportunity(w).pk}/won/", "director", "executive", "other_manager", method="post",
         data=lambda w: {"name": "Halbmond", "code": "HALB", "kind": "project"}, done=lambda w: Account.objects.filter(code="HALB").exists()),
    Case("approvals", lambda w: "/approvals/", "manager", "executive"),
    Case("health dashboard", lambda w: "/dashboard/health/", "director", "executive"),
    Case("health dashboard CSV", lambda w: "/dashboard/health/?format=csv", "manager", "planner"),
    Case("approvals count", lambda w: "/approvals/badge/", "director", ANONYMOUS),
    Case("search", lambda w: "/search/?q=Nord", "coordinator", ANONYMOUS),
    Case("home", lambda w: "/", "planner", ANONYMOUS),
    Case("notifications", lambda w: "/notifications/", "coordinator", ANONYMOUS),
    Case("notification bell", lambda w: "/notifications/badge/", "director", ANONYMOUS),
]  # fmt: skip


def _call(client, case, world):
    method = getattr(client, case.method)
    return method(case.url(world), case.data(world))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_allowed_role_succeeds(client, world, case):
    client.force_login(world.user(case.allowed))
    response = _call(client, case, world)
    assert response.status_code in case.ok
    if response.status_code == 302:
        assert "login" not in response.url
    if case.done is not None:
        assert case.done(world), "the action did not happen"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_refused_role_is_refused(client, world, case):
    if case.refused == ANONYMOUS:
        response = _call(client, case, world)
        assert response.status_code == 302
        assert response.url.startswith("/login/")
    else:
        client.force_login(world.user(case.refused))
        assert _call(client, case, world).status_code == 403
    if case.done is not None:
        assert not case.done(world), "a refused action happened anyway"


@pytest.mark.parametrize("case", [c for c in CASES if c.outsider], ids=lambda c: c.name)
def test_user_without_access_to_the_account_gets_404(client, world, case):
    client.force_login(world.user(case.outsider))
    assert _call(client, case, world).status_code == 404
    if case.done is not None:
        assert not case.done(world), "an outsider's action happened anyway"
