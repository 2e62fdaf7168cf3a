from django.contrib import admin

from .models import Submission, SubmissionEvent


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    readonly_fields = ["action", "from_status", "to_status", "actor", "at", "reason"]
    can_delete = False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Reports are read here; their steps go through the grid page or the API."""

    list_display = ["unit", "reporting_period", "status", "first_submitted_at", "decided_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in Submission._meta.fields]
    inlines = [SubmissionEventInline]

    def has_add_permission(self, request):
        return False
