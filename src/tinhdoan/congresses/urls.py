from django.urls import path

from . import views

app_name = "congresses"
urlpatterns = [
    path("", views.congress_index, name="index"),
    path("<int:pk>/", views.congress_detail, name="detail"),
    path("<int:pk>/held/", views.congress_held, name="held"),
    path("units/<str:code>/", views.unit_congresses, name="unit"),
    path("campaigns/<str:code>/<str:term>/", views.campaign_detail, name="campaign"),
    path(
        "campaigns/<str:code>/<str:term>/report.<str:fmt>",
        views.campaign_file,
        name="campaign-file",
    ),
]
