from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from agency.edits import version_of

from .models import Client, Contact
from .services import client_save


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("name", "job_title", "email", "phone", "is_primary", "is_decision_maker", "left_on")


@admin.register(Client)
class ClientAdmin(SimpleHistoryAdmin):
    list_display = ("name", "legal_name", "industry", "status", "created_at")
    list_filter = ("status", "industry")
    search_fields = ("name", "legal_name")
    inlines = [ContactInline]

    def save_model(self, request, obj, form, change):
        client_save(client=obj, by=request.user, version=version_of(obj))


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "client", "job_title", "email", "is_primary", "left_on")
    list_filter = ("is_primary", "is_decision_maker")
    list_select_related = ("client",)
    search_fields = ("name", "email", "client__name")
    autocomplete_fields = ("client",)
