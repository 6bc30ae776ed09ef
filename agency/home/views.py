from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agency.forms import ActionForm
from agency.models import User
from agency.services import user_new_calendar_token

from .selectors import HOMES, approvals_count, approvals_of, notifications_of


def home(request):
    """Each role's own home page."""
    context = HOMES[request.user.role](request.user)
    return render(request, f"agency/home_{request.user.role}.html", context)


def notification_list(request):
    notifications = notifications_of(request.user)
    if request.GET.get("show") == "unread":
        notifications = notifications.unread()
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "agency/notification_list.html", {"page_obj": page})


def notification_badge(request):
    """The bell's unread count, fetched by the page shell after the page has loaded."""
    count = notifications_of(request.user).unread().count()
    return render(request, "agency/_bell_badge.html", {"count": count})


def profile(request):
    """The user's own page: their calendar feed's secret address."""
    user = request.user
    feed = None
    if user.calendar_token:
        path = reverse("briefs:calendar_feed", args=[user.calendar_token])
        feed = request.build_absolute_uri(path)
    return render(request, "agency/profile.html", {"feed": feed})


@require_POST
def calendar_link_renew(request):
    if ActionForm(request.POST).is_valid():
        had_one = bool(request.user.calendar_token)
        user_new_calendar_token(user=request.user)
        messages.success(
            request,
            _("New calendar link made; the old one no longer works.")
            if had_one
            else _("Your calendar link is ready."),
        )
    return redirect("profile")


def approvals(request):
    """Budgets and briefs waiting for the signed-in user's decision."""
    if request.user.role not in (User.Role.MANAGER, User.Role.DIRECTOR):
        raise PermissionDenied
    context = {**approvals_of(request.user), "limit": settings.BUDGET_APPROVAL_LIMIT}
    return render(request, "agency/approvals.html", context)


def approvals_badge(request):
    """The navigation's count of what waits for a decision, fetched after the page loads."""
    count = approvals_count(request.user) if request.user.has_perm("accounts.decide_budget") else 0
    if request.GET.get("plain"):  # a tile's figure: the number alone, 0 included
        return HttpResponse(str(count), content_type="text/plain; charset=utf-8")
    return render(request, "agency/_counter_badge.html", {"count": count})
