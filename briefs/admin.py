from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ClientRequest


@admin.register(ClientRequest)
class ClientRequestAdmin(SimpleHistoryAdmin):
    list_display = ("title", "account", "status", "priority", "received_at", "wanted_by", "owner")
    list_filter = ("status", "priority", "channel")
    list_select_related = ("account", "owner")
    search_fields = ("title", "account__name")
    raw_id_fields = ("account", "contact", "logged_by", "owner", "triaged_by")
    date_hierarchy = "received_at"
