from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .forms import StaffChangeForm, StaffCreationForm
from .models import Notification, User


@admin.register(User)
class StaffAdmin(UserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ("username", "get_full_name", "email", "role", "reports_to", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    list_select_related = ("reports_to",)
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("reports_to",)
    # Set by Django, not typed: nobody enters a date out of range here.
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Agency"), {"fields": ("role", "reports_to", "language")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "reports_to",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "kind", "message", "created_at", "read_at", "emailed_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)
    search_fields = ("message", "recipient__username", "key")
    raw_id_fields = ("recipient",)
    readonly_fields = ("created_at", "read_at", "emailed_at")
