from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Client, Contact, Interaction
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
        client_save(client=obj, by=request.user)


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "client", "job_title", "email", "is_primary", "left_on")
    list_filter = ("is_primary", "is_decision_maker")
    list_select_related = ("client",)
    search_fields = ("name", "email", "client__name")
    autocomplete_fields = ("client",)


@admin.register(Interaction)
class InteractionAdmin(SimpleHistoryAdmin):
    list_display = ("occurred_at", "account", "kind", "sentiment", "logged_by")
    list_filter = ("kind", "sentiment")
    list_select_related = ("account", "logged_by")
    search_fields = ("summary", "account__name")
    raw_id_fields = ("account", "logged_by")
    filter_horizontal = ("staff", "contacts")
    date_hierarchy = "occurred_at"
