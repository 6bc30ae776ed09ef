import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Account
from agency.models import User
from clients.models import Contact

from .models import ClientRequest


class RequestForm(forms.ModelForm):
    """The intake form: log what a client asked for, in under 30 seconds."""

    intake_token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = ClientRequest
        fields = [
            "account",
            "title",
            "contact",
            "channel",
            "details",
            "wanted_by",
            "budget_hint",
            "priority",
        ]
        widgets = {
            "details": forms.Textarea(attrs={"rows": 4}),
            "wanted_by": forms.DateInput(attrs={"type": "date"}),
            "budget_hint": forms.NumberInput(attrs={"min": "0", "step": "100"}),
        }
        error_messages = {
            "title": {
                "max_length": _(
                    "Keep the title to %(limit_value)d characters; put the rest in the details."
                )
            },
            "budget_hint": {"min_value": _("A budget can't be negative.")},
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("intake_token", uuid.uuid4())
        accounts = Account.objects.active().visible_to(user).select_related("client")
        account_field = self.fields["account"]
        account_field.queryset = accounts
        account_field.error_messages["invalid_choice"] = _("Choose one of your active accounts.")
        account_field.widget.attrs.update(
            {
                "hx-get": reverse_lazy("briefs:request_contact_options"),
                "hx-target": "#id_contact",
                "hx-trigger": "change",
                "autofocus": True,
            }
        )
        contact_field = self.fields["contact"]
        contact_field.queryset = (
            Contact.objects.current().filter(client__accounts__in=accounts).distinct()
        )
        contact_field.error_messages["invalid_choice"] = _(
            "Choose a contact at this account's client."
        )
        # Offer only the chosen account's contacts; the account select reloads them.
        account_id = self.data.get("account") or self.initial.get("account")
        self.contact_choices = (
            Contact.objects.current().filter(client__accounts=account_id)
            if str(account_id or "").isdigit()
            else Contact.objects.none()
        )
        contact_field.widget.choices = [("", "---------")] + [
            (c.pk, c.name) for c in self.contact_choices
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "intake_token",
            "account",
            "title",
            Row(Column("contact"), Column("channel")),
            "details",
            Row(Column("wanted_by"), Column(Field("budget_hint")), Column("priority")),
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
