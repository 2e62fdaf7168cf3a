"""Every unit of the demo gets its results report in every format, and each file reads back."""

import datetime

import pytest
from django.db import connection

from tinhdoan.documents.model import Table, is_number
from tinhdoan.documents.numbers import format_number
from tinhdoan.documents.render import render_docx, render_pdf, render_xlsx
from tinhdoan.documents.tests.readback import docx_paragraphs, pdf_runs, xlsx_values
from tinhdoan.org.models import Unit
from tinhdoan.rollup.report import results_document
from tinhdoan.rollup.selectors import results_key, sub_units, unit_results

pytestmark = pytest.mark.django_db

# 2017 read after the year closed; 2026 while it runs (the forecasts).
PERIODS = {"2017": datetime.date(2018, 1, 9), "2026": datetime.date(2026, 9, 30)}


def _units_of(period_code: str) -> list[Unit]:
    province = Unit.objects.get(code="TDLS")
    period = results_key(unit=province, period_code=period_code).period
    units, queue = [], [province]
    while queue:
        unit = queue.pop(0)
        units.append(unit)
        queue.extend(sub_units(unit=unit, period=period))
    return units


def _numbers(document) -> list[str]:
    return [
        format_number(value)
        for block in document.body
        if isinstance(block, Table)
        for row in block.rows
        for value in row
        if is_number(value)
    ]


def _rendered(index: int) -> bool:
    """Rendering does not depend on the database: SQLite renders every unit's files, the
    other databases every fifth unit's (each unit's figures are still read there)."""
    return connection.vendor == "sqlite" or index % 5 == 0


@pytest.mark.parametrize("period_code", PERIODS)
def test_every_unit_renders_in_every_format_and_reads_back(demo, period_code):
    units = _units_of(period_code)
    kinds = {unit.kind for unit in units}
    if period_code == "2017":
        assert "district_union" in kinds
    else:
        assert sum(unit.kind == "commune_union" for unit in units) == 65
    for index, unit in enumerate(units):
        results = unit_results(
            key=results_key(unit=unit, period_code=period_code), day=PERIODS[period_code]
        )
        document = results_document(results)
        assert results.unit == unit and document.subject, unit.code
        if not _rendered(index):
            continue

        paragraphs = docx_paragraphs(render_docx(document))
        assert "BÁO CÁO" in paragraphs, unit.code
        assert document.subject in paragraphs, unit.code

        assert results.summary in xlsx_values(render_xlsx(document)), unit.code

        runs = {run.text.strip() for run in pdf_runs(render_pdf(document))}
        assert "BÁO CÁO" in runs, unit.code
        broken = [number for number in _numbers(document) if number not in runs]
        assert not broken, (unit.code, broken)
