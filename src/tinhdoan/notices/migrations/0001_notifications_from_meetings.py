"""Notices move from `tinhdoan.meetings` to `tinhdoan.notices`.

Only Django's idea of which app holds the model changes: the table keeps its name
(`meetings_notification`, by `Meta.db_table`), its rows, constraint and index.
`meetings.0005_notification_moves_to_notices` removes the model from meetings' state after
this one adds it here, so no database operation runs either way.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("meetings", "0004_notification_without_links"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("assigned", "assigned task"),
                                    ("due_soon", "deadline in 3 days"),
                                    ("overdue", "assigned task overdue"),
                                    ("answered", "recommendation answered"),
                                    ("report_submitted", "report submitted"),
                                    ("report_returned", "report returned"),
                                    ("report_approved", "report approved"),
                                    ("report_reopened", "report reopened"),
                                    ("report_due", "report due in 3 days"),
                                    ("report_overdue", "report overdue"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("key", models.CharField(max_length=100)),
                        ("message", models.CharField(max_length=500)),
                        ("url", models.CharField(blank=True, max_length=300)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        ("mailed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "db_table": "meetings_notification",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=["user", "read_at"], name="meetings_notification_unread"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "key"), name="meetings_notification_once"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
