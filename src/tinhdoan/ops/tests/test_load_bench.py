"""bench/load.py at a tiny size: the production server under writers and readers loses nothing."""

import json
import subprocess
import sys
from pathlib import Path

from tinhdoan.testing import own_database_only_once

pytestmark = own_database_only_once

BENCH = Path(__file__).resolve().parents[4] / "bench" / "load.py"
KEYS = {
    "writes_ok",
    "writes_conflict",
    "lost_writes",
    "server_errors",
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "reads_per_s",
    "trivial_view_reads_per_s",
    "ratio_to_trivial",
    "dashboard_p95_ms",
}


def test_small_load_keeps_every_saved_value_and_refuses_stale_ones():
    # Three writers, two of them on the same commune's cells with no pause: they must collide.
    command = [
        sys.executable,
        str(BENCH),
        "--writers=3",
        "--readers=2",
        "--seconds=5",
        "--trivial-seconds=2",
        "--think-ms=50",
        "--db=sqlite",
        "--workers=2",
        "--threads=4",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)

    assert KEYS <= report.keys()
    assert report["writes_ok"] > 0 and report["writes_conflict"] > 0
    assert report["lost_writes"] == 0 and report["server_errors"] == 0
    assert report["conflicts_that_changed_something"] == 0
    assert report["conflicts_without_a_newer_version"] == 0
    assert report["unexpected_answers"] == {}
    # Each accepted write changed its two cells, each with one audit row; refused ones none.
    assert report["audit_rows"] == 2 * report["writes_ok"]
    assert report["aggregates_mismatched"] == 0
    assert report["server_log"]["database_is_locked"] == 0
    assert report["reads_per_s"] > 0 and report["trivial_view_reads_per_s"] > 0
    assert report["config"]["program"] == "TDLS:2026"
