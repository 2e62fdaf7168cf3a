"""A server killed in the middle of a large import leaves nothing partial.

`tinhdoan import-values` runs as its own process on the test's database (a copy in a file
on SQLite, the test database itself on PostgreSQL), is killed with SIGKILL once it is
demonstrably writing, and the database is checked as the next process sees it.
"""

import datetime
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection

from tinhdoan.lib.tabular import write_csv
from tinhdoan.ops.tests.test_serve import TINHDOAN, environment
from tinhdoan.org.models import Unit
from tinhdoan.org.services import tree_rebuild_paths
from tinhdoan.programs import services
from tinhdoan.reporting.models import DataValue, ValueChange
from tinhdoan.reporting.value_files import COLUMNS

# The subprocess must see the rows this test makes: they are committed.
pytestmark = pytest.mark.django_db(transaction=True)

UNITS = 1000
TARGETS = 10
PERIODS = ["2026Q1", "2026Q2", "2026S1", "2026Q3", "2026"]  # 1,000 × 10 × 5 = 50,000 values


def build_program() -> None:
    root = Unit.objects.create(code="KILL", name="Tỉnh đoàn Thử", kind="provincial_union")
    Unit.objects.bulk_create(
        [
            Unit(code=f"KILL-{i:04d}", name=f"Đoàn xã {i}", kind="commune_union", parent=root)
            for i in range(UNITS)
        ],
        batch_size=500,
    )
    tree_rebuild_paths()
    root.refresh_from_db()
    program = services.program_create(unit=root, year=2026, title="Chương trình thử")
    for t in range(1, TARGETS + 1):
        services.target_add(
            program=program, code=f"CT{t:02d}", name=f"Chỉ tiêu {t}", measure="người"
        )
    for code in PERIODS:
        services.reporting_period_add(
            program=program, period_code=code, deadline=datetime.date(2027, 1, 10)
        )


def big_csv(path: Path) -> Path:
    rows = [
        [
            f"KILL-{i:04d}",
            f"CT{t:02d}",
            period,
            f"{(i * 37 + t * 101) % 5000 + 1000:,}".replace(",", "."),
            "",
        ]
        for i in range(UNITS)
        for t in range(1, TARGETS + 1)
        for period in PERIODS
    ]
    path.write_bytes(write_csv(COLUMNS, rows))
    return path


class Database:
    """The test's database as another process reaches it."""

    def __init__(self, tmp_path: Path):
        self.data_dir = tmp_path / "data"
        self.data_dir.mkdir()
        if connection.vendor == "sqlite":
            self.file = self.data_dir / "tinhdoan.sqlite3"
            target = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            self.env = environment(self.data_dir)
        else:
            self.file = None
            s = connection.settings_dict
            url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
            self.env = environment(self.data_dir, TINHDOAN_DATABASE_URL=url)

    def counts(self) -> tuple[int, int]:
        tables = (DataValue._meta.db_table, ValueChange._meta.db_table)
        if self.file is None:
            return DataValue.objects.count(), ValueChange.objects.count()
        with sqlite3.connect(self.file) as db:  # recovers from the killed writer's WAL
            return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)

    def writing(self) -> bool:
        """Whether an uncommitted write transaction of another process is under way."""
        if self.file is not None:
            # Pages already in the write-ahead log, and the write lock still held.
            wal = self.file.with_name(self.file.name + "-wal")
            if not wal.exists() or wal.stat().st_size == 0:
                return False
            probe = sqlite3.connect(self.file, timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:  # database is locked
                return True
            finally:
                probe.close()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
            )
            return cursor.fetchone()[0] > 0


def test_an_import_killed_while_writing_leaves_nothing_and_a_rerun_imports_everything(
    tmp_path,
):
    build_program()
    database = Database(tmp_path)
    csv_file = big_csv(tmp_path / "so-lieu.csv")
    before = database.counts()
    assert before == (0, 0)
    command = [TINHDOAN, "import-values", str(csv_file), "--program", "KILL:2026"]

    process = subprocess.Popen(
        command, env=database.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while not database.writing():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert database.counts() == before

    rerun = subprocess.run(command, env=database.env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert "50000 số liệu mới" in rerun.stdout
    assert database.counts() == (50_000, 50_000)
