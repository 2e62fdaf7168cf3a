# The revision of how a program's figures roll up.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_value_cell_unit_period_target"),
    ]

    operations = [
        migrations.AddField(
            model_name="program",
            name="rules_revision",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
