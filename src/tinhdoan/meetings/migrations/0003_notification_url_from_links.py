"""Each notice's address from the directive or recommendation it pointed at (and back)."""

import re

from django.db import migrations

DIRECTIVE = "/directives/{}/"
RECOMMENDATION = "/recommendations/{}/"


def forwards(apps, schema_editor):
    Notification = apps.get_model("meetings", "Notification")
    notices = Notification.objects.using(schema_editor.connection.alias)
    for notice in notices.filter(url="").exclude(directive=None):
        notices.filter(pk=notice.pk).update(url=DIRECTIVE.format(notice.directive_id))
    for notice in notices.filter(url="").exclude(recommendation=None):
        notices.filter(pk=notice.pk).update(url=RECOMMENDATION.format(notice.recommendation_id))


def backwards(apps, schema_editor):
    Notification = apps.get_model("meetings", "Notification")
    notices = Notification.objects.using(schema_editor.connection.alias)
    for notice in notices.exclude(url=""):
        found = re.fullmatch(r"/(directives|recommendations)/(\d+)/", notice.url)
        if found is None:
            continue
        field = "directive_id" if found.group(1) == "directives" else "recommendation_id"
        notices.filter(pk=notice.pk).update(**{field: int(found.group(2))})


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_notification_url")]

    operations = [migrations.RunPython(forwards, backwards)]
