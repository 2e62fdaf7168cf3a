"""Annual work programs, their targets and reporting periods.

The numbers units report for them, their history and the units' reports are
`tinhdoan.reporting`'s.

How a target rolls up the unit tree (read by the roll-up and evaluation code):

- `sum`: the unit's own value plus the rolled-up values of its sub-units;
- `mean`, `min`, `max`: over the rolled-up values of the sub-units that have one
  (the unit's own value, when entered, is used as is);
- `ratio`: rolled-up `ratio_numerator` / rolled-up `ratio_denominator` × `ratio_scale`;
- `count`: how many direct sub-units have a value of `count_source` that meets
  `count_comparison` against `count_threshold` (or, for `meets_plan`, meets their
  own allocated plan of `count_source`).

Evaluation against the plan, with `direction` and `tolerance` (a share of the plan
in percent, 0 by default): for "higher is better", value > plan is exceeded (vượt),
value ≥ plan × (1 − tolerance/100) is met (đạt), below is not met (không đạt);
"lower is better" mirrors it.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib.text_limits import TEXT
from tinhdoan.org.models import Unit

VALUE_DIGITS = 20
VALUE_PLACES = 4


def value_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, **kwargs
    )


class Program(models.Model):
    """A unit's annual work program (chương trình công tác năm)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="programs"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("program title"), max_length=300)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    source_document = models.CharField(
        _("source document"),
        max_length=300,
        blank=True,
        help_text=_("Number and title of the document that adopted the program."),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Counts the changes of how figures roll up (a computed target added, a rule or direction
    # changed, allocations read by a count changed); the roll-up records the revision it
    # computed with, so figures computed under older rules are known to be stale.
    rules_revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("work program")
        verbose_name_plural = _("work programs")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="programs_program_unit_year"),
            models.CheckConstraint(
                condition=Q(year__gte=1931) & Q(year__lte=2200), name="programs_program_year"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def key(self) -> str:
        """How commands and the API name a program: UNIT:YEAR (TDLS:2017)."""
        return f"{self.unit.code}:{self.year}"

    def mark_rules_changed(self) -> None:
        """The way its figures roll up changed: those stored before are stale."""
        Program.objects.filter(pk=self.pk).update(rules_revision=models.F("rules_revision") + 1)
        self.refresh_from_db(fields=["rules_revision"])


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class ProgramItem(models.Model):
    """A named item of a program with a status and evidence."""

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=500)
    description = models.TextField(_("description"), blank=True, max_length=TEXT)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    evidence = models.TextField(_("evidence"), blank=True, max_length=TEXT)

    class Meta:
        abstract = True
        ordering = ["program_id", "position"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_completed(self) -> bool:
        return self.status == ItemStatus.COMPLETED


class FocalTask(ProgramItem):
    """Nhiệm vụ trọng tâm."""

    class Meta(ProgramItem.Meta):
        verbose_name = _("focal task")
        verbose_name_plural = _("focal tasks")
        default_related_name = "focal_tasks"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"], name="programs_focaltask_position"
            )
        ]


class Breakthrough(ProgramItem):
    """Nội dung đột phá."""

    class Meta(ProgramItem.Meta):
        verbose_name = _("breakthrough item")
        verbose_name_plural = _("breakthrough items")
        default_related_name = "breakthroughs"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"], name="programs_breakthrough_position"
            )
        ]


class EvidenceFile(models.Model):
    """A file attached as evidence to a focal task or a breakthrough item."""

    focal_task = models.ForeignKey(
        FocalTask, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    breakthrough = models.ForeignKey(
        Breakthrough, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="programs/evidence/%Y/")
    title = models.CharField(_("title"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_task__isnull=True, breakthrough__isnull=False)
                | Q(focal_task__isnull=False, breakthrough__isnull=True),
                name="programs_evidencefile_one_item",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.file.name


class RollUp(models.TextChoices):
    SUM = "sum", _("Sum")
    MEAN = "mean", _("Mean")
    MIN = "min", _("Minimum")
    MAX = "max", _("Maximum")
    RATIO = "ratio", _("Ratio of two targets")
    COUNT = "count", _("Count of sub-units meeting a condition")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Comparison(models.TextChoices):
    GTE = "gte", "≥"
    GT = "gt", ">"
    LTE = "lte", "≤"
    LT = "lt", "<"
    EQ = "eq", "="
    MEETS_PLAN = "meets_plan", _("meets its plan")

    def holds(self, left: Decimal, right: Decimal) -> bool:
        return {
            "gte": left >= right,
            "gt": left > right,
            "lte": left <= right,
            "lt": left < right,
            "eq": left == right,
        }[self.value]


PERCENT_MEASURES = frozenset({"%", "phần trăm"})


class Target(models.Model):
    """A numbered target (chỉ tiêu) of a program. See the module docstring for roll-up rules."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="targets"
    )
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("number"), default=0)
    name = models.CharField(_("name"), max_length=500)
    measure = models.CharField(
        _("measure"),
        max_length=40,
        help_text=_(
            "For example người, công trình, triệu đồng; a percentage is written as the sign alone."
        ),
    )
    rollup = models.CharField(
        _("roll-up rule"), max_length=10, choices=RollUp.choices, default=RollUp.SUM
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    plan_value = value_field(_("plan"), null=True, blank=True)
    tolerance = models.DecimalField(
        _("tolerance, percent of plan"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    ratio_numerator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    ratio_denominator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    ratio_scale = models.DecimalField(
        _("ratio scale"), max_digits=10, decimal_places=2, default=Decimal("100")
    )
    count_source = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    count_comparison = models.CharField(
        _("condition"), max_length=12, choices=Comparison.choices, blank=True
    )
    count_threshold = value_field(_("threshold"), null=True, blank=True)
    min_value = value_field(_("minimum"), null=True, blank=True)
    max_value = value_field(_("maximum"), null=True, blank=True)
    integer_only = models.BooleanField(_("whole numbers only"), default=False)

    class Meta:
        ordering = ["program_id", "position", "code"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="programs_target_code"),
            models.CheckConstraint(condition=~Q(code=""), name="programs_target_code_not_empty"),
            models.CheckConstraint(
                condition=~Q(rollup="ratio")
                | Q(ratio_numerator__isnull=False, ratio_denominator__isnull=False),
                name="programs_target_ratio_operands",
            ),
            models.CheckConstraint(
                condition=~Q(rollup="count")
                | (Q(count_source__isnull=False) & ~Q(count_comparison="")),
                name="programs_target_count_condition",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="programs_target_min_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @cached_property
    def is_percent(self) -> bool:
        return self.measure.strip().lower() in PERCENT_MEASURES

    @property
    def is_computed(self) -> bool:
        """Ratio and count targets are computed by the roll-up, never entered."""
        return self.rollup in {RollUp.RATIO, RollUp.COUNT}

    @cached_property
    def entry_bounds(self) -> tuple[Decimal | None, Decimal | None]:
        """The lowest and highest value accepted at entry (counts and percentages are ≥ 0)."""
        lower = self.min_value
        if lower is None and (self.integer_only or self.is_percent):
            lower = Decimal(0)
        return lower, self.upper_bound

    @cached_property
    def upper_bound(self) -> Decimal | None:
        """The highest accepted value: `max_value`, and never above 100 for a percentage."""
        if self.is_percent:
            return min(self.max_value, Decimal(100)) if self.max_value is not None else Decimal(100)
        return self.max_value


class Allocation(models.Model):
    """The part of a target's plan given to a sub-unit (giao chỉ tiêu)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="allocations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="allocations")
    plan_value = value_field(_("plan"))

    class Meta:
        ordering = ["target_id", "unit__path"]
        verbose_name = _("allocated plan")
        verbose_name_plural = _("allocated plans")
        constraints = [
            models.UniqueConstraint(fields=["target", "unit"], name="programs_allocation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.target.code} → {self.unit.code}: {self.plan_value}"


class TargetRule(models.Model):
    """A check between two targets of the same unit and period: `left` <op> `right`."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rules")
    left = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    comparison = models.CharField(
        max_length=12,
        choices=[c for c in Comparison.choices if c[0] != Comparison.MEETS_PLAN],
    )
    right = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(
        _("message"),
        max_length=300,
        help_text=_(
            "Shown when the rule fails, e.g. “Số đoàn viên mới không vượt số thanh niên "
            "được tập hợp”."
        ),
    )

    class Meta:
        ordering = ["program_id", "id"]
        verbose_name = _("rule between targets")
        verbose_name_plural = _("rules between targets")
        constraints = [
            models.CheckConstraint(
                condition=~Q(left=models.F("right")), name="programs_rule_two_targets"
            )
        ]

    def __str__(self) -> str:
        return self.message


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    HALF = "half", _("Half-year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class Period(models.Model):
    """A reporting period: 2017, 2017S1, 2017Q3, 2017-09. Made by `periods.period_for_code`."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("number"), default=0, help_text=_("Half, quarter or month number; 0 for a year.")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["start", "-end"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="programs_period_dates"
            )
        ]

    def __str__(self) -> str:
        return self.code


class ReportingPeriod(models.Model):
    """A period in which a program's units report, with its deadline."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="reporting_periods")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("report deadline"))
    is_open = models.BooleanField(_("open for entry"), default=True)

    class Meta:
        ordering = ["program_id", "period__start", "-period__end"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "period"], name="programs_reportingperiod_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program.key} {self.period.code}"
