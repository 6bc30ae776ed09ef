"""Template tags of Suits' own."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def status(kind: str, value: str, label) -> str:
    """A status badge; its colour comes from the one map in suits.css (`status-KIND-VALUE`).

    A tag rather than an include: lists show one to three badges a row.
    """
    return format_html('<span class="badge status status-{}-{}">{}</span>', kind, value, label)
