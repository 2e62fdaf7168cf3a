"""The values, their history and the units' reports now belong to `tinhdoan.reporting`.

State only: `reporting.0001_values_and_reports_from_programs` took the models over with
their tables, which keep their names and rows; nothing is dropped here.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_program_rules_revision"),
        ("reporting", "0001_values_and_reports_from_programs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SubmissionEvent"),
                migrations.DeleteModel(name="Submission"),
                migrations.DeleteModel(name="ValueChange"),
                migrations.DeleteModel(name="DataValue"),
            ],
            database_operations=[],
        ),
    ]
