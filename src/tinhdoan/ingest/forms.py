from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib.limits import limit
from tinhdoan.lib.text_limits import NOTE, TEXT
from tinhdoan.org.models import Unit, UnitKind, path_prefix_q
from tinhdoan.org.pickers import CheckboxPicker
from tinhdoan.org.selectors import units_in_display_order

from . import resolving
from .models import AchievementKind, DraftItem, IngestDraft, ItemKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(".txt, .docx, .html or .pdf, at most 20 MB."),
        allow_empty_file=True,  # the reader says so, in the same words as everywhere
    )
    published = forms.DateField(
        label=_("Published on"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("The page's date, dd/mm/yyyy, when the file does not show it."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > limit("upload_bytes"):
            raise forms.ValidationError(
                _("The file is too large: at most %(mb)s MB.")
                % {"mb": limit("upload_bytes") // 1024 // 1024}
            )
        return upload

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


def candidate_units(draft: IngestDraft, *extra: Unit | None) -> list[Unit]:
    """Units a reviewer picks from: the host's provincial union and the units directly below
    it, the province's bodies and departments, valid on the meeting date."""
    day = draft.meeting_date
    qs = Unit.objects.valid_on(day) if day else Unit.objects.all()
    wanted = Q(kind__in=[UnitKind.DEPARTMENT, UnitKind.PEOPLES_COMMITTEE, UnitKind.PARTY_COMMITTEE])
    province = resolving.province_union_of(draft.host_unit)
    if province is not None:
        wanted |= path_prefix_q(province.path) & Q(depth__lte=province.depth + 1)
    ids = [u.pk for u in (draft.host_unit, draft.issuer, *extra) if u is not None]
    return units_in_display_order(qs.filter(wanted | Q(pk__in=ids)).distinct())


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input ms-1")
            continue
        css = "form-select form-select-sm" if isinstance(widget, forms.Select) else ""
        widget.attrs.setdefault("class", css or "form-control form-control-sm")


class _UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class _UnitsChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class DraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    meeting_date = forms.DateField(label=_("Session date"), input_formats=DATE_FORMATS)
    host_unit = _UnitChoice(label=_("Host unit"), queryset=Unit.objects.none())
    issuer = _UnitChoice(label=_("Issuing body"), queryset=Unit.objects.none())

    def __init__(self, *args, draft: IngestDraft, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": draft.title,
                "meeting_date": draft.meeting_date,
                "host_unit": draft.host_unit,
                "issuer": draft.issuer,
            },
        )
        super().__init__(*args, **kwargs)
        units = candidate_units(draft)
        ids = [u.pk for u in units]
        for name in ("host_unit", "issuer"):
            self.fields[name].queryset = Unit.objects.filter(pk__in=ids)
            self.fields[name].choices = [("", "—")] + [(u.pk, u.name) for u in units]
        self.fields["meeting_date"].widget.format = "%d/%m/%Y"
        _style(self)


ITEM_FIELDS = {
    ItemKind.LEADER: ["name", "positions"],
    ItemKind.ACHIEVEMENT: ["text", "done", "total", "kind"],
    ItemKind.CONGRESS: ["text", "ordinal", "term", "unit"],
    ItemKind.TOPIC: ["text"],
    ItemKind.DIRECTIVE: ["text", "deadline", "unit", "no_single_lead", "coordinators"],
    ItemKind.RECOMMENDATION: ["text", "unit", "addressee"],
}
UNIT_LABELS = {
    ItemKind.CONGRESS: _("Unit holding it"),
    ItemKind.DIRECTIVE: _("Lead unit"),
    ItemKind.RECOMMENDATION: _("Raised by"),
}


class ItemForm(forms.Form):
    """The reviewer's decision on one item, with its fields as they should be recorded."""

    decision = forms.ChoiceField(
        choices=[("accepted", _("Accept")), ("rejected", _("Reject")), ("pending", _("Reopen"))]
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    positions = forms.CharField(
        max_length=NOTE,
        label=_("Positions"),
        required=False,
        help_text=_("Separated by semicolons."),
    )
    text = forms.CharField(
        max_length=TEXT, label=_("Text"), widget=forms.Textarea(attrs={"rows": 2})
    )
    done = forms.IntegerField(label=_("Done"), required=False, min_value=0)
    total = forms.IntegerField(label=_("Out of"), required=False, min_value=0)
    kind = forms.ChoiceField(label=_("Kind"), choices=AchievementKind.choices)
    ordinal = forms.CharField(label=_("Ordinal"), required=False, max_length=10)
    term = forms.CharField(label=_("Term"), required=False, max_length=20)
    deadline = forms.DateField(
        label=_("Due by"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("Empty: ongoing."),
    )
    unit = _UnitChoice(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    coordinators = _UnitsChoice(
        label=_("Coordinating units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=CheckboxPicker,
    )
    addressee = _UnitChoice(label=_("Addressed to"), queryset=Unit.objects.none(), required=False)
    no_single_lead = forms.BooleanField(
        label=_("No single lead: each chosen unit leads its own part"),
        required=False,
    )

    def __init__(self, *args, item: DraftItem, units: list[Unit], **kwargs):
        fields = item.fields
        initial = {
            "decision": "accepted",
            "name": fields.get("name"),
            "positions": "; ".join(fields.get("positions") or []),
            "text": fields.get("text"),
            "done": fields.get("done"),
            "total": fields.get("total"),
            "kind": fields.get("kind"),
            "ordinal": fields.get("ordinal") or "",
            "term": fields.get("term") or "",
            "deadline": fields.get("deadline"),
            "unit": item.unit_id,
            "coordinators": [u.pk for u in item.coordinators.all()] if item.pk else [],
            "addressee": item.addressee_id,
            "no_single_lead": item.no_single_lead,
        }
        kwargs.setdefault("initial", initial)
        kwargs.setdefault("prefix", f"item{item.pk}")
        super().__init__(*args, **kwargs)
        self.item = item
        keep = {"decision", *ITEM_FIELDS[ItemKind(item.kind)]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        ids = [u.pk for u in units]
        choices = [(u.pk, u.name) for u in units]
        for name in ("unit", "addressee", "coordinators"):
            if name in self.fields:
                self.fields[name].queryset = Unit.objects.filter(pk__in=ids)
                self.fields[name].choices = (
                    choices if name == "coordinators" else [("", "—")] + choices
                )
        if "unit" in self.fields and item.kind in UNIT_LABELS:
            self.fields["unit"].label = UNIT_LABELS[ItemKind(item.kind)]
        if "deadline" in self.fields:
            self.fields["deadline"].widget.format = "%d/%m/%Y"
        _style(self)

    def item_fields(self) -> dict:
        """The cleaned values in the shape of the extracted fields."""
        data = self.cleaned_data
        out = {}
        for name in ("name", "text", "done", "total", "kind", "ordinal", "term"):
            if name in self.fields:
                value = data.get(name)
                out[name] = value if value != "" else None
        if "positions" in self.fields:
            out["positions"] = [p.strip() for p in data["positions"].split(";") if p.strip()]
        if "deadline" in self.fields:
            out["deadline"] = data["deadline"].isoformat() if data.get("deadline") else None
        return out
