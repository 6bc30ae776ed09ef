from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/", views.AccountListView.as_view(), name="account_list"),
    path("accounts/new/", views.AccountCreateView.as_view(), name="account_create"),
    path("accounts/<id:pk>/", views.account_detail, name="account_detail"),
    path("accounts/<id:pk>/edit/", views.account_update, name="account_update"),
    path("accounts/<id:pk>/team/add/", views.membership_create, name="membership_create"),
    path(
        "accounts/<id:pk>/team/<id:membership_pk>/edit/",
        views.membership_update,
        name="membership_update",
    ),
    path(
        "accounts/<id:pk>/team/<id:membership_pk>/remove/",
        views.membership_delete,
        name="membership_delete",
    ),
    path(
        "accounts/<id:account_pk>/interactions/new/",
        views.interaction_create,
        name="interaction_create",
    ),
    path("interactions/<id:pk>/edit/", views.interaction_update, name="interaction_update"),
    path("accounts/<id:pk>/budgets/new/", views.budget_create, name="budget_create"),
    path("budgets/<id:pk>/", views.budget_detail, name="budget_detail"),
    path("budgets/<id:pk>/lines/", views.budget_line_create, name="budget_line_create"),
    path("budget-lines/<id:pk>/remove/", views.budget_line_delete, name="budget_line_delete"),
    path("budgets/<id:pk>/submit/", views.budget_submit_view, name="budget_submit"),
    path("budgets/<id:pk>/approve/", views.budget_approve_view, name="budget_approve"),
    path("budgets/<id:pk>/reject/", views.budget_reject_view, name="budget_reject"),
    path("budgets/<id:pk>/revise/", views.budget_revise_view, name="budget_revise"),
]
