"""The systematic bad-input test: every form field and every query parameter, with every
class of bad input, never gives a 5xx. A refused form shows a message next to the field
(or for the whole form, for a hidden one), keeps what was typed and stores nothing;
an accepted one stores exactly what was typed.

The table is FORMS by their fields by BAD_VALUES, and PAGES by their parameters by
BAD_VALUES; `test_the_table_is_as_big_as_the_note_says` prints its size.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db import transaction
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
from agency.edits import version_of
from agency.models import Notification, User
from briefs.models import Brief, BriefStep, ClientRequest, CreativeTeam, Deliverable, Feedback
from clients.models import Client, Contact
from tests.factories import ContactFactory, UserFactory

LONG = "x" * 200_000

# Each class of bad input, by name. Ids of other teams' rows are added per world.
BAD_VALUES = {
    "date out of range (year 1)": "0001-01-01",
    "date-time out of range (year 1)": "0001-01-01T00:00",
    "date out of range (year 9999)": "9999-12-31",
    "impossible date": "2026-02-30",
    "unicode digit": "²",
    "arabic-indic digits": "١٢٣",
    "huge number": "9" * 5000,
    "number beyond bigint": "9" * 25,
    "negative number": "-1",
    "NUL byte": "abc\x00def",
    "over-long text": LONG,
    "emoji": "Kampagne 🎉🚀",
    "right-to-left text": "\u202eevil مرحبا",
    "empty": "",
    "whitespace": "   ",
}


def _other_team_values(world) -> dict:
    stranger = ContactFactory(client=world.other_account.client)
    their_budget = Budget.objects.get_or_create(
        account=world.other_account, title="Their estimate", defaults={"status": "approved"}
    )[0]
    return {
        "other team's budget id": str(their_budget.pk),
        "other team's account id": str(world.other_account.pk),
        "other team's contact id": str(stranger.pk),
        "other team's person id": str(world.other_executive.pk),
        "other team's client id": str(world.other_account.client_id),
    }


def _bad_values(world) -> dict:
    return {**BAD_VALUES, **_other_team_values(world)}


@dataclass
class Form:
    name: str
    url: Callable  # world -> url
    role: str | None  # None: anonymous
    data: Callable  # world -> a valid POST
    snapshot: Callable  # world -> what must not change when the form is refused
    fields: list[str] = field(default_factory=list)  # default: the keys of data
    reset: Callable = lambda w: None  # put the record back before each try
    scoped: bool = True  # choices limited to the user's teams (not so in the admin)
    ids: dict = field(default_factory=dict)  # id fields of this form's own (see ID_KINDS)


def _untriaged(w):
    ClientRequest.objects.filter(pk=w.request.pk).update(status="new", decline_reason="")


def _count(model):
    return lambda w: model.objects.count()


def _row(model, pk_of):
    return lambda w: model.objects.filter(pk=pk_of(w)).values().get()


def _request_data(w):
    return {
        "intake_token": str(uuid.uuid4()),
        "account": w.account.pk,
        "title": "Radio spot for the summer",
        "contact": w.contact.pk,
        "channel": "call",
        "details": "Two versions, 20 and 30 seconds.",
        "wanted_by": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "budget_hint": "2499.99",
        "priority": "normal",
    }


def _brief_in(status):
    def reset(w):
        Brief.objects.filter(pk=w.brief.pk).update(status=status, cancel_reason="")
        w.brief.refresh_from_db()

    return reset


def _brief_data(w):
    soon = timezone.localdate() + timedelta(days=14)
    return {
        "title": "Summer of Pils", "owner": w.executive.pk, "planner": w.planner.pk,
        "creative_team": w.brief.creative_team_id, "background": "Sales dipped.",
        "business_objective": "Grow share by 2 points.", "communication_objective": "Make Pils the summer beer.",
        "target_audience": "Urban adults, 25 to 35.", "consumer_insight": "Summer tastes like friends.",
        "proposition": "The taste of long evenings.", "reasons_to_believe": "Brewed in the north since 1871.",
        "tone_of_voice": "Warm, wry.", "mandatories": "Logo top right.", "channels": "TV, OOH, social",
        "budget": "85000.00", "brief_due": soon.isoformat(),
        "first_presentation": (soon + timedelta(days=7)).isoformat(),
        "final_delivery": (soon + timedelta(days=30)).isoformat(), "version": version_of(w.brief),
    }  # fmt: skip


def _feedback_data(w):
    return {"said": "Warmer, please.", "verdict": "minor_changes", "sentiment": "neutral",
            "topics": "creative", "contact": w.contact.pk, "channel": "meeting",
            "received_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")}  # fmt: skip


def _deliverable(w):
    return Deliverable.objects.get_or_create(
        brief=w.brief,
        what="OOH 18/1",
        defaults={"due_on": timezone.localdate() + timedelta(days=9)},
    )[0]


def _round(w):
    return Feedback.objects.get_or_create(
        brief=w.brief, round=1, defaults={"said": "Fine.", "verdict": "minor_changes"}
    )[0]


def _team_data(w):
    return {"name": "Team Süd", "email": "sued@creative.example",
            "members": "Ada Lang <ada@creative.example>", "is_active": "on"}  # fmt: skip


def _world_budget(w, status="draft"):
    budget = Budget.objects.get_or_create(
        account=w.account, title="Summer estimate", defaults={"created_by": w.executive}
    )[0]
    Budget.objects.filter(pk=budget.pk).update(
        status=status, submitted_by=w.executive, reject_reason=""
    )
    return budget


def _approved_budget(w):
    return Budget.objects.get_or_create(
        account=w.account,
        title="Approved estimate",
        defaults={"status": "approved", "total": 50_000},
    )[0]


def _payment_data(w):
    return {"direction": "supplier", "number": "F-2002", "counterparty": "Studio Hamm", "amount": "800.50",
            "issued_on": timezone.localdate().isoformat(),
            "due_on": (timezone.localdate() + timedelta(days=30)).isoformat(), "budget": _approved_budget(w).pk}  # fmt: skip


def _world_payment(w, status="submitted"):
    payment = Payment.objects.get_or_create(
        account=w.account, direction="client", number="RE-1001",
        defaults={"counterparty": "Nordlicht", "amount": 1200, "submitted_by": w.executive,
                  "issued_on": timezone.localdate() - timedelta(days=5), "due_on": timezone.localdate()},
    )[0]  # fmt: skip
    Payment.objects.filter(pk=payment.pk).update(status=status, reject_reason="", paid_on=None)
    return payment


def _payment_row(w):
    return (
        Payment.objects.filter(number="RE-1001").values("status", "reject_reason", "paid_on").get()
    )


def _world_contract(w):
    return Contract.objects.get_or_create(
        account=w.account, title="Retainer 2027",
        defaults={"starts_on": timezone.localdate(), "ends_on": timezone.localdate() + timedelta(days=365)},
    )[0]  # fmt: skip


def _contract_data(w, version=False):
    data = {"title": "Framework 2027", "kind": "framework", "status": "active", "starts_on": "2027-01-01",
            "ends_on": "2027-12-31", "notice_days": "90", "renewal": "undecided", "included_rounds": "3",
            "fee_model": "retainer", "fee": "18000", "markup_percent": "15", "payment_terms_days": "30"}  # fmt: skip
    if version:
        data["version"] = version_of(Contract.objects.get(pk=_world_contract(w).pk))
    return data


def _world_opportunity(w):
    return Opportunity.objects.get_or_create(
        title="Halbmond pitch", defaults={"client": w.account.client, "value": 250_000, "owner": w.executive}
    )[0]  # fmt: skip


def _opportunity_data(w, version=False):
    data = {"client": w.account.client_id, "title": "Radio relaunch", "value": "80000", "stage": "pitch",
            "probability": "40", "owner": w.executive.pk, "pitch_on": "2027-01-20",
            "expected_close": "2027-02-28", "notes": "Incumbent is tired."}  # fmt: skip
    if version:
        data["version"] = version_of(Opportunity.objects.get(pk=_world_opportunity(w).pk))
    return data


FORMS = [
    Form("log-in", lambda w: "/login/", None,
         lambda w: {"username": "e", "password": "wrong password"}, _count(Notification)),
    Form("client create", lambda w: "/clients/new/", "manager",
         lambda w: {"name": "Fjord Fisheries", "legal_name": "Fjord AS", "industry": "Food", "website": "", "status": "active", "address": "", "notes": ""},
         _count(Client)),
    Form("client edit", lambda w: f"/clients/{w.account.client_id}/edit/", "manager",
         lambda w: {"name": w.account.client.name, "legal_name": "", "industry": "Beer", "website": "", "status": "active", "address": "", "notes": "", "version": version_of(w.account.client)},
         _row(Client, lambda w: w.account.client_id)),
    Form("contact create", lambda w: f"/clients/{w.account.client_id}/contacts/new/", "executive",
         lambda w: {"name": "Jonas Weber", "job_title": "CMO", "email": "", "phone": "", "left_on": "", "notes": ""},
         _count(Contact)),
    Form("contact edit", lambda w: f"/contacts/{w.contact.pk}/edit/", "executive",
         lambda w: {"name": "Anna Müller", "job_title": "CMO", "email": "", "phone": "", "left_on": "", "notes": "", "version": version_of(w.contact)},
         _row(Contact, lambda w: w.contact.pk)),
    Form("account create", lambda w: "/accounts/new/", "manager",
         lambda w: {"client": w.account.client_id, "name": "Nordlicht Radler", "code": "NLB-RAD", "status": "active", "kind": "project", "start_date": "2026-01-01", "description": ""},
         _count(Account)),
    Form("account edit", lambda w: f"/accounts/{w.account.pk}/edit/", "manager",
         lambda w: {"client": w.account.client_id, "name": w.account.name, "code": w.account.code, "status": "active", "kind": "retainer", "start_date": "2026-01-01", "description": "", "version": version_of(w.account)},
         _row(Account, lambda w: w.account.pk)),
    Form("team add", lambda w: f"/accounts/{w.account.pk}/team/add/", "manager",
         lambda w: {"user": w.director.pk, "role": "director"}, _count(AccountMembership)),
    Form("team edit", lambda w: f"/accounts/{w.account.pk}/team/{AccountMembership.objects.get(account=w.account, user=w.coordinator).pk}/edit/", "manager",
         lambda w: {"role": "coordinator"},
         _row(AccountMembership, lambda w: AccountMembership.objects.get(account=w.account, user=w.coordinator).pk)),
    Form("interaction create", lambda w: f"/accounts/{w.account.pk}/interactions/new/", "planner",
         lambda w: {"kind": "call", "occurred_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "sentiment": "neutral", "summary": "Status call", "contacts": w.contact.pk, "staff": w.executive.pk},
         _count(Interaction)),
    Form("interaction edit", lambda w: f"/interactions/{w.interaction.pk}/edit/", "executive",
         lambda w: {"kind": "call", "occurred_at": (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "sentiment": "neutral", "summary": "Status call", "contacts": w.contact.pk, "staff": w.executive.pk, "version": version_of(w.interaction)},
         _row(Interaction, lambda w: w.interaction.pk)),
    Form("request intake", lambda w: "/requests/new/", "executive", _request_data, _count(ClientRequest)),
    Form("request edit", lambda w: f"/requests/{w.request.pk}/edit/", "executive",
         lambda w: {k: v for k, v in _request_data(w).items() if k not in ("intake_token", "account")} | {"version": version_of(w.request)},
         _row(ClientRequest, lambda w: w.request.pk)),
    Form("request accept", lambda w: f"/requests/{w.request.pk}/accept/", "manager",
         lambda w: {"owner": w.executive.pk}, _row(ClientRequest, lambda w: w.request.pk), reset=_untriaged),
    Form("request decline", lambda w: f"/requests/{w.request.pk}/decline/", "manager",
         lambda w: {"reason": "Out of scope"}, _row(ClientRequest, lambda w: w.request.pk), reset=_untriaged),
    Form("request done", lambda w: f"/requests/{w.request.pk}/done/", "manager",
         lambda w: {"note": "x"}, _row(ClientRequest, lambda w: w.request.pk), reset=_untriaged),
    Form("notifications read", lambda w: "/notifications/read/", "executive",
         lambda w: {"id": "1"}, lambda w: list(Notification.objects.values_list("read_at", flat=True))),
    Form("language", lambda w: "/language/", "executive",
         lambda w: {"language": "de", "next": "/"},
         lambda w: User.objects.values_list("language", flat=True).get(pk=w.executive.pk)),
    Form("password change", lambda w: "/password/", "executive",
         lambda w: {"old_password": "wrong", "new_password1": "a new Passw0rd!", "new_password2": "a new Passw0rd!"},
         lambda w: User.objects.values_list("password", flat=True).get(pk=w.executive.pk)),
    Form("brief create", lambda w: "/briefs/new/", "executive",
         lambda w: {"account": w.account.pk, "title": "Oktoberfest 2027"}, _count(Brief)),
    Form("brief edit", lambda w: f"/briefs/{w.brief.pk}/edit/", "executive", _brief_data,
         _row(Brief, lambda w: w.brief.pk), reset=_brief_in("draft")),
    Form("request to brief", lambda w: f"/requests/{w.request.pk}/brief/", "executive",
         lambda w: {"note": "x"}, _count(Brief)),
    Form("brief submit", lambda w: f"/briefs/{w.brief.pk}/steps/submit/", "executive",
         lambda w: {"note": "x"}, _row(Brief, lambda w: w.brief.pk), reset=_brief_in("draft")),
    Form("brief send back", lambda w: f"/briefs/{w.brief.pk}/steps/return_strategy/", "planner",
         lambda w: {"comment": "Sharpen the insight."}, _row(Brief, lambda w: w.brief.pk), reset=_brief_in("strategy_review")),
    Form("brief present", lambda w: f"/briefs/{w.brief.pk}/steps/present/", "executive",
         lambda w: {"presented_on": timezone.localdate().isoformat()}, _row(Brief, lambda w: w.brief.pk), reset=_brief_in("in_creative")),
    Form("brief cancel", lambda w: f"/briefs/{w.brief.pk}/steps/cancel/", "manager",
         lambda w: {"comment": "Client paused."}, _row(Brief, lambda w: w.brief.pk), reset=_brief_in("draft")),
    Form("feedback log", lambda w: f"/briefs/{w.brief.pk}/feedback/", "executive", _feedback_data,
         _count(Feedback), reset=_brief_in("presented")),
    Form("feedback acknowledge", lambda w: f"/feedback/{_round(w).pk}/acknowledge/", "executive",
         lambda w: {"note": "x"}, lambda w: list(Feedback.objects.values_list("acknowledged_at", flat=True))),
    Form("deliverable add", lambda w: f"/briefs/{w.brief.pk}/deliverables/", "executive",
         lambda w: {"what": "Radio 20s", "format": "Radio", "quantity": "2", "due_on": (timezone.localdate() + timedelta(days=5)).isoformat()},
         _count(Deliverable)),
    Form("deliverable delivered", lambda w: f"/deliverables/{_deliverable(w).pk}/delivered/", "executive",
         lambda w: {"delivered_on": timezone.localdate().isoformat()}, _row(Deliverable, lambda w: _deliverable(w).pk)),
    Form("creative team create", lambda w: "/creative-teams/new/", "manager", _team_data, _count(CreativeTeam)),
    Form("creative team edit", lambda w: f"/creative-teams/{w.brief.creative_team_id}/", "manager",
         lambda w: _team_data(w) | {"version": version_of(w.brief.creative_team)},
         _row(CreativeTeam, lambda w: w.brief.creative_team_id)),
    Form("calendar link", lambda w: "/profile/calendar/", "executive", lambda w: {"note": "x"},
         lambda w: User.objects.filter(pk=w.other_executive.pk).values_list("calendar_token", flat=True).get()),
    Form("budget create", lambda w: f"/accounts/{w.account.pk}/budgets/new/", "executive",
         lambda w: {"title": "Radio flight", "purpose": "Two weeks in Bavaria"}, _count(Budget)),
    Form("budget line add", lambda w: f"/budgets/{_world_budget(w).pk}/lines/", "executive",
         lambda w: {"kind": "third_party", "description": "Studio day", "quantity": "1.5", "unit_price": "2400.00", "markup_percent": "15"},
         _count(BudgetLine)),
    Form("budget reject", lambda w: f"/budgets/{_world_budget(w, 'submitted').pk}/reject/", "manager",
         lambda w: {"reason": "Media too high"}, lambda w: Budget.objects.filter(title="Summer estimate").values("status", "reject_reason").get(),
         reset=lambda w: _world_budget(w, "submitted")),
    Form("payment create", lambda w: f"/accounts/{w.account.pk}/payments/new/", "executive", _payment_data, _count(Payment),
         ids={"budget": "budget"}),
    Form("payment reject", lambda w: f"/payments/{_world_payment(w).pk}/reject/", "manager",
         lambda w: {"reason": "Wrong rate"}, _payment_row, reset=lambda w: _world_payment(w)),
    Form("payment paid", lambda w: f"/payments/{_world_payment(w, 'approved').pk}/paid/", "manager",
         lambda w: {"paid_on": timezone.localdate().isoformat()}, _payment_row, reset=lambda w: _world_payment(w, "approved")),
    Form("contract create", lambda w: f"/accounts/{w.account.pk}/contracts/new/", "manager", _contract_data, _count(Contract)),
    Form("contract edit", lambda w: f"/contracts/{_world_contract(w).pk}/edit/", "manager",
         lambda w: _contract_data(w, version=True), lambda w: Contract.objects.filter(pk=_world_contract(w).pk).values().get()),
    Form("opportunity create", lambda w: "/pipeline/new/", "manager", _opportunity_data, _count(Opportunity)),
    Form("opportunity edit", lambda w: f"/opportunities/{_world_opportunity(w).pk}/", "manager",
         lambda w: _opportunity_data(w, version=True), lambda w: Opportunity.objects.filter(pk=_world_opportunity(w).pk).values().get()),
    Form("opportunity won", lambda w: f"/opportunities/{_world_opportunity(w).pk}/won/", "manager",
         lambda w: {"name": "Halbmond", "code": "HALB", "kind": "project", "start_date": "2027-01-01"}, _count(Account)),
    Form("admin interaction add", lambda w: "/admin/accounts/interaction/add/", "admin",
         lambda w: {"account": w.account.pk, "kind": "call", "occurred_at_0": timezone.localdate().isoformat(), "occurred_at_1": "10:00:00", "summary": "Call", "sentiment": "neutral", "logged_by": w.executive.pk, "_save": "Save"},
         _count(Interaction), scoped=False),
]  # fmt: skip

# GET pages and their query parameters.
PAGES = {
    "/clients/": ["q", "status", "industry", "sort", "page", "format"],
    "/accounts/": ["q", "status", "kind", "client", "member", "sort", "page", "format"],
    "/requests/": ["show", "q", "account", "owner", "status", "priority", "sort", "page", "format"],
    "/requests/new/": ["account"],
    "/requests/contacts/": ["account"],
    "/accounts/new/": ["client"],
    "/notifications/": ["show", "page"],
    "/search/": ["q"],
    "/": ["page"],
    "/briefs/": [
        "show",
        "q",
        "account",
        "owner",
        "planner",
        "status",
        "due_after",
        "due_before",
        "sort",
        "page",
        "format",
    ],
    "/briefs/new/": ["account"],
    "/briefs/{brief}/versions/": ["a", "b"],
    "/briefs/{brief}/": ["rounds"],
    "/approvals/": ["page"],
    "/pipeline/": ["page"],
    "/dashboard/health/": [
        "q",
        "manager",
        "client",
        "band",
        "status",
        "changed",
        "sort",
        "page",
        "format",
    ],
    "/approvals/badge/": ["plain"],
}
URL_IDS = [
    "/clients/{}/", "/clients/{}/edit/", "/clients/{}/contacts/new/", "/contacts/{}/edit/",
    "/accounts/{}/", "/accounts/{}/log/", "/accounts/{}/edit/", "/accounts/{}/team/add/", "/interactions/{}/edit/",
    "/accounts/{}/interactions/new/", "/requests/{}/", "/requests/{}/edit/", "/briefs/{}/",
    "/briefs/{}/edit/", "/briefs/{}/versions/", "/briefs/{}/print/", "/creative-teams/{}/",
    "/budgets/{}/", "/accounts/{}/budgets/new/", "/budget-lines/{}/remove/", "/budgets/{}/print/",
    "/payments/{}/", "/accounts/{}/payments/new/", "/contracts/{}/", "/contracts/{}/edit/",
    "/accounts/{}/contracts/new/", "/opportunities/{}/", "/opportunities/{}/won/",
]  # fmt: skip


# Text a person types: shown again exactly when the form is refused.
TEXT_FIELDS = {
    "title", "name", "legal_name", "industry", "job_title", "phone", "summary", "details",
    "notes", "reason", "description", "code", "address", "said", "what", "comment",
    "background", "proposition",
}  # fmt: skip
STORED_FIELDS = {
    "title",
    "name",
    "summary",
    "details",
    "notes",
    "reason",
    "said",
    "what",
    "background",
}


def _user(world, role):
    if role == "admin":
        admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
        return admin
    return world.user(role)


def _refusal_is_shown(page: str) -> bool:
    """A message next to a field, or for the whole form (a hidden field's error)."""
    return (
        "is-invalid" in page or "alert-danger" in page or "errornote" in page or "errorlist" in page
    )


# Id fields: another team's id must be refused. Date fields: out-of-range dates too.
# (Staff are not scoped by team where anyone active may be chosen: adding to a team.)
ID_KINDS = {
    "account": "account", "contact": "contact", "contacts": "contact", "owner": "person",
    "staff": "person", "client": "client", "planner": "person",
}  # fmt: skip
DATE_FIELDS = {
    "wanted_by", "left_on", "start_date", "occurred_at", "occurred_at_0", "brief_due",
    "first_presentation", "final_delivery", "due_on", "delivered_on", "presented_on", "received_at",
    "issued_on", "paid_on", "starts_on", "ends_on", "pitch_on", "expected_close",
}  # fmt: skip
# Fields whose value a form may ignore (a redirect target, an action without input).
IGNORED = {"next", "note", "id"}
NEVER_ACCEPTED = {"NUL byte", "over-long text"}
ALWAYS_ACCEPTED = {"emoji", "right-to-left text"}


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_every_form_field_takes_every_bad_value_without_a_server_error(client, world, form):
    """Each cell starts from the same data (a savepoint rolled back after it) and ends
    one of two ways: refused (shown again with a message, nothing stored) or accepted
    (stored exactly as typed). Another team's id, a NUL byte, over-long text and an
    out-of-range date are never accepted; emoji and right-to-left text always are."""
    if form.role:
        client.force_login(_user(world, form.role))
    values = _bad_values(world)
    for name in form.fields or list(form.data(world)):
        for label, value in values.items():
            with transaction.atomic():
                form.reset(world)
                data = form.data(world)
                data[name] = value
                before = form.snapshot(world)
                response = client.post(form.url(world), data)
                _check_outcome(form, name, label, value, before, response, world)
                transaction.set_rollback(True)


def _check_outcome(form, name, label, value, before, response, world):
    where = f"{form.name}: {name} = {label}"
    assert response.status_code < 500, where
    if response.status_code in (200, 400, 409):
        page = response.content.decode()
        assert _refusal_is_shown(page), f"{where}: refused without a message"
        assert form.snapshot(world) == before, f"{where}: refused, yet something was stored"
        if name in TEXT_FIELDS and 0 < len(value.strip()) < 100 and "\x00" not in value:
            assert _shown(value) in page, f"{where}: what was typed is gone"
        assert not (label in ALWAYS_ACCEPTED and name in TEXT_FIELDS), f"{where}: refused"
        return
    assert response.status_code in (302, 429), where
    if name in IGNORED or response.status_code == 429:
        return
    if form.scoped:
        kind = {**ID_KINDS, **form.ids}.get(name)
        assert label != f"other team's {kind} id", f"{where}: accepted"
    assert not (label in NEVER_ACCEPTED and name in TEXT_FIELDS), f"{where}: accepted"
    assert not ("out of range" in label and name in DATE_FIELDS), f"{where}: accepted"
    if name in STORED_FIELDS and value.strip():
        assert _stored(value), f"{where}: accepted, but not stored as typed"


def _shown(value: str) -> str:
    from django.utils.html import escape

    return escape(value.strip()) if value.strip() else value


def _stored(value: str) -> bool:
    text = value.strip()
    return any(
        model.objects.filter(**{f"{field}": text}).exists()
        for model, field in (
            (ClientRequest, "title"), (ClientRequest, "details"), (Client, "name"),
            (Contact, "name"), (Interaction, "summary"), (ClientRequest, "decline_reason"),
            (Client, "notes"), (Contact, "notes"), (Account, "name"), (Brief, "title"),
            (Brief, "background"), (Feedback, "said"), (Deliverable, "what"), (CreativeTeam, "name"),
            (BriefStep, "comment"), (Budget, "title"), (BudgetLine, "description"),
            (Budget, "reject_reason"), (Payment, "reject_reason"), (Contract, "title"),
            (Opportunity, "title"), (Opportunity, "notes"),
        )
    )  # fmt: skip


@pytest.mark.parametrize("path", list(PAGES), ids=str)
def test_every_query_parameter_takes_every_bad_value_without_a_server_error(client, world, path):
    client.force_login(world.manager)
    names, path = PAGES[path], path.format(brief=world.brief.pk)
    for name in names:
        for label, value in _bad_values(world).items():
            response = client.get(path, {name: value})
            assert response.status_code < 500, f"{path}?{name}= {label}"
            if response.streaming:
                b"".join(response.streaming_content)
            # The same in a CSV export, where the page has one.
            if "format" in names and name != "format":
                export = client.get(path, {name: value, "format": "csv"})
                assert export.status_code < 500, f"{path}?{name}= {label}&format=csv"
                b"".join(export.streaming_content)


@pytest.mark.parametrize("pattern", URL_IDS)
def test_ids_in_urls_that_are_not_ids_are_404(client, world, pattern):
    client.force_login(world.director)
    for bad in ("²", "9" * 25, "9" * 5000, "0", "١٢٣"):
        assert client.get(pattern.format(bad)).status_code == 404, pattern.format(bad[:30])


def test_the_table_is_as_big_as_the_note_says(world, capsys):
    values = len(_bad_values(world))
    form_cells = sum(len(f.fields or f.data(world)) for f in FORMS) * values
    page_cells = sum(len(p) for p in PAGES.values()) * values
    with capsys.disabled():
        print(
            f"\nbad-input table: {len(FORMS)} forms, "
            f"{sum(len(f.fields or f.data(world)) for f in FORMS)} fields, "
            f"{sum(len(p) for p in PAGES.values())} query parameters on {len(PAGES)} pages, "
            f"{values} classes of value: {form_cells + page_cells} requests "
            f"(+ {len(URL_IDS) * 5} bad ids in URLs)"
        )
    assert form_cells > 1000
