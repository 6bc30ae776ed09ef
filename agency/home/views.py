from django.core.paginator import Paginator
from django.shortcuts import render

from .selectors import HOMES, notifications_of


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
