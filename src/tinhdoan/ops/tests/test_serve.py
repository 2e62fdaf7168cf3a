"""The production server and settings, run as an operator would: in separate processes."""

import gzip
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tinhdoan.testing import own_database_only_once

pytestmark = own_database_only_once

TINHDOAN = str(Path(sys.executable).parent / "tinhdoan")
SECRET = secrets.token_urlsafe(50)


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh production machine: its own data folder, SQLite."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TINHDOAN_")
        and key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env["TINHDOAN_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([TINHDOAN, *args], env=env, capture_output=True, text=True, timeout=120)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = environment(
        tmp_path,
        TINHDOAN_PRODUCTION="1",
        TINHDOAN_SECRET_KEY=SECRET,
        TINHDOAN_ALLOWED_HOSTS="tinhdoan.langson.example.vn",
    )
    result = run(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_production_settings(tmp_path):
    result = run(["check", "--deploy", "--fail-level", "WARNING"], environment(tmp_path))
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"TINHDOAN_ALLOWED_HOSTS": "tinhdoan.example.vn"}, "TINHDOAN_SECRET_KEY"),
        ({"TINHDOAN_SECRET_KEY": SECRET}, "TINHDOAN_ALLOWED_HOSTS"),
    ],
)
def test_production_settings_refuse_to_load_without_key_or_hosts(tmp_path, given, missing):
    result = run(["check"], environment(tmp_path, TINHDOAN_PRODUCTION="1", **given))
    assert result.returncode != 0
    assert f"Thiếu biến môi trường {missing}" in result.stderr


def test_serve_refuses_to_start_without_key_and_hosts(tmp_path):
    port = free_port()
    result = run(
        ["serve", "--bind", f"127.0.0.1:{port}", "--no-collectstatic"], environment(tmp_path)
    )
    assert result.returncode == 1
    assert "Không chạy máy chủ" in result.stderr
    assert "TINHDOAN_SECRET_KEY" in result.stderr and "TINHDOAN_ALLOWED_HOSTS" in result.stderr
    with pytest.raises(OSError):
        fetch(port, "/accounts/login/")


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = environment(tmp_path, TINHDOAN_SECRET_KEY=SECRET, TINHDOAN_ALLOWED_HOSTS="127.0.0.1")
    args = ["serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"]
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen([TINHDOAN, *args], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                fetch(port, "/accounts/login/")
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "server.log").read_text()
                assert time.monotonic() < deadline, "máy chủ không trả lời sau 90 giây"
                time.sleep(0.3)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


HTTPS = {"X-Forwarded-Proto": "https"}


def test_served_login_page_is_secure_and_static_files_come_hashed_and_compressed(server):
    status, headers, _body = fetch(server, "/accounts/login/")
    assert status == 301 and headers["Location"] == "https://127.0.0.1/accounts/login/"

    status, headers, body = fetch(server, "/accounts/login/", HTTPS)
    html = body.decode()
    assert status == 200 and "Đăng nhập" in html and "Mật khẩu" in html
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Secure" in headers["Set-Cookie"]
    assert "<script>" not in html and " style=" not in html

    htmx = re.search(r'src="(/static/htmx/htmx\.min\.[0-9a-f]{12}\.js)"', html).group(1)
    status, headers, body = fetch(server, htmx, {**HTTPS, "Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip" and "immutable" in headers["Cache-Control"]
    assert b"htmx" in gzip.decompress(body)
    status, _headers, _body = fetch(server, "/static/no-such-file.js", HTTPS)
    assert status == 404


def test_health_answers_over_plain_http_without_touching_anything_else(server):
    status, headers, body = fetch(server, "/healthz/")
    assert status == 200 and body == b"ok"
    assert headers["Content-Type"].startswith("text/plain")
    # Every other path still goes to HTTPS.
    status, headers, _body = fetch(server, "/results/")
    assert status == 301 and headers["Location"].startswith("https://")
