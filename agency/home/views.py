from django.shortcuts import render

from .selectors import HOMES


def home(request):
    """Each role's own home page."""
    context = HOMES[request.user.role](request.user)
    return render(request, f"agency/home_{request.user.role}.html", context)
