from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("units/search/", views.unit_search, name="search"),
    path("units/<str:code>/", views.unit_detail, name="unit"),
    path("units/<str:code>/children/", views.unit_children, name="children"),
]
