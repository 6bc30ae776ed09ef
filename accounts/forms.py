from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from agency.forms import StaleEditMixin
from agency.models import User
from clients.models import Client

from .models import Account, AccountMembership


class AccountForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = Account
        fields = ["client", "name", "code", "status", "kind", "start_date", "description"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
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

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class MembershipForm(forms.ModelForm):
    class Meta:
        model = AccountMembership
        fields = ["user", "role", "is_primary"]

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["user"].queryset = User.objects.filter(is_active=True).exclude(
            memberships__account=account
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


class MembershipEditForm(forms.ModelForm):
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
