"""In-app notices, also sent by e-mail, of every app: directives, recommendations, reports.

The table keeps the name it had when notices were part of `tinhdoan.meetings`
(`meetings_notification`); moving the model moved no row.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("assigned task")
    DUE_SOON = "due_soon", _("deadline in 3 days")
    OVERDUE = "overdue", _("assigned task overdue")
    ANSWERED = "answered", _("recommendation answered")
    REPORT_SUBMITTED = "report_submitted", _("report submitted")
    REPORT_RETURNED = "report_returned", _("report returned")
    REPORT_APPROVED = "report_approved", _("report approved")
    REPORT_REOPENED = "report_reopened", _("report reopened")
    REPORT_DUE = "report_due", _("report due in 3 days")
    REPORT_OVERDUE = "report_overdue", _("report overdue")
    LOGIN_LOCKED = "login_locked", _("login locked")


class Notification(models.Model):
    """A notice to one user, with the address of what it is about; `key` names the event,
    so each event makes at most one notice per user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    key = models.CharField(max_length=100)
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "meetings_notification"
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="meetings_notification_once")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="meetings_notification_unread")]

    def __str__(self) -> str:
        return self.message
