from datetime import timedelta
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agency import dates
from agency.forms import KeepTypedTextMixin, StaleEditMixin, bound_numbers, money_field
from agency.models import User
from clients.models import Client, Contact

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


class AccountCodeMixin:
    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class AccountForm(AccountCodeMixin, StaleEditMixin, forms.ModelForm):
    class Meta:
        model = Account
        fields = [
            "client", "name", "code", "status", "kind", "start_date", "pitch_called_on", "description",
        ]  # fmt: skip
        widgets = {
            "start_date": dates.date_input(),
            "pitch_called_on": dates.date_input(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.visible_to(user)
        self.fields["client"].error_messages["invalid_choice"] = _("Choose one of your clients.")
        self.add_version_field()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            Row(Column("client"), Column("name"), Column("code")),
            Row(Column("status"), Column("kind"), Column("start_date"), Column("pitch_called_on")),
            "description",
            Submit("save", _("Save account")),
        )


class MembershipForm(KeepTypedTextMixin, forms.ModelForm):
    class Meta:
        model = AccountMembership
        fields = ["user", "role", "is_primary"]

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["user"].queryset = User.objects.filter(is_active=True).exclude(
            pk__in=AccountMembership.objects.of(account).values("user_id")
        )
        self.fields["user"].error_messages["invalid_choice"] = _(
            "Choose an active staff member who is not on the team yet."
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("user"), Column("role"), Column("is_primary")),
            Submit("save", _("Add to team")),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("user") and not cleaned.get("role"):
            cleaned["role"] = cleaned["user"].role
        return cleaned


class MembershipEditForm(KeepTypedTextMixin, forms.ModelForm):
    class Meta:
        model = AccountMembership
        fields = ["role", "is_primary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("role"), Column("is_primary")),
            Submit("save", _("Save")),
        )


class InteractionForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["kind", "occurred_at", "sentiment", "summary", "contacts", "staff"]
        widgets = {
            "occurred_at": dates.moment_input(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "contacts": forms.CheckboxSelectMultiple,
            "staff": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = Contact.objects.filter(client_id=account.client_id)
        # The current team, and whoever was recorded before even if they have left it:
        # saving an edit never drops what was there.
        team = AccountMembership.objects.of(account).current().people()
        if self.instance.pk:
            team = team | User.objects.filter(pk__in=self.instance.staff.values("pk"))
        self.fields["staff"].queryset = team.distinct()
        self.add_version_field()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            Row(Column("kind"), Column("occurred_at"), Column("sentiment")),
            "summary",
            Row(Column("contacts"), Column("staff")),
            Submit("save", _("Save interaction")),
        )

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        dates.validate_moment(occurred_at)
        if occurred_at > timezone.now() + timedelta(hours=1):
            raise forms.ValidationError(_("Log interactions that have happened, not future ones."))
        return occurred_at


class BudgetForm(KeepTypedTextMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(
        label=_("What it is for"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["autofocus"] = True
        self.helper = FormHelper()
        self.helper.layout = Layout("title", "purpose", Submit("save", _("Start budget")))


class BudgetLineForm(KeepTypedTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BudgetLine.Kind)
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = money_field(_("Quantity"), max_digits=10)
    unit_price = money_field(_("Unit price"))
    markup_percent = forms.DecimalField(
        label=_("Markup %"),
        required=False,
        min_value=0,
        max_value=500,
        max_digits=5,
        decimal_places=2,
        initial=0,
        widget=forms.NumberInput(attrs={"min": "0", "max": "500", "step": "0.01"}),
        error_messages={"min_value": _("This can't be negative.")},
    )

    def clean_markup_percent(self):
        return self.cleaned_data.get("markup_percent") or Decimal(0)


class RejectForm(KeepTypedTextMixin, forms.Form):
    """Rejecting a budget or a payment: always with a reason."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why you reject it.")},
    )


class PaymentForm(KeepTypedTextMixin, forms.ModelForm):
    amount = money_field(_("Amount"), max_digits=14)

    class Meta:
        model = Payment
        fields = ["direction", "number", "counterparty", "amount", "issued_on", "due_on", "budget"]
        widgets = {"issued_on": dates.date_input(), "due_on": dates.date_input()}

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.account = account
        budgets = Budget.objects.filter(account=account, status=Budget.Status.APPROVED)
        self.fields["budget"].queryset = budgets.order_by("-created_at")
        self.fields["budget"].error_messages["invalid_choice"] = _(
            "Choose an approved budget of this account."
        )
        self.fields["issued_on"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("direction"), Column("number"), Column("counterparty")),
            Row(Column("amount"), Column("issued_on"), Column("due_on")),
            "budget",
            Submit("save", _("Submit for approval")),
        )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError(_("Enter an amount above zero."))
        return amount

    def clean(self):
        cleaned = super().clean()
        issued, due = cleaned.get("issued_on"), cleaned.get("due_on")
        if issued and due and due < issued:
            self.add_error("due_on", _("It can't be due before it is issued."))
        return cleaned


class PaidForm(KeepTypedTextMixin, forms.Form):
    paid_on = forms.DateField(
        label=_("Paid on"), widget=dates.date_input(), validators=dates.date_validators()
    )


class ContractForm(StaleEditMixin, forms.ModelForm):
    fee = money_field(_("Fee"), max_digits=14)

    class Meta:
        model = Contract
        fields = [
            "title", "kind", "status", "starts_on", "ends_on", "auto_renews", "notice_days",
            "renewal", "included_rounds", "fee_model", "fee", "markup_percent",
            "payment_terms_days",
        ]  # fmt: skip
        widgets = {"starts_on": dates.date_input(), "ends_on": dates.date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_numbers(self)
        self.add_version_field()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            Row(Column("title"), Column("kind"), Column("status")),
            Row(Column("starts_on"), Column("ends_on"), Column("notice_days")),
            Row(Column("auto_renews"), Column("renewal"), Column("included_rounds")),
            Row(Column("fee_model"), Column("fee"), Column("markup_percent"), Column("payment_terms_days")),
            Submit("save", _("Save contract")),
        )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        notice = cleaned.get("notice_days")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("It can't end before it starts."))
        elif starts and ends and notice is not None and ends - timedelta(days=notice) < starts:
            self.add_error("notice_days", _("The notice period is longer than the contract."))
        return cleaned


class OpportunityForm(StaleEditMixin, forms.ModelForm):
    value = money_field(_("Estimated value"), max_digits=14)

    class Meta:
        model = Opportunity
        fields = [
            "client", "title", "value", "stage", "probability", "owner", "pitch_on",
            "expected_close", "notes",
        ]  # fmt: skip
        widgets = {
            "pitch_on": dates.date_input(),
            "expected_close": dates.date_input(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        clients = Client.objects.visible_to(user)
        if self.instance.client_id:  # a prospect the user sees only through the opportunity
            clients = clients | Client.objects.filter(pk=self.instance.client_id)
        self.fields["client"].queryset = clients.distinct()
        self.fields["client"].error_messages["invalid_choice"] = _("Choose one of your clients.")
        owners = User.objects.filter(is_active=True).exclude(role=User.Role.PLANNER)
        if not user.sees_every_account:
            owners = owners.filter(pk__in=user.sees_accounts_of)
        self.fields["owner"].queryset = owners
        self.fields["owner"].error_messages["invalid_choice"] = _("Choose someone in your team.")
        self.fields["probability"].required = False
        bound_numbers(self)
        self.add_version_field()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            Row(Column("title"), Column("client")),
            Row(Column("value"), Column("stage"), Column("probability")),
            Row(Column("owner"), Column("pitch_on"), Column("expected_close")),
            "notes",
            Submit("save", _("Save opportunity")),
        )

    def clean_stage(self):
        stage = self.cleaned_data["stage"]
        if self.instance.account_id and stage != Opportunity.Stage.WON:
            raise forms.ValidationError(_("It was won and opened its account: it stays won."))
        return stage

    def clean_probability(self):
        probability = self.cleaned_data.get("probability")
        if probability is None:
            return Opportunity.STAGE_PROBABILITY.get(self.cleaned_data.get("stage"), 0)
        return probability


class OpportunityAccountForm(AccountCodeMixin, KeepTypedTextMixin, forms.ModelForm):
    """The account a won opportunity opens."""

    class Meta:
        model = Account
        fields = ["name", "code", "kind", "start_date"]
        widgets = {"start_date": dates.date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("name"), Column("code")),
            Row(Column("kind"), Column("start_date")),
            Submit("save", _("Open the account")),
        )
