from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("ingest/", views.upload, name="upload"),
    path("ingest/<int:pk>/", views.review, name="review"),
    path("ingest/<int:pk>/session/", views.draft_edit, name="draft-edit"),
    path("ingest/<int:pk>/items/<int:item_pk>/", views.item_decide, name="item"),
    path("ingest/<int:pk>/accept-all/", views.accept_all, name="accept-all"),
    path("ingest/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("ingest/<int:pk>/discard/", views.discard, name="discard"),
]
