from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/", views.AccountListView.as_view(), name="account_list"),
    path("accounts/new/", views.AccountCreateView.as_view(), name="account_create"),
    path("accounts/<int:pk>/", views.account_detail, name="account_detail"),
    path("accounts/<int:pk>/edit/", views.account_update, name="account_update"),
    path("accounts/<int:pk>/team/add/", views.membership_create, name="membership_create"),
    path(
        "accounts/<int:pk>/team/<int:membership_pk>/edit/",
        views.membership_update,
        name="membership_update",
    ),
    path(
        "accounts/<int:pk>/team/<int:membership_pk>/remove/",
        views.membership_delete,
        name="membership_delete",
    ),
]
