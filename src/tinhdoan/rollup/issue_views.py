"""The year-end report edited and issued: sections II to IV drafted from the figures, the
signer chosen among the unit's secretaries of the day, then numbered and frozen."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
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
from tinhdoan.lib.downloads import content_disposition
from tinhdoan.lib.ratelimits import rate_limit_check

from .report import filename, issued_results, results_source
from .selectors import ResultsError, results_key, unit_results
from .yearend import Narrative, narrative_draft, report_symbol, results_document

ACTIONS = ("pdf", "docx", "save", "issue")
SECTION_LABELS = {
    "strengths": gettext_lazy("II.1. Strengths"),
    "limits": gettext_lazy("II.2. Limits and their causes"),
    "directions": gettext_lazy("III. Directions and tasks"),
    "proposals": gettext_lazy("IV. Proposals and recommendations"),
}


class IssueForm(forms.Form):
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

    def narrative(self) -> Narrative:
        return Narrative(**{name: self.cleaned_data[name] for name in Narrative.names()})


def _key(request):
    """The unit (the user must be able to write for it) and the results key of the period."""
    source = request.POST if request.method == "POST" else request.GET
    unit = unit_get_for_user(user=request.user, code=source.get("unit", "").strip(), write=True)
    try:
        return results_key(unit=unit, period_code=source.get("period", "").strip())
    except ResultsError:
        raise Http404 from None


def _signer(signers: list[Signer], chosen: int | None) -> Signer | None:
    return next((s for s in signers if s.position.pk == chosen), None)


@login_required
def report_issue(request):
    """The narrative as last saved (else drafted from the figures; `?fresh=1` drafts it
    again); Save keeps the edit, Issue saves it first, so no edit is lost when issuing is
    refused or the page is closed."""
    key = _key(request)
    form = IssueForm(request.POST or None)
    source = results_source(key.period.code)
    day = timezone.localdate()
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["issued_on"]
    results = unit_results(key=key, day=day)
    signers = signers_on(key.unit, day)
    if form.is_bound and form.is_valid():
        response = _act(request, form, key, results, signers)
        if response is not None:
            return response
    draft = draft_for(unit=key.unit, source=source)
    if not form.is_bound:
        saved = draft.texts if draft is not None and not request.GET.get("fresh") else {}
        texts = {**vars(narrative_draft(results)), **saved}
        form = IssueForm(
            initial={
                "issued_on": day.strftime("%d/%m/%Y"),
                "signer": signers[0].position.pk if signers else None,
                "draft_version": draft.version if draft else 0,
                **{name: texts[name] for name in Narrative.names()},
            }
        )
    context = {
        "key": key,
        "form": form,
        "signers": signers,
        "sections": [form[name] for name in SECTION_LABELS],
        "issued": issued_results(key.unit, key.period.code),
        "draft": draft,
        "fresh": bool(request.GET.get("fresh")),
    }
    status = 422 if form.is_bound else 200
    return render(request, "rollup/report_issue.html", context, status=status)


def _save_draft(request, form, key) -> bool:
    """Keep the narrative as edited; False (the form says why) when someone saved since."""
    try:
        draft = draft_save(
            unit=key.unit,
            source=results_source(key.period.code),
            texts=vars(form.narrative()),
            version=form.cleaned_data["draft_version"] or 0,
            user=request.user,
        )
    except DocumentError as exc:
        form.add_error(None, str(exc))
        return False
    form.data = form.data.copy()
    form.data["draft_version"] = str(draft.version)  # a refused issue keeps the new version
    return True


def _back(key) -> str:
    return (
        reverse("rollup:report_issue")
        + "?"
        + urlencode({"unit": key.unit.code, "period": key.period.code})
    )


def _act(request, form, key, results, signers) -> HttpResponse | None:
    """Preview (PDF, DOCX: nothing written), save the narrative, or save it and issue; None to
    show the form again."""
    signer = _signer(signers, form.cleaned_data["signer"])
    action = form.cleaned_data["action"]
    if action in ("save", "issue") and not _save_draft(request, form, key):
        return None
    if action == "save":
        messages.success(request, _("The draft was saved; it is what this page shows next."))
        return redirect(_back(key))
    document = results_document(
        results,
        day=form.cleaned_data["issued_on"],
        narrative=form.narrative(),
        signature=signer.signature if signer else None,
    )
    if action in RENDERERS:
        rate_limit_check(request, scope="report")
        response = HttpResponse(RENDERERS[action](document), content_type=CONTENT_TYPES[action])
        name = "du-thao-" + filename(results, action)
        response["Content-Disposition"] = content_disposition(name)
        return response
    if signer is None:
        form.add_error("signer", _signer_error(key.unit, form, signers))
        return None
    try:
        issued = document_issue(
            unit=key.unit,
            document=document,
            symbol=report_symbol(key.unit),
            source=results_source(key.period.code),
            user=request.user,
        )
    except DocumentError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(
        request,
        _("Report number %(number)s issued; it is kept as issued.") % {"number": issued.symbol},
    )
    return redirect(reverse("documents:unit", args=[key.unit.code]))


def _signer_error(unit, form: IssueForm, signers: list[Signer]) -> str:
    day = form.cleaned_data["issued_on"].strftime("%d/%m/%Y")
    if not signers:
        return _(
            "Nobody holds the post of secretary or deputy secretary of %(unit)s on %(day)s: "
            "record the position first, then issue."
        ) % {"unit": unit.name, "day": day}
    if form.cleaned_data["signer"] is None:
        return _("Choose who signs the report.")
    return _(
        "The person chosen does not sign for the unit on %(day)s: choose the signer again."
    ) % {"day": day}
