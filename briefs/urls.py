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
    path("requests/<id:pk>/brief/", views.request_to_brief, name="request_to_brief"),
    path("briefs/", views.BriefListView.as_view(), name="brief_list"),
    path("briefs/new/", views.brief_create, name="brief_create"),
    path("briefs/<id:pk>/", views.brief_detail, name="brief_detail"),
    path("briefs/<id:pk>/edit/", views.brief_update, name="brief_update"),
    path("briefs/<id:pk>/steps/<slug:step>/", views.brief_step_view, name="brief_step"),
    path("briefs/<id:pk>/feedback/", views.feedback_create, name="feedback_create"),
    path("briefs/<id:pk>/deliverables/", views.deliverable_create, name="deliverable_create"),
    path("briefs/<id:pk>/versions/", views.brief_versions, name="brief_versions"),
    path("briefs/<id:pk>/print/", views.brief_print, name="brief_print"),
    path(
        "feedback/<id:pk>/acknowledge/",
        views.feedback_acknowledge_view,
        name="feedback_acknowledge",
    ),
    path(
        "deliverables/<id:pk>/delivered/",
        views.deliverable_deliver_view,
        name="deliverable_deliver",
    ),
    path("creative-teams/", views.CreativeTeamListView.as_view(), name="creative_team_list"),
    path("creative-teams/new/", views.creative_team_edit, name="creative_team_create"),
    path("creative-teams/<id:pk>/", views.creative_team_edit, name="creative_team_update"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
