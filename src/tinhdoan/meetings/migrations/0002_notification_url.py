"""A notice carries the address of what it is about, before notices leave this app."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_sessions_directives_recommendations")]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="url",
            field=models.CharField(blank=True, default="", max_length=300),
            preserve_default=False,
        ),
    ]
