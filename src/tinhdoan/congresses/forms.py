from django import forms
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib.text_limits import NOTE

from .models import CongressKind

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def date_field(label, required=False):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )


def number_field(label, required=False):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class CongressFilterForm(forms.Form):
    term = forms.RegexField(
        label=_("Term"),
        required=False,
        regex=r"^\d{4}\s*[-–]\s*\d{4}$",
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "2027-2032"}),
    )


class CongressForm(forms.Form):
    ordinal = forms.IntegerField(
        label=_("Ordinal"), min_value=1, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    term_start = forms.IntegerField(
        label=_("Term from"), widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    term_end = forms.IntegerField(
        label=_("Term to"), widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    kind = forms.ChoiceField(
        label=_("Kind of congress"),
        choices=CongressKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    planned_on = date_field(_("Planned date"))
    held_on = date_field(_("Held on"))
    delegates_expected = number_field(_("Delegates expected"))
    delegates_present = number_field(_("Delegates present"))
    ordinal_reason = forms.CharField(
        max_length=NOTE,
        label=_("Reason for the ordinal"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )


class HeldForm(forms.Form):
    held_on = date_field(_("Held on"), required=True)
    delegates_present = number_field(_("Delegates present"))
    missing_levels_reason = forms.CharField(
        max_length=NOTE,
        label=_("Reason, if lower levels have not all held their congress"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )
