from django.urls import path

from . import views

app_name = "programs"
cell = "programs/<str:unit>/<int:year>/<str:period>/<str:code>/"
urlpatterns = [
    path("programs/", views.program_list, name="list"),
    path("programs/<str:unit>/<int:year>/", views.program_detail, name="detail"),
    path(
        "programs/<str:unit>/<int:year>/<str:period>/",
        views.completeness_page,
        name="completeness",
    ),
    path(
        "programs/<str:unit>/<int:year>/items/<str:kind>/<int:position>/",
        views.item_update_view,
        name="item",
    ),
    path(
        "programs/<str:unit>/<int:year>/evidence/<int:pk>/",
        views.evidence_download,
        name="evidence",
    ),
    path(cell, views.grid, name="grid"),
    path(cell + "cells/<str:target>/", views.cell_save, name="cell"),
    path(cell + "cells/<str:target>/history/", views.cell_history, name="history"),
    path(cell + "report/<str:action>/", views.report_action, name="report"),
    path(cell + "template.xlsx", views.template_download, name="template"),
    path(cell + "upload/", views.upload, name="upload"),
]
