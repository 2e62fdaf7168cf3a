from django.urls import path

from . import views

app_name = "briefings"
urlpatterns = [
    path("briefings/issue/", views.briefing_issue, name="issue"),
]
