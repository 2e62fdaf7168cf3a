"""Notices point at what they are about by address only: they move to `tinhdoan.notices`,
below this app, and serve reports as well as directives."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_notification_url_from_links")]

    operations = [
        migrations.RemoveField(model_name="notification", name="directive"),
        migrations.RemoveField(model_name="notification", name="recommendation"),
    ]
