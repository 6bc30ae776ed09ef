from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The main navigation: (label, URL name, permission needed or None).
NAVIGATION = [
    (_("Requests"), "briefs:request_list", None),
    (_("Briefs"), "briefs:brief_list", None),
    (_("Accounts"), "accounts:account_list", None),
    (_("Clients"), "clients:client_list", None),
]


def shell(request):
    """What the page shell needs on every page: the navigation, without a query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    nav_items = []
    for label, name, perm in NAVIGATION:
        if perm is None or user.has_perm(perm):
            url = reverse(name)
            nav_items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {
        "nav_items": nav_items,
        "agency_currency": settings.AGENCY_CURRENCY,
    }
