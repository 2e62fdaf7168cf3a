from django.urls import path

from tinhdoan.reporting.urls import GRID

from . import issue_views, value_views, views

app_name = "rollup"
urlpatterns = [
    path("results/", views.dashboard, name="dashboard"),
    path("results/sub-units/", views.sub_units, name="sub_units"),
    path("results/report/", views.report_file, name="report"),
    path("results/report/issue/", issue_views.report_issue, name="report_issue"),
    path("results/explanations/", views.explanations, name="explanations"),
    path("results/explanations/new/", views.explain, name="explain"),
    path("results/explanations/<int:pk>/answer/", views.answer, name="answer"),
    # The grid's writes, under the grid's address (`tinhdoan.reporting.urls`).
    path(GRID + "cells/<str:target>/", value_views.cell_save, name="cell"),
    path(GRID + "upload/", value_views.upload, name="upload"),
]
