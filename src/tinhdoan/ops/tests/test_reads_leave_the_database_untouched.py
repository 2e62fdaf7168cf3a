"""A burst of reads against a running server leaves the SQLite files as they were.

The demo on its own SQLite file (WAL mode), a server in its own process, an
approver signed in and a script with an API token; after one warm-up round (the sign-in
and the token's first use are writes), many rounds of the pages and API reads people open
at a reporting deadline must not change a byte of the database file or of its write-ahead
log: no GET takes the write lock.
"""

import hashlib
import http.cookiejar
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from tinhdoan.testing import own_database_only_once

from .conftest import DEMO_PASSWORD
from .test_serve import environment, free_port, run

pytestmark = own_database_only_once

TINHDOAN = str(Path(sys.executable).parent / "tinhdoan")
PAGES = [
    "/",
    "/units/TDLS/",
    "/results/?unit=TDLS&period=2017",
    "/results/?unit=TDLS&period=2026",
    "/programs/",
    "/programs/TDLS/2017/",
    "/programs/TDLS/2026/2026Q3/",
    "/sessions/",
    "/directives/",
    "/congresses/",
    "/cooperation/programs/",
    "/units/TDLS/children/",
    "/results/report/?unit=TDLS&period=2017&format=xlsx",
]
API = [
    "/api/v1/units/TDLS",
    "/api/v1/results/TDLS/2017",
    "/api/v1/results/TDLS/2026",
    "/api/v1/values?program=TDLS:2026&period=2026Q3",
    "/api/v1/directives",
    "/api/v1/completeness?program=TDLS:2026&period=2026Q3",
]


def files_of(database: Path) -> dict[str, str]:
    """The digest of the database file and of its write-ahead log. The shared-memory index
    is readers' bookkeeping, not data; so is an empty log, which the first connection opened
    after the last one closed creates."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in (database, database.with_name(database.name + "-wal"))
        if path.exists() and path.stat().st_size > 0
    }


def signed_in(port: int, username: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{port}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/accounts/login/",
        data=form,
        headers={"Referer": f"http://127.0.0.1:{port}/accounts/login/"},
    )
    opener.open(request).read()
    return opener


def _status(opener, request) -> int:
    try:
        with opener.open(request) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def read_everything(port: int, opener, api_token: str) -> list[tuple[str, int]]:
    """(path, status) of every page as the signed-in user, every API read with the token."""
    answers = [(path, _status(opener, f"http://127.0.0.1:{port}{path}")) for path in PAGES]
    plain = urllib.request.build_opener()
    for path in API:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {api_token}"}
        )
        answers.append((path, _status(plain, request)))
    return answers


def test_a_burst_of_reads_changes_no_byte_of_the_database(demo_data_dir):
    env = environment(demo_data_dir)
    made = run(["token", "btv.tinhdoan"], env)
    api_token = re.search(r"td_\S+", made.stdout).group(0)
    port = free_port()
    log = (demo_data_dir / "server.log").open("w")
    server = subprocess.Popen(
        [TINHDOAN, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/").read()
                break
            except OSError:
                assert server.poll() is None, (demo_data_dir / "server.log").read_text()
                assert time.monotonic() < deadline, "máy chủ không trả lời sau 90 giây"
                time.sleep(0.3)
        opener = signed_in(port, "btv.tinhdoan")
        warm_up = read_everything(port, opener, api_token)
        assert [answer for answer in warm_up if answer[1] != 200] == []
        database = next(demo_data_dir.glob("*.sqlite3"))
        before = files_of(database)

        for _ in range(5):
            answers = read_everything(port, opener, api_token)
            assert [answer for answer in answers if answer[1] != 200] == []

        assert files_of(database) == before
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
