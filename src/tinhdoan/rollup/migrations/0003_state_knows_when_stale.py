# Stale figures are recorded, not guessed from a fingerprint of the tree.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rollup", "0002_aggregates_without_fk_checks"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="rollupstate",
            name="fingerprint",
        ),
        migrations.AddField(
            model_name="rollupstate",
            name="rules_revision",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="rollupstate",
            name="stale_reason",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="rollupstate",
            name="stale_since",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
