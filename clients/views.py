from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import CreateView

from accounts.models import Account
from agency.forms import atomic_post, locked_for_post
from agency.history import history_of
from agency.lists import FilteredListView

from .filters import ClientFilter
from .forms import ClientForm, ContactForm, InteractionForm
from .models import Client, Contact, Interaction
from .services import client_save, contact_save, interaction_save


def _visible_account_counts(user):
    accounts = (
        Account.objects.visible_to(user)
        .filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(accounts), 0)


class ClientListView(FilteredListView):
    filterset_class = ClientFilter
    template_name = "clients/client_list.html"
    csv_name = "clients"
    csv_columns = [
        (_("Name"), lambda c: c.name),
        (_("Legal name"), lambda c: c.legal_name),
        (_("Industry"), lambda c: c.industry),
        (_("Status"), lambda c: c.get_status_display()),
        (_("Website"), lambda c: c.website),
        (_("Accounts"), lambda c: c.account_count),
    ]

    def get_queryset(self):
        return (
            Client.objects.visible_to(self.request.user)
            .annotate(account_count=_visible_account_counts(self.request.user))
            .order_by("name")
        )


def client_detail(request, pk):
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=pk)
    accounts = Account.objects.visible_to(request.user).filter(client=client)
    interactions = (
        Interaction.objects.filter(account__in=accounts)
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
    permission_required = "clients.add_client"
    form_class = ClientForm
    template_name = "clients/client_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        self.object = client_save(client=form.instance, by=self.request.user)
        messages.success(self.request, _("Client “%(name)s” created.") % {"name": self.object})
        return redirect(self.object)


@atomic_post
def client_update(request, pk):
    client = get_object_or_404(
        locked_for_post(request, Client.objects.visible_to(request.user)), pk=pk
    )
    if not request.user.has_perm("clients.change_client", client):
        raise PermissionDenied
    form = ClientForm(request.POST or None, instance=client, user=request.user)
    if request.method == "POST" and form.is_valid():
        client_save(client=form.instance, by=request.user)
        messages.success(request, _("Client saved."))
        return redirect(client)
    return render(request, "clients/client_form.html", {"form": form, "object": client})


def _contact_form(request, client, contact=None):
    perm = "clients.change_contact" if contact else "clients.add_contact"
    if not request.user.has_perm(perm, contact):
        raise PermissionDenied
    form = ContactForm(
        request.POST or None, instance=contact or Contact(client=client), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        contact = contact_save(contact=form.instance, by=request.user)
        messages.success(request, _("Contact “%(name)s” saved.") % {"name": contact})
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


@atomic_post
def contact_update(request, pk):
    contacts = Contact.objects.visible_to(request.user).select_related("client")
    contact = get_object_or_404(locked_for_post(request, contacts), pk=pk)
    return _contact_form(request, contact.client, contact)


def _interaction_form(request, account, interaction=None):
    if not request.user.has_perm("clients.add_interaction", interaction):
        raise PermissionDenied
    instance = interaction or Interaction(account=account)
    form = InteractionForm(request.POST or None, instance=instance, account=account)
    if request.method == "POST" and form.is_valid():
        interaction_save(
            interaction=form.instance,
            by=request.user,
            staff=form.cleaned_data["staff"],
            contacts=form.cleaned_data["contacts"],
        )
        messages.success(request, _("Interaction logged."))
        return redirect(account)
    context = {
        "form": form,
        "account": account,
        "interaction": interaction,
        "history": history_of(interaction) if interaction else None,
    }
    return render(request, "clients/interaction_form.html", context)


def interaction_create(request, account_pk):
    account = get_object_or_404(Account.objects.visible_to(request.user), pk=account_pk)
    return _interaction_form(request, account)


@atomic_post
def interaction_update(request, pk):
    interactions = Interaction.objects.visible_to(request.user).select_related("account")
    interaction = get_object_or_404(locked_for_post(request, interactions), pk=pk)
    return _interaction_form(request, interaction.account, interaction)
