from functools import wraps

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import User


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class StaffCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email", "role", "reports_to")


class StaffChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


def atomic_post(view):
    """Run a POST to an edit view in one transaction; a GET needs none."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with transaction.atomic():
            return view(request, *args, **kwargs)

    return wrapped


def locked_for_post(request, queryset):
    """Lock the row while a POST checks and saves it: of two people saving at once, the
    second waits, then finds the first one's change (StaleEditMixin's version check)
    instead of overwriting it. For views wrapped in `atomic_post`."""
    return queryset.select_for_update(of=("self",)) if request.method == "POST" else queryset


class StaleEditMixin:
    """Refuse to save over a change someone else made since the form was loaded.

    The form carries the record's `updated_at` as it was when shown; if the record has
    changed since, the user sees a message and the current version, and nothing is lost.
    """

    stale_message = _(
        "Someone else changed this while you were editing. Check the page below, "
        "then save again to keep your version."
    )

    def add_version_field(self):
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk:
            self.initial["version"] = self.instance.updated_at.isoformat()

    def check_version(self):
        loaded = self.cleaned_data.get("version")
        if not (self.instance.pk and loaded):
            return
        current = self.instance.updated_at.isoformat()
        if loaded != current:
            # Show the newer version's stamp, so saving again is a deliberate choice.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current
            raise forms.ValidationError(self.stale_message, code="stale")
