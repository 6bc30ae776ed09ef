from django.urls import path

from . import views

app_name = "briefs"

urlpatterns = [
    path("requests/", views.RequestListView.as_view(), name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/contacts/", views.request_contact_options, name="request_contact_options"),
    path("requests/<id:pk>/", views.request_detail, name="request_detail"),
    path("requests/<id:pk>/edit/", views.request_update, name="request_update"),
    path("requests/<id:pk>/accept/", views.request_accept, name="request_accept"),
    path("requests/<id:pk>/decline/", views.request_decline, name="request_decline"),
    path("requests/<id:pk>/done/", views.request_done, name="request_done"),
]
