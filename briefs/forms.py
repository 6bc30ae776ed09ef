import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from agency.models import User
from clients.models import Contact

from .models import ClientRequest


class RequestForm(forms.Form):
    """The intake form: log what a client asked for, in under 30 seconds.

    A plain form, not a ModelForm: the choices below already decide what may be saved,
    and a ModelForm would check every foreign key against the database once more.
    """

    intake_token = forms.UUIDField(widget=forms.HiddenInput)
    account = forms.ModelChoiceField(
        label=_("Account"),
        queryset=Account.objects.none(),
        error_messages={"invalid_choice": _("Choose one of your active accounts.")},
    )
    title = forms.CharField(
        label=_("What the client asked for"),
        max_length=200,
        error_messages={
            "max_length": _(
                "Keep the title to %(limit_value)d characters; put the rest in the details."
            )
        },
    )
    contact = forms.ModelChoiceField(
        label=_("Requested by"),
        queryset=Contact.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a contact at this account's client.")},
    )
    channel = forms.ChoiceField(
        label=_("Came in by"), choices=ClientRequest.Channel, initial=ClientRequest.Channel.EMAIL
    )
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    wanted_by = forms.DateField(
        label=_("Wanted by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    budget_hint = forms.DecimalField(
        label=_("Rough budget"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": "0", "step": "100"}),
        error_messages={"min_value": _("A budget can't be negative.")},
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=ClientRequest.Priority, initial=ClientRequest.Priority.NORMAL
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("intake_token", uuid.uuid4())
        # The accounts the user works on: active, visible, and on their team.
        accounts = Account.objects.active().visible_to(user).filter(memberships__user=user)
        account_field = self.fields["account"]
        account_field.queryset = accounts.select_related("client").order_by("name")
        account_field.widget.attrs.update(
            {
                "hx-get": reverse_lazy("briefs:request_contact_options"),
                "hx-target": "#id_contact",
                "hx-trigger": "change",
                "autofocus": True,
            }
        )
        self.fields["contact"].queryset = Contact.objects.current().filter(
            client__in=accounts.values("client_id")
        )
        # Offer only the chosen account's contacts (the account select reloads them);
        # the list is read only if the form is shown again.
        account_id = str(self.data.get("account") or self.initial.get("account") or "")
        chosen = accounts.filter(pk=account_id) if account_id.isdigit() else accounts.none()
        self.fields["contact"].widget.choices = CallableChoiceIterator(
            lambda: [
                ("", "---------"),
                *Contact.objects.current()
                .filter(client__in=chosen.values("client_id"))
                .values_list("pk", "name"),
            ]
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "intake_token",
            "account",
            "title",
            Row(Column("contact"), Column("channel")),
            "details",
            Row(Column("wanted_by"), Column("budget_hint"), Column("priority")),
            Submit("save", _("Log request"), css_class="btn-warning"),
        )

    def clean_wanted_by(self):
        wanted_by = self.cleaned_data.get("wanted_by")
        if wanted_by and wanted_by < timezone.localdate():
            raise forms.ValidationError(
                _("The wanted-by date is in the past. Pick today or later.")
            )
        return wanted_by

    def clean(self):
        cleaned = super().clean()
        account, contact = cleaned.get("account"), cleaned.get("contact")
        if account and contact and contact.client_id != account.client_id:
            self.add_error(
                "contact", _("This contact works for another client than the account's.")
            )
        return cleaned


class AcceptForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())

    def __init__(self, *args, request: ClientRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            memberships__account_id=request.account_id, is_active=True
        )
        self.fields["owner"].initial = request.owner_id


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
