from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tinhdoan.api.urls import api

urlpatterns = [
    path("", include("tinhdoan.web.urls")),
    path("", include("tinhdoan.org.urls")),
    path("", include("tinhdoan.meetings.urls")),
    path("", include("tinhdoan.ingest.urls")),
    path("congresses/", include("tinhdoan.congresses.urls")),
    path("cooperation/", include("tinhdoan.cooperation.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="web/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
