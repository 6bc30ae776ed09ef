from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import LanguageForm, MarkReadForm
from .services import notifications_mark_read, user_set_language


@require_POST
def notification_mark_read(request):
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["id"][0])
        return redirect("notifications")
    # Without ids, everything is marked read; with ids that are all bad, nothing is.
    ids = form.cleaned_data["id"] if "id" in request.POST else None
    count = notifications_mark_read(user=request.user, ids=ids)
    messages.success(request, _("Marked %(count)d notifications as read.") % {"count": count})
    return redirect("notifications")


@require_POST
def set_language(request):
    """Switch the language and remember it on the user, for every device."""
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    if form.is_valid():
        language = form.cleaned_data["language"]
        user_set_language(user=request.user, language=language)
        translation.activate(language)
    # A URL, never a view name: `redirect()` would try to reverse whatever was posted.
    return HttpResponseRedirect(next_url)
