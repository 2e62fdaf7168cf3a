"""Forms of the grid (a cell, a file, a reason) and of the completeness page."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CellForm(forms.Form):
    """One cell of the grid: what was typed, the comment, the version the page was showing."""

    value = forms.CharField(label=_("Value"), required=False, max_length=60)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)
    version = forms.IntegerField(min_value=0)
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=500)


class ReasonForm(forms.Form):
    """The reason of a step; on submitting, the comment on the warnings acknowledged."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    acknowledge_warnings = forms.BooleanField(
        label=_("I have checked these warnings and submit the report as it is"), required=False
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("XLSX or CSV file"))


class SubtreeForm(forms.Form):
    under = forms.CharField(label=_("Unit code"), required=False, max_length=40)
