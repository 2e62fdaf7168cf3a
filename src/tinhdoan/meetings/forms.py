from django import forms
from django.utils.translation import gettext_lazy as _

from tinhdoan.org.models import Person, Unit, UnitKind

from .models import Outcome, Priority, Status

DATE_INPUT = {"type": "date", "class": "form-control"}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _date_field(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
    )


def assignable_units():
    """Units that can lead or coordinate: union units, the people's committee, departments."""
    return Unit.objects.exclude(kind=UnitKind.BRANCH).order_by("depth", "name")


CHOOSE_A_UNIT = _("Choose a unit")


class UnitChoice(forms.ModelChoiceField):
    def __init__(self, *args, empty_label=CHOOSE_A_UNIT, **kwargs):
        super().__init__(*args, empty_label=empty_label, **kwargs)

    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.code})"


def _month(day) -> str:
    return day.strftime("%m/%Y") if day else "…"


class ChairChoice(forms.ModelMultipleChoiceField):
    """People with the positions they held and when: the notice prints the title held on the
    session's date, so the picker shows which title that will be."""

    def label_from_instance(self, person):
        held = [f"{p.title} ({_month(p.start)}–{_month(p.end)})" for p in person.positions.all()]
        return " — ".join([person.full_name, "; ".join(held)]) if held else person.full_name


class UnitMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.code})"


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
    host_unit = UnitChoice(label=_("Host unit"), queryset=Unit.objects.none())
    issuer = UnitChoice(label=_("Issuing body"), queryset=Unit.objects.none())
    chairs = ChairChoice(
        label=_("Chairing leaders"),
        queryset=Person.objects.order_by("sort_key").prefetch_related("positions"),
    )
    participant_people = forms.ModelMultipleChoiceField(
        label=_("Other participants"), queryset=Person.objects.order_by("sort_key"), required=False
    )
    participant_units = UnitMultipleChoice(
        label=_("Participating units"), queryset=Unit.objects.none(), required=False
    )
    period_reviewed = forms.CharField(label=_("Period reviewed"), max_length=20, required=False)
    report_url = forms.CharField(
        label=_("Link to the results report"), max_length=500, required=False
    )
    topics = forms.CharField(
        label=_("Topics discussed (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    strengths = forms.CharField(
        label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    limitations = forms.CharField(
        label=_("Limitations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    conclusion = forms.CharField(
        label=_("Conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, issuers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = assignable_units()
        self.fields["participant_units"].queryset = assignable_units()
        self.fields["issuer"].queryset = issuers
        for name, field in self.fields.items():
            if name != "version":
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css)

    def topic_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["topics"].splitlines() if line.strip()]


class DirectiveForm(forms.Form):
    content = forms.CharField(
        label=_("Content"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )
    lead = UnitChoice(
        label=_("Lead unit"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    coordinators = UnitMultipleChoice(
        label=_("Coordinating units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = assignable_units()
        self.fields["coordinators"].queryset = assignable_units()


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
        label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
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
        label=_("Reason or note"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    completed_on = _date_field(_("Completed on"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DeadlineChangeForm(forms.Form):
    proposed_deadline = _date_field(_("Proposed deadline"))
    reason = forms.CharField(
        label=_("Reason"), widget=forms.TextInput(attrs={"class": "form-control"})
    )


class DecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=[("1", _("Accept")), ("0", _("Refuse"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.TextInput(attrs={"class": "form-control"})
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
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )
    answered_on = _date_field(_("Answered on"), required=False)
