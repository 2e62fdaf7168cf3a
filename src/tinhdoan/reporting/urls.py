from django.urls import path

from . import views

app_name = "reporting"
# Included after `tinhdoan.programs.urls`, whose evidence address has a grid's shape.
# Saving a cell and uploading a file are `tinhdoan.rollup`'s (`rollup:cell`, `rollup:upload`).
GRID = "programs/<str:unit>/<int:year>/<str:period>/<str:code>/"
urlpatterns = [
    path("programs/<str:unit>/<int:year>/", views.program_page, name="program"),
    path(
        "programs/<str:unit>/<int:year>/<str:period>/",
        views.completeness_page,
        name="completeness",
    ),
    path(GRID, views.grid, name="grid"),
    path(GRID + "cells/<str:target>/history/", views.cell_history, name="history"),
    path(GRID + "report/<str:action>/", views.report_action, name="report"),
    path(GRID + "template.xlsx", views.template_download, name="template"),
]
