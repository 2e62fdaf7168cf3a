"""`tinhdoan serve`: the production server (gunicorn on the WSGI app, static files by WhiteNoise)
and, beside it, the worker of background jobs (`tinhdoan jobs-worker`)."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip().isdigit() else default


def production_environment() -> dict[str, str]:
    """The environment of the server processes; refuses to go on without a key and host names."""
    env = dict(os.environ)
    if settings.DEBUG:
        return env
    missing = [
        name
        for name in ("TINHDOAN_SECRET_KEY", "TINHDOAN_ALLOWED_HOSTS")
        if not env.get(name, "").strip()
    ]
    if missing:
        raise CommandError(
            "Không chạy máy chủ: thiếu biến môi trường "
            + ", ".join(missing)
            + " (khóa bí mật dài, ngẫu nhiên; các tên miền của hệ thống, cách nhau bằng dấu phẩy)."
        )
    env["TINHDOAN_PRODUCTION"] = "1"
    return env


def gunicorn_command(*, bind: str, workers: int, threads: int, timeout: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "tinhdoan.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        str(timeout),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "--no-control-socket",
    ]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "tinhdoan.cli", "jobs-worker"]


# The signals gunicorn acts on (stop, reload, more or fewer workers, reopen logs).
FORWARDED = (
    signal.SIGTERM,
    signal.SIGINT,
    signal.SIGQUIT,
    signal.SIGHUP,
    signal.SIGTTIN,
    signal.SIGTTOU,
    signal.SIGUSR1,
    signal.SIGUSR2,
)
WORKER_RESTART_SECONDS = 10
WORKER_STOP_SECONDS = 30


def serve_beside_worker(command: list[str], env: dict[str, str], log) -> int:
    """Run gunicorn and the jobs' worker side by side until gunicorn ends; then stop the
    worker (it finishes the job in hand, for at most WORKER_STOP_SECONDS). The signals this
    process gets go to gunicorn; a worker that dies is started again after a pause."""
    server = subprocess.Popen(command, env=env)
    worker = subprocess.Popen(worker_command(), env=env)
    for signum in FORWARDED:
        signal.signal(signum, lambda signum, _frame: server.send_signal(signum))
    restart_at = None
    while True:
        try:
            server.wait(timeout=1)
            break
        except subprocess.TimeoutExpired:
            pass
        if worker.poll() is None:
            continue
        if restart_at is None:
            log(f"Tiến trình chạy nền dừng (mã {worker.returncode}); chạy lại sau 10 giây.")
            restart_at = time.monotonic() + WORKER_RESTART_SECONDS
        elif time.monotonic() >= restart_at:
            worker, restart_at = subprocess.Popen(worker_command(), env=env), None
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    return server.returncode


class Command(BaseCommand):
    help = "Chạy hệ thống để phục vụ người dùng: gunicorn và tệp tĩnh qua WhiteNoise."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("TINHDOAN_BIND", "127.0.0.1:8000"),
            help="Địa chỉ lắng nghe (mặc định TINHDOAN_BIND hoặc 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=env_int("TINHDOAN_WORKERS", (os.cpu_count() or 1) * 2 + 1),
            help="Số tiến trình (mặc định TINHDOAN_WORKERS hoặc 2 × số CPU + 1).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=env_int("TINHDOAN_THREADS", 4),
            help="Số luồng mỗi tiến trình (mặc định TINHDOAN_THREADS hoặc 4).",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=env_int("TINHDOAN_TIMEOUT", 60),
            help="Giây tối đa cho một yêu cầu (mặc định 60).",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Không gom tệp tĩnh trước khi chạy (đã chạy collectstatic).",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Không chạy tiến trình làm công việc nền bên cạnh (chạy riêng: tinhdoan jobs-worker).",
        )

    def handle(self, *args, **options):
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("Số tiến trình và số luồng phải từ 1 trở lên.")
        env = production_environment()
        if not options["no_collectstatic"]:
            collect = [sys.executable, "-m", "tinhdoan.cli", "collectstatic", "--noinput", "-v0"]
            if subprocess.run(collect, env=env).returncode != 0:
                raise CommandError("Không gom được tệp tĩnh (collectstatic).")
        command = gunicorn_command(
            bind=options["bind"],
            workers=options["workers"],
            threads=options["threads"],
            timeout=options["timeout"],
        )
        self.stdout.write(f"Chạy tinhdoan tại {options['bind']}: {' '.join(command[2:])}")
        self.stdout.flush()
        if options["no_worker"]:
            # gunicorn takes this process's place: signals from systemd or Ctrl+C reach it directly.
            os.execve(sys.executable, command, env)
        self.stdout.write("Chạy tiến trình làm công việc nền bên cạnh: tinhdoan jobs-worker")
        self.stdout.flush()
        returncode = serve_beside_worker(command, env, log=self.stderr.write)
        if returncode:
            raise SystemExit(returncode)
