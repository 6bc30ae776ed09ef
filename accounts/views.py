from functools import partial

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
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
    ContractForm,
    InteractionForm,
    MembershipEditForm,
    MembershipForm,
    OpportunityAccountForm,
    OpportunityForm,
    PaidForm,
    PaymentForm,
    RejectForm,
)
from .models import (
    Account,
    AccountMembership,
    Budget,
    BudgetLine,
    Contract,
    Interaction,
    Opportunity,
    Payment,
)
from .selectors import (
    account_activity,
    account_money,
    account_timeline,
    accounts_for_list,
    current_contract,
    pipeline_of,
    team_history,
    with_budget_left,
    with_money,
)
from .services import (
    account_save,
    budget_decide,
    budget_line_add,
    budget_line_remove,
    budget_revise,
    budget_start,
    budget_submit,
    contract_save,
    interaction_save,
    membership_add,
    membership_change,
    membership_remove,
    opportunity_open_account,
    opportunity_save,
    payment_decide,
    payment_record_paid,
    payment_submit,
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


# The account page lists its latest payments; their totals are in the money picture.
PAYMENTS_SHOWN = 15


def account_detail(request, pk):
    account = get_object_or_404(
        with_money(Account.objects.visible_to(request.user).select_related("client")), pk=pk
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
        "payments": list(
            Payment.objects.filter(account=account).order_by("-issued_on", "-pk")[:PAYMENTS_SHOWN]
        ),
        "contract": current_contract(account.pk),
        "money": account_money(account),
        "can_manage_team": request.user.has_perm("accounts.manage_team", account),
        "team_history": team_history(account),
    }
    return render(request, "accounts/account_detail.html", context)


def account_log(request, pk):
    """The account's timeline and change history: fetched by the account page once it
    has shown (htmx), or a page of its own without JavaScript."""
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=pk)
    context = {
        "account": account,
        "timeline": account_timeline(account),
        "history": history_of(account),
    }
    htmx = request.headers.get("HX-Request") == "true"
    template = "accounts/_account_log.html" if htmx else "accounts/account_log.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])  # the fragment is never the page
    return response


class AccountCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "accounts.create_account"
    form_class = AccountForm
    template_name = "accounts/account_form.html"

    def get_initial(self):
        return {"client": parse_id(self.request.GET.get("client"))}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            account = account_save(account=form.instance, by=self.request.user)
        except ValidationError as refusal:
            form.add_error(None, refusal)
            return self.form_invalid(form)
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
        "reject_form": reject_form or RejectForm(),
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


def _one_click(request, *, act, form, done, page, fallback):
    """A one-click decision (submit, approve, reject, paid…). From the approvals queue an
    htmx click gets the row's new state back; a plain POST returns to the page it came
    from. An invalid form shows `page` again with its errors, keeping what was typed."""
    htmx = request.headers.get("HX-Request") == "true"
    if not form.is_valid():
        return page(form)
    try:
        result = act(**form.cleaned_data)
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
    return redirect(result or fallback)


def _budget_action(request, pk, perm, act, done, *, reject=False):
    budget = _visible_budget(request, pk)
    if not request.user.has_perm(perm, budget):
        raise PermissionDenied
    form = RejectForm(request.POST) if reject else ActionForm(request.POST)
    return _one_click(
        request,
        act=lambda **data: act(budget=budget, by=request.user, **data),
        form=form,
        done=done,
        page=lambda form: _budget_page(request, budget, reject_form=form, status=400),
        fallback=budget,
    )


@require_POST
def budget_submit_view(request, pk):
    return _budget_action(
        request, pk, "accounts.draft_budget", budget_submit, _("Budget submitted for approval.")
    )


@require_POST
def budget_approve_view(request, pk):
    approve = partial(budget_decide, approve=True)
    return _budget_action(request, pk, "accounts.decide_budget", approve, _("Budget approved."))


@require_POST
def budget_reject_view(request, pk):
    reject = partial(budget_decide, approve=False)
    return _budget_action(
        request, pk, "accounts.decide_budget", reject, _("Budget rejected."), reject=True
    )


@require_POST
def budget_revise_view(request, pk):
    return _budget_action(
        request,
        pk,
        "accounts.draft_budget",
        budget_revise,
        _("New revision started: change it, then submit it."),
    )


def budget_print(request, pk):
    """The budget as the client sees it: one A4 page, without the agency's workings."""
    budget = _visible_budget(request, pk)
    context = {"budget": budget, "lines": list(budget.lines.all())}
    return render(request, "accounts/budget_print.html", context)


# --- Payments -----------------------------------------------------------------------


def payment_create(request, pk):
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("accounts.submit_payment"):
        raise PermissionDenied
    form = PaymentForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            payment = payment_submit(account=account, by=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Invoice submitted for approval."))
            return redirect(payment)
    status = 400 if form.is_bound else 200
    context = {"form": form, "account": account}
    return render(request, "accounts/payment_form.html", context, status=status)


def _visible_payment(request, pk) -> Payment:
    payments = Payment.objects.visible_to(request.user).select_related(
        "account__client", "budget", "submitted_by", "decided_by"
    )
    return get_object_or_404(with_budget_left(payments), pk=pk)


def _payment_page(request, payment, *, reject_form=None, paid_form=None, status=200):
    user = request.user
    context = {
        "payment": payment,
        "can_decide": payment.status == Payment.Status.SUBMITTED
        and user.has_perm("accounts.decide_payment", payment),
        "can_record_paid": payment.status == Payment.Status.APPROVED
        and user.has_perm("accounts.record_paid", payment),
        "reject_form": reject_form or RejectForm(),
        "paid_form": paid_form or PaidForm(initial={"paid_on": timezone.localdate()}),
        "history": history_of(payment),
    }
    return render(request, "accounts/payment_detail.html", context, status=status)


def payment_detail(request, pk):
    return _payment_page(request, _visible_payment(request, pk))


def _payment_action(request, pk, perm, act, done, form_class=ActionForm, page_form=None):
    payment = _visible_payment(request, pk)
    if not request.user.has_perm(perm, payment):
        raise PermissionDenied
    return _one_click(
        request,
        act=lambda **data: act(payment=payment, by=request.user, **data),
        form=form_class(request.POST),
        done=done,
        page=lambda form: _payment_page(request, payment, status=400, **{page_form: form}),
        fallback=payment,
    )


@require_POST
def payment_approve_view(request, pk):
    approve = partial(payment_decide, approve=True)
    return _payment_action(request, pk, "accounts.decide_payment", approve, _("Payment approved."))


@require_POST
def payment_reject_view(request, pk):
    reject = partial(payment_decide, approve=False)
    return _payment_action(
        request, pk, "accounts.decide_payment", reject, _("Payment rejected."),
        form_class=RejectForm, page_form="reject_form",
    )  # fmt: skip


@require_POST
def payment_paid_view(request, pk):
    return _payment_action(
        request, pk, "accounts.record_paid", payment_record_paid, _("Payment recorded as paid."),
        form_class=PaidForm, page_form="paid_form",
    )  # fmt: skip


# --- Contracts ----------------------------------------------------------------------


def _contract_form(request, account, contract):
    if not request.user.has_perm("accounts.edit_contract", contract):
        raise PermissionDenied
    form = ContractForm(request.POST or None, instance=contract)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.save_through(contract_save, contract=form.instance, by=request.user)
    ):
        messages.success(request, _("Contract saved."))
        return redirect(form.instance)
    status = 400 if form.is_bound else 200
    context = {"form": form, "account": account, "contract": contract}
    return render(request, "accounts/contract_form.html", context, status=status)


def contract_create(request, pk):
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=pk)
    return _contract_form(request, account, Contract(account=account))


def _visible_contract(request, pk) -> Contract:
    contracts = Contract.objects.visible_to(request.user).select_related("account__client")
    return get_object_or_404(contracts, pk=pk)


def contract_update(request, pk):
    contract = _visible_contract(request, pk)
    return _contract_form(request, contract.account, contract)


def contract_detail(request, pk):
    contract = _visible_contract(request, pk)
    context = {"contract": contract, "history": history_of(contract)}
    return render(request, "accounts/contract_detail.html", context)


# --- New business -------------------------------------------------------------------


def pipeline(request):
    """New business by stage, with the value weighted by each opportunity's probability."""
    if not request.user.has_perm("accounts.manage_pipeline"):
        raise PermissionDenied
    return render(request, "accounts/pipeline.html", pipeline_of(request.user))


def _opportunity_form(request, opportunity):
    form = OpportunityForm(request.POST or None, instance=opportunity, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.save_through(opportunity_save, opportunity=form.instance, by=request.user)
    ):
        messages.success(request, _("Opportunity saved."))
        return redirect("accounts:pipeline")
    status = 400 if form.is_bound else 200
    history = history_of(opportunity) if opportunity.pk else None
    context = {"form": form, "opportunity": opportunity, "history": history}
    return render(request, "accounts/opportunity_form.html", context, status=status)


def opportunity_create(request):
    if not request.user.has_perm("accounts.manage_pipeline"):
        raise PermissionDenied
    return _opportunity_form(request, Opportunity(owner=request.user))


def _visible_opportunity(request, pk) -> Opportunity:
    opportunities = Opportunity.objects.visible_to(request.user).select_related("client")
    opportunity = get_object_or_404(opportunities, pk=pk)
    if not request.user.has_perm("accounts.manage_pipeline", opportunity):
        raise PermissionDenied
    return opportunity


def opportunity_update(request, pk):
    return _opportunity_form(request, _visible_opportunity(request, pk))


def opportunity_win(request, pk):
    """ "Won": open the account the opportunity brings, prefilled from it."""
    opportunity = _visible_opportunity(request, pk)
    if opportunity.account_id is not None:
        return redirect("accounts:account_detail", opportunity.account_id)
    initial = {"name": opportunity.title, "start_date": timezone.localdate()}
    form = OpportunityAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            account = opportunity_open_account(
                opportunity=opportunity, account=form.instance, by=request.user
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Won: the account “%(name)s” is open.") % {"name": account})
            return redirect(account)
    status = 400 if form.is_bound else 200
    context = {"form": form, "opportunity": opportunity}
    return render(request, "accounts/opportunity_win.html", context, status=status)
