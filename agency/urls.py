from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from . import views
from .forms import LoginForm
from .home.dashboard import HealthDashboard
from .home.views import (
    approvals,
    approvals_badge,
    calendar_link_renew,
    home,
    notification_badge,
    notification_list,
    profile,
)
from .ids import IdConverter
from .search.views import search

register_converter(IdConverter, "id")

urlpatterns = [
    path("", home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, form_class=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("search/", search, name="search"),
    path("approvals/", approvals, name="approvals"),
    path("approvals/badge/", approvals_badge, name="approvals_badge"),
    path("dashboard/health/", HealthDashboard.as_view(), name="health_dashboard"),
    path("notifications/", notification_list, name="notifications"),
    path("notifications/read/", views.notification_mark_read, name="notifications_read"),
    path("notifications/badge/", notification_badge, name="notification_badge"),
    path("language/", views.set_language, name="set_language"),
    path("profile/", profile, name="profile"),
    path("profile/calendar/", calendar_link_renew, name="calendar_link_renew"),
    path("", include("clients.urls")),
    path("", include("accounts.urls")),
    path("", include("briefs.urls")),
    path("admin/", admin.site.urls),
]
