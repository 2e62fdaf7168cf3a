"""Reads of results: a unit's targets against plan for a period, its sub-units, the summary."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhdoan.accounts.permissions import Scope, scope_for, unit_get_for_user
from tinhdoan.documents.numbers import format_number
from tinhdoan.lib import errors
from tinhdoan.org.models import UNION_KINDS, Unit, path_prefix_q
from tinhdoan.org.selectors import unit_named
from tinhdoan.programs.models import (
    Allocation,
    Period,
    PeriodKind,
    Program,
    ReportingPeriod,
    Target,
)
from tinhdoan.programs.periods import PeriodCodeError, parse_period_code
from tinhdoan.revisions.kept import kept_under

from . import figures
from .cache import cache_key, cached, figures_revision, structure_of
from .evaluation import (
    FLOW_RULES,
    Counts,
    Forecast,
    Ranked,
    Status,
    TargetResult,
    achievement,
    count_statuses,
    elapsed_share,
    is_intensive,
    rank_units,
    target_result,
)
from .freshness import Staleness, staleness
from .models import ExplanationRequest


class ResultsError(errors.DomainError):
    """A request for results that cannot be answered; the message is for the user."""


class ResultsNotFound(ResultsError, errors.NotFound):
    pass


ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_phrase(period: Period) -> str:
    """ "Năm 2017", "6 tháng đầu năm 2017", "Quý III năm 2017", "Tháng 9 năm 2017"."""
    if period.kind == PeriodKind.HALF:
        half = "đầu" if period.number == 1 else "cuối"
        return f"6 tháng {half} năm {period.year}"
    if period.kind == PeriodKind.QUARTER:
        return f"Quý {ROMAN_QUARTERS[period.number]} năm {period.year}"
    if period.kind == PeriodKind.MONTH:
        return f"Tháng {period.number} năm {period.year}"
    return f"Năm {period.year}"


def program_for(*, unit: Unit, year: int) -> Program | None:
    """The program a unit works under in a year: its own, or the nearest ancestor's."""
    ids = [*unit.ancestor_ids(), unit.pk]
    return (
        Program.objects.select_related("unit")
        .filter(year=year, unit_id__in=ids)
        .order_by("-unit__depth")
        .first()
    )


@dataclass
class ResultsKey:
    unit: Unit
    program: Program
    reporting_period: ReportingPeriod

    @property
    def period(self) -> Period:
        return self.reporting_period.period


def results_key(*, unit: Unit, period_code: str) -> ResultsKey:
    """The program and reporting period for a unit and a period code; ResultsError otherwise."""
    try:
        spec = parse_period_code(period_code or "")
    except PeriodCodeError as exc:
        raise ResultsError(str(exc)) from None
    program = program_for(unit=unit, year=spec.year)
    if program is None:
        raise ResultsNotFound(
            _("%(unit)s has no work program for %(year)s.") % {"unit": unit.name, "year": spec.year}
        )
    reporting = (
        ReportingPeriod.objects.select_related("period")
        .filter(program=program, period__code=spec.code)
        .first()
    )
    if reporting is None:
        codes = ", ".join(
            program.reporting_periods.order_by("period__start", "-period__end").values_list(
                "period__code", flat=True
            )
        )
        raise ResultsNotFound(
            _("The program has no reporting period %(period)s; its periods are: %(codes)s.")
            % {"period": spec.code, "codes": codes or "—"}
        )
    if not unit.is_valid_on(reporting.period.end) and not unit.is_valid_on(reporting.period.start):
        raise ResultsError(
            _("%(unit)s did not exist in the period %(period)s.")
            % {"unit": unit.name, "period": spec.code}
        )
    return ResultsKey(unit=unit, program=program, reporting_period=reporting)


def results_key_for_user(*, user, unit_code: str, period_code: str) -> ResultsKey:
    """As `results_key`, for a unit the user may read (404 otherwise)."""
    unit = unit_get_for_user(user=user, code=(unit_code or "").strip())
    return results_key(unit=unit, period_code=period_code)


def sub_units(*, unit: Unit, period: Period) -> list[Unit]:
    """The union units directly below, in the tree of the period."""
    return list(
        Unit.objects.filter(parent=unit, kind__in=list(UNION_KINDS))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .order_by("sort_key", "code")
    )


def plans_for(
    *, program: Program, targets: list[Target], unit_ids: list[int]
) -> dict[tuple[int, int], Decimal | None]:
    """The plan of each target at each unit: the program's at its unit, the allocated one
    below; a rate (mean, min, max, ratio) not allocated applies its program plan as is."""
    allocated = dict(
        ((u, t), v)
        for u, t, v in Allocation.objects.filter(
            target__program=program, unit_id__in=unit_ids
        ).values_list("unit_id", "target_id", "plan_value")
    )
    plans = {}
    for unit_id in unit_ids:
        for target in targets:
            key = (unit_id, target.pk)
            if unit_id == program.unit_id:
                plans[key] = target.plan_value
            elif key in allocated:
                plans[key] = allocated[key]
            elif is_intensive(target):
                plans[key] = target.plan_value
            else:
                plans[key] = None
    return plans


def _to_date_periods(program: Program, period: Period, day: datetime.date) -> list[Period]:
    """The reporting periods inside `period` that have started by `day`, of the finest kind."""
    inside = [
        rp.period
        for rp in program.reporting_periods.select_related("period")
        if rp.period.start >= period.start
        and rp.period.end <= period.end
        and rp.period.pk != period.pk
        and rp.period.start <= day
    ]
    for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF):
        chosen = sorted((p for p in inside if p.kind == kind), key=lambda p: p.start)
        if chosen:
            return chosen
    return []


def to_date_values(
    *,
    program: Program,
    period: Period,
    day: datetime.date,
    unit_ids: list[int],
    targets,
    parts: list[Period] | None = None,
) -> dict[tuple[int, int], Decimal | None]:
    """Values so far in a running period from its reported sub-periods (`parts`, found
    when not given): the sum of the sub-periods for summed targets, the latest reported
    value for the others."""
    parts = _to_date_periods(program, period, day) if parts is None else parts
    result: dict[tuple[int, int], Decimal | None] = {}
    if not parts:
        return result
    found = figures.actual_values_by_period(
        program=program, periods=parts, unit_ids=unit_ids, targets=targets
    )
    flows = {t.pk for t in targets if t.rollup in FLOW_RULES}
    for part in parts:
        for key, value in found[part.pk].items():
            if value is None:
                continue
            if key[1] in flows and result.get(key) is not None:
                result[key] = Decimal(result[key]) + Decimal(value)
            else:
                result[key] = value
    return result


@dataclass
class SubUnitResult:
    unit: Unit
    counts: Counts
    rank: int = 0
    tie_note: str = ""
    mean_achievement: Decimal = Decimal(0)
    open_explanations: int = 0

    @property
    def share_percent(self) -> Decimal | None:
        if not self.counts.total:
            return None
        return (Decimal(self.counts.met_or_exceeded) / Decimal(self.counts.total) * 100).quantize(
            Decimal("0.1")
        )


@dataclass
class Results:
    program: Program
    unit: Unit
    period: Period
    day: datetime.date
    final: bool
    share: Decimal
    rows: list[TargetResult]
    counts: Counts
    focal_tasks: tuple[int, int]
    breakthroughs: tuple[int, int]
    sub_units: list[SubUnitResult] = field(default_factory=list)
    summary: str = ""
    stale: Staleness | None = None  # the stored figures are awaiting recomputation

    @property
    def unplanned_rows(self) -> list[TargetResult]:
        """Rows listed without a plan for this unit, left out of every count."""
        return [row for row in self.rows if not row.evaluable]

    @property
    def forecast_counts(self) -> dict[str, int]:
        counts = {value: 0 for value in Forecast.values}
        for row in self.rows:
            if row.evaluable and row.forecast:
                counts[row.forecast] += 1
        return counts


def _items(program: Program, unit: Unit, model_name: str) -> tuple[int, int]:
    items = getattr(program, model_name).all()
    if unit.pk != program.unit_id:
        items = items.filter(path_prefix_q(unit.path, field="responsible_unit__path"))
    statuses = list(items.values_list("status", flat=True))
    return sum(1 for s in statuses if s == "completed"), len(statuses)


def _number_text(value: Decimal | None, target: Target) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return format_number(value, 0)
    return format_number(value, 1 if target.is_percent else 2)


def _measure(target: Target) -> str:
    return "%" if target.is_percent else f" {target.measure}"


def summary_sentence(results: Results) -> str:
    """The year-end sentence of the report, in the words of the article."""
    head = period_phrase(results.period)
    if not results.final:
        head += f" (đến ngày {results.day:%d/%m/%Y})"
    parts = []
    for (done, total), words in (
        (results.focal_tasks, "nhiệm vụ trọng tâm"),
        (results.breakthroughs, "nội dung đột phá"),
    ):
        if total:
            parts.append(f"{done if done == total else f'{done}/{total}'} {words}")
    counts = results.counts
    clauses = []
    if results.final:
        targets_text = f"đạt và vượt {counts.met_or_exceeded}/{counts.total} chỉ tiêu đề ra"
        if parts:
            items = ", ".join(parts)
            sentence = f"{head}, {results.unit.name} thực hiện hoàn thành {items} và {targets_text}"
        else:
            sentence = f"{head}, {results.unit.name} {targets_text}"
        lagging = [r for r in results.rows if r.evaluable and r.status == Status.NOT_MET]
        if lagging:
            clauses.append(
                "chỉ tiêu chưa đạt: "
                + "; ".join(
                    f"{r.target.code} {r.target.name} ({_number_text(r.actual, r.target)}/"
                    f"{_number_text(r.plan, r.target)}{_measure(r.target)}"
                    + (f", đạt {format_number(r.percent, 1)}% kế hoạch" if r.percent else "")
                    + ")"
                    for r in lagging
                )
            )
        missing = [r for r in results.rows if r.evaluable and r.status == Status.NO_DATA]
        if missing:
            clauses.append(
                "chưa có số liệu: " + "; ".join(f"{r.target.code} {r.target.name}" for r in missing)
            )
    else:
        forecast = results.forecast_counts
        progress = (
            f"{forecast['on_track']}/{counts.total} chỉ tiêu đúng tiến độ, "
            f"{forecast['at_risk']} có nguy cơ chậm, {forecast['off_track']} chậm tiến độ, "
            f"{forecast['not_measurable']} chưa đánh giá được"
        )
        if parts:
            sentence = f"{head}, {results.unit.name} đã hoàn thành {', '.join(parts)}; {progress}"
        else:
            sentence = f"{head}, {results.unit.name} có {progress}"
        lagging = [r for r in results.rows if r.evaluable and r.forecast == Forecast.OFF_TRACK]
        if lagging:
            clauses.append(
                "chỉ tiêu chậm tiến độ: "
                + "; ".join(f"{r.target.code} {r.target.name}" for r in lagging)
            )
    return sentence + "".join(f"; {c}" for c in clauses) + "."


def unit_results(
    *,
    key: ResultsKey,
    day: datetime.date | None = None,
    with_sub_units: bool = True,
    scope: Scope | None = None,
) -> Results:
    """Every target of the unit against plan for the period, with its sub-units ranked
    (those `scope` may read). Computed once per revision of the figures: `cache`."""
    return results_of(results_request(key=key, day=day, with_sub_units=with_sub_units, scope=scope))


@dataclass(frozen=True)
class ResultsRequest:
    """What one set of results is computed from, and the revision of its data now."""

    key: ResultsKey
    day: datetime.date
    children: list[Unit]
    revision: str

    @property
    def parts(self) -> tuple:
        key = self.key
        children = tuple(c.pk for c in self.children)
        return (key.program.pk, key.unit.pk, key.period.pk, self.day, children)

    @property
    def etag(self) -> str:
        """An HTTP entity tag: the same while the results are (for one format)."""
        return cache_key("etag", self.parts, self.revision).split(":", 1)[1]


def results_request_for_user(
    *, user, unit_code: str, period_code: str, day: datetime.date | None = None
) -> ResultsRequest:
    """`results_key_for_user` then `results_request`, the lookups that depend on the tree
    and the programs only taken from what this process keeps under the structure token
    (`tinhdoan.revisions.kept`): a read of results costs the revision and the cache."""
    revision = figures_revision()
    structure = structure_of(revision)
    code = (unit_code or "").strip()
    scope = scope_for(user)
    unit = kept_under(("unit", code), structure, lambda: unit_named(code))
    if not scope.can_read(unit):
        raise Http404
    key = kept_under(
        ("results_key", unit.pk, period_code),
        structure,
        lambda: results_key(unit=unit, period_code=period_code),
    )
    children = kept_under(
        ("sub_units", unit.pk, key.period.pk),
        structure,
        lambda: sub_units(unit=unit, period=key.period),
    )
    return ResultsRequest(
        key=key,
        day=day or timezone.localdate(),
        children=[c for c in children if scope.can_read(c)],
        revision=revision,
    )


def results_request(
    *,
    key: ResultsKey,
    day: datetime.date | None = None,
    with_sub_units: bool = True,
    scope: Scope | None = None,
) -> ResultsRequest:
    children = sub_units(unit=key.unit, period=key.period) if with_sub_units else []
    if scope is not None:
        children = [c for c in children if scope.can_read(c)]
    day = day or timezone.localdate()
    return ResultsRequest(key=key, day=day, children=children, revision=figures_revision())


def results_of(request: ResultsRequest) -> Results:
    return cached(
        "results",
        request.parts,
        lambda: _unit_results(request.key, request.day, request.children),
        revision=request.revision,
    )


def _unit_results(key: ResultsKey, day: datetime.date, children: list[Unit]) -> Results:
    program, unit, period = key.program, key.unit, key.period
    final = day > period.end
    share = elapsed_share(period.start, period.end, day)
    targets = list(program.targets.all())
    parts = [] if final else _to_date_periods(program, period, day)
    ids = [unit.pk] + [c.pk for c in children]
    actuals = _actuals(key, ids, targets, day=day, final=final, parts=parts)
    plans = plans_for(program=program, targets=targets, unit_ids=ids)
    explanations = explanations_for(unit_ids=ids, period=period, targets=targets)

    def rows_of(unit_id: int) -> list[TargetResult]:
        rows = []
        for t in targets:
            row = target_result(
                t,
                plan=plans[(unit_id, t.pk)],
                actual=actuals.get((unit_id, t.pk)),
                final=final,
                share=share,
            )
            row.explanations = explanations.get((unit_id, t.pk), [])
            rows.append(row)
        return rows

    rows = rows_of(unit.pk)
    results = Results(
        program=program,
        unit=unit,
        period=period,
        day=day,
        final=final,
        share=share,
        rows=rows,
        counts=count_statuses(rows),
        focal_tasks=_items(program, unit, "focal_tasks"),
        breakthroughs=_items(program, unit, "breakthroughs"),
        stale=staleness(program=program, periods=[period, *parts]),
    )
    results.sub_units = _ranked_sub_units(children, rows_of, explanations)
    results.summary = summary_sentence(results)
    return results


def _actuals(
    key: ResultsKey, ids: list[int], targets: list[Target], *, day, final: bool, parts
) -> dict[tuple[int, int], Decimal | None]:
    """The rolled-up figures of the units; in a running period, what is still missing at
    the unit is taken from its reported sub-periods so far."""
    program, unit, period = key.program, key.unit, key.period
    actuals = figures.actual_values(program=program, period=period, unit_ids=ids, targets=targets)
    if not final and any(actuals.get((unit.pk, t.pk)) is None for t in targets):
        so_far = to_date_values(
            program=program, period=period, day=day, unit_ids=ids, targets=targets, parts=parts
        )
        for k, v in so_far.items():
            if actuals.get(k) is None:
                actuals[k] = v
    return actuals


def _ranked_sub_units(children: list[Unit], rows_of, explanations) -> list[SubUnitResult]:
    """The sub-units with a plan for some target, ranked by targets met or exceeded."""
    entries = []
    for child in children:
        child_rows = [r for r in rows_of(child.pk) if r.evaluable]
        if not child_rows:
            continue
        counts = count_statuses(child_rows)
        mean = sum(
            (achievement(r.actual, r.plan, r.target.direction) for r in child_rows), Decimal(0)
        ) / Decimal(len(child_rows))
        entries.append(Ranked(key=child, counts=counts, mean_achievement=mean))
    open_counts: dict[int, int] = {}
    for (unit_id, _t), items in explanations.items():
        open_counts[unit_id] = open_counts.get(unit_id, 0) + sum(
            1 for e in items if e.status == "open"
        )
    return [
        SubUnitResult(
            unit=e.key,
            counts=e.counts,
            rank=e.rank,
            tie_note=e.tie_note,
            mean_achievement=e.mean_achievement,
            open_explanations=open_counts.get(e.key.pk, 0),
        )
        for e in rank_units(entries, name=lambda u: u.name)
    ]


def explanations_for(
    *, unit_ids: list[int], period: Period, targets: list[Target]
) -> dict[tuple[int, int], list[ExplanationRequest]]:
    result: dict[tuple[int, int], list[ExplanationRequest]] = {}
    for request in (
        ExplanationRequest.objects.filter(unit_id__in=unit_ids, period=period, target__in=targets)
        .select_related("requested_by", "answered_by")
        .order_by("requested_at", "id")
    ):
        result.setdefault((request.unit_id, request.target_id), []).append(request)
    return result


def history(*, key: ResultsKey) -> dict[int, list[tuple[Period, Decimal | None]]]:
    """Each target's value at the unit across periods: the same kind of period in every
    program of the program's unit, and the reported parts of the period itself."""
    program, unit, period = key.program, key.unit, key.period
    targets = list(program.targets.all())
    codes = {t.code: t.pk for t in targets}
    wanted: list[tuple[Program, Period]] = []
    for rp in ReportingPeriod.objects.filter(program__unit_id=program.unit_id).select_related(
        "period", "program"
    ):
        p = rp.period
        same_kind = p.kind == period.kind and p.start <= period.start
        inside = rp.program_id == program.pk and p.start >= period.start and p.end <= period.end
        if (same_kind or inside) and (unit.is_valid_on(p.end) or unit.is_valid_on(p.start)):
            wanted.append((rp.program, p))
    wanted.sort(key=lambda pair: (pair[1].end, -pair[1].start.toordinal()))
    series: dict[int, list[tuple[Period, Decimal | None]]] = {t.pk: [] for t in targets}
    by_program: dict[int, list[Period]] = {}
    for prog, p in wanted:
        by_program.setdefault(prog.pk, []).append(p)
    values: dict[tuple[int, int], dict[str, Decimal | None]] = {}
    programs = {prog.pk: prog for prog, _p in wanted}
    for program_id, periods in by_program.items():
        prog = programs[program_id]
        prog_targets = list(prog.targets.all())
        found = figures.actual_values_by_period(
            program=prog, periods=periods, unit_ids=[unit.pk], targets=prog_targets
        )
        for p in periods:
            for t in prog_targets:
                values.setdefault((program_id, p.pk), {})[t.code] = found[p.pk].get((unit.pk, t.pk))
    for prog, p in wanted:
        for code, target_id in codes.items():
            series[target_id].append((p, values.get((prog.pk, p.pk), {}).get(code)))
    return series


def results_with_history(
    request: ResultsRequest,
) -> tuple[Results, dict[int, list[tuple[Period, Decimal | None]]]]:
    """The unit's results and each target's history (the dashboard), at one revision."""
    key = request.key
    parts = (key.program.pk, key.unit.pk, key.period.pk)
    series = cached("history", parts, lambda: history(key=key), revision=request.revision)
    return results_of(request), series


def results_for_user(*, user, unit_code: str, period_code: str, day=None) -> Results:
    key = results_key_for_user(user=user, unit_code=unit_code, period_code=period_code)
    return unit_results(key=key, day=day, scope=scope_for(user))
