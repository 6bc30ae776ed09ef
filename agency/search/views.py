from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .selectors import MAX_LENGTH, MIN_LENGTH, search_everything


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        min_length=MIN_LENGTH,
        max_length=MAX_LENGTH,
        error_messages={
            "min_length": _("Type at least %(limit_value)d characters."),
            "max_length": _("Search for at most %(limit_value)d characters."),
        },
    )


def search(request):
    """`/search/?q=`: clients, contacts, accounts and requests the user may see, by kind."""
    form = SearchForm(request.GET or None)
    groups = search_everything(request.user, form.cleaned_data["q"]) if form.is_valid() else []
    return render(request, "agency/search.html", {"form": form, "groups": groups})
