from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Account, AccountMembership


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
