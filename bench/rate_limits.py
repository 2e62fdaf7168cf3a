"""One API token firing report generations at `tinhdoan serve`, with the rate limits on.

Loads the demo into a throw-away database, starts `tinhdoan serve` (several gunicorn
workers, the rate limits of settings.py, the report limit set by --report-rate), then sends
--requests report generations (GET /api/v1/results/TDLS-06040/2026/report?format=docx) with
the token of one commune officer over --connections connections at once, while another user
(the provincial standing committee) reads GET /api/v1/units/TDLS one request after another.

Prints one JSON object: the answers to the burst by status (exactly the limit's count must
succeed however the workers shared the requests: the counters are shared and counted under a
lock), a Retry-After, and the other user's read latency (median, max) before and during it.
"""

import argparse
import http.client
import json
import shutil
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _setup import progress  # noqa: E402
from load import (  # noqa: E402
    BASE_HEADERS,
    HOST,
    drop_database,
    free_port,
    fresh_database,
    server_ready,
    start_server,
    stop_server,
)

REPORT = "/api/v1/results/TDLS-06040/2026/report?format=docx"
READ = "/api/v1/units/TDLS"


def prepare() -> dict:
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from tinhdoan.accounts.services import token_create

    call_command("migrate", verbosity=0)
    call_command("loaddemo", stdout=io.StringIO())
    users = get_user_model().objects
    return {
        "commune": token_create(user=users.get(username="doan.xa_that_khe")),
        "province": token_create(user=users.get(username="btv.tinhdoan")),
    }


def get(port: int, path: str, token: str) -> tuple[int, str | None, float]:
    """(status, Retry-After, milliseconds) of one GET on a new connection."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request(
            "GET", path, headers={**BASE_HEADERS, "Authorization": f"Bearer {token}"}
        )
        response = connection.getresponse()
        response.read()
        return (
            response.status,
            response.getheader("Retry-After"),
            (time.perf_counter() - started) * 1000,
        )
    finally:
        connection.close()


def reads(port: int, token: str, stop: threading.Event, count: int | None = None) -> list[float]:
    latencies = []
    while not stop.is_set() and (count is None or len(latencies) < count):
        status, _retry, ms = get(port, READ, token)
        if status != 200:
            raise SystemExit(f"Người dùng khác bị trả lời {status}")
        latencies.append(ms)
    return latencies


def summary(latencies: list[float]) -> dict:
    return {"median_ms": round(statistics.median(latencies), 1), "max_ms": round(max(latencies), 1)}


def burst(args, tokens: dict, port: int) -> dict:
    idle = reads(port, tokens["province"], threading.Event(), count=20)
    stop = threading.Event()
    with ThreadPoolExecutor(args.connections + 1) as pool:
        during = pool.submit(reads, port, tokens["province"], stop)
        answers = list(
            pool.map(lambda _n: get(port, REPORT, tokens["commune"]), range(args.requests))
        )
        stop.set()
        during_latencies = during.result()
    statuses: dict[int, int] = {}
    for status, _retry, _ms in answers:
        statuses[status] = statuses.get(status, 0) + 1
    limit = int(args.report_rate.split("/")[0])
    return {
        "requests": args.requests,
        "report_rate": args.report_rate,
        "workers": args.workers,
        "answers": {str(k): v for k, v in sorted(statuses.items())},
        "retry_after_s": next((int(r) for s, r, _ms in answers if s == 429), None),
        "exactly_the_limit_succeeded": statuses.get(200, 0) == min(limit, args.requests),
        "other_user_read_idle": summary(idle),
        "other_user_read_during": summary(during_latencies),
    }


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/test")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--connections", type=int, default=12)
    parser.add_argument("--report-rate", default="30/m", help="the report limit (30/m)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    data_dir = fresh_database(args.db, args.postgres)
    process = None
    try:
        import django

        django.setup()
        progress(f"Nạp dữ liệu mẫu vào {args.db}…")
        tokens = prepare()
        port = free_port()
        process, log_path = start_server(port, args, data_dir, {"report": args.report_rate})
        server_ready(process, port, log_path)
        progress(f"{args.requests} lần tạo báo cáo bằng một mã, {args.connections} kết nối…")
        result = burst(args, tokens, port)
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0 if result["exactly_the_limit_succeeded"] else 1
    finally:
        if process is not None:
            stop_server(process)
        drop_database(args.postgres)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
