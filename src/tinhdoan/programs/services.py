"""Writes to programs: the program, its items and targets, allocations, periods, copies."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tinhdoan.accounts.permissions import scope_for
from tinhdoan.lib.numbers import format_number
from tinhdoan.lib.text_limits import checked_create, text_fields_check
from tinhdoan.lib.uploads import CheckedFile, UploadRefused, uploaded_file_check
from tinhdoan.org.models import Unit

from .errors import NotAllowed, ProgramsError
from .models import (
    Allocation,
    Breakthrough,
    Comparison,
    Direction,
    EvidenceFile,
    FocalTask,
    ItemStatus,
    Program,
    ReportingPeriod,
    RollUp,
    Target,
    TargetRule,
)
from .periods import PeriodCodeError, period_for_code

BASE_RULES = (RollUp.SUM, RollUp.MEAN, RollUp.MIN, RollUp.MAX)


@transaction.atomic
def program_create(
    *,
    unit: Unit,
    year: int,
    title: str,
    adopted_on: datetime.date | None = None,
    source_document: str = "",
) -> Program:
    if not title.strip():
        raise ProgramsError(_("The program title is empty."))
    if Program.objects.filter(unit=unit, year=year).exists():
        raise ProgramsError(
            _("%(unit)s already has a program for %(year)s.") % {"unit": unit.name, "year": year}
        )
    return checked_create(
        Program,
        unit=unit,
        year=year,
        title=title.strip(),
        adopted_on=adopted_on,
        source_document=source_document.strip(),
    )


def _item_add(model, *, program: Program, name: str, position: int | None, **fields):
    if not name.strip():
        raise ProgramsError(_("The name is empty."))
    responsible = fields.get("responsible_unit")
    if responsible is not None and not responsible.path.startswith(program.unit.path):
        raise ProgramsError(
            _("The responsible unit must be %(unit)s or one of its sub-units.")
            % {"unit": program.unit.name}
        )
    if position is None:
        position = model.objects.filter(program=program).count() + 1
    return checked_create(model, program=program, position=position, name=name.strip(), **fields)


@transaction.atomic
def focal_task_add(
    *, program: Program, name: str, position: int | None = None, **fields
) -> FocalTask:
    return _item_add(FocalTask, program=program, name=name, position=position, **fields)


@transaction.atomic
def breakthrough_add(
    *, program: Program, name: str, position: int | None = None, **fields
) -> Breakthrough:
    return _item_add(Breakthrough, program=program, name=name, position=position, **fields)


@transaction.atomic
def item_update(
    *,
    user,
    item: FocalTask | Breakthrough,
    status: str,
    evidence: str,
    upload=None,
    title: str = "",
) -> FocalTask | Breakthrough:
    """Record progress on a focal task or breakthrough item, with evidence text and a file."""
    if not scope_for(user).can_write(item.program.unit):
        raise NotAllowed(
            _("Only the officers of %(unit)s can update its program.")
            % {"unit": item.program.unit.name}
        )
    checked = _evidence_checked(upload) if upload is not None else None
    item_set_status(item=item, status=status, evidence=evidence.strip())
    if checked is not None:
        field = "focal_task" if isinstance(item, FocalTask) else "breakthrough"
        checked_create(
            EvidenceFile,
            **{field: item},
            file=ContentFile(checked.content, name=checked.original_name),
            title=(title or checked.original_name)[:255],
        )
    return item


def _evidence_checked(upload) -> CheckedFile:
    """The uploaded file, under the rules of every evidence file (type, size, content)."""
    try:
        return uploaded_file_check(upload)
    except UploadRefused as exc:
        raise ProgramsError(str(exc)) from None


def item_set_status(*, item: FocalTask | Breakthrough, status: str, evidence: str | None = None):
    if status not in ItemStatus.values:
        raise ProgramsError(_("Unknown status: %(status)s.") % {"status": status})
    item.status = status
    fields = ["status"]
    if evidence is not None:
        item.evidence = evidence
        fields.append("evidence")
    text_fields_check(item)
    item.save(update_fields=fields)
    return item


@transaction.atomic
def target_add(
    *,
    program: Program,
    code: str,
    name: str,
    measure: str,
    rollup: str = RollUp.SUM,
    direction: str = Direction.HIGHER,
    plan_value: Decimal | None = None,
    tolerance: Decimal = Decimal(0),
    ratio_numerator: Target | None = None,
    ratio_denominator: Target | None = None,
    ratio_scale: Decimal = Decimal(100),
    count_source: Target | None = None,
    count_comparison: str = "",
    count_threshold: Decimal | None = None,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    integer_only: bool = False,
    position: int | None = None,
) -> Target:
    code = code.strip().upper()
    if not code:
        raise ProgramsError(_("The target code is empty."))
    if Target.objects.filter(program=program, code=code).exists():
        raise ProgramsError(_("The target code %(code)s is already in use.") % {"code": code})
    if rollup not in RollUp.values or direction not in Direction.values:
        raise ProgramsError(_("Unknown roll-up rule or direction."))
    if rollup == RollUp.RATIO and (ratio_numerator is None or ratio_denominator is None):
        raise ProgramsError(_("A ratio target needs a numerator and a denominator target."))
    if rollup == RollUp.COUNT and (
        count_source is None or count_comparison not in Comparison.values
    ):
        raise ProgramsError(_("A count target needs a source target and a condition."))
    for other in (ratio_numerator, ratio_denominator, count_source):
        if other is not None and other.program_id != program.pk:
            raise ProgramsError(_("A target can only refer to targets of the same program."))
    if min_value is not None and max_value is not None and max_value < min_value:
        raise ProgramsError(_("The maximum is below the minimum."))
    if position is None:
        position = Target.objects.filter(program=program).count() + 1
    if rollup in (RollUp.RATIO, RollUp.COUNT):  # computed at once from values already there
        program.mark_rules_changed()
    return checked_create(
        Target,
        program=program,
        code=code,
        name=name.strip(),
        measure=measure.strip(),
        rollup=rollup,
        direction=direction,
        plan_value=plan_value,
        tolerance=tolerance,
        ratio_numerator=ratio_numerator,
        ratio_denominator=ratio_denominator,
        ratio_scale=ratio_scale,
        count_source=count_source,
        count_comparison=count_comparison,
        count_threshold=count_threshold,
        min_value=min_value,
        max_value=max_value,
        integer_only=integer_only,
        position=position,
    )


@transaction.atomic
def target_change_rule(*, target: Target, rollup: str, direction: str) -> Target:
    """Change how an entered target rolls up (sum, mean, min, max) or which way is better.

    A computed target (ratio, count) keeps its rule: it is defined by the targets it reads."""
    if rollup not in BASE_RULES or direction not in Direction.values:
        raise ProgramsError(_("Unknown roll-up rule or direction."))
    if target.rollup not in BASE_RULES:
        raise ProgramsError(
            _("%(target)s is computed from other targets; its rule cannot change.")
            % {"target": str(target)}
        )
    if (target.rollup, target.direction) == (rollup, direction):
        return target
    target.rollup, target.direction = rollup, direction
    target.save(update_fields=["rollup", "direction"])
    target.program.mark_rules_changed()
    return target


def allocation_warnings(
    *, target: Target, allocations: dict[int, Decimal] | None = None
) -> list[str]:
    """A warning when the allocations of a sum target do not add up to its plan."""
    if target.rollup != RollUp.SUM or target.plan_value is None:
        return []
    if allocations is None:
        allocations = dict(target.allocations.values_list("unit_id", "plan_value"))
    if not allocations:
        return []
    total = sum(allocations.values(), Decimal(0))
    if total == target.plan_value:
        return []
    return [
        _(
            "%(target)s: the plans allocated to sub-units add up to %(total)s, the plan of the "
            "program is %(plan)s."
        )
        % {
            "target": str(target),
            "total": format_number(total),
            "plan": format_number(target.plan_value),
        }
    ]


@transaction.atomic
def allocations_set(*, target: Target, plans: dict[Unit, Decimal]) -> list[str]:
    """Set the plans allocated to sub-units (replacing earlier ones); return warnings."""
    program_unit = target.program.unit
    for unit, plan in plans.items():
        if unit.pk == program_unit.pk or not unit.path.startswith(program_unit.path):
            raise ProgramsError(
                _("%(unit)s is not a sub-unit of %(parent)s.")
                % {"unit": unit.name, "parent": program_unit.name}
            )
        if plan is None or plan < 0:
            raise ProgramsError(_("An allocated plan must be a number ≥ 0."))
    removed, _counts = target.allocations.exclude(unit__in=list(plans)).delete()
    existing = {a.unit_id: a for a in target.allocations.all()}
    changed = bool(removed)
    for unit, plan in plans.items():
        allocation = existing.get(unit.pk)
        if allocation is None:
            Allocation.objects.create(target=target, unit=unit, plan_value=plan)
        elif allocation.plan_value != plan:
            allocation.plan_value = plan
            allocation.save(update_fields=["plan_value"])
        else:
            continue
        changed = True
    if (
        changed
        and Target.objects.filter(
            count_source=target, rollup=RollUp.COUNT, count_comparison=Comparison.MEETS_PLAN
        ).exists()
    ):  # a count of sub-units meeting their own plan reads these
        target.program.mark_rules_changed()
    return allocation_warnings(
        target=target, allocations={unit.pk: plan for unit, plan in plans.items()}
    )


@transaction.atomic
def rule_add(
    *, program: Program, left: Target, comparison: str, right: Target, message: str
) -> TargetRule:
    if left.program_id != program.pk or right.program_id != program.pk:
        raise ProgramsError(_("A rule can only compare targets of the same program."))
    if left.pk == right.pk:
        raise ProgramsError(_("A rule compares two different targets."))
    if comparison not in Comparison.values or comparison == Comparison.MEETS_PLAN:
        raise ProgramsError(_("Unknown comparison."))
    if not message.strip():
        raise ProgramsError(_("A rule needs the message shown when it fails."))
    return TargetRule.objects.create(
        program=program, left=left, comparison=comparison, right=right, message=message.strip()
    )


@transaction.atomic
def reporting_period_add(
    *, program: Program, period_code: str, deadline: datetime.date, is_open: bool = True
) -> ReportingPeriod:
    try:
        period = period_for_code(period_code)
    except PeriodCodeError as exc:
        raise ProgramsError(str(exc)) from exc
    if period.year != program.year:
        raise ProgramsError(
            _("The period %(period)s is not in the year of the program (%(year)s).")
            % {"period": period.code, "year": program.year}
        )
    if deadline < period.end:
        raise ProgramsError(_("The deadline is before the end of the period."))
    reporting, created = ReportingPeriod.objects.get_or_create(
        program=program, period=period, defaults={"deadline": deadline, "is_open": is_open}
    )
    if not created:
        raise ProgramsError(
            _("The period %(period)s is already a reporting period of this program.")
            % {"period": period.code}
        )
    return reporting


def reporting_period_set_open(*, reporting_period: ReportingPeriod, is_open: bool) -> None:
    reporting_period.is_open = is_open
    reporting_period.save(update_fields=["is_open"])


def _shift_year(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def program_copy(*, source: Program, year: int, title: str | None = None) -> Program:
    """Start next year's program from this one: items (not started), targets, rules, periods.

    Allocations are copied for sub-units that still exist in the new year; plans
    are kept as they were, to be revised.
    """
    years = year - source.year
    program = program_create(
        unit=source.unit,
        year=year,
        title=title or source.title.replace(str(source.year), str(year)),
        source_document="",
    )
    program.copied_from = source
    program.save(update_fields=["copied_from"])
    for model in (FocalTask, Breakthrough):
        model.objects.bulk_create(
            model(
                program=program,
                position=item.position,
                name=item.name,
                description=item.description,
                responsible_unit=item.responsible_unit,
            )
            for item in model.objects.filter(program=source)
        )
    refs = ("ratio_numerator", "ratio_denominator", "count_source")
    pending = list(source.targets.all())
    new_by_old: dict[int, Target] = {}
    while pending:
        ready = [
            t for t in pending if all(getattr(t, f"{f}_id") in (None, *new_by_old) for f in refs)
        ]
        if not ready:
            raise ProgramsError(_("The targets of the program refer to each other in a cycle."))
        for target in ready:
            fields = {
                f.name: getattr(target, f.name)
                for f in Target._meta.concrete_fields
                if f.name not in {"id", "program", *refs}
            }
            for f in refs:
                old_id = getattr(target, f"{f}_id")
                fields[f] = new_by_old[old_id] if old_id else None
            new_by_old[target.pk] = checked_create(Target, program=program, **fields)
        pending = [t for t in pending if t.pk not in new_by_old]
    first_day, last_day = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    live_units = set(
        Unit.objects.under(source.unit)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last_day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first_day))
        .values_list("pk", flat=True)
    )
    Allocation.objects.bulk_create(
        Allocation(target=new_by_old[a.target_id], unit_id=a.unit_id, plan_value=a.plan_value)
        for a in Allocation.objects.filter(target__program=source)
        if a.unit_id in live_units
    )
    TargetRule.objects.bulk_create(
        TargetRule(
            program=program,
            left=new_by_old[rule.left_id],
            comparison=rule.comparison,
            right=new_by_old[rule.right_id],
            message=rule.message,
        )
        for rule in source.rules.all()
    )
    for reporting in source.reporting_periods.select_related("period"):
        code = str(year) + reporting.period.code[4:]
        reporting_period_add(
            program=program, period_code=code, deadline=_shift_year(reporting.deadline, years)
        )
    return program
