from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agency import dates
from agency.forms import StaleEditMixin
from agency.models import User

from .models import Client, Contact
from .selectors import client_duplicates, contact_duplicates


class DuplicateConfirmMixin:
    """Show the existing twins and ask for confirmation instead of creating a twin.

    Only the twins the user may see are shown; the others are counted, not named.
    Checked when creating, and when editing changes the name or e-mail.
    """

    confirm_field = "confirm_duplicate"
    duplicates = ()
    hidden_duplicates = 0

    def add_confirm_field(self, user):
        self.user = user
        self.fields[self.confirm_field] = forms.BooleanField(
            label=_("Yes, this is a different one: save it anyway"), required=False
        )

    def check_duplicates(self, twins, *, field):
        if self.instance.pk and field not in self.changed_data:
            return
        twins = list(twins[:20])
        visible = set(self.visible_twins(twins))
        self.duplicates = [t for t in twins if t.pk in visible][:5]
        self.hidden_duplicates = len(twins) - len(visible)
        if twins and not self.cleaned_data.get(self.confirm_field):
            raise forms.ValidationError(self.duplicate_message, code="duplicate")


class ClientForm(StaleEditMixin, DuplicateConfirmMixin, forms.ModelForm):
    duplicate_message = _(
        "A client with this name already exists. Check the list below; if this is "
        "really a different company, tick the box and save again."
    )

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Client
        fields = ["name", "legal_name", "industry", "website", "status", "address", "notes"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_confirm_field(user)
        self.add_version_field()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            Row(Column("name"), Column("legal_name")),
            Row(Column("industry"), Column("website"), Column("status")),
            "address",
            "notes",
            "confirm_duplicate",
            Submit("save", _("Save client")),
        )

    def visible_twins(self, twins):
        ids = [t.pk for t in twins]
        return Client.objects.visible_to(self.user).filter(pk__in=ids).values_list("pk", flat=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name"):
            twins = client_duplicates(name=cleaned["name"], exclude=self.instance)
            self.check_duplicates(twins, field="name")
        return cleaned


class ContactForm(StaleEditMixin, DuplicateConfirmMixin, forms.ModelForm):
    duplicate_message = _(
        "A contact with this e-mail address already exists. Check below; tick the box "
        "and save again if this is a different person."
    )

    class Meta:
        model = Contact
        fields = [
            "name",
            "job_title",
            "email",
            "phone",
            "is_primary",
            "is_decision_maker",
            "left_on",
            "notes",
        ]
        widgets = {
            "left_on": dates.date_input(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_confirm_field(user)
        self.add_version_field()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            Row(Column("name"), Column("job_title")),
            Row(Column("email"), Column("phone")),
            Row(Column("is_primary"), Column("is_decision_maker"), Column("left_on")),
            "notes",
            "confirm_duplicate",
            Submit("save", _("Save contact")),
        )

    def clean_left_on(self):
        left_on = self.cleaned_data.get("left_on")
        if left_on and left_on > timezone.localdate():
            raise forms.ValidationError(_("The leaving date can't be in the future."))
        return left_on

    def visible_twins(self, twins):
        ids = [t.pk for t in twins]
        return Contact.objects.visible_to(self.user).filter(pk__in=ids).values_list("pk", flat=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email"):
            twins = contact_duplicates(email=cleaned["email"], exclude=self.instance)
            self.check_duplicates(twins, field="email")
        return cleaned
