from django.urls import path

from . import views

app_name = "briefs"

urlpatterns = [
    path("requests/", views.RequestListView.as_view(), name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/contacts/", views.request_contact_options, name="request_contact_options"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path(
        "requests/<int:pk>/<str:action>/",
        views.request_triage,
        name="request_triage",
    ),
]
