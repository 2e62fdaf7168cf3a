from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/new/", views.session_create, name="session-create"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path(
        "sessions/<int:pk>/conclusions/issue/",
        views.session_conclusions_issue,
        name="session-conclusions-issue",
    ),
    path(
        "sessions/<int:pk>/conclusions/<str:fmt>/",
        views.session_conclusions,
        name="session-conclusions",
    ),
    path("sessions/<int:pk>/directives/new/", views.directive_create, name="directive-create"),
    path("directives/", views.directive_board, name="board"),
    path("directives/report.<str:fmt>", views.directive_board_file, name="board-file"),
    path("directives/<int:pk>/", views.directive_detail, name="directive"),
    path("directives/<int:pk>/progress/", views.directive_progress, name="directive-progress"),
    path("directives/<int:pk>/status/", views.directive_status, name="directive-status"),
    path(
        "directives/<int:pk>/deadline-change/",
        views.directive_deadline_change,
        name="directive-deadline-change",
    ),
    path(
        "directives/<int:pk>/deadline-change/decision/",
        views.directive_deadline_decision,
        name="directive-deadline-decision",
    ),
    path(
        "directives/<int:pk>/evidence/<int:evidence_id>/",
        views.evidence_download,
        name="evidence",
    ),
    path("recommendations/", views.recommendation_list, name="recommendations"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
