"""The demo's register: the 2017 year-end report of the provincial union, issued as number 12
of 2018 (the register goes on from the office's paper book, where 11 numbers were taken), then
the briefing for the working session of 9 January 2018, number 13 of 8 January."""

import datetime

from django.db import transaction

from tinhdoan.briefings.document import briefing_document, briefing_symbol
from tinhdoan.briefings.report import issued_briefing, source_of
from tinhdoan.briefings.selectors import briefing_for
from tinhdoan.documents.services import document_issue, register_continue
from tinhdoan.org.models import Unit
from tinhdoan.rollup.report import issued_results, results_source
from tinhdoan.rollup.selectors import results_key, unit_results
from tinhdoan.rollup.yearend import report_symbol, results_document

ISSUED_ON = datetime.date(2018, 1, 5)
PAPER_REGISTER_LAST = 11
SESSION_DAY = datetime.date(2018, 1, 9)
BRIEFING_ISSUED_ON = datetime.date(2018, 1, 8)


def load(progress) -> None:
    load_results_report(progress)
    load_briefing(progress)


@transaction.atomic
def load_results_report(progress) -> None:
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


@transaction.atomic
def load_briefing(progress) -> None:
    """The briefing the union presented on 9 January 2018, drafted from the data as is."""
    province = Unit.objects.get(code="TDLS")
    briefing = briefing_for(unit=province, day=SESSION_DAY, body=Unit.objects.get(code="UBND-LS"))
    if issued_briefing(briefing) is not None:
        return
    issued = document_issue(
        unit=province,
        document=briefing_document(briefing, day=BRIEFING_ISSUED_ON),
        symbol=briefing_symbol(briefing),
        source=source_of(briefing),
    )
    progress(
        f"Văn bản đã ban hành: Báo cáo phục vụ buổi làm việc số {issued.symbol} "
        f"ngày {BRIEFING_ISSUED_ON:%d/%m/%Y}"
    )
