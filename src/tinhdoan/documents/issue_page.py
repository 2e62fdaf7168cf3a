"""The page on which a unit edits and issues a report: its narrative sections drafted from the
data and kept as a draft, previewed as PDF or DOCX (nothing written), then issued: numbered from
the unit's register, signed by a secretary of the day and frozen.

The year-end report (`rollup.issue_views`) and the briefing for a working session
(`briefings.views`) are two uses of it: each says what its page edits in an `Issuable`."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhdoan.lib.downloads import content_disposition
from tinhdoan.lib.ratelimits import rate_limit_check
from tinhdoan.org.models import Unit

from .letterhead import Signer, signers_on
from .model import DocumentError, OfficialDocument, Signature
from .render import CONTENT_TYPES, RENDERERS
from .selectors import draft_for
from .services import document_issue, draft_save

ACTIONS = ("pdf", "docx", "save", "issue")
SECTION_MAX_LENGTH = 8000


@dataclass(frozen=True)
class Issuable:
    """What one page edits and issues."""

    unit: Unit
    source: str  # the key of its draft and of its entry in the register
    symbol: str  # the register's symbol: "BC/TĐTN-VP"
    address: str  # this page, to come back to after saving
    section_labels: dict[str, str]  # the narrative sections the page edits, by name
    drafted: Callable[[], dict[str, str]]  # the sections drafted from the data
    document: Callable[[datetime.date, dict[str, str], Signature | None], OfficialDocument]
    filename: Callable[[str], str]  # a file's name for a format


class IssueForm(forms.Form):
    issued_on = forms.DateField(
        label=gettext_lazy("Date of the document"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    signer = forms.IntegerField(label=gettext_lazy("Signer"), required=False)
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    draft_version = forms.IntegerField(min_value=0, required=False)

    def __init__(self, *args, section_labels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.section_names = list(section_labels)
        for name, label in section_labels.items():
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=SECTION_MAX_LENGTH,
                widget=forms.Textarea({"rows": 5}),
            )

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.section_names}

    def sections(self) -> list[forms.BoundField]:
        return [self[name] for name in self.section_names]


def bound_form(request, section_labels: dict[str, str]) -> IssueForm:
    return IssueForm(request.POST or None, section_labels=section_labels)


def document_day(form: IssueForm, default: datetime.date | None = None) -> datetime.date:
    """The date the document will bear: the form's when it holds one, else `default` (today)."""
    if form.is_bound and form.is_valid():
        return form.cleaned_data["issued_on"]
    return default or timezone.localdate()


def page_context(request, form: IssueForm, issuable: Issuable, day: datetime.date) -> dict:
    """What the page shows: the form as sent, else the sections as last saved (or drafted
    again from the data with `?fresh=1`), the signers of the day, the draft."""
    draft = draft_for(unit=issuable.unit, source=issuable.source)
    signers = signers_on(issuable.unit, day)
    fresh = bool(request.GET.get("fresh"))
    if not form.is_bound:
        saved = draft.texts if draft is not None and not fresh else {}
        texts = {**issuable.drafted(), **saved}
        form = IssueForm(
            section_labels=issuable.section_labels,
            initial={
                "issued_on": day.strftime("%d/%m/%Y"),
                "signer": signers[0].position.pk if signers else None,
                "draft_version": draft.version if draft else 0,
                **{name: texts.get(name, "") for name in issuable.section_labels},
            },
        )
    return {
        "form": form,
        "sections": form.sections(),
        "signers": signers,
        "draft": draft,
        "fresh": fresh,
        "address": issuable.address,
    }


def act(request, form: IssueForm, issuable: Issuable) -> HttpResponse | None:
    """Preview (nothing written), save the sections, or save them and issue; None to show
    the form again with what went wrong. Issuing saves first, so no edit is lost when the
    issue is refused."""
    signers = signers_on(issuable.unit, form.cleaned_data["issued_on"])
    signer = next((s for s in signers if s.position.pk == form.cleaned_data["signer"]), None)
    action = form.cleaned_data["action"]
    if action in ("save", "issue") and not _save_draft(request, form, issuable):
        return None
    if action == "save":
        messages.success(request, _("The draft was saved; it is what this page shows next."))
        return redirect(issuable.address)
    document = issuable.document(
        form.cleaned_data["issued_on"], form.texts(), signer.signature if signer else None
    )
    if action in RENDERERS:
        rate_limit_check(request, scope="report")
        response = HttpResponse(RENDERERS[action](document), content_type=CONTENT_TYPES[action])
        response["Content-Disposition"] = content_disposition(
            "du-thao-" + issuable.filename(action)
        )
        return response
    if signer is None:
        form.add_error("signer", _signer_error(issuable.unit, form.cleaned_data, signers))
        return None
    try:
        issued = document_issue(
            unit=issuable.unit,
            document=document,
            symbol=issuable.symbol,
            source=issuable.source,
            user=request.user,
        )
    except DocumentError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(
        request,
        _("Report number %(number)s issued; it is kept as issued.") % {"number": issued.symbol},
    )
    return redirect(reverse("documents:unit", args=[issuable.unit.code]))


def _save_draft(request, form: IssueForm, issuable: Issuable) -> bool:
    """Keep the sections as edited; False (the form says why) when someone saved since."""
    try:
        draft = draft_save(
            unit=issuable.unit,
            source=issuable.source,
            texts=form.texts(),
            version=form.cleaned_data["draft_version"] or 0,
            user=request.user,
        )
    except DocumentError as exc:
        form.add_error(None, str(exc))
        return False
    form.data = form.data.copy()
    form.data["draft_version"] = str(draft.version)  # a refused issue keeps the new version
    return True


def _signer_error(unit: Unit, data: dict, signers: list[Signer]) -> str:
    day = data["issued_on"].strftime("%d/%m/%Y")
    if not signers:
        return _(
            "Nobody holds the post of secretary or deputy secretary of %(unit)s on %(day)s: "
            "record the position first, then issue."
        ) % {"unit": unit.name, "day": day}
    if data["signer"] is None:
        return _("Choose who signs the report.")
    return _(
        "The person chosen does not sign for the unit on %(day)s: choose the signer again."
    ) % {"day": day}
