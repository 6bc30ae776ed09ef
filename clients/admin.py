from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from agency.edits import STALE_MESSAGE, version_of

from .models import Client, Contact
from .services import client_save


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("name", "job_title", "email", "phone", "is_primary", "is_decision_maker", "left_on")


class ClientAdminForm(forms.ModelForm):
    """The admin's client form carries the version it was loaded with, like the app's."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = version_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = Client.objects.filter(pk=self.instance.pk).first()
            if current is None or version_of(current) != cleaned.get("version"):
                raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned


@admin.register(Client)
class ClientAdmin(SimpleHistoryAdmin):
    form = ClientAdminForm
    list_display = ("name", "legal_name", "industry", "status", "created_at")
    list_filter = ("status", "industry")
    search_fields = ("name", "legal_name")
    inlines = [ContactInline]

    def save_model(self, request, obj, form, change):
        try:
            client_save(
                client=obj,
                by=request.user,
                version=form.cleaned_data.get("version", ""),
                fields=form.changed_data,
            )
        except ValidationError as refusal:  # saved by someone else since the form's check
            self.message_user(request, refusal.messages[0], messages.ERROR)


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "client", "job_title", "email", "is_primary", "left_on")
    list_filter = ("is_primary", "is_decision_maker")
    list_select_related = ("client",)
    search_fields = ("name", "email", "client__name")
    autocomplete_fields = ("client",)
