from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The main navigation: (label, URL name, permission needed or None, the URL name of a
# count shown beside it, fetched after the page has loaded, or None).
NAVIGATION = [
    (_("Approvals"), "approvals", "accounts.decide_budget", "approvals_badge"),
    (_("Requests"), "briefs:request_list", None, None),
    (_("Briefs"), "briefs:brief_list", None, None),
    (_("Accounts"), "accounts:account_list", None, None),
    (_("Clients"), "clients:client_list", None, None),
    (_("Health"), "health_dashboard", "accounts.view_health", None),
    (_("Pipeline"), "accounts:pipeline", "accounts.manage_pipeline", None),
]


def shell(request):
    """What the page shell needs on every page: the navigation, without a query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    nav_items = []
    for label, name, perm, badge in NAVIGATION:
        if perm is None or user.has_perm(perm):
            url = reverse(name)
            nav_items.append(
                {
                    "label": label,
                    "url": url,
                    "active": request.path.startswith(url),
                    "badge": reverse(badge) if badge else None,
                }
            )
    return {
        "nav_items": nav_items,
    }
