"""The numbers units report (số liệu), their audit history, and the units' reports.

A value is kept per (unit, target, period); every write adds a `ValueChange`. A unit's
report for a program and period (`Submission`) goes draft → submitted → approved (or
returned) → locked; each step is a `SubmissionEvent`. Saving values goes through
`tinhdoan.rollup.saving.values_save`, which rolls the figures up in the same transaction.

The tables keep the names they had when these models were part of `tinhdoan.programs`
(`programs_datavalue`, …): moving the models between apps moved no data.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib.text_limits import NOTE
from tinhdoan.org.models import Unit
from tinhdoan.programs.models import Period, ReportingPeriod, Target, value_field


class DataValueQuerySet(models.QuerySet):
    def filled(self) -> "DataValueQuerySet":
        """Values that hold a number (a cleared cell keeps its row, with no value)."""
        return self.filter(value__isnull=False)


class DataValue(models.Model):
    """One number a unit reports for a target and period (số liệu).

    A cleared cell keeps its row with `value` empty so that `version` keeps
    counting up: a client holding an old version is refused, never overwritten.
    """

    # Both lookups are served by the composite indexes below; no separate index is kept.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="data_values", db_index=False
    )
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="values", db_index=False
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    value = value_field(_("value"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=NOTE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = DataValueQuerySet.as_manager()

    class Meta:
        db_table = "programs_datavalue"
        ordering = ["period_id", "unit_id", "target_id"]
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            # Unit and period first: a unit's report for a period (the grid, the roll-up
            # of its values) is one contiguous range of this index.
            models.UniqueConstraint(
                fields=["unit", "period", "target"], name="programs_datavalue_cell"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="programs_datavalue_version"),
        ]
        indexes = [models.Index(fields=["target", "period"], name="programs_value_target_period")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.target_id}/{self.period_id} = {self.value}"


class ValueChange(models.Model):
    """The audit history of a cell: every write, with old and new value, who, when and why."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="changes", db_index=False
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", db_index=False)
    old_value = value_field(_("old value"), null=True, blank=True)
    new_value = value_field(_("new value"), null=True, blank=True)
    old_comment = models.TextField(blank=True)
    new_comment = models.TextField(blank=True)
    version = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    changed_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=20, default="web")
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        db_table = "programs_valuechange"
        ordering = ["changed_at", "id"]
        verbose_name = _("value change")
        verbose_name_plural = _("value changes")
        indexes = [
            # One index serves the history of a cell and the deletion of a target's changes.
            models.Index(fields=["target", "unit", "period"], name="programs_change_target_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.old_value} → {self.new_value} (v{self.version})"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    LOCKED = "locked", _("Locked")


EDITABLE_STATUSES = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})


class Submission(models.Model):
    """A unit's report for a program and period: draft → submitted → approved → locked."""

    reporting_period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField(
        _("status"), max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("reason for return"), blank=True, max_length=NOTE)
    # What the checks found at the last submission, and the officer's comment on them.
    warnings = models.JSONField(_("warnings at submission"), default=list, blank=True)
    submit_comment = models.TextField(_("comment at submission"), blank=True, max_length=NOTE)

    class Meta:
        db_table = "programs_submission"
        ordering = ["reporting_period_id", "unit__path"]
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        constraints = [
            models.UniqueConstraint(
                fields=["reporting_period", "unit"], name="programs_submission_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(first_submitted_at__isnull=False),
                name="programs_submission_submitted_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.reporting_period} ({self.status})"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def submitted_on_time(self, deadline: datetime.date) -> bool | None:
        if self.first_submitted_at is None:
            return None
        return timezone.localdate(self.first_submitted_at) <= deadline


class SubmissionEvent(models.Model):
    """One step of a report's workflow, shown in the history of each of its cells."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12)
    from_status = models.CharField(max_length=12, choices=SubmissionStatus.choices)
    to_status = models.CharField(max_length=12, choices=SubmissionStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"), blank=True, max_length=NOTE)

    class Meta:
        db_table = "programs_submissionevent"
        ordering = ["at", "id"]
        verbose_name = _("report step")
        verbose_name_plural = _("report steps")

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"
