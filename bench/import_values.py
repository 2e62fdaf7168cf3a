"""Import 100,000 data values from CSV and from XLSX, against a bare insert of the same rows.

A province of --units units and a program of 20 targets with five reporting
periods give --rows cells (1,000 × 20 × 5 = 100,000). Each file goes through
`values_import_file`, the path of `tinhdoan import-values` and of the upload
page: read the table, parse Vietnamese numbers, resolve codes, check scope,
bounds, rules, report status and duplicates, then write every value and its
audit row. The reference is the bare insert of the same resolved rows into the
same table: `executemany` (SQLite and PostgreSQL) and `COPY` (PostgreSQL); a second
reference inserts, the same bare way, every row the import writes (each value and its
audit row), to tell the cost of keeping the history from the cost of the checks.

Prints one JSON object: per database and format, values per second, seconds
(total and the part spent reading the file), and the ratio to each bare insert.
With --db both (the default) each database runs in its own process.
"""

import argparse
import datetime
import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_for_bench, drop_bench_database, progress  # noqa: E402

TARGETS = 20
PERIODS = ["2026Q1", "2026Q2", "2026S1", "2026Q3", "2026"]
COLUMNS = ["unit_code", "target_code", "period_code", "value", "comment"]


def build(units: int):
    from tinhdoan.org.models import Unit
    from tinhdoan.programs import services
    from tinhdoan.rollup.tree import tree_rebuild_paths

    root = Unit.objects.create(code="BENCH", name="Tỉnh đoàn Thử", kind="provincial_union")
    Unit.objects.bulk_create(
        [
            Unit(code=f"BENCH-{i:05d}", name=f"Đoàn xã {i}", kind="commune_union", parent=root)
            for i in range(units)
        ],
        batch_size=2000,
    )
    tree_rebuild_paths()
    root.refresh_from_db()
    program = services.program_create(unit=root, year=2026, title="Chương trình thử")
    for t in range(1, TARGETS + 1):
        services.target_add(
            program=program,
            code=f"CT{t:02d}",
            name=f"Chỉ tiêu {t}",
            measure="người" if t % 4 else "triệu đồng",
            integer_only=bool(t % 4),
            min_value=Decimal(0),
        )
    for code in PERIODS:
        services.reporting_period_add(
            program=program, period_code=code, deadline=datetime.date(2027, 1, 10)
        )
    return program


def rows_for(units: int, limit: int) -> list[list]:
    rows = []
    for i in range(units):
        for t in range(1, TARGETS + 1):
            for p in PERIODS:
                value = (i * 37 + t * 101 + len(rows)) % 5000
                text = f"{value:,}".replace(",", ".") if t % 4 else f"{value},5"
                rows.append([f"BENCH-{i:05d}", f"CT{t:02d}", p, text, ""])
                if len(rows) == limit:
                    return rows
    return rows


def clear() -> None:
    from django.db import connection

    from tinhdoan.reporting.models import DataValue, ValueChange

    with connection.cursor() as cursor:
        for model in (ValueChange, DataValue):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")


def bare_rows(program, rows: list[list]) -> list[tuple]:
    from django.utils import timezone

    from tinhdoan.org.models import Unit
    from tinhdoan.programs.models import Period

    units = dict(Unit.objects.values_list("code", "pk"))
    targets = dict(program.targets.values_list("code", "pk"))
    periods = dict(Period.objects.values_list("code", "pk"))
    now = timezone.now()
    return [
        (
            units[u],
            targets[t],
            periods[p],
            Decimal(v.replace(".", "").replace(",", ".")),
            c,
            now,
            1,
        )
        for u, t, p, v, c in rows
    ]


INSERT = (
    "INSERT INTO programs_datavalue (unit_id, target_id, period_id, value, comment, updated_at, "
    "version) VALUES ({0}, {0}, {0}, {0}, {0}, {0}, {0})"
)


CHANGE_INSERT = (
    "INSERT INTO programs_valuechange (unit_id, target_id, period_id, old_value, new_value, "
    "old_comment, new_comment, version, changed_at, source, reason) "
    "VALUES ({0}, {0}, {0}, NULL, {0}, '', {0}, 1, {0}, 'bench', '')"
)


def change_rows(values: list[tuple]) -> list[tuple]:
    """The audit row the import writes with each value: (unit, target, period, new value,
    new comment, time)."""
    return [(u, t, p, v, c, now) for u, t, p, v, c, now, _version in values]


def time_executemany_with_history(values: list[tuple]) -> float:
    """The bare insert of every row the import writes: the values and their audit rows."""
    from django.db import connection, transaction

    clear()
    changes = change_rows(values)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(INSERT.format("%s"), values)
        cursor.executemany(CHANGE_INSERT.format("%s"), changes)
    return time.perf_counter() - start


def time_copy_with_history(values: list[tuple]) -> float:
    from django.db import connection, transaction

    clear()
    changes = change_rows(values)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(
            "COPY programs_datavalue (unit_id, target_id, period_id, value, comment, "
            "updated_at, version) FROM STDIN"
        ) as copy:
            for row in values:
                copy.write_row(row)
        with cursor.cursor.copy(
            "COPY programs_valuechange (unit_id, target_id, period_id, new_value, "
            "new_comment, changed_at, old_comment, version, source, reason) FROM STDIN"
        ) as copy:
            for row in changes:
                copy.write_row((*row, "", 1, "bench", ""))
    return time.perf_counter() - start


def time_executemany(values: list[tuple]) -> float:
    from django.db import connection, transaction

    clear()
    marker = "%s"
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(INSERT.format(marker), values)
    return time.perf_counter() - start


def time_copy(values: list[tuple]) -> float:
    from django.db import connection, transaction

    clear()
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(
            "COPY programs_datavalue (unit_id, target_id, period_id, value, comment, "
            "updated_at, version) FROM STDIN"
        ) as copy:
            for row in values:
                copy.write_row(row)
    return time.perf_counter() - start


def time_import(program, filename: str, data: bytes) -> dict:
    """Time the whole import; the time spent reading the file is measured inside the same run."""
    from tinhdoan.reporting import value_files
    from tinhdoan.reporting.models import DataValue, ValueChange
    from tinhdoan.rollup.saving import values_import_file

    clear()
    original, spent = value_files.read_table, {}

    def timed_read_table(*args, **kwargs):
        start = time.perf_counter()
        table = original(*args, **kwargs)
        spent["reading"] = time.perf_counter() - start
        return table

    value_files.read_table = timed_read_table
    try:
        start = time.perf_counter()
        result = values_import_file(user=None, program=program, filename=filename, data=data)
        seconds = time.perf_counter() - start
    finally:
        value_files.read_table = original
    assert result.created == DataValue.objects.count() == ValueChange.objects.count()
    return {
        "seconds": round(seconds, 3),
        "reading_seconds": round(spent["reading"], 3),
        "rows": result.created,
    }


def run_one(db: str, units: int, limit: int) -> dict:
    label = django_for_bench(db)
    try:
        from django.db import connection

        from tinhdoan.lib.tabular import write_csv, write_xlsx

        progress(f"[{db}] {units} đơn vị, {TARGETS} chỉ tiêu, {len(PERIODS)} kỳ")
        program = build(units)
        rows = rows_for(units, limit)
        csv_data = write_csv(COLUMNS, rows)
        xlsx_rows = [
            [u, t, p, int(v.replace(".", "")) if "," not in v else float(v.replace(",", ".")), c]
            for u, t, p, v, c in rows
        ]
        xlsx_data = write_xlsx(COLUMNS, xlsx_rows, title="so_lieu")
        values = bare_rows(program, rows)
        baseline = {"executemany": time_executemany(values)}
        if connection.vendor == "postgresql":
            baseline["copy"] = time_copy(values)
        # What the import writes is twice as many rows: each value and its audit row.
        with_history = {"executemany": time_executemany_with_history(values)}
        if connection.vendor == "postgresql":
            with_history["copy"] = time_copy_with_history(values)
        progress(f"[{db}] chèn trần: " + ", ".join(f"{k} {v:.2f}s" for k, v in baseline.items()))
        report = {
            "database": label,
            "rows": len(rows),
            "bare_insert_seconds": {k: round(v, 3) for k, v in baseline.items()},
            "bare_insert_with_history_seconds": {k: round(v, 3) for k, v in with_history.items()},
        }
        for name, data in (("csv", csv_data), ("xlsx", xlsx_data)):
            measured = time_import(program, f"so-lieu.{name}", data)
            measured["values_per_second"] = round(len(rows) / measured["seconds"])
            measured["ratio_to_bare_insert"] = {
                k: round(measured["seconds"] / v, 2) for k, v in baseline.items()
            }
            measured["ratio_to_bare_insert_of_values_and_history"] = {
                k: round(measured["seconds"] / v, 2) for k, v in with_history.items()
            }
            measured["ratio_to_bare_insert_excluding_file_reading"] = {
                k: round((measured["seconds"] - measured["reading_seconds"]) / v, 2)
                for k, v in baseline.items()
            }
            measured["file_bytes"] = len(data)
            progress(f"[{db}] {name}: {measured['seconds']}s, {measured['values_per_second']}/s")
            report[name] = measured
        return report
    finally:
        drop_bench_database()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    units = -(-args.rows // (TARGETS * len(PERIODS)))
    if args.db != "both":
        print(json.dumps(run_one(args.db, units, args.rows), ensure_ascii=False))
        return
    results = []
    for db in ("sqlite", "postgres"):
        out = subprocess.run(
            [sys.executable, __file__, "--db", db, "--rows", str(args.rows)],
            check=True,
            capture_output=True,
            text=True,
        )
        sys.stderr.write(out.stderr)
        results.append(json.loads(out.stdout))
    print(
        json.dumps(
            {
                "benchmark": "import_values",
                "goal": "import within 3× of the bare insert of the same rows",
                "audit_rows_written_per_value": 1,
                "results": results,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
