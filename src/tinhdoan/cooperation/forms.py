import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib.dates import vn_date
from tinhdoan.lib.text_limits import NOTE, TEXT

from .models import CommendationForm, CommendationLevel, ExemplarField, ExemplarKind, ItemResult

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def date_field(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


def select(choices, label, required=True):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class EvaluationForm(forms.Form):
    """The yearly evaluation: one result and note per item of the program."""

    year = forms.IntegerField(
        label=_("Year evaluated"), widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    reviewed_on = date_field(_("Reviewed on"))
    directive = forms.TypedChoiceField(
        label=_("Asked for by the directive"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    summary = forms.CharField(
        max_length=TEXT,
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )
    next_steps = forms.CharField(
        max_length=TEXT,
        label=_("Next steps"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )

    def __init__(self, *args, items, directives, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["directive"].choices = [("", "—")] + [(d.pk, str(d)) for d in directives]
        for item in items:
            self.fields[f"result_{item.pk}"] = select(
                ItemResult.choices, _("Result of item %(number)s") % {"number": item.number}
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                max_length=NOTE,
                label=_("Note on item %(number)s") % {"number": item.number},
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def item_rows(self):
        return [(item, self[f"result_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def verdicts(self):
        return [
            (item.pk, self.cleaned_data[f"result_{item.pk}"], self.cleaned_data[f"note_{item.pk}"])
            for item in self.items
        ]


class ExemplarFilterForm(forms.Form):
    field = select([("", _("All fields")), *ExemplarField.choices], _("Field"), required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1931,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    unit = forms.CharField(
        label=_("Unit code (with its sub-units)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "TDLS-06040"}),
    )


def unit_choices(units, *, today: datetime.date) -> list:
    """Units existing today first; units dissolved since stay choosable for the years they
    existed (a model of 2017 from a district union merged in 2025) but apart, each with the
    day it ended. The services refuse a unit that did not exist in the year or on the date."""
    current = [(u.code, u.name) for u in units if u.is_valid_on(today)]
    dissolved = [
        (u.code, _("%(name)s (until %(day)s)") % {"name": u.name, "day": vn_date(u.valid_to)})
        for u in units
        if not u.is_valid_on(today) and u.valid_to is not None and u.valid_to < today
    ]
    if not dissolved:
        return current
    return [(_("Units today"), current), (_("Units dissolved since"), dissolved)]


class NominateForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"), widget=forms.Select(attrs={"class": "form-select"}))
    kind = select(ExemplarKind.choices, _("Kind of exemplar"))
    name = forms.CharField(
        label=_("Name of the person"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    title = forms.CharField(
        label=_("Model"), max_length=300, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    field = select(ExemplarField.choices, _("Field"))
    year = forms.IntegerField(
        label=_("Year"), widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    story = forms.CharField(
        max_length=TEXT,
        label=_("Story"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(units, today=timezone.localdate())
        self.fields["year"].initial = timezone.localdate().year


class CommendForm(forms.Form):
    level = select(CommendationLevel.choices, _("Commendation level"))
    form = select(CommendationForm.choices, _("Commendation form"))
    commended_on = date_field(_("Commended on"))
    by = forms.CharField(
        label=_("Commended by"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class ReplicationForm(forms.Form):
    unit = forms.ChoiceField(
        label=_("Unit taking up the model"), widget=forms.Select(attrs={"class": "form-select"})
    )
    on_date = date_field(_("From"))
    note = forms.CharField(
        max_length=NOTE,
        label=_("Note"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(units, today=timezone.localdate())
