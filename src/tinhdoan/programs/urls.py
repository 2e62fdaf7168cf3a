from django.urls import path

from . import views

app_name = "programs"
# The program's page (it shows the reports of the user's units) and the addresses below a
# program's period (its completeness, a unit's grid) are `tinhdoan.reporting`'s; the
# evidence address comes first, as it has the same shape as a unit's grid
# (`programs/TDLS/2017/evidence/3/`).
urlpatterns = [
    path("programs/", views.program_list, name="list"),
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
]
