from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView

from agency.forms import atomic_post, locked_for_post
from agency.history import history_of
from agency.lists import FilteredListView
from briefs.models import ClientRequest

from .filters import AccountFilter
from .forms import AccountForm, MembershipEditForm, MembershipForm
from .models import Account, AccountMembership
from .selectors import account_activity, team_history
from .services import account_save, membership_add, membership_change, membership_remove


def _open_request_count():
    open_requests = (
        ClientRequest.objects.open()
        .filter(account=OuterRef("pk"))
        .order_by()
        .values("account")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(open_requests), 0)


class AccountListView(FilteredListView):
    filterset_class = AccountFilter
    template_name = "accounts/account_list.html"
    csv_name = "accounts"
    csv_columns = [
        (_("Code"), lambda a: a.code),
        (_("Name"), lambda a: a.name),
        (_("Client"), lambda a: a.client.name),
        (_("Status"), lambda a: a.get_status_display()),
        (_("Kind"), lambda a: a.get_kind_display()),
        (_("Start date"), lambda a: a.start_date or ""),
        (_("Open requests"), lambda a: a.open_requests),
    ]

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_queryset(self):
        return (
            Account.objects.visible_to(self.request.user)
            .select_related("client")
            .annotate(open_requests=_open_request_count())
            .order_by("name")
        )


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
        "timeline": activity.timeline,
        "history": history_of(account),
        "can_manage_team": request.user.has_perm("accounts.manage_team", account),
        "team_history": team_history(account),
    }
    return render(request, "accounts/account_detail.html", context)


class AccountCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "accounts.add_account"
    form_class = AccountForm
    template_name = "accounts/account_form.html"

    def get_initial(self):
        return {"client": self.request.GET.get("client")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        account = account_save(account=form.instance, by=self.request.user)
        messages.success(self.request, _("Account “%(name)s” created.") % {"name": account})
        return redirect(account)


@atomic_post
def account_update(request, pk):
    accounts = locked_for_post(request, Account.objects.visible_to(request.user))
    account = get_object_or_404(accounts, pk=pk)
    if not request.user.has_perm("accounts.change_account", account):
        raise PermissionDenied
    form = AccountForm(request.POST or None, instance=account, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_save(account=form.instance, by=request.user)
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
