"""The two forms of the rule "who must report" agree: the query of completeness
(`program_reporting_units`) and the reading of Việc cần làm (`reports_expected_of`)."""

import datetime

import pytest

from tinhdoan.programs import services as programs
from tinhdoan.programs.models import ReportingPeriod
from tinhdoan.programs.tests.factories import make_world
from tinhdoan.reporting.selectors import (
    for_expected_reports,
    program_reporting_units,
    reports_expected_of,
)
from tinhdoan.testing import make_unit

pytestmark = pytest.mark.django_db


def both_forms(program):
    units = list(program.unit.__class__.objects.exclude(pk=program.unit_id))
    periods = list(for_expected_reports(ReportingPeriod.objects.filter(program=program)))
    read = {
        (rp.period.code, u.code)
        for rp, u in reports_expected_of(units=units, reporting_periods=periods)
    }
    queried = {
        (rp.period.code, u.code)
        for rp in periods
        for u in program_reporting_units(
            program=program, period_start=rp.period.start, period_end=rp.period.end
        )
    }
    return read, queried


def test_with_allocations_the_allocated_units_existing_in_the_period_report():
    world = make_world()
    make_unit("P-C", parent=world.province)  # no allocation: not expected
    make_unit("P-OLD", parent=world.province, valid_to=datetime.date(2025, 12, 31))
    read, queried = both_forms(world.program)
    assert (
        read
        == queried
        == {
            ("2026", "P-A"),
            ("2026", "P-B"),
            ("2026S1", "P-A"),
            ("2026S1", "P-B"),
        }
    )


def test_without_allocations_the_union_units_directly_below_report():
    world = make_world()
    program = programs.program_create(unit=world.commune_a, year=2026, title="Chương trình xã")
    programs.reporting_period_add(
        program=program, period_code="2026", deadline=datetime.date(2027, 1, 10)
    )
    make_unit("P-A-1", parent=world.commune_a, kind="branch")
    make_unit("P-A-2", parent=world.commune_a, kind="branch", valid_from=datetime.date(2027, 1, 1))
    make_unit("P-A-S", parent=world.commune_a, kind="department")
    read, queried = both_forms(program)
    assert read == queried == {("2026", "P-A-1")}
