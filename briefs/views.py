from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Account
from agency.history import history_of
from agency.lists import FilteredListView
from clients.models import Contact

from .filters import RequestFilter
from .forms import AcceptForm, DeclineForm, RequestForm
from .models import ClientRequest
from .services import request_accept, request_complete, request_decline, request_log


class RequestListView(FilteredListView):
    """The request inbox: new first."""

    filterset_class = RequestFilter
    template_name = "briefs/request_list.html"
    csv_name = "requests"
    csv_columns = [
        (_("Received"), lambda r: r.received_at.isoformat(timespec="minutes")),
        (_("Account"), lambda r: r.account.name),
        (_("Title"), lambda r: r.title),
        (_("Requested by"), lambda r: r.contact.name if r.contact else ""),
        (_("Channel"), lambda r: r.get_channel_display()),
        (_("Wanted by"), lambda r: r.wanted_by or ""),
        (_("Rough budget"), lambda r: r.budget_hint if r.budget_hint is not None else ""),
        (_("Priority"), lambda r: r.get_priority_display()),
        (_("Status"), lambda r: r.get_status_display()),
        (_("Owner"), lambda r: str(r.owner or "")),
    ]

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_queryset(self):
        return (
            ClientRequest.objects.visible_to(self.request.user)
            .select_related("account", "owner", "contact")
            .inbox_order()
        )


def request_create(request):
    if not request.user.has_perm("briefs.add_clientrequest"):
        raise PermissionDenied
    initial = {"account": request.GET.get("account")}
    form = RequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        client_request = request_log(by=request.user, **form.cleaned_data)
        messages.success(
            request, _("Request logged on %(account)s.") % {"account": client_request.account}
        )
        return redirect(client_request)
    return render(request, "briefs/request_form.html", {"form": form})


def request_contact_options(request):
    """The contact choices for the intake form's account, as <option>s (htmx)."""
    account_id = request.GET.get("account", "")
    account = (
        Account.objects.visible_to(request.user).filter(pk=account_id).first()
        if account_id.isdigit()
        else None
    )
    contacts = (
        Contact.objects.current().filter(client_id=account.client_id)
        if account
        else Contact.objects.none()
    )
    return render(request, "briefs/_contact_options.html", {"contacts": contacts})


def request_detail(request, pk):
    client_request = get_object_or_404(
        ClientRequest.objects.visible_to(request.user).select_related(
            "account__client", "contact", "owner", "logged_by", "triaged_by"
        ),
        pk=pk,
    )
    can_triage = request.user.has_perm("briefs.triage_clientrequest", client_request)
    context = {
        "req": client_request,
        "can_triage": can_triage,
        "accept_form": AcceptForm(request=client_request) if can_triage else None,
        "decline_form": DeclineForm() if can_triage else None,
        "history": history_of(client_request),
    }
    return render(request, "briefs/request_detail.html", context)


@require_POST
def request_triage(request, pk, action):
    client_request = get_object_or_404(ClientRequest.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("briefs.triage_clientrequest", client_request):
        raise PermissionDenied
    try:
        if action == "accept":
            form = AcceptForm(request.POST, request=client_request)
            if not form.is_valid():
                raise ValidationError(_("Choose an owner from the account's team."))
            request_accept(
                request=client_request, owner=form.cleaned_data["owner"], by=request.user
            )
            messages.success(request, _("Request accepted."))
        elif action == "decline":
            request_decline(
                request=client_request, reason=request.POST.get("reason", ""), by=request.user
            )
            messages.success(request, _("Request declined."))
        elif action == "done":
            request_complete(request=client_request, by=request.user)
            messages.success(request, _("Request marked done."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect(client_request)
