"""Template tags of Suits' own."""

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def status(kind: str, value: str, label) -> str:
    """A status badge; its colour comes from the one map in suits.css (`status-KIND-VALUE`).

    A tag rather than an include: lists show one to three badges a row.
    """
    return format_html('<span class="badge status status-{}-{}">{}</span>', kind, value, label)


SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


@register.filter
def money(amount, currency: str = "") -> str:
    """An amount in the reader's format and the agency's currency: €1,234.56 in English,
    1.234,56 € in German."""
    if amount in (None, ""):
        return "—"
    currency = currency or settings.AGENCY_CURRENCY
    number = formats.number_format(amount, 2, use_l10n=True, force_grouping=True)
    symbol = SYMBOLS.get(currency, currency)
    if (get_language() or "").startswith("en"):
        return f"{symbol}{number}" if symbol != currency else f"{currency} {number}"
    return f"{number}\u00a0{symbol}"


@register.simple_tag
def sparkline(scores, width: int = 96, height: int = 24) -> str:
    """A health trend as a small inline SVG line, drawn on the server; its label reads the
    scores out, oldest first."""
    if not scores:
        return format_html('<span class="text-body-secondary">{}</span>', "—")
    step = width / max(len(scores) - 1, 1)
    points = " ".join(
        f"{i * step:.1f},{height - 1 - score / 100 * (height - 2):.1f}"
        for i, score in enumerate(scores)
    )
    label = _("Health over the last %(weeks)s weeks: %(scores)s") % {
        "weeks": len(scores),
        "scores": ", ".join(str(score) for score in scores),
    }
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}"><polyline fill="none" stroke="currentColor" stroke-width="1.5" '
        'points="{}"/></svg>',
        width, height, width, height, label, points,
    )  # fmt: skip
