"""The year-end report edited and issued (`documents.issue_page`): sections II to IV drafted
from the figures of the document's date."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from tinhdoan.accounts.permissions import unit_get_for_user
from tinhdoan.documents import issue_page

from .report import filename, issued_results, results_source
from .selectors import ResultsError, results_key, unit_results
from .yearend import Narrative, narrative_draft, report_symbol, results_document

SECTION_LABELS = {
    "strengths": gettext_lazy("II.1. Strengths"),
    "limits": gettext_lazy("II.2. Limits and their causes"),
    "directions": gettext_lazy("III. Directions and tasks"),
    "proposals": gettext_lazy("IV. Proposals and recommendations"),
}


def _key(request):
    """The unit (the user must be able to write for it) and the results key of the period."""
    source = request.POST if request.method == "POST" else request.GET
    unit = unit_get_for_user(user=request.user, code=source.get("unit", "").strip(), write=True)
    try:
        return results_key(unit=unit, period_code=source.get("period", "").strip())
    except ResultsError:
        raise Http404 from None


def _issuable(key, results) -> issue_page.Issuable:
    return issue_page.Issuable(
        unit=key.unit,
        source=results_source(key.period.code),
        symbol=report_symbol(key.unit),
        address=reverse("rollup:report_issue")
        + "?"
        + urlencode({"unit": key.unit.code, "period": key.period.code}),
        section_labels=SECTION_LABELS,
        drafted=lambda: vars(narrative_draft(results)),
        document=lambda day, texts, signature: results_document(
            results, day=day, narrative=Narrative(**texts), signature=signature
        ),
        filename=lambda fmt: filename(results, fmt),
    )


@login_required
def report_issue(request):
    """The sections as last saved, else drafted from the figures of the document's date."""
    key = _key(request)
    form = issue_page.bound_form(request, SECTION_LABELS)
    day = issue_page.document_day(form)
    issuable = _issuable(key, unit_results(key=key, day=day))
    if form.is_bound and form.is_valid():
        response = issue_page.act(request, form, issuable)
        if response is not None:
            return response
    context = {
        **issue_page.page_context(request, form, issuable, day),
        "key": key,
        "issued": issued_results(key.unit, key.period.code),
    }
    return render(
        request, "rollup/report_issue.html", context, status=422 if form.is_bound else 200
    )
