"""Roll-up and evaluation at national scale, against DuckDB as the one-machine reference.

Builds a national root over the 34 provinces and 3,321 communes and wards of
`vietnam-provinces`, synthetic branches below the communes up to --units, a program
at the root with --targets targets (sums, means, minima, maxima, one ratio, one count)
and --periods periods of values at every branch, then measures:

(a) the full roll-up of every unit, target and period (`tinhdoan.rollup.engine`),
    and the set-based evaluation of every unit, target and period; the median of
    --repeat runs, and the first run apart: it writes every aggregate, where a later
    run over unchanged values computes them all again but has nothing to write;
(b) the same subtree sums computed by DuckDB over the same rows exported to Parquet;
(c) the latency from saving one value at a branch (`values_save`) to the national
    total being up to date, over 200 saves (p50, p95);
(d) the results page (`/results/`, the whole request through Django as an approver
    sees it) of the national root, a province and a commune, against a bare read of
    the stored aggregates it shows (that unit's and its sub-units', one query).

Prints one JSON object.
"""

import argparse
import csv
import datetime
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_for_bench, drop_bench_database, progress  # noqa: E402

YEAR = 2026
START = datetime.date(2025, 7, 1)


def build_tree(total: int) -> dict:
    from vietnam_provinces import Province
    from vietnam_provinces.lookup import WARD_MAPPING

    from tinhdoan.org.models import Unit
    from tinhdoan.rollup.tree import tree_rebuild_paths

    root = Unit(code="TW", name="Trung ương Đoàn TNCS Hồ Chí Minh", kind="provincial_union")
    root.save()
    provinces = [
        Unit(
            code=f"P{p.code.value:02d}",
            name=f"Tỉnh đoàn {p.name}",
            kind="provincial_union",
            parent=root,
            valid_from=START,
        )
        for p in Province.iter_all()
    ]
    Unit.objects.bulk_create(provinces, batch_size=1000)
    by_code = {u.code: u for u in Unit.objects.all()}
    communes = [
        Unit(
            code=f"W{w.code.value:05d}",
            name=f"Đoàn {w.name}",
            kind="commune_union",
            parent=by_code[f"P{w.province_code.value:02d}"],
            valid_from=START,
        )
        for w in WARD_MAPPING.values()
    ]
    Unit.objects.bulk_create(communes, batch_size=2000)
    communes = list(Unit.objects.filter(kind="commune_union").order_by("pk"))
    remaining = max(total - 1 - len(provinces) - len(communes), 0)
    branches = []
    for index in range(remaining):
        branches.append(
            Unit(
                code=f"B{index:07d}",
                name=f"Chi đoàn {index}",
                kind="branch",
                parent=communes[index % len(communes)],
                valid_from=START,
            )
        )
        if len(branches) == 10000:
            Unit.objects.bulk_create(branches)
            branches = []
    Unit.objects.bulk_create(branches)
    tree_rebuild_paths()
    progress(f"  cây: {Unit.objects.count():,} đơn vị ({len(provinces)} tỉnh, {len(communes)} xã)")
    return {"root": root, "provinces": len(provinces), "communes": len(communes)}


def build_program(root, targets: int, periods: int):
    from tinhdoan.programs import services

    program = services.program_create(unit=root, year=YEAR, title=f"Chương trình {YEAR}")
    made = []
    base_count = max(targets - 2, 1)
    for index in range(base_count):
        rule = {7: "mean", 8: "min", 9: "max"}.get(index % 10, "sum")
        made.append(
            services.target_add(
                program=program,
                code=f"T{index + 1:02d}",
                name=f"Chỉ tiêu {index + 1}",
                measure="%" if rule != "sum" else "người",
                rollup=rule,
                plan_value=Decimal(60) if rule != "sum" else Decimal(1_000_000),
            )
        )
    sums = [t for t in made if t.rollup == "sum"]
    means = [t for t in made if t.rollup == "mean"] or made
    if targets >= 2 and len(sums) >= 2:
        made.append(
            services.target_add(
                program=program,
                code="TR",
                name="Tỷ lệ",
                measure="%",
                rollup="ratio",
                ratio_numerator=sums[0],
                ratio_denominator=sums[1],
                plan_value=Decimal(90),
            )
        )
    if targets >= 3:
        made.append(
            services.target_add(
                program=program,
                code="TC",
                name="Số đơn vị đạt",
                measure="đơn vị",
                rollup="count",
                count_source=means[0],
                count_comparison="gte",
                count_threshold=Decimal(70),
                plan_value=Decimal(20),
            )
        )
    if periods <= 4:
        codes = [f"{YEAR}Q{q}" for q in range(1, periods + 1)]
    else:
        codes = [f"{YEAR}-{m:02d}" for m in range(1, min(periods, 12) + 1)]
    reporting = [
        services.reporting_period_add(
            program=program, period_code=code, deadline=datetime.date(YEAR + 1, 1, 15)
        )
        for code in codes
    ]
    return program, made, [rp.period for rp in reporting]


def _value_indexes(connection) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'programs_datavalue' AND sql IS NOT NULL"
            )
        else:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = "
                "'programs_datavalue' AND i.indexname NOT IN (SELECT conname FROM "
                "pg_constraint WHERE conrelid = 'programs_datavalue'::regclass)"
            )
        return list(cursor.fetchall())


def vacuum_now(table: str) -> None:
    """As an operator does after a bulk load on PostgreSQL: the table vacuumed now (its
    visibility map set), not by autovacuum in the middle of the measurements that follow."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")


def loaded_progress(loaded: int, rows: int) -> None:
    if loaded % 2_000_000 == 0:
        progress(f"  đã nạp {loaded:,}/{rows:,} số liệu ({loaded / rows:.0%})")


def load_values(program, targets, periods, out_dir: Path, seed: int) -> tuple[int, Path]:
    """Write the values of every unit without sub-units to CSV, then load them in bulk."""
    from django.db import connection

    from tinhdoan.org.models import Unit

    rng = random.Random(seed)
    leaves = list(
        Unit.objects.filter(path__startswith=program.unit.path)
        .exclude(pk__in=Unit.objects.filter(parent__isnull=False).values("parent_id"))
        .values_list("pk", flat=True)
    )
    base = [t for t in targets if t.rollup in ("sum", "mean", "min", "max")]
    path = out_dir / "values.csv"
    rows = 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit_id", "target_id", "period_id", "value"])
        for unit_id in leaves:
            for target in base:
                low, high = (0, 200) if target.rollup == "sum" else (40, 100)
                for period in periods:
                    writer.writerow([unit_id, target.pk, period.pk, rng.randint(low, high)])
                    rows += 1
    progress(f"  {rows:,} số liệu tại {len(leaves):,} đơn vị cơ sở → nạp vào {connection.vendor}")
    indexes = _value_indexes(connection)
    now = datetime.datetime.now(datetime.UTC)
    with connection.cursor() as cursor:
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    raw = connection.connection
    with path.open() as handle:
        reader = csv.reader(handle)
        next(reader)
        if connection.vendor == "sqlite":
            sql = (
                "INSERT INTO programs_datavalue (unit_id, target_id, period_id, value, comment, "
                "updated_at, version) VALUES (?, ?, ?, ?, '', ?, 1)"
            )
            stamp = now.isoformat(sep=" ")
            batch = []
            for loaded, row in enumerate(reader, 1):
                batch.append((int(row[0]), int(row[1]), int(row[2]), int(row[3]), stamp))
                if len(batch) == 200_000:
                    raw.executemany(sql, batch)
                    batch = []
                    loaded_progress(loaded, rows)
            raw.executemany(sql, batch)
        else:
            with (
                raw.cursor() as cursor,
                cursor.copy(
                    "COPY programs_datavalue (unit_id, target_id, period_id, value, comment, "
                    "updated_at, version) FROM STDIN"
                ) as copy,
            ):
                for loaded, row in enumerate(reader, 1):
                    copy.write_row((int(row[0]), int(row[1]), int(row[2]), int(row[3]), "", now, 1))
                    if loaded % 200_000 == 0:
                        loaded_progress(loaded, rows)
    progress("  dựng lại chỉ mục của bảng số liệu…")
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)
        cursor.execute("ANALYZE")
    vacuum_now("programs_datavalue")
    return rows, path


def duckdb_reference(values_csv: Path, out_dir: Path, repeat: int) -> tuple[float, dict, str]:
    """Subtree sums of every unit, target and period by DuckDB over Parquet exports."""
    import duckdb

    from tinhdoan.org.models import Unit

    units_csv = out_dir / "units.csv"
    with units_csv.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "parent_id", "path", "depth"])
        for row in Unit.objects.values_list("pk", "parent_id", "path", "depth").iterator():
            writer.writerow(row)
    db = duckdb.connect()
    units_pq, values_pq = out_dir / "units.parquet", out_dir / "values.parquet"
    db.execute(
        f"COPY (SELECT * FROM read_csv_auto('{units_csv}')) TO '{units_pq}' (FORMAT parquet)"
    )
    db.execute(
        f"COPY (SELECT * FROM read_csv_auto('{values_csv}')) TO '{values_pq}' (FORMAT parquet)"
    )
    query = f"""
        CREATE OR REPLACE TABLE sums AS
        SELECT a.ancestor AS unit_id, v.target_id, v.period_id, SUM(v.value) AS value
        FROM read_parquet('{values_pq}') v
        JOIN (
            SELECT id, CAST(UNNEST(string_split(trim(path, '/'), '/')) AS BIGINT) AS ancestor
            FROM read_parquet('{units_pq}')
        ) a ON a.id = v.unit_id
        GROUP BY ALL
    """
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        db.execute(query)
        samples.append(time.perf_counter() - started)
    rows = db.execute("SELECT COUNT(*) FROM sums").fetchone()[0]
    totals = {
        (t, p): v
        for t, p, v in db.execute(
            "SELECT target_id, period_id, value FROM sums WHERE unit_id = "
            "(SELECT id FROM read_parquet(?) WHERE parent_id IS NULL)",
            [str(units_pq)],
        ).fetchall()
    }
    return statistics.median(samples), {"rows": rows, "totals": totals}, duckdb.__version__


def dashboard_times(program, period, repeat: int) -> dict:
    """Median time of the results page at three levels, and of the bare read of the
    aggregates it shows; their ratio."""
    from django.test import Client

    from tinhdoan.org.models import Unit
    from tinhdoan.rollup.models import Aggregate
    from tinhdoan.testing import make_user

    reader = make_user("bench.approver", unit=program.unit, role="approver")
    client = Client(HTTP_HOST="localhost")
    client.force_login(reader)
    root = program.unit
    province = Unit.objects.filter(parent=root).order_by("code").first()
    commune = Unit.objects.filter(parent=province).order_by("code").first()
    levels = {}
    for level, unit in (("national", root), ("province", province), ("commune", commune)):
        url = f"/results/?unit={unit.code}&period={period.code}"
        shown = [unit.pk, *Unit.objects.filter(parent=unit).values_list("pk", flat=True)]
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert unit.name in response.content.decode()
        pages, reads = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            pages.append(time.perf_counter() - started)
            started = time.perf_counter()
            list(
                Aggregate.objects.filter(
                    target__program=program, period=period, unit_id__in=shown
                ).values_list("unit_id", "target_id", "value")
            )
            reads.append(time.perf_counter() - started)
        page_ms, read_ms = statistics.median(pages) * 1000, statistics.median(reads) * 1000
        levels[level] = {
            "unit": unit.code,
            "sub_units": len(shown) - 1,
            "page_ms": round(page_ms, 1),
            "bare_read_ms": round(read_ms, 2),
            "ratio_page_to_bare_read": round(page_ms / read_ms, 1),
        }
    return levels


def evaluate_every_cell(program, periods) -> dict[str, dict[str, int]]:
    """Status counts of every unit, target and period with a value and a plan, by the one
    evaluation the pages, reports and API use: {period code: {status: count}}. A measure
    of evaluating at national scale, reported beside the roll-up's ratio, not in it."""
    from tinhdoan.org.models import Unit
    from tinhdoan.rollup.evaluation import evaluate
    from tinhdoan.rollup.figures import actual_values_by_period
    from tinhdoan.rollup.selectors import plans_for

    targets = list(program.targets.all())
    rules = {t.pk: (t.direction, t.tolerance) for t in targets}
    unit_ids = list(Unit.objects.under(program.unit).values_list("pk", flat=True))
    counts: dict[str, dict[str, int]] = {p.code: {} for p in periods}
    for start in range(0, len(unit_ids), 5000):
        chunk = unit_ids[start : start + 5000]
        plans = plans_for(program=program, targets=targets, unit_ids=chunk)
        found = actual_values_by_period(
            program=program, periods=periods, unit_ids=chunk, targets=targets
        )
        for period in periods:
            tally = counts[period.code]
            for (unit_id, target_id), value in found[period.pk].items():
                plan = plans[(unit_id, target_id)]
                if value is None or plan is None:
                    continue
                direction, tolerance = rules[target_id]
                status = evaluate(actual=value, plan=plan, direction=direction, tolerance=tolerance)
                tally[status] = tally.get(status, 0) + 1
    return counts


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--targets", type=int, default=30)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    if not 3 <= args.targets <= 99 or not 1 <= args.periods <= 12:
        parser.error("--targets từ 3 đến 99, --periods từ 1 đến 12")
    django_for_bench(args.db)
    out_dir = Path(tempfile.mkdtemp(prefix="tinhdoan-rollup-bench-"))
    try:
        from django.db import connection

        from tinhdoan.org.models import Unit
        from tinhdoan.reporting.cells import CellInput
        from tinhdoan.reporting.models import DataValue
        from tinhdoan.rollup import engine
        from tinhdoan.rollup.models import Aggregate
        from tinhdoan.rollup.saving import values_save

        progress(f"Dựng cây {args.units:,} đơn vị trên {args.db}…")
        started = time.perf_counter()
        tree = build_tree(args.units)
        program, targets, periods = build_program(tree["root"], args.targets, args.periods)
        rows, values_csv = load_values(program, targets, periods, out_dir, args.seed)
        build_s = time.perf_counter() - started

        progress("(a) tổng hợp toàn bộ…")
        full, evaluation = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            stored = engine.rollup_full(program=program, periods=periods)
            t1 = time.perf_counter()
            counts = evaluate_every_cell(program, periods)
            t2 = time.perf_counter()
            full.append(t1 - t0)
            evaluation.append(t2 - t1)
        full_s, evaluation_s = statistics.median(full), statistics.median(evaluation)

        progress("(b) DuckDB trên Parquet…")
        duck_s, duck, duck_version = duckdb_reference(values_csv, out_dir, args.repeat)
        root_sums = {
            (a.target_id, a.period_id): a.value
            for a in Aggregate.objects.filter(unit=program.unit, target__rollup="sum")
        }
        mismatches = [
            key
            for key, value in root_sums.items()
            if Decimal(str(duck["totals"].get(key))) != Decimal(value)
        ]
        assert not mismatches, f"DuckDB and the engine disagree on {mismatches[:3]}"

        vacuum_now("rollup_aggregate")
        progress(f"(c) {args.saves} lần lưu một số liệu…")
        rng = random.Random(args.seed + 1)
        sums = [t for t in targets if t.rollup == "sum"]
        branches = list(
            Unit.objects.filter(kind="branch").values_list("code", "pk")[:50_000]
        ) or list(Unit.objects.filter(kind="commune_union").values_list("code", "pk"))
        latencies, explicit = [], False
        for _ in range(args.saves):
            code, unit_id = rng.choice(branches)
            target, period = rng.choice(sums), rng.choice(periods)
            old = DataValue.objects.filter(unit_id=unit_id, target=target, period=period).first()
            before = Aggregate.objects.get(unit=program.unit, target=target, period=period).value
            new_value = (old.value if old and old.value is not None else 0) + rng.randint(1, 50)
            delta = new_value - (old.value if old and old.value is not None else 0)
            t0 = time.perf_counter()
            result = values_save(
                user=None,
                program=program,
                cells=[CellInput(code, target.code, period.code, str(new_value))],
                source="bench",
            )
            total = Aggregate.objects.get(unit=program.unit, target=target, period=period).value
            if total != before + delta:  # the save path does not refresh the roll-up itself
                explicit = True
                engine.values_saved(program=program, cells=result.cells)
                total = Aggregate.objects.get(unit=program.unit, target=target, period=period).value
            latencies.append((time.perf_counter() - t0) * 1000)
            assert total == before + delta, "the national total is not up to date"

        progress("(d) trang kết quả ở cấp toàn quốc, tỉnh, xã…")
        dashboard = dashboard_times(program, periods[-1], repeat=max(args.repeat, 5))

        print(
            json.dumps(
                {
                    "db": args.db,
                    "units": Unit.objects.count(),
                    "targets": len(targets),
                    "periods": len(periods),
                    "values": rows,
                    "aggregates_stored": stored,
                    "build_s": round(build_s, 1),
                    "full_rollup_s": round(full_s, 3),
                    "full_rollup_first_s": round(full[0], 3),
                    "evaluation_s": round(evaluation_s, 3),
                    "evaluated": {k: sum(v.values()) for k, v in counts.items()},
                    "duckdb_sums_s": round(duck_s, 3),
                    "duckdb_rows": duck["rows"],
                    "duckdb_version": duck_version,
                    "ratio_rollup_to_duckdb": round(full_s / duck_s, 2),
                    "ratio_first_rollup_to_duckdb": round(full[0] / duck_s, 2),
                    "ratio_rollup_and_evaluation_to_duckdb": round(
                        (full_s + evaluation_s) / duck_s, 2
                    ),
                    "save_to_national_total_ms": {
                        "p50": round(percentile(latencies, 0.5), 2),
                        "p95": round(percentile(latencies, 0.95), 2),
                        "max": round(max(latencies), 2),
                        "saves": len(latencies),
                        "refreshed_by": "explicit call" if explicit else "values_save",
                    },
                    "results_page": dashboard,
                    "database": connection.vendor,
                },
                ensure_ascii=False,
            )
        )
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
        drop_bench_database()


if __name__ == "__main__":
    main()
