from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserChangeForm, UserCreationForm
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .edits import StaleEdit, version_of
from .ids import IdListField
from .models import User


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


def money_field(label, *, required=True, max_digits=12, negative=None) -> forms.DecimalField:
    """An amount of money: never negative, cents allowed (the browser must accept
    2,499.99), `negative` saying so in the field's own words."""
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=max_digits,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
        error_messages={"min_value": negative or _("This can't be negative.")},
    )


def bound_numbers(form: forms.ModelForm) -> None:
    """Give a ModelForm's number fields the bounds of their model fields, so an
    out-of-range number is refused with the field (and the browser knows the range)
    before the form's own checks compute with it."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.DecimalField | forms.IntegerField):
            continue
        try:
            model_field = form._meta.model._meta.get_field(name)
        except FieldDoesNotExist:  # a field of the form's own
            continue
        for validator in model_field.validators:
            if isinstance(validator, MinValueValidator | MaxValueValidator):
                field.validators.append(validator)
                attr = "min" if isinstance(validator, MinValueValidator) else "max"
                field.widget.attrs.setdefault(attr, str(validator.limit_value))


class ActionForm(forms.Form):
    """A one-click action (acknowledge, submit, approve…) asks for nothing; it goes
    through a form all the same, like every POST."""


class MarkReadForm(forms.Form):
    """Which notifications to mark read: the ones listed, or all when none are."""

    id = IdListField(required=False)


class LoginForm(AuthenticationForm):
    """Django's log-in form, with the user name's length checked before anyone looks it
    up (Django sets the limit on the field but adds no validator for it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        username.widget.attrs.pop("maxlength", None)


class StaffCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email", "role", "reports_to")


class StaffChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


HIDDEN_FIELD_ERROR = _(
    "This form is out of date. Reload the page and make your change again; nothing was saved."
)


class KeepTypedTextMixin:
    """Never let the browser cut what is typed or pasted: without `maxlength` the whole
    text reaches the server, which says how long it may be and keeps it for editing.

    An error on a hidden field would be shown nowhere: it is said for the whole form.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def full_clean(self):
        super().full_clean()
        hidden = [name for name, field in self.fields.items() if field.widget.is_hidden]
        for name in hidden:
            if name in self._errors:
                self._errors.pop(name)
                self.add_error(None, HIDDEN_FIELD_ERROR)


class StaleEditMixin(KeepTypedTextMixin):
    """An edit form that carries the version of the record it was loaded with.

    The service that saves checks it under a row lock (`agency.edits`); a form without
    its version is refused with a message, never saved unchecked.
    """

    def add_version_field(self):
        self.fields["version"] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64
        )
        if self.instance.pk:
            self.initial["version"] = version_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not cleaned.get("version"):
            # A hidden field's error would be invisible: say it for the whole form.
            self.add_error(
                None,
                _(
                    "This form was sent without its version. Reload the page and make your "
                    "change again; nothing was saved."
                ),
            )
        return cleaned

    def save_through(self, service, **kwargs):
        """Save the edit through its service, with the version it was loaded with and the
        fields it changed. Returns what the service saved, or None if it refused: then
        the refusal is shown above the form and everything typed is kept."""
        try:
            return service(version=self.cleaned_data["version"], fields=self.changed_data, **kwargs)
        except ValidationError as refusal:
            self.show_refusal(refusal)
            return None

    def show_refusal(self, error: ValidationError) -> None:
        """Say why the service refused the edit, above the form, keeping what was typed.

        If someone else saved meanwhile, carry the newer version, so that saving again is
        a deliberate choice to keep what this user typed."""
        self.add_error(None, error)
        if isinstance(error, StaleEdit):
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = error.current_version
