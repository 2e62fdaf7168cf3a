import datetime
import os
import random
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tinhdoan.org.models import Unit
from tinhdoan.programs import services
from tinhdoan.programs.models import Period
from tinhdoan.programs.periods import period_for_code
from tinhdoan.reporting.models import DataValue
from tinhdoan.rollup import engine, figures, tuning
from tinhdoan.rollup.models import Aggregate, RollupState
from tinhdoan.rollup.tuning import sqlite as tuning_sqlite
from tinhdoan.testing import make_unit

from .factories import reform_world, rule_world, write

pytestmark = pytest.mark.django_db


def actual(program, period_code, unit, code):
    period = Period.objects.get(code=period_code)
    target = program.targets.get(code=code)
    values = figures.actual_values(
        program=program, period=period, unit_ids=[unit.pk], targets=list(program.targets.all())
    )
    value = values[(unit.pk, target.pk)]
    return None if value is None else Decimal(value).quantize(Decimal("0.0001"))


@pytest.fixture
def world():
    w = rule_world()
    write(
        w.program,
        [
            ("R-A1", "S", "2017", 10),
            ("R-A2", "S", "2017", 20),
            ("R-A", "S", "2017", 5),  # the district's own contribution
            ("R-B", "S", "2017", 7),
            ("R-L", "S", "2017", 3),  # left the tree on 30/06/2017, reported for the year
            ("R", "S", "2017", 100),  # the province's own contribution
            ("R-A1", "D", "2017", 40),
            ("R-A2", "D", "2017", 60),
            ("R-B", "D", "2017", 100),
            ("R-A1", "M", "2017", 60),
            ("R-A2", "M", "2017", 80),
            ("R-B", "M", "2017", 90),
            ("R-A1", "MN", "2017", 60),
            ("R-A2", "MN", "2017", 45),
            ("R-B", "MN", "2017", 90),
            ("R-A1", "MX", "2017", 60),
            ("R-A2", "MX", "2017", 80),
            ("R-B", "MX", "2017", 95),
        ],
    )
    return w


def test_sum_counts_values_entered_at_a_parent_once(world):
    assert actual(world.program, "2017", world.district, "S") == Decimal(35)
    assert actual(world.program, "2017", world.root, "S") == Decimal(145)
    assert actual(world.program, "2017", world.a1, "S") == Decimal(10)


def test_mean_min_max_over_sub_units(world):
    assert actual(world.program, "2017", world.district, "M") == Decimal(70)
    assert actual(world.program, "2017", world.root, "M") == Decimal(80)  # (70 + 90) / 2
    assert actual(world.program, "2017", world.root, "MN") == Decimal(45)
    assert actual(world.program, "2017", world.root, "MX") == Decimal(95)


def test_a_value_entered_at_a_parent_stands_for_its_mean(world):
    write(world.program, [("R-A", "M", "2017", 50)])
    engine.rollup_full(program=world.program, periods=Period.objects.filter(code="2017"))
    assert actual(world.program, "2017", world.district, "M") == Decimal(50)
    assert actual(world.program, "2017", world.root, "M") == Decimal(70)  # (50 + 90) / 2


def test_ratio_is_computed_from_rolled_up_operands(world):
    # S at A = 35, D at A = 100; S at R = 145, D at R = 200
    assert actual(world.program, "2017", world.district, "RT") == Decimal(35)
    assert actual(world.program, "2017", world.root, "RT") == Decimal("72.5")
    assert actual(world.program, "2017", world.a1, "RT") == Decimal(25)


def test_count_of_sub_units_meeting_a_threshold(world):
    # direct sub-units of R with M ≥ 75: A (70) no, B (90) yes
    assert actual(world.program, "2017", world.root, "C") == Decimal(1)
    # at A: A1 (60) no, A2 (80) yes
    assert actual(world.program, "2017", world.district, "C") == Decimal(1)


def test_count_of_sub_units_meeting_their_own_plan(world):
    # plans of S: A 30 (has 35), B 10 (has 7), L 5 (has 3)
    assert actual(world.program, "2017", world.root, "CP") == Decimal(1)


def test_a_unit_that_left_in_mid_year_counts_for_the_year_but_not_after(world):
    period_s2 = Period.objects.get(code="2017S2")
    # a value of the second half kept from before the unit was closed is outside that tree
    DataValue.objects.create(
        unit=world.leaver, target=world.targets["S"], period=period_s2, value=Decimal(9)
    )
    write(world.program, [("R-B", "S", "2017S2", 4)])
    assert actual(world.program, "2017", world.root, "S") == Decimal(145)
    assert actual(world.program, "2017S2", world.root, "S") == Decimal(4)


def test_no_value_anywhere_is_no_data(world):
    assert actual(world.program, "2017S1", world.root, "S") is None
    assert actual(world.program, "2017S1", world.root, "RT") is None
    assert actual(world.program, "2017S1", world.root, "C") is None


@pytest.fixture
def reform():
    w = reform_world()
    write(
        w.program,
        [
            ("Q-H1", "S", "2025S1", 10),
            ("Q-H2", "S", "2025S1", 20),
            ("Q-N1", "S", "2025S2", 40),
            ("Q-H1", "S", "2025", 10),
            ("Q-H2", "S", "2025", 20),
            ("Q-N1", "S", "2025", 40),
        ],
    )
    return w


def test_the_tree_before_1_july_2025_rolls_up_through_the_district(reform):
    assert actual(reform.program, "2025S1", reform.root, "S") == Decimal(30)
    assert actual(reform.program, "2025S1", reform.district, "S") == Decimal(30)
    assert actual(reform.program, "2025S1", reform.root, "C") == Decimal(1)  # the district


def test_the_tree_after_1_july_2025_has_the_new_commune_directly_below(reform):
    assert actual(reform.program, "2025S2", reform.root, "S") == Decimal(40)
    assert actual(reform.program, "2025S2", reform.root, "C") == Decimal(1)  # the new commune
    assert not Aggregate.objects.filter(unit=reform.district, period__code="2025S2").exists()


def test_the_year_2025_adds_both_trees_without_double_counting(reform):
    assert actual(reform.program, "2025", reform.root, "S") == Decimal(70)
    assert actual(reform.program, "2025", reform.root, "C") == Decimal(2)


def _reference(units, values, rule, root_id):
    """The roll-up rules of the programs module, computed recursively in Python."""
    children = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit.pk)

    def rolled(pk):
        kids = [v for v in (rolled(c) for c in children.get(pk, [])) if v is not None]
        own = values.get(pk)
        if rule == "sum":
            parts = kids + ([own] if own is not None else [])
            return sum(parts) if parts else None
        if own is not None:
            return own
        if not kids:
            return None
        if rule == "mean":
            return sum(kids) / len(kids)
        return min(kids) if rule == "min" else max(kids)

    return {unit.pk: rolled(unit.pk) for unit in units}


@pytest.mark.parametrize("rule", ["sum", "mean", "min", "max"])
def test_sql_roll_up_agrees_with_the_recursive_definition_on_a_random_tree(rule):
    rng = random.Random(20170109)
    root = make_unit("X", kind="provincial_union")
    units = [root]
    for index in range(40):
        parent = rng.choice(units[: max(1, len(units))])
        units.append(make_unit(f"X-{index}", parent=parent))
    units = list(Unit.objects.filter(path__startswith=root.path))
    program = services.program_create(unit=root, year=2020, title="Chương trình năm 2020")
    target = services.target_add(
        program=program,
        code="T",
        name="Chỉ tiêu",
        measure="điểm",
        rollup=rule,
        plan_value=Decimal(1),
    )
    services.reporting_period_add(
        program=program, period_code="2020", deadline=datetime.date(2021, 1, 10)
    )
    values = {u.pk: Decimal(rng.randint(0, 100)) for u in units if rng.random() < 0.6}
    write(program, [(u.code, "T", "2020", values[u.pk]) for u in units if u.pk in values])
    expected = _reference(units, values, rule, root.pk)
    period = Period.objects.get(code="2020")
    engine.rollup_full(program=program, periods=[period])
    got = figures.actual_values(
        program=program, period=period, unit_ids=[u.pk for u in units], targets=[target]
    )
    for unit in units:
        want = expected[unit.pk]
        value = got[(unit.pk, target.pk)]
        if want is None:
            assert value is None, unit.code
        else:
            assert Decimal(value).quantize(Decimal("0.001")) == Decimal(want).quantize(
                Decimal("0.001")
            ), unit.code


def _snapshot(program):
    return {
        (a.unit_id, a.target_id, a.period_id): Decimal(a.value).quantize(Decimal("0.0001"))
        for a in Aggregate.objects.filter(target__program=program)
    }


def test_saving_a_value_updates_its_ancestors_like_a_full_roll_up(world):
    periods = list(Period.objects.filter(code__in=["2017", "2017S1"]))
    engine.rollup_full(program=world.program, periods=periods)
    result = write(world.program, [("R-A1", "S", "2017", 31), ("R-A1", "M", "2017", 90)])
    engine.values_saved(program=world.program, cells=result.cells)
    incremental = _snapshot(world.program)
    engine.rollup_full(program=world.program, periods=periods)
    assert incremental == _snapshot(world.program)
    assert actual(world.program, "2017", world.root, "S") == Decimal(166)
    assert actual(world.program, "2017", world.district, "C") == Decimal(2)


def test_a_full_roll_up_rewrites_only_the_aggregates_that_changed(world):
    periods = list(Period.objects.filter(code="2017"))
    engine.rollup_full(program=world.program, periods=periods)
    before = {(a.unit_id, a.target_id): (a.pk, a.value) for a in Aggregate.objects.all()}
    # changed below the engine, as by a restore: only a full roll-up sees it
    DataValue.objects.filter(unit__code="R-A1", target__code="S").update(value=30)
    stale = Aggregate.objects.create(
        target=world.program.targets.get(code="S"),
        period=periods[0],
        unit=Unit.objects.get(code="R-B"),
        value=1,
    )
    engine.rollup_full(program=world.program, periods=periods)
    after = {(a.unit_id, a.target_id): (a.pk, a.value) for a in Aggregate.objects.all()}
    changed = {key for key in before if after[key] != before[key]}
    total = world.program.targets.get(code="S").pk
    ratio = world.program.targets.get(ratio_numerator_id=total).pk  # S over D
    assert changed == {
        (unit.pk, target) for unit in (world.district, world.root) for target in (total, ratio)
    }
    assert {after[key][0] for key in changed} == {before[key][0] for key in changed}  # updated
    assert after[(world.root.pk, total)][1] == Decimal(165)
    assert not Aggregate.objects.filter(pk=stale.pk).exists()  # a unit without sub-units
    assert after.keys() == before.keys()


def test_saved_values_are_rolled_up_as_they_are_saved_without_a_full_roll_up(world):
    assert RollupState.objects.filter(program=world.program, period__code="2017").exists()
    assert actual(world.program, "2017", world.root, "S") == Decimal(145)
    assert (
        engine.rollup_check(program=world.program, periods=Period.objects.filter(code="2017")) == []
    )


def test_a_save_recomputes_only_its_ancestors_unless_the_period_is_stale(world):
    """A save of an exact period refreshes the saved cell's chain, statement by level; a
    period marked stale is recomputed whole (the full roll-up fills its fresh table)."""

    def statements_of_a_save(value) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            write(world.program, [("R-A1", "S", "2017", value)])
        return [query["sql"] for query in captured.captured_queries]

    assert not any(engine.T_FRESH in sql for sql in statements_of_a_save(11))
    RollupState.objects.filter(program=world.program).update(stale_since=timezone.now())
    assert any(engine.T_FRESH in sql for sql in statements_of_a_save(12))
    assert not RollupState.objects.filter(stale_since__isnull=False).exists()
    assert not any(engine.T_FRESH in sql for sql in statements_of_a_save(13))
    assert actual(world.program, "2017", world.root, "S") == Decimal(148)


def test_a_unit_created_below_brings_its_values_at_once(world):
    make_unit("R-A3", parent=world.district)
    write(world.program, [("R-A3", "S", "2017", 50)])
    assert actual(world.program, "2017", world.root, "S") == Decimal(195)
    assert actual(world.program, "2017", world.district, "S") == Decimal(85)


def _random_program(seed: int, units: int = 60):
    """A random four-level tree whose units report five targets of every entered rule:
    most values at the leaves, some sums at the branches too."""
    rng = random.Random(seed)
    root = make_unit(f"Y{seed}", kind="provincial_union")
    regions = [make_unit(f"Y{seed}-R{index}", parent=root) for index in range(2)]
    districts = [make_unit(f"Y{seed}-D{index}", parent=regions[index % 2]) for index in range(6)]
    made = [root, *regions, *districts]
    leaves = []
    for index in range(units):
        leaves.append(make_unit(f"Y{seed}-{index}", parent=rng.choice(districts)))
    made += leaves
    leaves = set(leaves)
    program = services.program_create(unit=root, year=2020, title="Chương trình năm 2020")
    rules = {"S1": "sum", "S2": "sum", "M": "mean", "MN": "min", "MX": "max"}
    for code, rule in rules.items():
        services.target_add(
            program=program, code=code, name=code, measure="điểm", rollup=rule, plan_value=1
        )
    services.reporting_period_add(
        program=program, period_code="2020", deadline=datetime.date(2021, 1, 10)
    )
    values = {
        code: {
            u.pk: Decimal(rng.randint(0, 100))
            for u in made
            if rng.random() < (0.8 if u in leaves else 0.5 if rule == "sum" else 0)
        }
        for code, rule in rules.items()
    }
    write(
        program,
        [
            (u.code, code, "2020", values[code][u.pk])
            for code in rules
            for u in made
            if u.pk in values[code]
        ],
    )
    units = list(Unit.objects.filter(path__startswith=root.path))
    expected = {
        code: _reference(units, values[code], rule, root.pk) for code, rule in rules.items()
    }
    return program, units, expected


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("readers", "scan", "packed"),
    [(1, False, True), (1, True, True), (3, False, True), (3, True, True), (3, True, False)],
)
def test_the_deepest_level_read_and_grouped_either_way_gives_the_same_figures(
    monkeypatch, readers, scan, packed
):
    """Outside a transaction (as the benchmark and the rollup command call it), on one or
    several connections, by index or by a scan of the values table, each cell grouped by
    one packed integer or by its three columns."""
    if connection.vendor != "sqlite" and (readers > 1 or scan or not packed):
        pytest.skip("SQLite only: PostgreSQL parallelises and plans one statement itself")
    program, units, expected = _random_program(20201)
    period = Period.objects.get(code="2020")
    vendor = tuning.for_connection()
    monkeypatch.setattr(vendor, "readers", lambda: readers)
    monkeypatch.setattr(vendor, "scan_pays", lambda *args, **kwargs: scan)
    keys = []
    real_key = vendor.cell_key

    def recorded(*args):
        key = real_key(*args) if packed else tuning.THREE_COLUMNS
        keys.append(key)
        return key

    monkeypatch.setattr(vendor, "cell_key", recorded)
    parallel_calls = []
    real_fetch = vendor.fetch_in_parallel

    def counted(statements):
        parallel_calls.append(len(statements))
        return real_fetch(statements)

    monkeypatch.setattr(vendor, "fetch_in_parallel", counted)
    engine.rollup_full(program=program, periods=[period])
    assert parallel_calls == ([3] if readers > 1 else [])  # five targets, three connections
    if connection.vendor == "sqlite" and scan:
        packed_keys = [k for k in keys if k is not tuning.THREE_COLUMNS]
        assert packed_keys if packed else not packed_keys
    targets = list(program.targets.all())
    got = figures.actual_values(
        program=program, period=period, unit_ids=[u.pk for u in units], targets=targets
    )
    for target in targets:
        for unit in units:
            want, value = expected[target.code][unit.pk], got[(unit.pk, target.pk)]
            if want is None:
                assert value is None, (target.code, unit.code)
            else:
                assert Decimal(value).quantize(Decimal("0.001")) == Decimal(want).quantize(
                    Decimal("0.001")
                ), (target.code, unit.code)


def _scan_pays(cursor, units, period) -> bool:
    leaves = max(u.depth for u in units)
    return tuning.for_connection().scan_pays(
        cursor,
        table=DataValue._meta.db_table,
        units=Unit.objects.filter(depth=leaves).count(),
        cells_per_unit=5,
    )


def test_the_values_table_is_scanned_only_when_the_periods_fill_most_of_it():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL plans its own reads")
    program, units, _ = _random_program(20202)
    period = Period.objects.get(code="2020")
    with connection.cursor() as cursor:
        assert _scan_pays(cursor, units, period)
        # many other years' values: a row id far above what these periods can hold
        other = period_for_code("2019")
        top = DataValue.objects.order_by("-id").values_list("id", flat=True).first()
        DataValue.objects.create(
            id=top + 10**7, unit=units[-1], target=program.targets.first(), period=other, value=1
        )
        assert not _scan_pays(cursor, units, period)
        # an empty table is never scanned
        DataValue.objects.all().delete()
        assert not _scan_pays(cursor, units, period)


def test_a_full_rollup_scans_the_values_and_the_fresh_aggregates_only_where_they_fill_them(
    monkeypatch,
):
    """On SQLite the deepest level reads the values table from end to end when its units'
    values are most of it, and the level above reads the fresh aggregates of that level
    the same way; the top levels, with few sub-units, seek."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL plans its own reads")
    program, units, _ = _random_program(20203)
    period = Period.objects.get(code="2020")
    decisions = []
    vendor = tuning.for_connection()
    real_scan_pays = vendor.scan_pays

    def recorded(cursor, *, table, units, cells_per_unit):
        answer = real_scan_pays(cursor, table=table, units=units, cells_per_unit=cells_per_unit)
        decisions.append((table, answer))
        return answer

    monkeypatch.setattr(vendor, "scan_pays", recorded)
    engine.rollup_full(program=program, periods=[period])
    fresh = engine.T_FRESH
    assert decisions == [
        (DataValue._meta.db_table, True),  # the leaves' values are the whole table
        (fresh, True),  # the districts' aggregates are all the fresh ones
        (fresh, False),  # two regions: a small share of districts and regions
    ]


@pytest.mark.django_db(transaction=True)
def test_other_connections_read_only_outside_a_transaction():
    cores = len(os.sched_getaffinity(0))
    vendor = tuning.for_connection()
    expected = min(cores, tuning_sqlite.MAX_READERS) if connection.vendor == "sqlite" else 1
    assert vendor.readers() == expected
    with transaction.atomic():  # what is uncommitted here, another connection cannot see
        assert vendor.readers() == 1


def test_cells_are_packed_only_where_their_key_fits_64_bits():
    vendor = tuning.for_connection()
    if connection.vendor != "sqlite":
        assert vendor.cell_key([1, 2], [1]) is tuning.THREE_COLUMNS  # PostgreSQL: by hash
        return
    packed = vendor.cell_key([7, 9, 8], [30, 33])
    assert packed.select == f"((x.target_id - 7) * 4 + x.period_id - 30) * {2**32} + x.unit_id AS k"
    assert vendor.cell_key([1, 2**20], [1, 2**12]) is tuning.THREE_COLUMNS  # spans too wide
    Unit.objects.filter(pk=make_unit("PACK-TOP").pk).update(id=tuning_sqlite.UNIT_BITS)
    assert vendor.cell_key([7, 9], [30]) is tuning.THREE_COLUMNS  # a unit id above 32 bits
