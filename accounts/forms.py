from datetime import timedelta
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agency import dates
from agency.forms import KeepTypedTextMixin, StaleEditMixin, money_field
from agency.models import User
from clients.models import Client, Contact

from .models import Account, AccountMembership, BudgetLine, Interaction


class AccountForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = Account
        fields = ["client", "name", "code", "status", "kind", "start_date", "description"]
        widgets = {
            "start_date": dates.date_input(),
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
            Row(Column("status"), Column("kind"), Column("start_date")),
            "description",
            Submit("save", _("Save account")),
        )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


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


class BudgetRejectForm(KeepTypedTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the budget is rejected.")},
    )
