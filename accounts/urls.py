from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/", views.AccountListView.as_view(), name="account_list"),
    path("accounts/new/", views.AccountCreateView.as_view(), name="account_create"),
    path("accounts/<id:pk>/", views.account_detail, name="account_detail"),
    path("accounts/<id:pk>/edit/", views.account_update, name="account_update"),
    path("accounts/<id:pk>/log/", views.account_log, name="account_log"),
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
    path("budgets/<id:pk>/print/", views.budget_print, name="budget_print"),
    path("accounts/<id:pk>/payments/new/", views.payment_create, name="payment_create"),
    path("payments/<id:pk>/", views.payment_detail, name="payment_detail"),
    path("payments/<id:pk>/approve/", views.payment_approve_view, name="payment_approve"),
    path("payments/<id:pk>/reject/", views.payment_reject_view, name="payment_reject"),
    path("payments/<id:pk>/paid/", views.payment_paid_view, name="payment_paid"),
    path("accounts/<id:pk>/contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/<id:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<id:pk>/edit/", views.contract_update, name="contract_update"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("pipeline/new/", views.opportunity_create, name="opportunity_create"),
    path("opportunities/<id:pk>/", views.opportunity_update, name="opportunity_update"),
    path("opportunities/<id:pk>/won/", views.opportunity_win, name="opportunity_win"),
]
