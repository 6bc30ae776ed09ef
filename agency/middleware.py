import ipaddress

from django.conf import settings
from django.shortcuts import render
from django.utils import translation


class UserLanguageMiddleware:
    """Serve a signed-in user in the language they chose, on every device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = getattr(request.user, "language", "")
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class ErrorPageMiddleware:
    """A Suits page for a refused method (405), which Django answers with an empty body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response


def client_address(request) -> str | None:
    """The address of the client, as the nearest of our own proxies saw it.

    Each proxy appends the address it received the request from to X-Forwarded-For, so
    with `PROXY_COUNT` proxies of ours in front, the client is that many entries from
    the right; anything further left was written by the client and may be forged. With
    no proxy (or a header shorter than expected) the connection's own address counts.
    """
    count = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        try:
            # Only an address: "unknown" or "host:port" from a misconfigured proxy is not.
            return str(ipaddress.ip_address(forwarded[-count]))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")
