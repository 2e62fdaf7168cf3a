from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django_otp.admin import OTPAdminSite

from tinhdoan.api.urls import api
from tinhdoan.web import login, tokens

# The admin lets in only a session that passed two-factor login (django-otp's check of
# request.user.is_verified()): the password alone, or a device reset since, is not enough.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", include("tinhdoan.web.urls")),
    path("", include("tinhdoan.org.urls")),
    path("", include("tinhdoan.meetings.urls")),
    path("", include("tinhdoan.notices.urls")),
    path("", include("tinhdoan.programs.urls")),
    path("", include("tinhdoan.reporting.urls")),
    path("", include("tinhdoan.ingest.urls")),
    path("", include("tinhdoan.jobs.urls")),
    path("congresses/", include("tinhdoan.congresses.urls")),
    path("cooperation/", include("tinhdoan.cooperation.urls")),
    path("", include("tinhdoan.rollup.urls")),
    path("", include("tinhdoan.documents.urls")),
    path("", include("tinhdoan.briefings.urls")),
    path("", include("tinhdoan.ops.urls")),
    path("accounts/login/", login.login_view, name="login"),
    path("accounts/logout/", login.LogoutView.as_view(), name="logout"),
    path("accounts/", include((login.urlpatterns + tokens.urlpatterns, "accounts"))),
    # The admin logs in and out through the same throttled, two-factor pages.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/logout/", login.LogoutView.as_view()),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
