"""Notices now belong to `tinhdoan.notices`.

State only: `notices.0001_notifications_from_meetings` took the model over with its table,
which keeps its name and rows; nothing is dropped here.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_notification_without_links"),
        ("notices", "0001_notifications_from_meetings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
