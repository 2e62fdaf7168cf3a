"""Stored roll-up results and explanation requests.

`Aggregate` holds the rolled-up value of a target for a unit that has sub-units in
the tree of the period (a unit without sub-units is its own entered value, read
straight from the data values). Aggregates are derived data: `tinhdoan.rollup.engine`
writes them, fully or for the ancestors of saved values, and can rebuild them at
any time.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib.text_limits import NOTE, TEXT, text_fields_check
from tinhdoan.org.models import Unit
from tinhdoan.programs.models import Period, Program, Target


class Aggregate(models.Model):
    """The rolled-up value of a target at a unit with sub-units, for a period."""

    # Derived rows, rewritten by the hundred thousand on a full roll-up: no database
    # foreign-key checks (Django still cascades deletes) and no index beyond the two
    # composite ones below, which serve every lookup by target, unit or period.
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    value = models.DecimalField(_("value"), max_digits=30, decimal_places=8, null=True)

    class Meta:
        ordering = ["period_id", "unit_id", "target_id"]
        verbose_name = _("rolled-up value")
        verbose_name_plural = _("rolled-up values")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "period", "unit"], name="rollup_aggregate_cell"
            )
        ]
        indexes = [models.Index(fields=["unit", "period"], name="rollup_aggregate_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.target_id}/{self.period_id} = {self.value}"


class RollupState(models.Model):
    """The roll-up of a program for a period: the row that concurrent refreshes lock, and
    what is known about whether its stored aggregates are exact.

    Stale when marked so (`stale_since`: restored from a backup, upgraded), or when the
    program's rules changed since it was computed (`rules_revision` below the program's);
    a tree change not yet applied is the third way (`tinhdoan.org.models.TreeChange`).
    `tinhdoan.rollup.freshness` reads and clears all three.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    computed_at = models.DateTimeField(default=timezone.now)
    rules_revision = models.PositiveIntegerField(default=0)
    stale_since = models.DateTimeField(null=True, blank=True)
    stale_reason = models.CharField(max_length=200, blank=True)
    # A random token the engine replaces whenever it writes the aggregates (or staleness)
    # of the program and period: with `tinhdoan.revisions`' structure token it keys the
    # cached results (`tinhdoan.rollup.cache`).
    revision = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["program_id", "period_id"]
        verbose_name = _("roll-up state")
        verbose_name_plural = _("roll-up states")
        constraints = [
            models.UniqueConstraint(fields=["program", "period"], name="rollup_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.program_id}/{self.period_id} @ {self.computed_at:%Y-%m-%d %H:%M}"

    @property
    def is_stale(self) -> bool:
        """Marked stale, or computed under older rules than the program's."""
        return self.stale_since is not None or self.rules_revision < self.program.rules_revision


class ExplanationStatus(models.TextChoices):
    OPEN = "open", _("Awaiting explanation")
    ANSWERED = "answered", _("Explained")


class ExplanationRequest(models.Model):
    """A request to a unit to explain a lagging target (yêu cầu giải trình), and its answer."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="explanations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("request"), max_length=NOTE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status_when_requested = models.CharField(max_length=20, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExplanationStatus.choices,
        default=ExplanationStatus.OPEN,
    )
    answer = models.TextField(_("explanation"), blank=True, max_length=TEXT)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("explanation request")
        verbose_name_plural = _("explanation requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", answered_at__isnull=True)
                | Q(status="answered", answered_at__isnull=False),
                name="rollup_explanation_answered",
            ),
            models.CheckConstraint(condition=~Q(message=""), name="rollup_explanation_message"),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="rollup_explanation_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.target.code} · {self.unit.code} · {self.period.code}"

    def mark_answered(self, *, user, answer: str) -> None:
        self.answer = answer
        self.answered_by = user
        self.answered_at = timezone.now()
        self.status = ExplanationStatus.ANSWERED
        text_fields_check(self)
        self.save(update_fields=["answer", "answered_by", "answered_at", "status"])
