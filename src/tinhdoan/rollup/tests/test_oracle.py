"""Stored figures against a from-scratch recomputation, whatever happens to the tree.

A hypothesis state machine interleaves saved values, imported files, units created,
moved, closed, reopened, merged, split and renamed, rules and allocations changed,
changes made below the use cases, refreshes and reads. After every step the program's
figures are either exact (every stored aggregate equals `oracle.expected_aggregates`,
and the results of a unit agree with it) or reported stale; after every saved value
or refresh they are exact.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from tinhdoan.org import services as org
from tinhdoan.org.models import Unit
from tinhdoan.org.services import OrgError
from tinhdoan.programs import services as programs
from tinhdoan.programs.errors import ProgramsError
from tinhdoan.programs.models import Period, Program, Target
from tinhdoan.reporting.cells import CellInput
from tinhdoan.rollup import freshness, tree
from tinhdoan.rollup.models import Aggregate
from tinhdoan.rollup.saving import values_import_file, values_save
from tinhdoan.rollup.selectors import results_key, unit_results

from .oracle import expected_aggregates

YEAR = 2020
PERIODS = ["2020", "2020S1", "2020S2"]
MID_YEAR = datetime.date(YEAR, 6, 30)
ENTERED = ["S", "S2", "M", "MN", "MX"]
RULES = ["sum", "mean", "min", "max"]
TOLERANCE = Decimal("0.0002")
choice = st.integers(min_value=0, max_value=10**6)


def _stored(program: Program) -> dict:
    return {
        (u, t, p): Decimal(v)
        for u, t, p, v in Aggregate.objects.filter(target__program=program).values_list(
            "unit_id", "target_id", "period_id", "value"
        )
    }


def _differences(program: Program, period_ids: set[int] | None = None) -> list[str]:
    """Cells (of these periods, or all) whose stored aggregate is not the recomputed one."""
    want, got = expected_aggregates(program), _stored(program)
    cells = [
        cell
        for cell in sorted(want.keys() | got.keys())
        if period_ids is None or cell[2] in period_ids
    ]
    return [
        f"{cell}: stored {got.get(cell)}, expected {want.get(cell)}"
        for cell in cells
        if cell not in want or cell not in got or abs(Decimal(got[cell]) - want[cell]) > TOLERANCE
    ]


class TreeAndValues(RuleBasedStateMachine):
    """R ── D1 ── C1, C2; R ── D2 ── C3, C4; and an outside body O ── O1 ── X ── X1 ── X11 with values
    of its own, which must never count for R, X having reported to R before it left."""

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.serial = 0
        root = tree.unit_create(code="R", name="Tỉnh đoàn", kind="provincial_union")
        outside = tree.unit_create(code="O", name="Sở", kind="department")
        tree.unit_create(code="O1", name="Phòng", kind="department", parent=outside)
        for d in (1, 2):
            district = tree.unit_create(
                code=f"D{d}", name=f"Huyện đoàn {d}", kind="district_union", parent=root
            )
            for c in (2 * d - 1, 2 * d):
                tree.unit_create(
                    code=f"C{c}", name=f"Đoàn xã {c}", kind="commune_union", parent=district
                )
        self.program = programs.program_create(unit=root, year=YEAR, title="Chương trình 2020")
        made = {}
        for code, rule_name in zip(ENTERED, ["sum", "sum", "mean", "min", "max"], strict=True):
            made[code] = programs.target_add(
                program=self.program, code=code, name=code, measure="người", rollup=rule_name
            )
        programs.target_add(
            program=self.program, code="RT", name="Tỉ lệ", measure="%", rollup="ratio",
            ratio_numerator=made["S"], ratio_denominator=made["S2"],
        )  # fmt: skip
        programs.target_add(
            program=self.program, code="CT", name="Số đơn vị", measure="đơn vị", rollup="count",
            count_source=made["S"], count_comparison="gte", count_threshold=Decimal(40),
        )  # fmt: skip
        programs.target_add(
            program=self.program, code="CP", name="Số đơn vị đạt kế hoạch", measure="đơn vị",
            rollup="count", count_source=made["S2"], count_comparison="meets_plan",
        )  # fmt: skip
        for code in PERIODS:
            programs.reporting_period_add(
                program=self.program, period_code=code, deadline=datetime.date(YEAR + 1, 1, 15)
            )
        self.other = programs.program_create(unit=outside, year=YEAR, title="Của sở")
        programs.target_add(program=self.other, code="S", name="S", measure="người")
        programs.reporting_period_add(
            program=self.other, period_code="2020", deadline=datetime.date(YEAR + 1, 1, 15)
        )
        values_save(user=None, program=self.other, cells=[CellInput("O1", "S", "2020", "77")])
        # Units that reported to the program, then moved out: their values stay, outside.
        leaver = tree.unit_create(
            code="X", name="Đoàn cơ sở X", kind="grassroots_union", parent=root
        )
        branch = tree.unit_create(code="X1", name="Chi đoàn X1", kind="branch", parent=leaver)
        tree.unit_create(code="X11", name="Tổ X11", kind="branch", parent=branch)
        values_save(
            user=None,
            program=self.program,
            cells=[CellInput(u, code, "2020", "30") for code in ENTERED for u in ("X1", "X11")],
        )
        tree.unit_move(unit=leaver, new_parent=Unit.objects.get(code="O1"))

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- what the machine picks from -------------------------------------------------------

    def _units(self, *, with_root: bool = False) -> list[Unit]:
        units = list(Unit.objects.under(self.program.unit).order_by("pk"))
        return units if with_root else [u for u in units if u.pk != self.program.unit_id]

    def _movable(self) -> list[Unit]:
        """Units of the program's tree, and those moved out to the outside body."""
        outside = Unit.objects.get(code="O")
        moved_out = Unit.objects.under(outside).exclude(code__in=["O", "O1"]).order_by("pk")
        return self._units() + list(moved_out)

    def _parents(self) -> list[Unit]:
        """Where a unit may be moved: inside the program's tree, or out to the outside body."""
        return self._units(with_root=True) + list(Unit.objects.filter(code__in=["O", "O1"]))

    def _pick(self, items: list, n: int):
        return items[n % len(items)] if items else None

    def _new_code(self) -> str:
        self.serial += 1
        return f"N{self.serial}"

    # --- writes through the use cases ------------------------------------------------------

    @rule(unit=choice, code=st.sampled_from(ENTERED), period=st.sampled_from(PERIODS),
          value=st.integers(min_value=0, max_value=100))  # fmt: skip
    def save_a_value(self, unit, code, period, value):
        chosen = self._pick(self._units(with_root=True), unit)
        try:
            values_save(
                user=None,
                program=self.program,
                cells=[CellInput(chosen.code, code, period, str(value))],
            )
        except ProgramsError:
            return
        self.must_be_exact([period])

    @rule(cells=st.lists(st.tuples(choice, st.sampled_from(ENTERED), st.sampled_from(PERIODS),
                                   st.integers(min_value=0, max_value=100)), min_size=1, max_size=60))  # fmt: skip
    def import_a_file(self, cells):
        units = self._units(with_root=True)
        rows = {(self._pick(units, u).code, t, p): v for u, t, p, v in cells}
        lines = ["unit_code,target_code,period_code,value,comment"]
        lines += [f"{u},{t},{p},{v}," for (u, t, p), v in rows.items()]
        data = ("\n".join(lines) + "\n").encode()
        try:
            values_import_file(user=None, program=self.program, filename="so-lieu.csv", data=data)
        except ProgramsError:
            return
        self.must_be_exact(sorted({p for _u, _t, p in rows}))

    @rule(unit=choice, parent=choice)
    def move_a_unit(self, unit, parent):
        moved = self._pick(self._movable(), unit)
        target = self._pick(self._parents(), parent)
        try:
            tree.unit_move(unit=moved, new_parent=target)
        except OrgError:
            return

    @rule(parent=choice, appears=st.booleans())
    def create_a_unit(self, parent, appears):
        under = self._pick(self._units(with_root=True), parent)
        try:
            tree.unit_create(
                code=self._new_code(), name="Đơn vị mới", kind="branch", parent=under,
                valid_from=MID_YEAR + datetime.timedelta(days=1) if appears else None,
            )  # fmt: skip
        except OrgError:
            return

    @rule(unit=choice, reopen=st.booleans())
    def close_or_reopen_a_unit(self, unit, reopen):
        chosen = self._pick(self._units(), unit)
        try:
            tree.unit_update(
                unit=chosen, name=chosen.name, kind=chosen.kind, valid_from=chosen.valid_from,
                valid_to=None if reopen else MID_YEAR,
            )  # fmt: skip
        except OrgError:
            return

    @rule(first=choice, second=choice)
    def merge_two_units(self, first, second):
        """Both close at mid-year; a successor under the first one's parent takes over."""
        a, b = self._pick(self._units(), first), self._pick(self._units(), second)
        try:
            with transaction.atomic():
                for unit in {a.pk: a, b.pk: b}.values():
                    tree.unit_update(unit=unit, name=unit.name, kind=unit.kind,
                                     valid_from=unit.valid_from, valid_to=MID_YEAR)  # fmt: skip
                tree.unit_create(code=self._new_code(), name="Hợp nhất", kind=a.kind, parent=a.parent,
                                 valid_from=MID_YEAR + datetime.timedelta(days=1))  # fmt: skip
        except OrgError:
            return

    @rule(unit=choice)
    def split_a_unit(self, unit):
        """It closes at mid-year; two successors under its parent take over."""
        a = self._pick(self._units(), unit)
        try:
            with transaction.atomic():
                tree.unit_update(unit=a, name=a.name, kind=a.kind, valid_from=a.valid_from,
                                 valid_to=MID_YEAR)  # fmt: skip
                for _ in range(2):
                    tree.unit_create(code=self._new_code(), name="Chia tách", kind=a.kind,
                                     parent=a.parent, valid_from=MID_YEAR + datetime.timedelta(days=1))  # fmt: skip
        except OrgError:
            return

    @rule(unit=choice)
    def rename_a_unit(self, unit):
        chosen = self._pick(self._units(), unit)
        tree.unit_update(unit=chosen, name=chosen.name + " mới", kind=chosen.kind,
                         valid_from=chosen.valid_from, valid_to=chosen.valid_to)  # fmt: skip

    # --- changes that leave the figures stale until the next write -------------------------

    @rule(code=st.sampled_from(ENTERED), rule_name=st.sampled_from(RULES),
          lower=st.booleans())  # fmt: skip
    def change_a_rule(self, code, rule_name, lower):
        programs.target_change_rule(
            target=Target.objects.get(program=self.program, code=code),
            rollup=rule_name,
            direction="lower" if lower else "higher",
        )

    @rule(plans=st.lists(st.tuples(choice, st.integers(min_value=0, max_value=100)), max_size=4))
    def allocate_plans(self, plans):
        units = self._units()
        chosen = {self._pick(units, u): Decimal(v) for u, v in plans}
        programs.allocations_set(
            target=Target.objects.get(program=self.program, code="S2"), plans=chosen
        )

    @rule(unit=choice, parent=choice)
    def move_a_unit_below_the_use_cases(self, unit, parent):
        moved = self._pick(self._movable(), unit)
        target = self._pick(self._parents(), parent)
        try:
            org.unit_move(unit=moved, new_parent=target)  # journalled, not applied
        except OrgError:
            return

    @rule()
    def refresh(self):
        freshness.refresh_pending()
        self.must_be_exact()

    # --- what must hold --------------------------------------------------------------------

    def must_be_exact(self, codes: list[str] = PERIODS):
        """The figures of these periods are not reported stale, and are exact."""
        for period in Period.objects.filter(code__in=codes):
            assert freshness.staleness(program=self.program, periods=[period]) is None
            assert _differences(self.program, {period.pk}) == []
        assert _differences(self.other) == []

    @invariant()
    def exact_unless_reported_stale(self):
        for period in Period.objects.filter(code__in=PERIODS):
            if freshness.staleness(program=self.program, periods=[period]) is None:
                assert _differences(self.program, {period.pk}) == [], period.code

    @rule(unit=choice, period=st.sampled_from(PERIODS))
    def read_the_results(self, unit, period):
        """The results of a unit agree with the recomputation, and reading writes nothing."""
        chosen = self._pick(self._units(with_root=True), unit)
        try:
            key = results_key(unit=chosen, period_code=period)
        except Exception:  # a unit not in the tree of that period
            return
        before = _stored(self.program)
        results = unit_results(key=key, day=datetime.date(YEAR + 1, 6, 1), with_sub_units=False)
        assert _stored(self.program) == before
        if results.stale is not None:
            return
        expected = expected_aggregates(self.program)
        for row in results.rows:
            cell = (chosen.pk, row.target.pk, key.period.pk)
            if cell in expected:
                assert abs(Decimal(row.actual) - expected[cell]) <= TOLERANCE, (
                    row.target.code,
                    cell,
                )


@pytest.mark.django_db
def test_stored_figures_equal_a_plain_recomputation_after_every_change():
    run_state_machine_as_test(
        TreeAndValues,
        settings=settings(
            # The same rules on both databases; PostgreSQL's round trips cost more.
            max_examples=20 if connection.vendor == "sqlite" else 10,
            stateful_step_count=25,
            derandomize=True,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
