from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Account, AccountMembership, Interaction


class MembershipInline(admin.TabularInline):
    model = AccountMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Account)
class AccountAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "client", "status", "kind", "start_date")
    list_filter = ("status", "kind")
    list_select_related = ("client",)
    search_fields = ("name", "code", "client__name")
    autocomplete_fields = ("client",)
    inlines = [MembershipInline]


@admin.register(Interaction)
class InteractionAdmin(SimpleHistoryAdmin):
    list_display = ("occurred_at", "account", "kind", "sentiment", "logged_by")
    list_filter = ("kind", "sentiment")
    list_select_related = ("account", "logged_by")
    search_fields = ("summary", "account__name")
    raw_id_fields = ("account", "logged_by")
    filter_horizontal = ("staff", "contacts")
    date_hierarchy = "occurred_at"
