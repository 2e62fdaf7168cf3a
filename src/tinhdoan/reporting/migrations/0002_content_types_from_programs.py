"""The content types of the moved models follow them from `programs` to `reporting`.

Permissions and admin log entries point at a content type; renaming its app label keeps
them attached to the model instead of leaving them on a stale `programs` type while a new,
empty `reporting` type is created. A database migrated from scratch has no content type
yet (they are made after the migrations), so there is nothing to rename.
"""

from django.db import migrations

MOVED = ("datavalue", "valuechange", "submission", "submissionevent")


def _relabel(apps, schema_editor, *, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label=new, model=model).exists():
            types.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, old="programs", new="reporting")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, old="reporting", new="programs")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reporting", "0001_values_and_reports_from_programs"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
