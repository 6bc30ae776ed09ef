"""Every view, three ways: the role that may use it succeeds, a role that may not is
refused, and a user who can't see the account gets a 404 (not a 403)."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from accounts.models import AccountMembership
from agency.edits import version_of
from briefs.models import ClientRequest

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
