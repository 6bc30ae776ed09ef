from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView

from agency.history import history_of
from agency.lists import Column, FilteredListView

from .filters import ClientFilter
from .forms import ClientForm, ContactForm
from .models import Client, Contact
from .selectors import clients_for_list
from .services import client_save, contact_save


class ClientListView(FilteredListView):
    filterset_class = ClientFilter
    template_name = "clients/client_list.html"
    csv_name = "clients"
    columns = [
        Column(gettext_lazy("Name"), lambda c: c.name, essential=True),
        Column(gettext_lazy("Legal name"), lambda c: c.legal_name),
        Column(gettext_lazy("Industry"), lambda c: c.industry),
        Column(gettext_lazy("Status"), lambda c: c.get_status_display(), essential=True),
        Column(gettext_lazy("Website"), lambda c: c.website),
        Column(gettext_lazy("Accounts"), lambda c: c.account_count, numeric=True),
    ]

    def get_queryset(self):
        return clients_for_list(self.request.user)


def client_detail(request, pk):
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=pk)
    # The client's accounts and their log come through the reverse relation: the
    # accounts layer offers them (`AccountQuerySet.interactions`), this one can't import it.
    accounts = client.accounts.visible_to(request.user)
    interactions = (
        accounts.interactions()
        .select_related("account", "logged_by")
        .prefetch_related("contacts")[:20]
    )
    context = {
        "client": client,
        "contacts": client.contacts.all(),
        "accounts": accounts,
        "interactions": interactions,
        "history": history_of(client),
    }
    return render(request, "clients/client_detail.html", context)


class ClientCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "clients.create_client"
    form_class = ClientForm
    template_name = "clients/client_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        self.object = client_save(client=form.instance, by=self.request.user)
        messages.success(self.request, _("Client “%(name)s” created.") % {"name": self.object})
        return redirect(self.object)


def client_update(request, pk):
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("clients.edit_client", client):
        raise PermissionDenied
    form = ClientForm(request.POST or None, instance=client, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.save_through(client_save, client=form.instance, by=request.user)
    ):
        messages.success(request, _("Client saved."))
        return redirect(client)
    return render(request, "clients/client_form.html", {"form": form, "object": client})


def _contact_form(request, client, contact=None):
    perm = "clients.edit_contact" if contact else "clients.create_contact"
    if not request.user.has_perm(perm, contact):
        raise PermissionDenied
    form = ContactForm(
        request.POST or None, instance=contact or Contact(client=client), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save_through(contact_save, contact=form.instance, by=request.user)
        if saved:
            messages.success(request, _("Contact “%(name)s” saved.") % {"name": saved})
            return redirect(client)
    context = {
        "form": form,
        "client": client,
        "contact": contact,
        "history": history_of(contact) if contact else None,
    }
    return render(request, "clients/contact_form.html", context)


def contact_create(request, client_pk):
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=client_pk)
    return _contact_form(request, client)


def contact_update(request, pk):
    contacts = Contact.objects.visible_to(request.user).select_related("client")
    contact = get_object_or_404(contacts, pk=pk)
    return _contact_form(request, contact.client, contact)
