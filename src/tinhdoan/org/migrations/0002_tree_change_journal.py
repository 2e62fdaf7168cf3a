# Tree changes journalled for the roll-up.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="TreeChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("path_before", models.CharField(blank=True, max_length=255)),
                ("path_after", models.CharField(max_length=255)),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.unit"
                    ),
                ),
            ],
            options={
                "verbose_name": "tree change awaiting roll-up",
                "verbose_name_plural": "tree changes awaiting roll-up",
                "ordering": ["pk"],
            },
        ),
    ]
