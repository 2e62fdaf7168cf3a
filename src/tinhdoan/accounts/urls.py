from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/", views.totp_verify, name="totp_verify"),
    path("two-factor/enrol/", views.totp_enrol, name="totp_enrol"),
]
