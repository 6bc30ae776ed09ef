from django.urls import path

from . import views

app_name = "clients"

urlpatterns = [
    path("clients/", views.ClientListView.as_view(), name="client_list"),
    path("clients/new/", views.ClientCreateView.as_view(), name="client_create"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", views.client_update, name="client_update"),
    path("clients/<int:client_pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", views.contact_update, name="contact_update"),
    path(
        "accounts/<int:account_pk>/interactions/new/",
        views.interaction_create,
        name="interaction_create",
    ),
    path("interactions/<int:pk>/edit/", views.interaction_update, name="interaction_update"),
]
