import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib.text_limits import LONG_TEXT, NOTE, TEXT
from tinhdoan.org.models import Person, Unit, UnitKind
from tinhdoan.org.pickers import (
    PeoplePickerField,
    UnitPickerField,
    UnitsPickerField,
    titles_on,
    unit_label,
    units_on_day,
)

from .models import Outcome, Priority, Status
from .services import untitled_chairs_message

DATE_INPUT = {"type": "date", "class": "form-control"}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _date_field(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
    )


def assignable_units(day: datetime.date | None = None):
    """Units that can lead or coordinate: union units, the people's committee, departments;
    with a day, those that exist on it (a unit dissolved before it is not offered)."""
    return units_on_day(Unit.objects.exclude(kind=UnitKind.BRANCH), day)


CHOOSE_A_UNIT = _("Choose a unit")


class UnitChoice(forms.ModelChoiceField):
    """A unit in a filter's drop-down list."""

    def __init__(self, *args, empty_label=CHOOSE_A_UNIT, **kwargs):
        super().__init__(*args, empty_label=empty_label, **kwargs)

    def label_from_instance(self, unit):
        return unit_label(unit)


class SessionFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    host = UnitChoice(
        label=_("Host unit"),
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All units"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    leader = forms.ModelChoiceField(
        label=_("Chairing leader"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("All leaders"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, hosts, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts
        self.fields["leader"].queryset = leaders

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"year": data["year"], "host": data["host"], "leader": data["leader"]}


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    held_at = forms.DateTimeField(
        label=_("Date and time"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    issuer = UnitPickerField(label=_("Issuing body"))
    host_unit = UnitPickerField(label=_("Host unit"))
    chairs = PeoplePickerField(
        label=_("Chairing leaders"),
        help_text=_("Each with the positions held on the session's date: the notice prints them."),
    )
    participant_people = PeoplePickerField(label=_("Other participants"), required=False)
    participant_units = UnitsPickerField(label=_("Participating units"), required=False)
    period_reviewed = forms.CharField(label=_("Period reviewed"), max_length=20, required=False)
    report_url = forms.CharField(
        label=_("Link to the results report"), max_length=500, required=False
    )
    topics = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Topics discussed (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    strengths = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Strengths"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    limitations = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Limitations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conclusion = forms.CharField(
        max_length=LONG_TEXT,
        label=_("Conclusion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # The pickers that depend on the session's date: HTMX renders them again when it changes.
    DATED = ("issuer", "host_unit", "chairs", "participant_people", "participant_units")

    def __init__(self, *args, issuers, pickers_url: str, **kwargs):
        """`pickers_url`: where HTMX asks for the pickers again when the date changes."""
        super().__init__(*args, **kwargs)
        self.day = self._day()
        units = list(assignable_units(self.day))
        self.fields["host_unit"].offer(units, day=self.day)
        self.fields["participant_units"].offer(units, day=self.day)
        self.fields["issuer"].offer(units_on_day(issuers, self.day), day=self.day)
        for name in ("chairs", "participant_people"):
            self.fields[name].day = self.day
        for name, field in self.fields.items():
            if name != "version" and not getattr(field.widget, "is_picker", False):
                field.widget.attrs.setdefault("class", "form-control")
        self.fields["held_at"].widget.attrs.update(
            {
                "hx-get": pickers_url,
                "hx-trigger": "change",
                "hx-target": "#session-pickers",
                "hx-swap": "outerHTML",
                "hx-include": ", ".join(f"[name={name}]" for name in ("held_at", *self.DATED)),
                "hx-vals": '{"pickers": "1"}',
            }
        )

    def _day(self) -> datetime.date:
        """The session's date as the form stands: typed, else the session's, else today."""
        raw = self["held_at"].value() if self.is_bound else self.initial.get("held_at")
        if isinstance(raw, datetime.datetime):
            return timezone.localdate(raw) if timezone.is_aware(raw) else raw.date()
        try:
            value = self.fields["held_at"].to_python(raw)
        except forms.ValidationError:
            value = None
        return timezone.localdate(value) if value else timezone.localdate()

    def clean(self):
        data = super().clean()
        missing = [p for p in data.get("chairs") or [] if not titles_on(p, self.day)]
        if missing:
            self.add_error("chairs", untitled_chairs_message(missing, self.day))
        return data

    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["topics"].splitlines() if line.strip()]


class DirectiveForm(forms.Form):
    content = forms.CharField(
        max_length=TEXT,
        label=_("Content"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    lead = UnitPickerField(label=_("Lead unit"))
    coordinators = UnitsPickerField(label=_("Coordinating units"), required=False)
    deadline = _date_field(_("Deadline"), required=False)
    ongoing = forms.BooleanField(
        label=_("Ongoing (no deadline)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        initial=Priority.NORMAL,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, day: datetime.date, **kwargs):
        """`day`: the session's; the units offered are those that exist on it."""
        super().__init__(*args, **kwargs)
        units = list(assignable_units(day))
        for name in ("lead", "coordinators"):
            self.fields[name].offer(units, day=day)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ProgressForm(forms.Form):
    text = forms.CharField(
        max_length=TEXT,
        label=_("Progress"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    percent = forms.IntegerField(
        label=_("Percent done"), widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    files = MultipleFileField(
        label=_("Evidence files (PDF, DOCX, XLSX, JPG, PNG, TXT)"), required=False
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("in_progress", "in_progress"), ("completed", "completed")],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        max_length=NOTE,
        label=_("Reason or note"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    completed_on = _date_field(_("Completed on"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DeadlineChangeForm(forms.Form):
    proposed_deadline = _date_field(_("Proposed deadline"))
    reason = forms.CharField(
        max_length=NOTE, label=_("Reason"), widget=forms.TextInput(attrs={"class": "form-control"})
    )


class DecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("1", _("Accept")), ("0", _("Refuse"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        max_length=NOTE,
        label=_("Note"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class BoardFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    lead = UnitChoice(
        label=_("Lead unit"),
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All units"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=_("Year assigned"),
        required=False,
        min_value=1990,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"status": data["status"], "lead": data["lead"], "year": data["year"]}


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    answer = forms.CharField(
        max_length=TEXT,
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    answered_on = _date_field(_("Answered on"), required=False)
