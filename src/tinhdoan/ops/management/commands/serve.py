"""`tinhdoan serve`: the production server (gunicorn on the WSGI app, static files by WhiteNoise)."""

import os
import subprocess
import sys

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
        # gunicorn takes this process's place: signals from systemd or Ctrl+C reach it directly.
        os.execve(sys.executable, command, env)
