"""Requests a second that one machine serves, measured with wrk against `tinhdoan serve`.

    python bench/throughput.py --db sqlite --seconds 10 --connections 16

(Not `bench/http.py`: a file of that name here would hide the standard library's `http`
package from every script of this folder.)

Builds a fresh database with the Lạng Sơn demo (SQLite in a temporary data folder, or a
PostgreSQL database dropped afterwards), starts `tinhdoan serve` (gunicorn, production
settings) on loopback and runs Debian's `wrk` (`apt-get install wrk`) against it, one
request kind after another, each for --seconds with --connections connections:

- `healthz`: GET /healthz/, the same stack answering without the database: the yardstick;
- `unit`: GET /api/v1/units/TDLS with the bearer token of the provincial standing committee;
- `results`: GET /api/v1/results/TDLS/2017 with that token;
- `values`: GET /api/v1/values of the current program and quarter with that token;
- `results_page`: the province's results page, signed in through the login form (cookie);
- `put`: PUT /api/v1/values of two cells, each wrk thread as the officer of its own
  commune with its own cells; every PUT carries the versions the previous answer gave
  (`bench/throughput/put.lua`), so a PUT that is not 200 is a real refusal.

For each kind: requests a second, p50/p95/p99 latency, the answers that were not 2xx, and
its share of `healthz` measured in the same run (`/healthz/` is measured first and last,
its mean taken); and the CPU the load client used, as a share of the machine's, so that a
client eating the server's CPU shows. The targets of the README are checked at the end.

Prints one JSON object; progress goes to stderr. Exits 1 when a target is missed or a
request kind answered anything but 2xx.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _setup import progress  # noqa: E402
from load import (  # noqa: E402
    HOST,
    drop_database,
    free_port,
    fresh_database,
    login,
    server_ready,
    start_server,
    stop_server,
)

SCRIPTS = HERE / "throughput"
PASSWORD = "mat-khau-do-tai-http"
# Share of /healthz/ each kind must reach, and the PUT's p95 at 16 connections (ms).
TARGETS = {"unit": 0.50, "results": 0.25, "values": 0.25, "put": 0.15}
PUT_P95_MS = 100
KINDS = ("unit", "results", "values", "results_page", "put")
RESULTS_PERIOD = "2017"  # the year of the working session the demo comes from


def prepare() -> dict:
    """Load the demo; tokens, the province's program and quarter, and each officer's cells."""
    import io

    from django.core.management import call_command

    from tinhdoan.accounts.models import Membership
    from tinhdoan.accounts.services import token_create
    from tinhdoan.programs.models import Program, RollUp
    from tinhdoan.reporting.models import DataValue

    call_command("migrate", verbosity=0)
    call_command("loaddemo", password=PASSWORD, stdout=io.StringIO())
    program = Program.objects.filter(unit__code="TDLS").order_by("-year").first()
    ruled = {pk for rule in program.rules.all() for pk in (rule.left_id, rule.right_id)}
    targets = [
        t.code
        for t in program.targets.order_by("position")
        if t.rollup == RollUp.SUM and t.pk not in ruled
    ][:2]
    period = (
        program.reporting_periods.select_related("period").order_by("-period__end").first().period
    )
    officers = (
        Membership.objects.filter(role="officer", unit__parent=program.unit)
        .select_related("unit", "user")
        .order_by("unit__code")
    )
    versions = {
        (v.unit.code, v.target.code): v.version
        for v in DataValue.objects.filter(target__program=program, period=period).select_related(
            "unit", "target"
        )
    }
    writers = [
        {
            "token": token_create(user=m.user),
            "cells": [
                {"unit": m.unit.code, "target": t, "version": versions.get((m.unit.code, t), 0)}
                for t in targets
            ],
        }
        for m in officers
    ]
    btv = Membership.objects.filter(role="approver", unit=program.unit).first().user
    return {
        "program": program.key,
        "period": period.code,
        "year": program.year,
        "token": token_create(user=btv),
        "username": btv.username,
        "writers": writers,
    }


def wrk(url: str, *, seconds: float, connections: int, threads: int, script: Path, env: dict):
    """One wrk run: its JSON summary (from the script's `done`) and the client's CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    summary["client_cpu_s"] = (after.ru_utime - before.ru_utime) + (
        after.ru_stime - before.ru_stime
    )
    return summary


def measured(summary: dict, seconds: float) -> dict:
    requests = summary["requests"]
    return {
        "requests_per_s": round(requests / (summary["duration_us"] / 1e6), 1),
        "p50_ms": round(summary["p50_us"] / 1000, 2),
        "p95_ms": round(summary["p95_us"] / 1000, 2),
        "p99_ms": round(summary["p99_us"] / 1000, 2),
        "requests": requests,
        "not_2xx": summary["not_2xx"] + summary["socket_errors"],
        "client_cpu_share": round(summary["client_cpu_s"] / (seconds * (os.cpu_count() or 1)), 3),
    }


def headers(**named: str) -> dict:
    return {"WRK_HEADERS": "\n".join(f"{name}: {value}" for name, value in named.items())}


def writer_lines(writers: list[dict]) -> str:
    """One line a writer: "token;unit;target:version,target:version" (put.lua reads it)."""
    return "\n".join(
        f"{w['token']};{w['cells'][0]['unit']};"
        + ",".join(f"{c['target']}:{c['version']}" for c in w["cells"])
        for w in writers
    )


def kinds(plan: dict, port: int, cookie: str) -> list[tuple[str, str, Path, dict, bool]]:
    """(name, url, script, environment, a thread per connection) of each request kind."""
    base = f"http://{HOST}:{port}"
    bearer = headers(Authorization=f"Bearer {plan['token']}")
    values = urllib.parse.urlencode({"program": plan["program"], "period": plan["period"]})
    page = urllib.parse.urlencode({"unit": "TDLS", "period": RESULTS_PERIOD})
    writers = {
        "WRK_WRITERS": writer_lines(plan["writers"]),
        "WRK_PROGRAM": plan["program"],
        "WRK_PERIOD": plan["period"],
    }
    get = SCRIPTS / "get.lua"
    return [
        ("unit", f"{base}/api/v1/units/TDLS", get, bearer, False),
        ("results", f"{base}/api/v1/results/TDLS/{RESULTS_PERIOD}", get, bearer, False),
        ("values", f"{base}/api/v1/values?{values}", get, bearer, False),
        ("results_page", f"{base}/results/?{page}", get, headers(Cookie=cookie), False),
        ("put", f"{base}/api/v1/values", SCRIPTS / "put.lua", writers, True),
    ]


def run(args, plan: dict, port: int) -> dict:
    cookie = login(port, plan["username"], PASSWORD)
    threads = max(1, min(args.threads, args.connections))
    healthz = f"http://{HOST}:{port}/healthz/"
    options = {"seconds": args.seconds, "connections": args.connections}

    def one(name, url, script, env, own_threads):
        progress(f"  {name}…")
        count = args.connections if own_threads else threads
        return measured(wrk(url, threads=count, script=script, env=env, **options), args.seconds)

    # Unmeasured: every server process has loaded the project and opened its connections.
    wrk(healthz, threads=threads, script=SCRIPTS / "get.lua", env={}, **options)
    first = one("healthz", healthz, SCRIPTS / "get.lua", {}, False)
    wanted = [kind for kind in kinds(plan, port, cookie) if kind[0] in args.kinds]
    results = {kind[0]: one(*kind) for kind in wanted}
    last = one("healthz", healthz, SCRIPTS / "get.lua", {}, False)
    yardstick = (first["requests_per_s"] + last["requests_per_s"]) / 2
    for figures in results.values():
        figures["share_of_healthz"] = round(figures["requests_per_s"] / yardstick, 3)
    return {"healthz": {"first": first, "last": last, "requests_per_s": yardstick}, **results}


def verdict(results: dict) -> dict:
    met = {
        name: results[name]["share_of_healthz"] >= share
        for name, share in TARGETS.items()
        if name in results
    }
    if "put" in results:
        met["put_p95"] = results["put"]["p95_ms"] <= PUT_P95_MS
    met["all_2xx"] = all(
        figures["not_2xx"] == 0 for name, figures in results.items() if name != "healthz"
    )
    return met


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=10, help="each request kind (10)")
    parser.add_argument("--connections", type=int, default=16, help="(16)")
    parser.add_argument(
        "--kinds",
        type=lambda text: text.split(","),
        default=list(KINDS),
        help=f"the request kinds to measure, beside healthz ({','.join(KINDS)})",
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads for the GETs (2)")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn processes (5)")
    parser.add_argument("--server-threads", type=int, default=4, help="threads per process (4)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "TINHDOAN_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    if unknown := set(args.kinds) - set(KINDS):
        parser.error(f"loại yêu cầu không có: {', '.join(sorted(unknown))}")
    return args


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("Cần wrk: apt-get install wrk")
    data_dir = fresh_database(args.db, args.postgres)
    process = None
    try:
        import django

        django.setup()
        progress(f"Nạp dữ liệu mẫu vào {args.db}…")
        plan = prepare()
        port = free_port()
        serve = argparse.Namespace(workers=args.workers, threads=args.server_threads)
        process, log_path = start_server(port, serve, data_dir)
        server_ready(process, port, log_path)
        progress(f"Đo {args.seconds:g} s mỗi loại yêu cầu, {args.connections} kết nối…")
        started = time.perf_counter()
        results = run(args, plan, port)
        met = verdict(results)
        print(
            json.dumps(
                {
                    "db": args.db,
                    "connections": args.connections,
                    "seconds_each": args.seconds,
                    "workers": args.workers,
                    "server_threads": args.server_threads,
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                    "wall_s": round(time.perf_counter() - started, 1),
                    "results": results,
                    "targets_met": met,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0 if all(met.values()) else 1
    finally:
        if process is not None:
            stop_server(process)
        drop_database(args.postgres)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
