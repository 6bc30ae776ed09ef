from django.urls import path

from . import views

app_name = "clients"

urlpatterns = [
    path("clients/", views.ClientListView.as_view(), name="client_list"),
    path("clients/new/", views.ClientCreateView.as_view(), name="client_create"),
    path("clients/<id:pk>/", views.client_detail, name="client_detail"),
    path("clients/<id:pk>/edit/", views.client_update, name="client_update"),
    path("clients/<id:client_pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<id:pk>/edit/", views.contact_update, name="contact_update"),
]
