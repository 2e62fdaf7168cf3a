"""The briefing edited and issued: sections II, IV and V drafted from the data, the signer
chosen among the unit's secretaries of the day, then numbered and frozen."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhdoan.accounts.permissions import unit_get_for_user
from tinhdoan.documents.letterhead import Signer, signers_on
from tinhdoan.documents.model import DocumentError
from tinhdoan.documents.render import CONTENT_TYPES, RENDERERS
from tinhdoan.documents.selectors import draft_for
from tinhdoan.documents.services import document_issue, draft_save
from tinhdoan.lib.dates import parse_date
from tinhdoan.lib.downloads import content_disposition
from tinhdoan.org.models import Unit

from .data import proposed_topics
from .document import BriefingTexts, briefing_document, briefing_symbol, texts_draft
from .report import briefing_filename, issued_briefing, source_of
from .selectors import Briefing, BriefingError, briefing_for

ACTIONS = ("pdf", "docx", "save", "issue")
SECTION_LABELS = {
    "organization": gettext_lazy("II. Organization work (congresses)"),
    "recommendations": gettext_lazy("IV. Recommendations and proposals"),
    "topics": gettext_lazy("V. Proposed topics for the session"),
}


class BriefingForm(forms.Form):
    issued_on = forms.DateField(
        label=gettext_lazy("Date of the document"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    signer = forms.IntegerField(label=gettext_lazy("Signer"), required=False)
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    draft_version = forms.IntegerField(min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in SECTION_LABELS.items():
            self.fields[name] = forms.CharField(
                label=label, required=False, max_length=8000, widget=forms.Textarea({"rows": 5})
            )

    def texts(self) -> BriefingTexts:
        return BriefingTexts(**{name: self.cleaned_data[name] for name in BriefingTexts.names()})


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


def _signer(signers: list[Signer], chosen: int | None) -> Signer | None:
    return next((s for s in signers if s.position.pk == chosen), None)


def page_address(briefing: Briefing) -> str:
    query = {"unit": briefing.unit.code, "date": briefing.day.isoformat()}
    if briefing.body is not None:
        query["body"] = briefing.body.code
    return reverse("briefings:issue") + "?" + urlencode(query)


@login_required
def briefing_issue(request):
    """The texts as last saved (else drafted from the data; `?fresh=1` drafts them again);
    Save keeps the edit, Issue saves it first, so no edit is lost when issuing is refused."""
    briefing = _briefing(request)
    form = BriefingForm(request.POST or None)
    day = min(briefing.day, timezone.localdate())
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["issued_on"]
    signers = signers_on(briefing.unit, day)
    if form.is_bound and form.is_valid():
        response = _act(request, form, briefing, signers)
        if response is not None:
            return response
    draft = draft_for(unit=briefing.unit, source=source_of(briefing))
    if not form.is_bound:
        saved = draft.texts if draft is not None and not request.GET.get("fresh") else {}
        texts = {**vars(texts_draft(briefing)), **saved}
        form = BriefingForm(
            initial={
                "issued_on": day.strftime("%d/%m/%Y"),
                "signer": signers[0].position.pk if signers else None,
                "draft_version": draft.version if draft else 0,
                **{name: texts.get(name, "") for name in BriefingTexts.names()},
            }
        )
    context = {
        "briefing": briefing,
        "form": form,
        "signers": signers,
        "sections": [form[name] for name in SECTION_LABELS],
        "topics": proposed_topics(briefing),
        "issued": issued_briefing(briefing),
        "draft": draft,
        "fresh": bool(request.GET.get("fresh")),
        "address": page_address(briefing),
    }
    status = 422 if form.is_bound else 200
    return render(request, "briefings/issue.html", context, status=status)


def _save_draft(request, form, briefing) -> bool:
    """Keep the texts as edited; False (the form says why) when someone saved since."""
    try:
        draft = draft_save(
            unit=briefing.unit,
            source=source_of(briefing),
            texts=vars(form.texts()),
            version=form.cleaned_data["draft_version"] or 0,
            user=request.user,
        )
    except DocumentError as exc:
        form.add_error(None, str(exc))
        return False
    form.data = form.data.copy()
    form.data["draft_version"] = str(draft.version)
    return True


def _act(request, form, briefing: Briefing, signers) -> HttpResponse | None:
    """Preview (nothing written), save the texts, or save them and issue; None to show the
    form again."""
    signer = _signer(signers, form.cleaned_data["signer"])
    action = form.cleaned_data["action"]
    if action in ("save", "issue") and not _save_draft(request, form, briefing):
        return None
    if action == "save":
        messages.success(request, _("The draft was saved; it is what this page shows next."))
        return redirect(page_address(briefing))
    document = briefing_document(
        briefing,
        day=form.cleaned_data["issued_on"],
        texts=form.texts(),
        signature=signer.signature if signer else None,
    )
    if action in RENDERERS:
        response = HttpResponse(RENDERERS[action](document), content_type=CONTENT_TYPES[action])
        name = "du-thao-" + briefing_filename(briefing, action)
        response["Content-Disposition"] = content_disposition(name)
        return response
    if signer is None:
        form.add_error("signer", _signer_error(briefing, form.cleaned_data, signers))
        return None
    try:
        issued = document_issue(
            unit=briefing.unit,
            document=document,
            symbol=briefing_symbol(briefing),
            source=source_of(briefing),
            user=request.user,
        )
    except DocumentError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(
        request,
        _("Report number %(number)s issued; it is kept as issued.") % {"number": issued.symbol},
    )
    return redirect(reverse("documents:unit", args=[briefing.unit.code]))


def _signer_error(briefing: Briefing, data: dict, signers: list[Signer]) -> str:
    day: datetime.date = data["issued_on"]
    if not signers:
        return _(
            "Nobody holds the post of secretary or deputy secretary of %(unit)s on %(day)s: "
            "record the position first, then issue."
        ) % {"unit": briefing.unit.name, "day": day.strftime("%d/%m/%Y")}
    if data["signer"] is None:
        return _("Choose who signs the report.")
    return _(
        "The person chosen does not sign for the unit on %(day)s: choose the signer again."
    ) % {"day": day.strftime("%d/%m/%Y")}
