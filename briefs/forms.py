import uuid
from datetime import timedelta

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
from agency.forms import ActionForm, KeepTypedTextMixin, StaleEditMixin, money_field
from agency.ids import IdModelChoiceField, parse_id
from agency.models import User
from clients.models import Contact

from .models import Brief, ClientRequest, CreativeTeam, Feedback
from .services import BRIEF_EDIT_FIELDS, parse_members

TITLE_ERRORS = {
    "max_length": _("Keep the title to %(limit_value)d characters; put the rest in the details.")
}
DETAILS_LIMIT = 10_000


def _budget_field():
    return money_field(_("Rough budget"), required=False, negative=_("A budget can't be negative."))


def _wanted_by_field():
    return forms.DateField(
        label=_("Wanted by"),
        required=False,
        validators=dates.date_validators(),
        widget=dates.date_input(),
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


class DoneForm(ActionForm):
    """Marking a request done asks for nothing (a triage step's form takes the request)."""

    def __init__(self, *args, request: ClientRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)


# --- Briefs -------------------------------------------------------------------------


def _date_field(label, *, required=False, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        validators=dates.date_validators(),
        widget=dates.date_input(),
    )


class BriefCreateForm(KeepTypedTextMixin, forms.Form):
    """Start a brief: the account and a working title; the rest is filled in on the brief."""

    account = IdModelChoiceField(
        label=_("Account"),
        queryset=Account.objects.none(),
        error_messages={"invalid_choice": _("Choose one of your active accounts.")},
    )
    title = forms.CharField(label=_("Title"), max_length=200, error_messages=TITLE_ERRORS)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = Account.objects.active().worked_on_by(user)
        self.fields["account"].queryset = accounts.order_by("name")
        self.fields["account"].widget.attrs["autofocus"] = True
        self.helper = FormHelper()
        self.helper.layout = Layout("account", "title", Submit("save", _("Start brief")))


class BriefForm(StaleEditMixin, forms.ModelForm):
    """Edit a brief: only the fields the user may change in its state are offered."""

    owner = IdModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Choose an executive or above on the account's team.")},
    )
    planner = IdModelChoiceField(
        label=_("Planner"),
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a planner on the account's team.")},
    )
    creative_team = IdModelChoiceField(
        label=_("Creative team"),
        queryset=CreativeTeam.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the active creative teams.")},
    )
    budget = _budget_field()
    brief_due = _date_field(_("Brief due to creative"))
    first_presentation = _date_field(_("First presentation"))
    final_delivery = _date_field(_("Final delivery"))

    class Meta:
        model = Brief
        fields = list(BRIEF_EDIT_FIELDS)
        error_messages = {"title": TITLE_ERRORS}
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in Brief.SECTIONS}

    def __init__(self, *args, editable: frozenset[str], **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]
        if "budget" in self.fields:
            self.fields["budget"].label = _("Budget")
        team = AccountMembership.objects.of(self.instance.account_id)
        if "owner" in self.fields:
            self.fields["owner"].queryset = (
                team.current().people().exclude(role=User.Role.PLANNER)
                | User.objects.filter(pk=self.instance.owner_id)
            ).distinct()
        if "planner" in self.fields:
            self.fields["planner"].queryset = (
                team.current().in_role(User.Role.PLANNER).people()
                | User.objects.filter(pk=self.instance.planner_id)
            ).distinct()
        if "creative_team" in self.fields:
            self.fields["creative_team"].queryset = CreativeTeam.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.creative_team_id)
            )
        self.add_version_field()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in Brief.TIMING:
            value = cleaned.get(name)
            if name in self.changed_data and value is not None and value < today:
                self.add_error(name, _("This date is in the past. Pick today or later."))
        first = cleaned.get("first_presentation", self.instance.first_presentation)
        final = cleaned.get("final_delivery", self.instance.final_delivery)
        if first and final and first > final and "first_presentation" not in self.errors:
            self.add_error(
                "first_presentation",
                _("The first presentation must be on or before the final delivery."),
            )
        return cleaned


class BriefStepForm(KeepTypedTextMixin, forms.Form):
    """A lifecycle step: a comment (required to send back or cancel), a date to present."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    presented_on = _date_field(_("Presented on"))

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        if step in Brief.NEEDS_COMMENT:
            self.fields["comment"].required = True
            self.fields["comment"].label = (
                _("Reason for cancelling") if step == "cancel" else _("What needs to change")
            )
            self.fields["comment"].error_messages["required"] = _("Say why.")
        if step != "present":
            del self.fields["presented_on"]
        else:
            self.fields["presented_on"].initial = timezone.localdate()

    def clean_presented_on(self):
        presented_on = self.cleaned_data.get("presented_on")
        if presented_on and presented_on > timezone.localdate():
            raise forms.ValidationError(_("A presentation date can't be in the future."))
        return presented_on


class FeedbackForm(KeepTypedTextMixin, forms.Form):
    """One round of client feedback, as the client gave it."""

    said = forms.CharField(
        label=_("What the client said"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write down what the client said.")},
    )
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Feedback.Verdict)
    sentiment = forms.ChoiceField(
        label=_("Sentiment"), choices=Feedback.Sentiment, initial=Feedback.Sentiment.NEUTRAL
    )
    topics = forms.MultipleChoiceField(
        label=_("About"),
        choices=Feedback.Topic,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact = IdModelChoiceField(
        label=_("From"),
        queryset=Contact.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a contact at this account's client.")},
    )
    channel = forms.ChoiceField(
        label=_("Came in by"), choices=ClientRequest.Channel, initial=ClientRequest.Channel.MEETING
    )
    received_at = forms.DateTimeField(
        label=_("Received"),
        validators=dates.moment_validators(),
        widget=dates.moment_input(),
    )

    def __init__(self, *args, brief: Brief, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.current().filter(
            client_id=brief.account.client_id
        )
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's own <form>
        self.fields["said"].widget.attrs["autofocus"] = True
        self.helper.layout = Layout(
            "said",
            Row(Column("verdict"), Column("sentiment")),
            "topics",
            Row(Column("contact"), Column("channel"), Column("received_at")),
            Submit("save", _("Log feedback")),
        )

    def clean_received_at(self):
        received_at = self.cleaned_data.get("received_at")
        if received_at and received_at > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("Feedback can't be received in the future."))
        return received_at


class DeliverableForm(KeepTypedTextMixin, forms.Form):
    what = forms.CharField(label=_("What"), max_length=200)
    format = forms.CharField(label=_("Channel or format"), max_length=120, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10_000, initial=1)
    due_on = _date_field(_("Due"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("what", css_class="col-md-5"), Column("format"), Column("quantity"), Column("due_on")),
            Submit("save", _("Add deliverable"), css_class="btn-outline-primary btn-sm"),
        )  # fmt: skip

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        if due_on and due_on < timezone.localdate():
            raise forms.ValidationError(_("This date is in the past. Pick today or later."))
        return due_on


class DeliverForm(forms.Form):
    delivered_on = _date_field(_("Delivered on"))

    def clean_delivered_on(self):
        delivered_on = self.cleaned_data.get("delivered_on")
        if delivered_on and delivered_on > timezone.localdate():
            raise forms.ValidationError(_("A delivery date can't be in the future."))
        return delivered_on


class CreativeTeamForm(StaleEditMixin, forms.ModelForm):
    class Meta:
        model = CreativeTeam
        fields = ["name", "email", "members", "is_active"]
        widgets = {"members": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version", "name", "email", "members", "is_active", Submit("save", _("Save team"))
        )

    def clean_members(self):
        text = self.cleaned_data.get("members", "")
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip() and not parse_members(line):
                raise forms.ValidationError(
                    _("Line %(number)s has no e-mail address: write Name <name@agency.example>.")
                    % {"number": number}
                )
        return text


class VersionsForm(forms.Form):
    """Which two versions of a brief to compare."""

    a = forms.IntegerField(min_value=1, max_value=10_000, required=False)
    b = forms.IntegerField(min_value=1, max_value=10_000, required=False)
