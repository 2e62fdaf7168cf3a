"""The demo's register: the 2017 year-end report of the provincial union, issued as number 12
of 2018 (the register goes on from the office's paper book, where 11 numbers were taken)."""

import datetime

from django.db import transaction

from tinhdoan.documents.services import document_issue, register_continue
from tinhdoan.org.models import Unit
from tinhdoan.rollup.report import issued_results, results_source
from tinhdoan.rollup.selectors import results_key, unit_results
from tinhdoan.rollup.yearend import report_symbol, results_document

ISSUED_ON = datetime.date(2018, 1, 5)
PAPER_REGISTER_LAST = 11


@transaction.atomic
def load(progress) -> None:
    province = Unit.objects.get(code="TDLS")
    if issued_results(province, "2017") is not None:
        return
    register_continue(unit=province, year=ISSUED_ON.year, last_number=PAPER_REGISTER_LAST)
    results = unit_results(key=results_key(unit=province, period_code="2017"), day=ISSUED_ON)
    issued = document_issue(
        unit=province,
        document=results_document(results),
        symbol=report_symbol(province),
        source=results_source("2017"),
    )
    progress(f"Văn bản đã ban hành: Báo cáo số {issued.symbol} ngày {ISSUED_ON:%d/%m/%Y}")
