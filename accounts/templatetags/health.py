"""Account health in words, for the pages that show it."""

from django import template

from accounts import health

register = template.Library()


@register.filter
def reason(entry: dict) -> str:
    """A stored signal's reason in the reader's language, with its figures."""
    return health.describe(entry)


@register.filter
def signal_name(entry: dict) -> str:
    return str(health.SIGNAL_NAMES.get(entry.get("signal"), entry.get("signal")))


@register.filter
def top_reasons(entries) -> str:
    """The forced reasons and the two signals that cost the most, in words."""
    return health.describe_top(entries or [], 2)
