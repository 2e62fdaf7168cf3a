"""The content type of notices follows the model from `meetings` to `notices`.

A database migrated from scratch has no content type yet (they are made after the
migrations), so there is nothing to rename.
"""

from django.db import migrations


def _relabel(apps, schema_editor, *, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label=new, model="notification").exists():
        types.filter(app_label=old, model="notification").update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, old="meetings", new="notices")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, old="notices", new="meetings")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notices", "0001_notifications_from_meetings"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
