from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView

from agency.history import history_of
from agency.ids import parse_id
from agency.lists import Column, FilteredListView

from .filters import AccountFilter
from .forms import AccountForm, InteractionForm, MembershipEditForm, MembershipForm
from .models import Account, AccountMembership, Interaction
from .selectors import account_activity, accounts_for_list, team_history
from .services import (
    account_save,
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
