from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView

from agency.forms import ActionForm
from agency.history import history_of
from agency.ids import parse_id
from agency.lists import Column, FilteredListView

from .filters import AccountFilter
from .forms import (
    AccountForm,
    BudgetForm,
    BudgetLineForm,
    BudgetRejectForm,
    InteractionForm,
    MembershipEditForm,
    MembershipForm,
)
from .models import Account, AccountMembership, Budget, BudgetLine, Interaction
from .selectors import account_activity, accounts_for_list, team_history
from .services import (
    account_save,
    budget_decide,
    budget_line_add,
    budget_line_remove,
    budget_revise,
    budget_start,
    budget_submit,
    interaction_save,
    membership_add,
    membership_change,
    membership_remove,
)


class AccountListView(FilteredListView):
    filterset_class = AccountFilter
    template_name = "accounts/account_list.html"
    csv_name = "accounts"
    columns = [
        Column(gettext_lazy("Account"), lambda a: a.name, essential=True),
        Column(gettext_lazy("Code"), lambda a: a.code),
        Column(gettext_lazy("Client"), lambda a: a.client.name),
        Column(gettext_lazy("Kind"), lambda a: a.get_kind_display()),
        Column(gettext_lazy("Status"), lambda a: a.get_status_display(), essential=True),
        Column(gettext_lazy("Start date"), lambda a: a.start_date),
        Column(gettext_lazy("Open requests"), lambda a: a.open_requests, numeric=True),
    ]

    def get_queryset(self):
        return accounts_for_list(self.request.user)


def account_detail(request, pk):
    account = get_object_or_404(
        Account.objects.visible_to(request.user).select_related("client"), pk=pk
    )
    memberships = account.memberships.select_related("user").order_by("role", "user__first_name")
    activity = account_activity(account)
    context = {
        "account": account,
        "memberships": memberships,
        "open_requests": activity.open_requests,
        "briefs": activity.briefs,
        # Budgets with their totals, newest revision first.
        "budgets": list(Budget.objects.filter(account=account).order_by("-created_at", "-pk")[:20]),
        "timeline": activity.timeline,
        "history": history_of(account),
        "can_manage_team": request.user.has_perm("accounts.manage_team", account),
        "team_history": team_history(account),
    }
    return render(request, "accounts/account_detail.html", context)


class AccountCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "accounts.create_account"
    form_class = AccountForm
    template_name = "accounts/account_form.html"

    def get_initial(self):
        return {"client": parse_id(self.request.GET.get("client"))}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        account = account_save(account=form.instance, by=self.request.user)
        messages.success(self.request, _("Account “%(name)s” created.") % {"name": account})
        return redirect(account)


def account_update(request, pk):
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("accounts.edit_account", account):
        raise PermissionDenied
    form = AccountForm(request.POST or None, instance=account, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.save_through(account_save, account=form.instance, by=request.user)
    ):
        messages.success(request, _("Account saved."))
        return redirect(account)
    return render(request, "accounts/account_form.html", {"form": form, "object": account})


def _team_to_manage(request, pk) -> Account:
    """The account whose team the user manages: 404 if unseen, 403 if not theirs to manage."""
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("accounts.manage_team", account):
        raise PermissionDenied
    return account


def _member(account: Account, membership_pk: int) -> AccountMembership:
    return get_object_or_404(
        AccountMembership.objects.select_related("user"), account=account, pk=membership_pk
    )


def membership_create(request, pk):
    account = _team_to_manage(request, pk)
    form = MembershipForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            membership = membership_add(account=account, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("user", exc)
        else:
            messages.success(request, _("%(user)s joined the team.") % {"user": membership.user})
            return redirect(account)
    return render(request, "accounts/membership_form.html", {"form": form, "account": account})


def membership_update(request, pk, membership_pk):
    account = _team_to_manage(request, pk)
    membership = _member(account, membership_pk)
    form = MembershipEditForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        membership_change(membership=membership, by=request.user, **form.cleaned_data)
        messages.success(request, _("%(user)s's role was saved.") % {"user": membership.user})
        return redirect(account)
    context = {"form": form, "account": account, "membership": membership}
    return render(request, "accounts/membership_form.html", context)


@require_POST
def membership_delete(request, pk, membership_pk):
    account = _team_to_manage(request, pk)
    membership = _member(account, membership_pk)
    membership_remove(membership=membership, by=request.user)
    messages.success(request, _("%(user)s left the team.") % {"user": membership.user})
    return redirect(account)


def _interaction_form(request, account, interaction=None):
    if not request.user.has_perm("accounts.log_interaction", interaction):
        raise PermissionDenied
    instance = interaction or Interaction(account=account)
    form = InteractionForm(request.POST or None, instance=instance, account=account)
    if request.method == "POST" and form.is_valid():
        saved = form.save_through(
            interaction_save,
            interaction=form.instance,
            by=request.user,
            staff=form.cleaned_data["staff"],
            contacts=form.cleaned_data["contacts"],
        )
        if saved:
            messages.success(request, _("Interaction logged."))
            return redirect(account)
    context = {
        "form": form,
        "account": account,
        "interaction": interaction,
        "history": history_of(interaction) if interaction else None,
    }
    return render(request, "accounts/interaction_form.html", context)


def interaction_create(request, account_pk):
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=account_pk)
    return _interaction_form(request, account)


def interaction_update(request, pk):
    interactions = Interaction.objects.visible_to(request.user).select_related("account")
    interaction = get_object_or_404(interactions, pk=pk)
    return _interaction_form(request, interaction.account, interaction)


# --- Budgets ------------------------------------------------------------------------


def _visible_budget(request, pk) -> Budget:
    return get_object_or_404(
        Budget.objects.visible_to(request.user).select_related(
            "account__client", "submitted_by", "decided_by", "created_by", "replaces"
        ),
        pk=pk,
    )


def budget_create(request, pk):
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("accounts.draft_budget"):
        raise PermissionDenied
    form = BudgetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        budget = budget_start(account=account, by=request.user, **form.cleaned_data)
        return redirect(budget)
    return render(request, "accounts/budget_form.html", {"form": form, "account": account})


def _budget_page(request, budget, *, line_form=None, reject_form=None, status=200):
    user = request.user
    context = {
        "budget": budget,
        "lines": list(budget.lines.all()),
        "can_draft": budget.is_editable and user.has_perm("accounts.draft_budget", budget),
        "can_decide": budget.status == Budget.Status.SUBMITTED
        and user.has_perm("accounts.decide_budget", budget),
        "can_revise": budget.status == Budget.Status.APPROVED
        and user.has_perm("accounts.draft_budget", budget),
        "line_form": line_form or BudgetLineForm(),
        "reject_form": reject_form or BudgetRejectForm(),
        "history": history_of(budget),
    }
    return render(request, "accounts/budget_detail.html", context, status=status)


def budget_detail(request, pk):
    return _budget_page(request, _visible_budget(request, pk))


@require_POST
def budget_line_create(request, pk):
    budget = _visible_budget(request, pk)
    if not request.user.has_perm("accounts.draft_budget", budget):
        raise PermissionDenied
    form = BudgetLineForm(request.POST)
    if form.is_valid():
        try:
            budget_line_add(budget=budget, by=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            return redirect(budget)
    return _budget_page(request, budget, line_form=form, status=400)


@require_POST
def budget_line_delete(request, pk):
    line = get_object_or_404(
        BudgetLine.objects.filter(budget__in=Budget.objects.visible_to(request.user)), pk=pk
    )
    if not request.user.has_perm("accounts.draft_budget", line.budget):
        raise PermissionDenied
    if ActionForm(request.POST).is_valid():
        try:
            budget_line_remove(line=line, by=request.user)
        except ValidationError as refusal:
            messages.error(request, refusal.messages[0])
    return redirect(line.budget)


def _budget_action(request, pk, perm, action, done):
    """A one-click budget action; from the approvals queue, an htmx click gets the row's
    new state back, and a plain POST returns to the page it came from."""
    budget = _visible_budget(request, pk)
    if not request.user.has_perm(perm, budget):
        raise PermissionDenied
    htmx = request.headers.get("HX-Request") == "true"
    form = BudgetRejectForm(request.POST) if action == "reject" else ActionForm(request.POST)
    if not form.is_valid():
        return _budget_page(request, budget, reject_form=form, status=400)
    try:
        result = ACTIONS[action](budget=budget, by=request.user, **form.cleaned_data)
    except ValidationError as refusal:
        message, result = refusal.messages[0], None
        if not htmx:
            messages.error(request, message)
    else:
        message = done
        if not htmx:
            messages.success(request, done)
    if htmx:
        context = {"message": message, "ok": result is not None}
        return render(request, "accounts/_approval_result.html", context)
    back = request.POST.get("next")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(result or budget)


ACTIONS = {
    "submit": budget_submit,
    "approve": lambda **kw: budget_decide(approve=True, **kw),
    "reject": lambda **kw: budget_decide(approve=False, **kw),
    "revise": budget_revise,
}


@require_POST
def budget_submit_view(request, pk):
    return _budget_action(
        request, pk, "accounts.draft_budget", "submit", _("Budget submitted for approval.")
    )


@require_POST
def budget_approve_view(request, pk):
    return _budget_action(request, pk, "accounts.decide_budget", "approve", _("Budget approved."))


@require_POST
def budget_reject_view(request, pk):
    return _budget_action(request, pk, "accounts.decide_budget", "reject", _("Budget rejected."))


@require_POST
def budget_revise_view(request, pk):
    return _budget_action(
        request,
        pk,
        "accounts.draft_budget",
        "revise",
        _("New revision started: change it, then submit it."),
    )
