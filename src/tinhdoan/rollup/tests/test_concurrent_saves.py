"""Officers saving at the same moment: each save rolls up under its program and period's
lock, and once they all return every figure is what a full roll-up gives."""

import threading

import pytest
from django.db import connection

from tinhdoan.programs.models import Period
from tinhdoan.reporting.cells import CellInput
from tinhdoan.reporting.models import DataValue
from tinhdoan.rollup import engine
from tinhdoan.rollup.saving import values_save

from .factories import rule_world


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database shares one cache whose table locks do not wait; "
    "concurrent saves on a SQLite file are tested through bench/load.py (ops tests).",
)
@pytest.mark.django_db(transaction=True)
def test_officers_saving_at_once_each_see_their_values_rolled_up():
    """Six saves in six threads, each on its own connection."""
    world = rule_world()
    period = Period.objects.get(code="2017")
    engine.rollup_full(program=world.program, periods=[period])
    cells = [(unit, target) for unit in ("R-A1", "R-A2", "R-B") for target in ("S", "M")]
    start = threading.Barrier(len(cells))
    errors = []

    def save(index: int, cell: tuple[str, str]) -> None:
        try:
            start.wait(timeout=10)
            values_save(
                user=None,
                program=world.program,
                cells=[CellInput(*cell, "2017", str(10 + index))],
            )
        except Exception as exc:  # reported below, with the thread's own error
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=pair) for pair in enumerate(cells)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert engine.rollup_check(program=world.program, periods=[period]) == []
    stored = {
        (value.unit.code, value.target.code): int(value.value)
        for value in DataValue.objects.filter(
            period=period, unit__code__in=["R-A1", "R-A2", "R-B"]
        ).select_related("unit", "target")
    }
    assert stored == {cell: 10 + index for index, cell in enumerate(cells)}
