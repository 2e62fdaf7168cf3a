"""The values, their history and the units' reports move from `programs` to `reporting`.

Only Django's idea of which app holds the models changes: the tables stay where they are,
with their names (`programs_datavalue`, `programs_valuechange`, `programs_submission`,
`programs_submissionevent`, kept by `Meta.db_table`), their rows, constraints and indexes.
`programs.0006_values_and_reports_move_to_reporting` removes the models from `programs`'
state after this one adds them here, so no database operation runs either way.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("org", "0002_tree_change_journal"),
        ("programs", "0005_program_rules_revision"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Submission",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted"),
                                    ("returned", "Returned"),
                                    ("approved", "Approved"),
                                    ("locked", "Locked"),
                                ],
                                default="draft",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        ("first_submitted_at", models.DateTimeField(blank=True, null=True)),
                        ("submitted_at", models.DateTimeField(blank=True, null=True)),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "return_reason",
                            models.TextField(blank=True, verbose_name="reason for return"),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "reporting_period",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="submissions",
                                to="programs.reportingperiod",
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="submissions",
                                to="org.unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "unit report",
                        "verbose_name_plural": "unit reports",
                        "db_table": "programs_submission",
                        "ordering": ["reporting_period_id", "unit__path"],
                    },
                ),
                migrations.CreateModel(
                    name="SubmissionEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("action", models.CharField(max_length=12)),
                        (
                            "from_status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted"),
                                    ("returned", "Returned"),
                                    ("approved", "Approved"),
                                    ("locked", "Locked"),
                                ],
                                max_length=12,
                            ),
                        ),
                        (
                            "to_status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted"),
                                    ("returned", "Returned"),
                                    ("approved", "Approved"),
                                    ("locked", "Locked"),
                                ],
                                max_length=12,
                            ),
                        ),
                        ("at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "submission",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="reporting.submission",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "report step",
                        "verbose_name_plural": "report steps",
                        "db_table": "programs_submissionevent",
                        "ordering": ["at", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="ValueChange",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "old_value",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=20,
                                null=True,
                                verbose_name="old value",
                            ),
                        ),
                        (
                            "new_value",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=20,
                                null=True,
                                verbose_name="new value",
                            ),
                        ),
                        ("old_comment", models.TextField(blank=True)),
                        ("new_comment", models.TextField(blank=True)),
                        ("version", models.PositiveIntegerField()),
                        ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("source", models.CharField(default="web", max_length=20)),
                        (
                            "reason",
                            models.CharField(blank=True, max_length=500, verbose_name="reason"),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                db_index=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "period",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programs.period",
                            ),
                        ),
                        (
                            "target",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="changes",
                                to="programs.target",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="org.unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "value change",
                        "verbose_name_plural": "value changes",
                        "db_table": "programs_valuechange",
                        "ordering": ["changed_at", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="DataValue",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "value",
                            models.DecimalField(
                                blank=True,
                                decimal_places=4,
                                max_digits=20,
                                null=True,
                                verbose_name="value",
                            ),
                        ),
                        ("comment", models.TextField(blank=True, verbose_name="comment")),
                        ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("version", models.PositiveIntegerField(default=1)),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "period",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="programs.period",
                            ),
                        ),
                        (
                            "target",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="values",
                                to="programs.target",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="data_values",
                                to="org.unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "data value",
                        "verbose_name_plural": "data values",
                        "db_table": "programs_datavalue",
                        "ordering": ["period_id", "unit_id", "target_id"],
                        "indexes": [
                            models.Index(
                                fields=["target", "period"], name="programs_value_target_period"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("unit", "period", "target"), name="programs_datavalue_cell"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("version__gte", 1)),
                                name="programs_datavalue_version",
                            ),
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="submission",
                    constraint=models.UniqueConstraint(
                        fields=("reporting_period", "unit"), name="programs_submission_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="submission",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("status", "draft"),
                            ("first_submitted_at__isnull", False),
                            _connector="OR",
                        ),
                        name="programs_submission_submitted_time",
                    ),
                ),
                migrations.AddIndex(
                    model_name="valuechange",
                    index=models.Index(
                        fields=["target", "unit", "period"], name="programs_change_target_cell"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
