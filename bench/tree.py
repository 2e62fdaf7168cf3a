"""Subtree and ancestor reads on a national-scale unit tree.

Builds the 34 provinces and 3,321 communes and wards of `vietnam-provinces`,
then synthetic branches below the communes up to --units, and compares the
materialized-path selectors with a recursive CTE over parent links run in the
same process on the same database (the reference).  Prints one JSON object.
"""

import argparse
import datetime
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_for_bench, drop_bench_database, progress  # noqa: E402


def build_tree(total: int) -> None:
    from vietnam_provinces import Province
    from vietnam_provinces.lookup import WARD_MAPPING

    from tinhdoan.org.models import Unit
    from tinhdoan.rollup.tree import tree_rebuild_paths

    provinces = [
        Unit(code=f"P{p.code.value:02d}", name=f"Tỉnh đoàn {p.name}", kind="provincial_union")
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
            valid_from=datetime.date(2025, 7, 1),
        )
        for w in WARD_MAPPING.values()
    ]
    Unit.objects.bulk_create(communes, batch_size=2000)
    communes = list(Unit.objects.filter(kind="commune_union").order_by("pk"))
    progress(f"  {len(provinces)} tỉnh, {len(communes)} xã/phường")
    branches, index = [], 0
    remaining = max(total - len(provinces) - len(communes), 0)
    while index < remaining:
        parent = communes[index % len(communes)]
        branches.append(
            Unit(
                code=f"B{index:07d}",
                name=f"Chi đoàn {index}",
                kind="branch",
                parent=parent,
                valid_from=datetime.date(2025, 7, 1),
            )
        )
        index += 1
        if len(branches) == 5000:
            Unit.objects.bulk_create(branches)
            branches = []
            progress(f"  {index:,}/{remaining:,} chi đoàn")
    Unit.objects.bulk_create(branches)
    changed = tree_rebuild_paths()
    progress(f"  đường dẫn cây: {changed:,} đơn vị")


def timed(function, repeat: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    django_for_bench(args.db)
    try:
        from django.db import connection

        from tinhdoan.org import selectors
        from tinhdoan.org.models import Unit

        progress(f"Dựng cây {args.units:,} đơn vị trên {args.db}…")
        started = time.perf_counter()
        build_tree(args.units)
        build_s = time.perf_counter() - started
        day = datetime.date(2026, 1, 1)
        province = Unit.objects.annotate().filter(kind="provincial_union").order_by("code")[0]
        deep = Unit.objects.filter(kind="branch").order_by("-pk").first() or province

        def path_subtree():
            return list(selectors.unit_subtree(unit=province, day=day).values_list("pk", flat=True))

        def cte_subtree():
            sql = """
                WITH RECURSIVE sub(id) AS (
                    SELECT id FROM org_unit WHERE id = %s
                    UNION ALL
                    SELECT u.id FROM org_unit u JOIN sub ON u.parent_id = sub.id
                )
                SELECT u.id FROM org_unit u JOIN sub ON u.id = sub.id
                WHERE (u.valid_from IS NULL OR u.valid_from <= %s)
                  AND (u.valid_to IS NULL OR u.valid_to >= %s)
            """
            with connection.cursor() as cursor:
                cursor.execute(sql, [province.pk, day, day])
                return [row[0] for row in cursor.fetchall()]

        progress("Đo cây con của một tỉnh…")
        path_ms, path_rows = timed(path_subtree, args.repeat)
        cte_ms, cte_rows = timed(cte_subtree, args.repeat)
        assert sorted(path_rows) == sorted(cte_rows), "path and CTE disagree"
        ancestors_ms, ancestors = timed(lambda: selectors.unit_ancestors(unit=deep), args.repeat)
        print(
            json.dumps(
                {
                    "db": args.db,
                    "units": Unit.objects.count(),
                    "build_s": round(build_s, 2),
                    "subtree_rows": len(path_rows),
                    "subtree_path_ms": round(path_ms, 2),
                    "subtree_recursive_cte_ms": round(cte_ms, 2),
                    "ratio_path_to_cte": round(path_ms / cte_ms, 3),
                    "ancestors_ms": round(ancestors_ms, 3),
                    "ancestor_depth": len(ancestors),
                },
                ensure_ascii=False,
            )
        )
    finally:
        drop_bench_database()


if __name__ == "__main__":
    main()
