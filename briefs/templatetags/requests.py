"""Template tags for client requests."""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def request_badges(req) -> str:
    """A request's status, its priority if high, and whether it is overdue, as badges
    (colours from the one map in suits.css). A tag, not an include: every row has it."""
    badges = [("request", req.status, req.get_status_display())]
    if req.priority == req.Priority.HIGH:
        badges.append(("priority", req.priority, req.get_priority_display()))
    if req.is_overdue:
        badges.append(("deadline", "overdue", _("overdue")))
    return format_html_join(" ", '<span class="badge status status-{}-{}">{}</span>', badges)
