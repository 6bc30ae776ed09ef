from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Account
from agency.history import history_of
from agency.ids import parse_id
from agency.lists import Column, FilteredListView
from agency.models import User
from clients.models import Contact

from .filters import RequestFilter
from .forms import AcceptForm, DeclineForm, DoneForm, RequestEditForm, RequestForm
from .models import ClientRequest
from .services import request_edit, request_log, request_triage


class RequestListView(FilteredListView):
    """The request inbox: open requests, new first."""

    filterset_class = RequestFilter
    template_name = "briefs/request_list.html"
    csv_name = "requests"
    columns = [
        Column(gettext_lazy("Request"), lambda r: r.title, essential=True),
        Column(gettext_lazy("Account"), lambda r: r.account.name),
        Column(gettext_lazy("Received"), lambda r: r.received_at),
        Column(gettext_lazy("Wanted by"), lambda r: r.wanted_by),
        Column(gettext_lazy("Rough budget"), lambda r: r.budget_hint, numeric=True),
        Column(gettext_lazy("Owner"), lambda r: str(r.owner or "")),
        Column(gettext_lazy("Status"), lambda r: r.get_status_display(), essential=True),
        Column(gettext_lazy("Requested by"), lambda r: r.contact.name if r.contact else ""),
        Column(gettext_lazy("Came in by"), lambda r: r.get_channel_display()),
        Column(gettext_lazy("Priority"), lambda r: r.get_priority_display()),
    ]

    def get_queryset(self):
        return (
            ClientRequest.objects.visible_to(self.request.user)
            .select_related("account", "owner", "contact")
            .inbox_order()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page shows the first seven; the CSV has them all.
        context["columns"] = self.columns[:7]
        return context


def request_create(request):
    if not request.user.has_perm("briefs.log_request"):
        raise PermissionDenied
    initial = {"account": parse_id(request.GET.get("account"))}
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
    account_id = parse_id(request.GET.get("account"))
    account = (
        Account.objects.visible_to(request.user).filter(pk=account_id).first()
        if account_id
        else None
    )
    contacts = (
        Contact.objects.current().filter(client_id=account.client_id)
        if account
        else Contact.objects.none()
    )
    return render(request, "briefs/_contact_options.html", {"contacts": contacts})


def _visible_request(request, pk) -> ClientRequest:
    client_request = get_object_or_404(
        ClientRequest.objects.visible_to(request.user).select_related("account__client", "contact"),
        pk=pk,
    )
    # The three people in one query of their own: joining them too costs PostgreSQL more
    # time planning the query than running it.
    people = User.objects.in_bulk(
        {client_request.owner_id, client_request.logged_by_id, client_request.triaged_by_id}
        - {None}
    )
    client_request.owner = people.get(client_request.owner_id)
    client_request.logged_by = people.get(client_request.logged_by_id)
    client_request.triaged_by = people.get(client_request.triaged_by_id)
    return client_request


def _detail(request, client_request, *, forms=None, status=200):
    """The request page, with the triage forms (bound ones, with their errors, if given)."""
    can_triage = request.user.has_perm("briefs.triage_request", client_request)
    forms = forms or {}
    steps = {step.name: step for step in ClientRequest.TRIAGE.available(client_request.status)}
    context = {
        "req": client_request,
        "can_triage": can_triage and bool(steps),
        "can_edit": client_request.is_open
        and request.user.has_perm("briefs.edit_request", client_request),
        "steps": steps,
        "accept_form": forms.get("accept") or AcceptForm(request=client_request),
        "decline_form": forms.get("decline") or DeclineForm(),
        "history": history_of(client_request),
    }
    return render(request, "briefs/request_detail.html", context, status=status)


def request_detail(request, pk):
    return _detail(request, _visible_request(request, pk))


def request_update(request, pk):
    client_request = _visible_request(request, pk)
    if not request.user.has_perm("briefs.edit_request", client_request):
        raise PermissionDenied
    if not client_request.is_open:
        messages.error(request, _("Only open requests can be edited."))
        return redirect(client_request)
    form = RequestEditForm(request.POST or None, instance=client_request)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.save_through(request_edit, request=form.instance, by=request.user)
    ):
        messages.success(request, _("Request saved."))
        return redirect(client_request)
    context = {"form": form, "req": client_request, "history": history_of(client_request)}
    return render(request, "briefs/request_edit.html", context)


def _triage(request, pk, step, form_class, done_message):
    """One triage step: its own form validates the POST; errors show next to the field."""
    client_request = _visible_request(request, pk)
    if not request.user.has_perm(ClientRequest.TRIAGE[step].rule, client_request):
        raise PermissionDenied
    form = form_class(request.POST, request=client_request)
    if form.is_valid():
        try:
            request_triage(request=client_request, step=step, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, done_message)
        return redirect(client_request)
    return _detail(request, client_request, forms={step: form}, status=400)


@require_POST
def request_accept(request, pk):
    return _triage(request, pk, "accept", AcceptForm, _("Request accepted."))


@require_POST
def request_decline(request, pk):
    return _triage(request, pk, "decline", DeclineForm, _("Request declined."))


@require_POST
def request_done(request, pk):
    return _triage(request, pk, "done", DoneForm, _("Request marked done."))
