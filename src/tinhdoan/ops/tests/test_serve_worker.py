"""`tinhdoan serve` runs the jobs' worker beside gunicorn, and stops it with gunicorn.

The supervision is asked with stand-ins for both (processes that wait for a signal), so the
test runs in a second: the signal that stops `serve` reaches the server, and the worker
ends with it.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = """
import sys, time
from tinhdoan.ops.management.commands import serve

serve.worker_command = lambda: [sys.executable, "-c", "import os, time; open({pids!r} + '/worker', 'w').write(str(os.getpid())); time.sleep(60)"]
server = [sys.executable, "-c", "import os, time; open({pids!r} + '/server', 'w').write(str(os.getpid())); time.sleep(60)"]
sys.exit(serve.serve_beside_worker(server, {{}}, log=print))
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def wait_for(path: Path) -> int:
    deadline = time.monotonic() + 20
    while not (path.exists() and path.read_text()):
        assert time.monotonic() < deadline, f"{path.name} never started"
        time.sleep(0.05)
    return int(path.read_text())


def test_stopping_serve_stops_the_server_and_the_worker_beside_it(tmp_path):
    script = SCRIPT.format(pids=str(tmp_path))
    serve = subprocess.Popen([sys.executable, "-c", script])
    server, worker = wait_for(tmp_path / "server"), wait_for(tmp_path / "worker")
    assert alive(server) and alive(worker)

    serve.send_signal(signal.SIGTERM)

    serve.wait(timeout=40)
    assert not alive(server) and not alive(worker)
