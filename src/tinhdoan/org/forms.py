"""Query forms of the tree pages: the day the tree is looked at, a unit search."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _


class AsOfForm(forms.Form):
    """The date a tree or a unit is looked at; today when absent or invalid."""

    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].initial = datetime.date.today()

    def day(self) -> datetime.date:
        if self.is_valid() and self.cleaned_data["as_of"]:
            return self.cleaned_data["as_of"]
        return datetime.date.today()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search units"), required=False, max_length=100)
