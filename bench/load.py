"""Load without loss: writers and dashboard readers against the production server.

    python bench/load.py --writers 100 --readers 50 --seconds 60 --db postgres

Builds a fresh database (SQLite in a temporary data folder, or a PostgreSQL database that
is dropped afterwards), migrates it and loads the Lạng Sơn demo, then starts
`tinhdoan serve` (gunicorn + WhiteNoise, production settings) on loopback.

For --seconds, --writers clients save values through PUT /api/v1/values with API tokens of
commune officers, and --readers clients, logged in through the login form, read the results
dashboard (/results/): even readers as the provincial approver (the province, every
commune), odd ones as a commune officer (their commune). Then, for --trivial-seconds, the
same readers read /healthz/ (the same stack answering "ok" without the database) with the
same pauses while the writers go on: ratio_to_trivial is dashboard reads per second over
those reads per second. With --think-ms 0 both are closed-loop saturation rates.

Writers work two to a commune (--writers-per-unit): both hold the same officer's grid of
the current program's four sum targets without rules × the two latest open periods. Each
PUT sets --cells-per-write random cells of it, each with the version the client last saw
(0 for a new cell), to a value no other write uses, and names itself in `reason`, which the
audit history keeps. A 409 makes the client reload its commune's values.

After the run the database is checked:
- every write answered 2xx is in the audit history, once per cell, with the version after
  the one it read and its value, and each cell holds the value of its last change;
- no write answered 409 is in the history, and each was stale: another write took the
  version it read;
- no 5xx and no connection error, except during an injected fault
  (--restart-postgres-after: PostgreSQL is restarted mid-run; the report says what the
  clients got meanwhile and when writes succeeded again, without restarting the app);
- the stored totals of the provincial union equal a fresh roll-up.

Prints one JSON object; progress goes to stderr. The headline p50_ms/p95_ms/p99_ms are the
latencies of PUT /api/v1/values (every answered write, 2xx or 409); dashboard_ms and
dashboard_p95_ms are those of the dashboard. Exits 1 when a write was lost, a 409 changed
something, a server error was seen, a fault gave an unclean answer or the totals are off.
"""

import argparse
import http.client
import json
import math
import multiprocessing
import os
import queue
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import progress  # noqa: E402

HOST = "127.0.0.1"
BASE_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}
DASHBOARD_MARKER = b'id="targets-table"'
UNAVAILABLE_MARKER = b'id="database-unavailable"'
IDLE_RECONNECT_S = 1.0  # gunicorn closes idle keep-alive connections after 2 s
PROGRESS_EVERY_S = 5.0
STALE = (ConnectionResetError, BrokenPipeError)  # http.client.RemoteDisconnected is one


# ---------------------------------------------------------------------------------------------
# Clients (run in child processes: no Django here)


class Connection:
    """One persistent HTTP/1.1 connection of one client, reopened when idle too long."""

    def __init__(self, port: int):
        self.port = port
        self.conn: http.client.HTTPConnection | None = None
        self.last_used = 0.0
        self.stale_retries = 0

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, headers: dict, body: bytes | None = None):
        """(status, content type, body, latency ms); status 0 for a connection error."""
        started = time.perf_counter()
        for attempt in (1, 2):
            if self.conn is not None and time.monotonic() - self.last_used > IDLE_RECONNECT_S:
                self.close()
            reused, answered = self.conn is not None, False
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=90)
            try:
                self.conn.request(method, path, body=body, headers={**BASE_HEADERS, **headers})
                response = self.conn.getresponse()
                answered = True
                data = response.read()
                status, ctype = response.status, response.getheader("Content-Type", "")
                if response.will_close:
                    self.close()
                break
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                if reused and not answered and attempt == 1 and isinstance(exc, STALE):
                    # The server closed the kept-alive connection as the request left: a
                    # browser sends it again on a new connection (a PUT too; had the first
                    # been applied, the second would meet 409 and the check would tell).
                    self.stale_retries += 1
                    continue
                status, ctype, data = 0, "", repr(exc).encode()
                break
        self.last_used = time.monotonic()
        return status, ctype, data, (time.perf_counter() - started) * 1000


def error_detail(status: int, ctype: str, data: bytes) -> tuple[bool, str]:
    """Whether an error answer is the clean 503 (JSON for the API, the 503 page otherwise)."""
    if status == 0:
        return False, data.decode(errors="replace")[:200]
    if "json" in ctype:
        try:
            detail = str(json.loads(data).get("detail", ""))
        except ValueError:
            detail = ""
        return status == 503 and bool(detail), detail or data.decode(errors="replace")[:200]
    text = data.decode(errors="replace")
    match = re.search(r'<p class="lead">(.*?)</p>', text, re.S)
    detail = match.group(1).strip() if match else text[:200]
    return status == 503 and UNAVAILABLE_MARKER in data, detail


class Client:
    """One person at work: warms up, waits for the start, then works until the end."""

    def __init__(self, spec: dict, port: int, think_ms: int, seed: int):
        self.spec = spec
        self.http = Connection(port)
        self.think_s = think_ms / 1000
        self.rng = random.Random(seed)
        self.records: list[dict] = []
        self.counts: Counter = Counter()
        self.warmed = threading.Event()

    def record(self, kind: str, started: float, latency: float, status, ctype, data, **extra):
        entry = {"kind": kind, "t": started, "ms": latency, "status": status, **extra}
        if status == 0 or status >= 500:
            entry["clean"], entry["detail"] = error_detail(status, ctype, data)
            self.counts["errors"] += 1
        self.records.append(entry)

    def pause(self, until: float) -> None:
        if self.think_s:
            pause = self.rng.uniform(0.5, 1.5) * self.think_s
            time.sleep(max(0.0, min(pause, until - time.time())))

    def run(self, go, schedule: dict) -> None:
        try:
            self.warm_up()
            self.warmed.set()
            go.wait()
            # People do not all click in the same second.
            delay = self.rng.uniform(0, self.think_s) if self.think_s else 0.0
            time.sleep(max(0.0, schedule["start"].value + delay - time.time()))
            start = schedule["start"].value
            self.work(
                start + schedule["seconds"], start + schedule["seconds"] + schedule["trivial"]
            )
        finally:
            self.warmed.set()
            self.http.close()


class Writer(Client):
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.spec['token']}"}

    def reload(self, kind: str) -> None:
        """Read the versions of the unit's values, as the grid does when it is opened."""
        query = urllib.parse.urlencode(
            {"program": self.spec["program"], "unit": self.spec["unit"], "limit": 1000}
        )
        started = time.time()
        status, ctype, data, ms = self.http.request(
            "GET", f"/api/v1/values?{query}", self.headers()
        )
        self.record(kind, started, ms, status, ctype, data)
        if status == 200:
            for item in json.loads(data)["items"]:
                self.versions[(item["unit"], item["target"], item["period"])] = item["version"]

    def warm_up(self) -> None:
        self.versions: dict[tuple, int] = {}
        self.reload("warmup")

    def write(self, sequence: int) -> int:
        value = self.spec["index"] + 1 + self.spec["writers"] * sequence  # no two writes alike
        cells = self.rng.sample(self.spec["cells"], self.spec["cells_per_write"])
        items = [
            {"unit": u, "target": t, "period": p, "value": value}
            | {"version": self.versions.get((u, t, p), 0)}
            for u, t, p in cells
        ]
        write_id = f"load {self.spec['index']}-{sequence}"
        body = {"program": self.spec["program"], "reason": write_id, "items": items}
        started = time.time()
        status, ctype, data, ms = self.http.request(
            "PUT",
            "/api/v1/values",
            {**self.headers(), "Content-Type": "application/json"},
            json.dumps(body).encode(),
        )
        sent = [(i["unit"], i["target"], i["period"], i["version"], value) for i in items]
        self.record("write", started, ms, status, ctype, data, id=write_id, items=sent)
        if 200 <= status < 300:
            self.counts["ok"] += 1
            for item in json.loads(data)["items"]:
                self.versions[(item["unit"], item["target"], item["period"])] = item["version"]
        elif status == 409:
            self.counts["conflict"] += 1
        else:
            self.counts["failed"] += 1
        return status

    def work(self, _dashboard_end: float, end: float) -> None:
        sequence = 0
        while time.time() < end:
            sequence += 1
            status = self.write(sequence)
            if status == 409:
                self.reload("refresh")
            elif not 200 <= status < 300:
                self.pause(end)  # the server is in trouble: wait a moment, then reload
                self.reload("refresh")
            self.pause(end)


class Reader(Client):
    def read(self, kind: str, path: str) -> None:
        started = time.time()
        status, ctype, data, ms = self.http.request("GET", path, {"Cookie": self.spec["cookie"]})
        shown = status == 200 and (kind == "trivial" or DASHBOARD_MARKER in data)
        self.record(kind, started, ms, status, ctype, data, shown=shown, scope=self.spec["scope"])
        if shown:
            self.counts[kind] += 1

    def warm_up(self) -> None:
        self.read("warmup", self.spec["path"])

    def work(self, dashboard_end: float, end: float) -> None:
        while time.time() < dashboard_end:
            self.read("dashboard", self.spec["path"])
            self.pause(dashboard_end)
        while time.time() < end:
            self.read("trivial", "/healthz/")
            self.pause(end)


def run_clients(index: int, specs: list[dict], port: int, think_ms: int, seed: int, shared) -> None:
    """One client process: a thread per client; counts every few seconds, records at the end."""
    out, go, start, seconds, trivial = shared
    schedule = {"start": start, "seconds": seconds, "trivial": trivial}
    clients = [
        (Writer if spec["kind"] == "writer" else Reader)(
            spec, port, think_ms, seed * 100_000 + spec["id"]
        )
        for spec in specs
    ]
    threads = [threading.Thread(target=c.run, args=(go, schedule), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for client in clients:
        client.warmed.wait()
    out.put(("ready", index, None))
    while any(t.is_alive() for t in threads):
        for thread in threads:
            thread.join(timeout=PROGRESS_EVERY_S / 2 / len(threads))
        total: Counter = Counter()
        for client in clients:
            total.update(client.counts)
        out.put(("progress", index, dict(total)))
    retries = sum(c.http.stale_retries for c in clients)
    out.put(("done", index, ([r for c in clients for r in c.records], retries)))


# ---------------------------------------------------------------------------------------------
# Setup (Django in this process)


def prepare(args, password: str) -> dict:
    """Load the demo into the fresh database; tokens for the writers; who reads what."""
    import io

    from django.core.management import call_command

    from tinhdoan.accounts.models import Membership
    from tinhdoan.accounts.services import token_create
    from tinhdoan.programs.models import Program, RollUp
    from tinhdoan.reporting.models import DataValue, Submission, ValueChange

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    progress(f"  migrate: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    call_command("loaddemo", password=password, stdout=io.StringIO())
    progress(f"  loaddemo: {time.perf_counter() - started:.1f} s")
    program = (
        Program.objects.filter(unit__code="TDLS").select_related("unit").order_by("-year").first()
    )
    ruled = {pk for rule in program.rules.all() for pk in (rule.left_id, rule.right_id)}
    targets = [
        t.code
        for t in program.targets.order_by("position")
        if t.rollup == RollUp.SUM and t.pk not in ruled
    ][:4]
    reported = set(
        Submission.objects.filter(reporting_period__program=program).values_list(
            "reporting_period_id", flat=True
        )
    )
    periods = [
        rp.period
        for rp in program.reporting_periods.select_related("period").order_by(
            "-period__end", "period__start"
        )
        if rp.is_open and rp.pk not in reported
    ][:2]
    officers = {
        m.unit.code: m.user
        for m in Membership.objects.filter(
            role="officer", unit__parent=program.unit, unit__kind="commune_union"
        )
        .select_related("unit", "user")
        .order_by("unit__code")
    }
    communes = sorted(officers)
    approver = (
        Membership.objects.filter(role="approver", unit=program.unit)
        .select_related("user")
        .first()
        .user
    )
    writer_units = [
        communes[(i // args.writers_per_unit) % len(communes)] for i in range(args.writers)
    ]
    writers = []
    for index, code in enumerate(writer_units):
        writers.append(
            {
                "kind": "writer",
                "index": index,
                "writers": args.writers,
                "program": program.key,
                "unit": code,
                "token": token_create(user=officers[code]),
                "cells": [(code, t, p.code) for t in targets for p in periods],
                "cells_per_write": min(args.cells_per_write, len(targets) * len(periods)),
            }
        )
    readers = []
    commune_pool = sorted(set(writer_units)) or communes
    for index in range(args.readers):
        period = periods[(index // 2) % len(periods)].code
        if index % 2 == 0:
            username, unit = approver.username, program.unit.code
        else:
            unit = commune_pool[(index // 2) % len(commune_pool)]
            username = officers[unit].username
        query = urllib.parse.urlencode({"unit": unit, "period": period})
        readers.append(
            {
                "kind": "reader",
                "index": index,
                "username": username,
                "path": f"/results/?{query}",
                "scope": "commune" if index % 2 else "province",
            }
        )
    cells = {cell for w in writers for cell in w["cells"]}
    initial = {
        (v.unit.code, v.target.code, v.period.code): v.version
        for v in DataValue.objects.filter(
            target__program=program,
            unit__code__in={c[0] for c in cells},
            period__in=periods,
        ).select_related("unit", "target", "period")
        if (v.unit.code, v.target.code, v.period.code) in cells
    }
    last_change = ValueChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return {
        "program": program,
        "program_key": program.key,
        "targets": targets,
        "periods": periods,
        "writers": writers,
        "readers": readers,
        "cells": cells,
        "initial": initial,
        "last_change": last_change,
        "writer_units": len(set(writer_units)),
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# The rate limits (settings.RATE_LIMITS) are lifted, not switched off: every request is still
# counted, so the measure includes the counting, but no load client is ever refused a 429.
LIFTED_RATE_LIMITS = {
    scope: "1000000/m" for scope in ("login", "login_address", "upload", "report", "api")
}


def server_environment(data_dir: Path, rate_limits: dict | None = None) -> dict[str, str]:
    """The server's environment: its own data folder and database, the rate limits lifted
    unless `rate_limits` are given ({} for the defaults of settings.py)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TINHDOAN_")
        and k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env |= {
        "TINHDOAN_DATA_DIR": str(data_dir),
        "TINHDOAN_SECRET_KEY": secrets.token_urlsafe(50),
        "TINHDOAN_ALLOWED_HOSTS": HOST,
        "TINHDOAN_RATE_LIMITS": json.dumps(
            LIFTED_RATE_LIMITS if rate_limits is None else rate_limits
        ),
    }
    if os.environ.get("TINHDOAN_DATABASE_URL"):
        env["TINHDOAN_DATABASE_URL"] = os.environ["TINHDOAN_DATABASE_URL"]
    return env


def fresh_database(db: str, postgres_url: str) -> Path:
    """A new data folder, and a new PostgreSQL database when asked; both named in os.environ."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhdoan.settings")
    # The server hashes passwords as in production; so must the demo load.
    os.environ.pop("TINHDOAN_FAST_PASSWORD_HASHER", None)
    data_dir = Path(tempfile.mkdtemp(prefix="tinhdoan-load-"))
    os.environ["TINHDOAN_DATA_DIR"] = str(data_dir)
    os.environ.pop("TINHDOAN_DATABASE_URL", None)
    if db == "postgres":
        import psycopg

        name = f"tinhdoan_load_{secrets.token_hex(4)}"
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        os.environ["TINHDOAN_DATABASE_URL"] = postgres_url.rsplit("/", 1)[0] + "/" + name
    return data_dir


def drop_database(postgres_url: str) -> None:
    url = os.environ.get("TINHDOAN_DATABASE_URL", "")
    if "/tinhdoan_load_" not in url:
        return
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


def start_server(
    port: int, args, data_dir: Path, rate_limits: dict | None = None
) -> tuple[subprocess.Popen, Path]:
    """Launch `tinhdoan serve` (it collects static files first); see `server_ready`."""
    log_path = data_dir / "server.log"
    command = [
        str(Path(sys.executable).parent / "tinhdoan"),
        "serve",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command,
            env=server_environment(data_dir, rate_limits),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return process, log_path


def server_ready(process: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 120
    while True:
        status, _ctype, _data, _ms = Connection(port).request("GET", "/healthz/", {})
        if status == 200:
            return
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"Máy chủ không chạy được:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.3)


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def login(port: int, username: str, password: str) -> str:
    """Log in through the login form as a browser would; the Cookie header of the session."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    cookies: SimpleCookie = SimpleCookie()

    def send(method: str, headers: dict, body: str | None = None) -> tuple[int, str]:
        conn.request(method, "/accounts/login/", body=body, headers={**BASE_HEADERS, **headers})
        response = conn.getresponse()
        page = response.read().decode()
        for header in response.msg.get_all("Set-Cookie") or []:
            cookies.load(header)
        return response.status, page

    try:
        _status, page = send("GET", {})
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        status, _page = send(
            "POST",
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookies['csrftoken'].value}",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}/accounts/login/",
            },
            urllib.parse.urlencode(form),
        )
    finally:
        conn.close()
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"Không đăng nhập được {username} (HTTP {status}).")
    return f"sessionid={cookies['sessionid'].value}"


# ---------------------------------------------------------------------------------------------
# The run


def default_cluster() -> str:
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    return f"{versions[-1]}/main" if versions else ""


def restart_command(args) -> list[str]:
    """pg_ctlcluster for the cluster serving --postgres-url; refuses a cluster on another port."""
    if os.geteuid() != 0:
        raise SystemExit("--restart-postgres-after cần quyền root (pg_ctlcluster).")
    version, _, name = args.postgres_cluster.partition("/")
    port = urllib.parse.urlsplit(args.postgres_url).port or 5432
    listed = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    ).stdout
    for line in listed.splitlines():
        fields = line.split()
        if fields[:2] == [version, name]:
            if int(fields[2]) != port:
                raise SystemExit(
                    f"Cụm {args.postgres_cluster} nghe cổng {fields[2]}, "
                    f"không phải cổng {port} của --postgres-url."
                )
            return ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"]
    raise SystemExit(f"Không có cụm PostgreSQL {args.postgres_cluster}.")


def restart_postgres(command: list[str], fault: dict) -> None:
    fault["started"] = time.time()
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    fault["finished"] = time.time()
    fault["returncode"] = result.returncode
    fault["output"] = (result.stdout + result.stderr).strip()[-500:]


def run_load(args, plan: dict, port: int, command: list[str] | None) -> tuple[list[dict], dict]:
    """Start the client processes, release them together, report progress; all their records
    and the run's facts: its start, GETs sent again on a new connection, the restart."""
    specs = [
        {**spec, "id": number} for number, spec in enumerate(plan["writers"] + plan["readers"])
    ]
    processes = args.client_processes or max(1, min(4, math.ceil(len(specs) / 60)))
    context = multiprocessing.get_context("spawn")
    out, go, start = context.Queue(), context.Event(), context.Value("d", 0.0)
    shared = (out, go, start, float(args.seconds), float(args.trivial_seconds))
    children = [
        context.Process(
            target=run_clients,
            args=(i, specs[i::processes], port, args.think_ms, args.seed, shared),
            daemon=True,
        )
        for i in range(processes)
    ]
    for child in children:
        child.start()
    progress(f"  {len(specs)} khách trong {processes} tiến trình: mở kết nối, lượt đầu…")
    ready, counts, records, done = 0, {}, [], 0
    run: dict = {"stale_retries": 0, "restart": {}}
    restarter = None
    deadline = time.time() + 600
    last_print = 0.0
    while done < processes:
        try:
            message, index, payload = out.get(timeout=1)
        except queue.Empty:
            message = None
        now = time.time()
        if message == "ready":
            ready += 1
            if ready == processes:
                start.value = now + 0.5
                deadline = start.value + args.seconds + args.trivial_seconds + 300
                go.set()
                progress(
                    f"  bắt đầu: {args.seconds} s bảng kết quả, {args.trivial_seconds} s /healthz/"
                )
        elif message == "progress":
            counts[index] = payload
        elif message == "done":
            records.extend(payload[0])
            run["stale_retries"] += payload[1]
            done += 1
        if (
            command
            and restarter is None
            and go.is_set()
            and now >= start.value + args.restart_postgres_after
        ):
            progress(f"  {now - start.value:.0f} s: khởi động lại PostgreSQL ({' '.join(command)})")
            run["restart"]["command"] = " ".join(command)
            restarter = threading.Thread(target=restart_postgres, args=(command, run["restart"]))
            restarter.start()
        if go.is_set() and now >= start.value and now - last_print >= PROGRESS_EVERY_S:
            last_print = now
            total: Counter = Counter()
            for value in counts.values():
                total.update(value)
            progress(
                f"  {now - start.value:5.0f} s: ghi {total['ok']} thành công, "
                f"{total['conflict']} xung đột (409), {total['failed']} lỗi; "
                f"đọc {total['dashboard']} bảng kết quả, {total['trivial']} /healthz/; "
                f"{total['errors']} câu trả lời lỗi"
            )
        if now > deadline or (
            message is None and any(c.exitcode not in (None, 0) for c in children)
        ):
            raise SystemExit("Các tiến trình khách không kết thúc đúng hạn.")
    for child in children:
        child.join(timeout=30)
    if restarter is not None:
        restarter.join()
    run["start"] = start.value
    return records, run


# ---------------------------------------------------------------------------------------------
# Checks and figures


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def latency(samples: list[float]) -> dict:
    if not samples:
        return {"count": 0}
    return {
        "count": len(samples),
        "p50": round(percentile(samples, 0.50), 1),
        "p95": round(percentile(samples, 0.95), 1),
        "p99": round(percentile(samples, 0.99), 1),
        "max": round(max(samples), 1),
    }


def verify(plan: dict, writes: list[dict]) -> dict:
    """Compare what the clients were told with the audit history and the stored values."""
    from tinhdoan.reporting.models import DataValue, ValueChange
    from tinhdoan.rollup.engine import rollup_check

    program = plan["program"]
    changes = ValueChange.objects.filter(
        pk__gt=plan["last_change"], target__program=program
    ).values_list("unit__code", "target__code", "period__code", "version", "new_value", "reason")
    by_write: dict[str, set] = defaultdict(set)
    by_cell: dict[tuple, list] = defaultdict(list)
    for unit, target, period, version, new_value, reason in changes:
        by_write[reason].add(((unit, target, period), version, new_value))
        by_cell[(unit, target, period)].append((version, reason, new_value))
    stored = {
        (v.unit.code, v.target.code, v.period.code): (v.value, v.version)
        for v in DataValue.objects.filter(
            target__program=program,
            unit__code__in={c[0] for c in plan["cells"]},
            period__in=plan["periods"],
        ).select_related("unit", "target", "period")
    }
    overwritten: set[str] = set()  # writes whose change another change replaced or hid
    taken: dict[tuple, set] = defaultdict(set)  # (cell, version) -> writes that produced it
    cells_off = 0
    for cell, rows in by_cell.items():
        rows.sort()
        for version, reason, _value in rows:
            taken[(cell, version)].add(reason)
        initial = plan["initial"].get(cell, 0)
        versions = [version for version, _r, _v in rows]
        if versions != list(range(initial + 1, initial + 1 + len(rows))):
            cells_off += 1
            repeated = Counter(versions)
            overwritten |= {reason for version, reason, _v in rows if repeated[version] > 1}
        last_version, last_reason, last_value = rows[-1]
        if stored.get(cell) != (last_value, last_version):
            cells_off += 1
            overwritten.add(last_reason)
    sent = {w["id"] for w in writes}
    lost = conflicts_applied = conflicts_unexplained = 0
    unknown = unknown_committed = partial = 0
    for write in writes:
        rows = by_write.get(write["id"], set())
        expected = {
            ((u, t, p), version + 1, Decimal(value)) for u, t, p, version, value in write["items"]
        }
        status = write["status"]
        if 200 <= status < 300:
            lost += rows != expected or write["id"] in overwritten
        elif status == 409:
            conflicts_applied += bool(rows)
            stale = any(
                taken.get(((u, t, p), version + 1), set()) - {write["id"]}
                or version < plan["initial"].get((u, t, p), 0)
                for u, t, p, version, _value in write["items"]
            )
            conflicts_unexplained += not stale
        elif status == 0 or status >= 500:
            unknown += 1
            unknown_committed += bool(rows)
            partial += bool(rows) and rows != expected
    started = time.perf_counter()
    mismatched = rollup_check(program=program, periods=plan["periods"])
    progress(f"  đối chiếu tổng hợp: {time.perf_counter() - started:.1f} s")
    return {
        "lost_writes": lost,
        "conflicts_that_changed_something": conflicts_applied,
        "conflicts_without_a_newer_version": conflicts_unexplained,
        "cells_with_history_not_matching_value": cells_off,
        "changes_from_no_recorded_write": len(set(by_write) - sent),
        "writes_unknown_outcome": unknown,
        "writes_unknown_outcome_committed": unknown_committed,
        "writes_partially_applied": partial,
        "cells_changed": len(by_cell),
        "audit_rows": sum(len(rows) for rows in by_cell.values()),
        "aggregates_mismatched": len(mismatched),
    }


def fault_report(records: list[dict], run: dict) -> tuple[dict, set[int]]:
    """What the clients got during the restart; which error records it explains."""
    fault = run["restart"]
    restart_at, restart_done = fault["started"], fault["finished"]
    recovered = min(
        (
            r["t"] + r["ms"] / 1000
            for r in records
            if r["kind"] == "write" and 200 <= r["status"] < 300 and r["t"] >= restart_done
        ),
        default=None,
    )
    explained, statuses, clean, unclean, messages = set(), Counter(), 0, 0, Counter()
    for number, r in enumerate(records):
        if not (r["status"] == 0 or r["status"] >= 500):
            continue
        if r["t"] + r["ms"] / 1000 < restart_at or (recovered is not None and r["t"] > recovered):
            continue
        explained.add(number)
        statuses[str(r["status"] or "connection error")] += 1
        clean += r["clean"]
        unclean += not r["clean"]
        messages[r["detail"]] += 1
    errors_at = [records[n]["t"] + records[n]["ms"] / 1000 - restart_at for n in explained]
    return (
        {
            "restart_at_s": round(restart_at - run["start"], 1),
            "restart_command": fault.get("command"),
            "restart_command_s": round(restart_done - restart_at, 2),
            "restart_returncode": fault["returncode"],
            "errors": sum(statuses.values()),
            "errors_by_status": dict(statuses),
            "errors_clean_503": clean,
            "errors_unclean": unclean,
            "messages": [m for m, _n in messages.most_common(3)],
            "vietnamese_message": any("Cơ sở dữ liệu" in m for m in messages),
            "first_error_answered_after_restart_began_s": round(min(errors_at), 2)
            if errors_at
            else None,
            "last_error_answered_after_restart_began_s": round(max(errors_at), 2)
            if errors_at
            else None,
            "writes_recovered": recovered is not None,
            "first_write_ok_after_restart_began_s": (
                round(recovered - restart_at, 2) if recovered else None
            ),
            "recovery_after_restart_command_s": (
                round(recovered - restart_done, 2) if recovered else None
            ),
        },
        explained,
    )


def server_log_counts(path: Path) -> dict:
    text = path.read_text(errors="replace")
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "database_is_locked": text.count("database is locked"),
        "database_unavailable_logged": text.count("Database unavailable during"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
    }


def summarize(args, plan: dict, records: list[dict], run: dict, checks: dict, log: dict) -> dict:
    writes = [r for r in records if r["kind"] == "write"]
    answered = [r["ms"] for r in writes if 200 <= r["status"] < 300 or r["status"] == 409]
    dashboard = [r for r in records if r["kind"] == "dashboard"]
    trivial = [r for r in records if r["kind"] == "trivial"]
    errors = [n for n, r in enumerate(records) if r["status"] == 0 or r["status"] >= 500]
    explained: set[int] = set()
    fault_out = None
    if run["restart"].get("started"):
        fault_out, explained = fault_report(records, run)
    unexpected = Counter(
        f"{r['kind']} {r['status']}"
        for r in records
        if 0 < r["status"] < 500
        and not (r["kind"] == "write" and (200 <= r["status"] < 300 or r["status"] == 409))
        and not (r["kind"] != "write" and r.get("shown", r["status"] == 200))
    )
    write_ms = latency(answered)
    dashboard_ms = latency([r["ms"] for r in dashboard if r["shown"]])
    reads_per_s = sum(r["shown"] for r in dashboard) / args.seconds
    trivial_per_s = (
        sum(r["shown"] for r in trivial) / args.trivial_seconds if args.trivial_seconds else 0.0
    )
    report = {
        "writes_ok": sum(200 <= r["status"] < 300 for r in writes),
        "writes_conflict": sum(r["status"] == 409 for r in writes),
        "lost_writes": checks["lost_writes"],
        "server_errors": len(errors) - len(explained),
        "p50_ms": write_ms.get("p50"),
        "p95_ms": write_ms.get("p95"),
        "p99_ms": write_ms.get("p99"),
        "reads_per_s": round(reads_per_s, 1),
        "trivial_view_reads_per_s": round(trivial_per_s, 1),
        "ratio_to_trivial": round(reads_per_s / trivial_per_s, 2) if trivial_per_s else None,
        "headline_latency": "PUT /api/v1/values, every answered write (2xx or 409)",
        "dashboard_p95_ms": dashboard_ms.get("p95"),
        "write_ms": write_ms,
        "write_ok_ms": latency([r["ms"] for r in writes if 200 <= r["status"] < 300]),
        "dashboard_ms": dashboard_ms,
        "dashboard_province_ms": latency(
            [r["ms"] for r in dashboard if r["shown"] and r["scope"] == "province"]
        ),
        "dashboard_commune_ms": latency(
            [r["ms"] for r in dashboard if r["shown"] and r["scope"] == "commune"]
        ),
        "trivial_ms": latency([r["ms"] for r in trivial if r["shown"]]),
        "reload_ms": latency([r["ms"] for r in records if r["kind"] == "refresh"]),
        "writes_total": len(writes),
        "writes_failed": sum(r["status"] == 0 or r["status"] >= 500 for r in writes),
        "dashboard_reads": len(dashboard),
        "unexpected_answers": dict(unexpected),
        "error_samples": [
            {
                "kind": records[n]["kind"],
                "status": records[n]["status"],
                "at_s": round(records[n]["t"] - run["start"], 1),
                "detail": records[n]["detail"][:200],
            }
            for n in [n for n in errors if n not in explained][:5]
        ],
        "requests_resent_on_new_connection": run["stale_retries"],
        **{k: v for k, v in checks.items() if k != "lost_writes"},
        "server_log": log,
        "fault": fault_out,
        "config": {
            "db": args.db,
            "writers": args.writers,
            "readers": args.readers,
            "seconds": args.seconds,
            "trivial_seconds": args.trivial_seconds,
            "think_ms": args.think_ms,
            "think": "uniform 0.5–1.5 × think_ms after each request",
            "server_workers": args.workers,
            "server_threads": args.threads,
            "client_processes": args.client_processes
            or max(1, min(4, math.ceil((args.writers + args.readers) / 60))),
            "writers_per_unit": args.writers_per_unit,
            "writer_units": plan["writer_units"],
            "cells_per_write": plan["writers"][0]["cells_per_write"] if plan["writers"] else 0,
            "program": plan["program_key"],
            "targets": plan["targets"],
            "periods": [p.code for p in plan["periods"]],
            "readers_province": sum(1 for r in plan["readers"] if r["index"] % 2 == 0),
            "readers_commune": sum(1 for r in plan["readers"] if r["index"] % 2 == 1),
            "cpus": os.cpu_count(),
            "load_average_before": plan["load_before"],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
    }
    report["goals"] = {
        "no_lost_writes": report["lost_writes"] == 0,
        "no_server_errors": report["server_errors"] == 0,
        "dashboard_p95_le_200ms": (report["dashboard_p95_ms"] or math.inf) <= 200,
        "ratio_to_trivial_ge_0_5": (report["ratio_to_trivial"] or 0) >= 0.5,
    }
    return report


def failed(report: dict) -> list[str]:
    problems = [
        key
        for key in (
            "lost_writes",
            "server_errors",
            "conflicts_that_changed_something",
            "conflicts_without_a_newer_version",
            "cells_with_history_not_matching_value",
            "changes_from_no_recorded_write",
            "writes_partially_applied",
            "aggregates_mismatched",
        )
        if report[key]
    ]
    if report["unexpected_answers"]:
        problems.append("unexpected_answers")
    fault = report["fault"]
    if fault and (fault["errors_unclean"] or not fault["writes_recovered"]):
        problems.append("fault")
    return problems


def parse_args():
    serve_workers = (os.cpu_count() or 1) * 2 + 1
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--writers", type=int, default=20, help="clients saving values (20)")
    parser.add_argument(
        "--readers", type=int, default=10, help="clients reading the dashboard (10)"
    )
    parser.add_argument(
        "--seconds", type=float, default=60, help="length of the dashboard phase (60)"
    )
    parser.add_argument(
        "--trivial-seconds",
        type=float,
        help="then /healthz/ for the readers, writers going on (default: a quarter of --seconds, 3–15)",
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--think-ms",
        type=int,
        default=1000,
        help="each client pauses 0.5–1.5 × this after every request, as a person at work "
        "(1000); 0 is a closed-loop saturation test",
    )
    parser.add_argument(
        "--workers", type=int, default=serve_workers, help=f"gunicorn processes ({serve_workers})"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per process (4)")
    parser.add_argument(
        "--writers-per-unit",
        type=int,
        default=2,
        help="writers sharing one commune's cells, so that they conflict (2)",
    )
    parser.add_argument("--cells-per-write", type=int, default=2, help="cells in one PUT (2)")
    parser.add_argument("--client-processes", type=int, help="default: one per 60 clients, 1–4")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument(
        "--restart-postgres-after",
        type=float,
        metavar="SECONDS",
        help="restart PostgreSQL this far into the dashboard phase (postgres only, as root)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "TINHDOAN_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/test"
        ),
        help="server where the throw-away database is created (TINHDOAN_BENCH_POSTGRES)",
    )
    parser.add_argument(
        "--postgres-cluster",
        default=default_cluster(),
        help="VERSION/NAME of the cluster serving --postgres-url, for the restart",
    )
    args = parser.parse_args()
    if args.trivial_seconds is None:
        args.trivial_seconds = min(15.0, max(3.0, args.seconds / 4))
    if args.writers < 1 or args.readers < 0 or args.seconds <= 0 or args.trivial_seconds < 0:
        parser.error("--writers ≥ 1, --readers ≥ 0, --seconds > 0")
    if args.writers_per_unit < 1 or args.cells_per_write < 1 or args.think_ms < 0:
        parser.error("--writers-per-unit, --cells-per-write ≥ 1; --think-ms ≥ 0")
    if args.restart_postgres_after is not None:
        if args.db != "postgres":
            parser.error("--restart-postgres-after chỉ dùng với --db postgres")
        if not 0 < args.restart_postgres_after < args.seconds:
            parser.error("--restart-postgres-after phải nằm trong --seconds")
    return args


def main() -> int:
    args = parse_args()
    command = restart_command(args) if args.restart_postgres_after is not None else None
    progress(f"Cơ sở dữ liệu mới ({args.db})…")
    data_dir = fresh_database(args.db, args.postgres_url)
    server, ok = None, False
    try:
        port = free_port()
        # The server collects its static files and boots while the database is filled.
        progress(f"Chạy tinhdoan serve ({args.workers} tiến trình × {args.threads} luồng)…")
        server, log_path = start_server(port, args, data_dir)
        import django
        from django.db import connections

        django.setup()
        password = secrets.token_urlsafe(16)
        plan = prepare(args, password)
        connections.close_all()
        started = time.perf_counter()
        server_ready(server, port, log_path)
        progress(f"  máy chủ sẵn sàng sau {time.perf_counter() - started:.1f} s chờ thêm")
        started = time.perf_counter()
        sessions = {
            name: login(port, name, password) for name in {r["username"] for r in plan["readers"]}
        }
        for reader in plan["readers"]:
            reader["cookie"] = sessions[reader["username"]]
        progress(
            f"  {len(sessions)} lần đăng nhập qua biểu mẫu: {time.perf_counter() - started:.1f} s"
        )
        records, run = run_load(args, plan, port, command)
        stop_server(server)
        progress("Kiểm tra cơ sở dữ liệu…")
        connections.close_all()
        checks = verify(plan, [r for r in records if r["kind"] == "write"])
        report = summarize(args, plan, records, run, checks, server_log_counts(log_path))
        print(json.dumps(report, ensure_ascii=False))
        problems = failed(report)
        if problems:
            progress(f"KHÔNG ĐẠT: {', '.join(problems)}. Nhật ký máy chủ: {log_path}")
        ok = not problems
        return 0 if ok else 1
    finally:
        if server is not None:
            stop_server(server)
        drop_database(args.postgres_url)
        if ok:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
