import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from accounts.models import Account, AccountMembership
from agency import dates
from agency.forms import KeepTypedTextMixin, StaleEditMixin
from agency.ids import IdModelChoiceField, parse_id
from agency.models import User
from clients.models import Contact

from .models import ClientRequest

TITLE_ERRORS = {
    "max_length": _("Keep the title to %(limit_value)d characters; put the rest in the details.")
}
DETAILS_LIMIT = 10_000


def _budget_field():
    return forms.DecimalField(
        label=_("Rough budget"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        # Cents are money too: the browser must accept 2,499.99.
        widget=forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
        error_messages={"min_value": _("A budget can't be negative.")},
    )


def _wanted_by_field():
    return forms.DateField(
        label=_("Wanted by"),
        required=False,
        validators=dates.date_validators(),
        widget=forms.DateInput(attrs={"type": "date", **dates.input_attrs()}),
    )


def _check_wanted_by(wanted_by):
    if wanted_by and wanted_by < timezone.localdate():
        raise forms.ValidationError(_("The wanted-by date is in the past. Pick today or later."))
    return wanted_by


class RequestForm(KeepTypedTextMixin, forms.Form):
    """The intake form: log what a client asked for, in under 30 seconds.

    A plain form, not a ModelForm: the choices below already decide what may be saved,
    and a ModelForm would check every foreign key against the database once more.
    """

    intake_token = forms.UUIDField(widget=forms.HiddenInput)
    account = IdModelChoiceField(
        label=_("Account"),
        queryset=Account.objects.none(),
        error_messages={"invalid_choice": _("Choose one of your active accounts.")},
    )
    title = forms.CharField(
        label=_("What the client asked for"), max_length=200, error_messages=TITLE_ERRORS
    )
    contact = IdModelChoiceField(
        label=_("Requested by"),
        queryset=Contact.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a contact at this account's client.")},
    )
    channel = forms.ChoiceField(
        label=_("Came in by"), choices=ClientRequest.Channel, initial=ClientRequest.Channel.EMAIL
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=DETAILS_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    wanted_by = _wanted_by_field()
    budget_hint = _budget_field()
    priority = forms.ChoiceField(
        label=_("Priority"), choices=ClientRequest.Priority, initial=ClientRequest.Priority.NORMAL
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("intake_token", uuid.uuid4())
        accounts = Account.objects.active().worked_on_by(user)
        account_field = self.fields["account"]
        account_field.queryset = accounts.select_related("client").order_by("name")
        account_field.widget.attrs.update(
            {
                "data-hx-get": reverse_lazy("briefs:request_contact_options"),
                "data-hx-target": "#id_contact",
                "data-hx-trigger": "change",
                "autofocus": True,
            }
        )
        self.fields["contact"].queryset = Contact.objects.current().filter(
            client__in=accounts.values("client_id")
        )
        # Offer only the chosen account's contacts (the account select reloads them);
        # the list is read only if the form is shown again.
        account_id = parse_id(self.data.get("account") or self.initial.get("account"))
        chosen = accounts.filter(pk=account_id) if account_id else accounts.none()
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
        return _check_wanted_by(self.cleaned_data.get("wanted_by"))

    def clean(self):
        cleaned = super().clean()
        account, contact = cleaned.get("account"), cleaned.get("contact")
        if account and contact and contact.client_id != account.client_id:
            self.add_error(
                "contact", _("This contact works for another client than the account's.")
            )
        return cleaned


class RequestEditForm(StaleEditMixin, forms.ModelForm):
    """Edit an open request: what was asked, by whom, by when; the account stays."""

    contact = IdModelChoiceField(
        label=_("Requested by"),
        queryset=Contact.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a contact at this account's client.")},
    )
    wanted_by = _wanted_by_field()
    budget_hint = _budget_field()

    class Meta:
        model = ClientRequest
        fields = ["title", "contact", "channel", "details", "wanted_by", "budget_hint", "priority"]
        error_messages = {"title": TITLE_ERRORS}
        widgets = {"details": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Current contacts, and the one already chosen even if they have left since:
        # saving an edit never drops what was there.
        self.fields["contact"].queryset = Contact.objects.filter(
            Q(left_on=None) | Q(pk=self.instance.contact_id),
            client_id=self.instance.account.client_id,
        )
        self.add_version_field()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            "title",
            Row(Column("contact"), Column("channel")),
            "details",
            Row(Column("wanted_by"), Column("budget_hint"), Column("priority")),
            Submit("save", _("Save request")),
        )

    def clean_wanted_by(self):
        wanted_by = self.cleaned_data.get("wanted_by")
        # A date already in the past may stay; a new one must be today or later.
        if "wanted_by" in self.changed_data:
            return _check_wanted_by(wanted_by)
        return wanted_by


class AcceptForm(forms.Form):
    owner = IdModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Choose an owner from the account's team.")},
    )

    def __init__(self, *args, request: ClientRequest, **kwargs):
        super().__init__(*args, **kwargs)
        team = AccountMembership.objects.of(request.account_id).current()
        self.fields["owner"].queryset = team.people()
        self.fields["owner"].initial = request.owner_id


class DeclineForm(KeepTypedTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2_000,
        error_messages={"required": _("Say why the request is declined.")},
    )

    def __init__(self, *args, request: ClientRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)


class DoneForm(forms.Form):
    """Marking a request done asks for nothing; it is a form all the same, like every POST."""

    def __init__(self, *args, request: ClientRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
