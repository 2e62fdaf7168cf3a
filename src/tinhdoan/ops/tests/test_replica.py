"""Report reads go to the read replica when one is configured; writes never do.

The demo on its own SQLite file, a copy of it as the "replica" in which the province's
name is changed, so that what a command read shows where it read it.
"""

import hashlib
import sqlite3

from tinhdoan.testing import own_database_only_once

from .test_serve import environment, run

pytestmark = own_database_only_once
MARK = "Bản sao chỉ đọc"


def _copy_as_replica(primary, replica) -> None:
    with sqlite3.connect(primary) as source, sqlite3.connect(replica) as copy:
        source.backup(copy)
        copy.execute("UPDATE org_unit SET name = ? WHERE code = 'TDLS'", [MARK])
    copy.close()


def test_report_reads_go_to_the_replica_and_writes_stay_on_the_primary(demo_data_dir):
    primary_env = environment(demo_data_dir)
    primary = next(demo_data_dir.glob("*.sqlite3"))
    replica = demo_data_dir / "replica" / "copy.sqlite3"
    replica.parent.mkdir()
    _copy_as_replica(primary, replica)
    replica_bytes = hashlib.sha256(replica.read_bytes()).hexdigest()
    env = environment(demo_data_dir, TINHDOAN_REPLICA_URL=f"sqlite:///{replica}")
    report = ["report", "results", "--unit", "TDLS", "--period", "2017", "--format", "json"]

    from_replica = run(report, env)
    from_primary = run(report, primary_env)
    units = run(["export-units"], env)  # not a report: read on the primary
    token = run(["token", "btv.tinhdoan"], env)  # a write

    assert from_replica.returncode == 0, from_replica.stderr
    assert MARK in from_replica.stdout
    assert MARK not in from_primary.stdout and "Lạng Sơn" in from_primary.stdout
    assert units.returncode == 0 and MARK not in units.stdout
    assert token.returncode == 0
    assert hashlib.sha256(replica.read_bytes()).hexdigest() == replica_bytes
    with sqlite3.connect(primary) as connection:
        (tokens,) = connection.execute("SELECT COUNT(*) FROM accounts_apitoken").fetchone()
    connection.close()
    assert tokens == 1
