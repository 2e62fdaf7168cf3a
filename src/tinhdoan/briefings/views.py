"""The briefing edited and issued (`documents.issue_page`): sections II, IV and V drafted
from the data of the session's day."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhdoan.accounts.permissions import unit_get_for_user
from tinhdoan.documents import issue_page
from tinhdoan.lib.dates import parse_date
from tinhdoan.org.models import Unit

from .data import proposed_topics
from .document import BriefingTexts, briefing_document, briefing_symbol, texts_draft
from .report import briefing_filename, issued_briefing, source_of
from .selectors import Briefing, BriefingError, briefing_for

SECTION_LABELS = {
    "organization": gettext_lazy("II. Organization work (congresses)"),
    "recommendations": gettext_lazy("IV. Recommendations and proposals"),
    "topics": gettext_lazy("V. Proposed topics for the session"),
}


def _briefing(request) -> Briefing:
    """The briefing of a unit the user writes for (404 otherwise), for the session day and
    body named in the request; a bad day or body is refused with its reason (422)."""
    source = request.POST if request.method == "POST" else request.GET
    unit = unit_get_for_user(user=request.user, code=source.get("unit", "").strip(), write=True)
    text = source.get("date", "").strip()
    try:
        day = parse_date(text)
    except ValueError:
        raise BriefingError(
            _("The session date “%(text)s” is not a date: write it as dd/mm/yyyy.") % {"text": text}
        ) from None
    body = None
    if code := source.get("body", "").strip():
        body = Unit.objects.filter(code=code).first()
        if body is None:
            raise BriefingError(_("There is no body with code %(code)s.") % {"code": code})
    return briefing_for(unit=unit, day=day, body=body)


def page_address(briefing: Briefing) -> str:
    query = {"unit": briefing.unit.code, "date": briefing.day.isoformat()}
    if briefing.body is not None:
        query["body"] = briefing.body.code
    return reverse("briefings:issue") + "?" + urlencode(query)


def _issuable(briefing: Briefing) -> issue_page.Issuable:
    return issue_page.Issuable(
        unit=briefing.unit,
        source=source_of(briefing),
        symbol=briefing_symbol(briefing),
        address=page_address(briefing),
        section_labels=SECTION_LABELS,
        drafted=lambda: vars(texts_draft(briefing)),
        document=lambda day, texts, signature: briefing_document(
            briefing, day=day, texts=BriefingTexts(**texts), signature=signature
        ),
        filename=lambda fmt: briefing_filename(briefing, fmt),
    )


@login_required
def briefing_issue(request):
    """The sections as last saved, else drafted from the data of the session's day."""
    briefing = _briefing(request)
    form = issue_page.bound_form(request, SECTION_LABELS)
    day = issue_page.document_day(form, default=min(briefing.day, timezone.localdate()))
    issuable = _issuable(briefing)
    if form.is_bound and form.is_valid():
        response = issue_page.act(request, form, issuable)
        if response is not None:
            return response
    context = {
        **issue_page.page_context(request, form, issuable, day),
        "briefing": briefing,
        "topics": proposed_topics(briefing),
        "issued": issued_briefing(briefing),
    }
    return render(request, "briefings/issue.html", context, status=422 if form.is_bound else 200)
