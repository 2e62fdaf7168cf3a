from django import forms
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib.text_limits import TEXT

from .models import ItemStatus


class ItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    file = forms.FileField(label=_("Evidence file"), required=False)
