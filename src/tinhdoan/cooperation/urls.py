from django.urls import path

from . import views

app_name = "cooperation"
urlpatterns = [
    path("programs/", views.program_review, name="programs"),
    path("programs/<int:pk>/", views.program_detail, name="program"),
    path("exemplars/", views.exemplar_list, name="exemplars"),
    path("exemplars/new/", views.exemplar_nominate, name="nominate"),
    path("exemplars/<int:pk>/", views.exemplar_detail, name="exemplar"),
    path("exemplars/<int:pk>/commend/", views.exemplar_commend, name="commend"),
    path("exemplars/<int:pk>/replicate/", views.exemplar_replicate, name="replicate"),
]
