from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("units/<str:code>/documents/", views.unit_documents, name="unit"),
    path("documents/<int:pk>/<str:fmt>/", views.document_file, name="file"),
]
