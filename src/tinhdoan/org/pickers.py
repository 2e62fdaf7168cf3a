"""Searchable pickers of units and people: every choice rendered by the server as a checkbox or
a radio button in a scrolling list, with a search box that filters the list as the user types,
with or without diacritics ("that khe" finds "Thất Khê"). The filter is `org/static/org/
picker.js` (no library, no inline script); without it the list still works as plain checkboxes.

The lists of units are in the order of the organization tree's pages: by kind, then in
Vietnamese alphabetical order (`units_in_display_order`), under one heading per kind.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhdoan.lib import vntext
from tinhdoan.lib.dates import vn_date

from .models import Person, Unit, UnitKind
from .selectors import units_in_display_order


class _Picker:
    template_name = "org/widgets/picker.html"
    option_template_name = "org/widgets/picker_option.html"
    is_picker = True

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        text = str(label)
        option["fold"] = vntext.fold(text)
        option["match"] = vntext.match_key(text)
        return option

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["chosen"] = [
            option["label"]
            for _group, options, _index in context["widget"]["optgroups"]
            for option in options
            if option["selected"] and option["value"] not in ("", None)
        ]
        return context


class CheckboxPicker(_Picker, forms.CheckboxSelectMultiple):
    """Several choices; the chosen ones stay chosen while the filter hides them."""


class RadioPicker(_Picker, forms.RadioSelect):
    """One choice."""


def unit_label(unit: Unit) -> str:
    return f"{unit.name} ({unit.code})"


def grouped_unit_choices(units, *, label=unit_label) -> list:
    """[(kind label, [(pk, label), …]), …] by kind, each kind in Vietnamese order."""
    groups: dict[str, list] = {}
    for unit in units_in_display_order(units):
        groups.setdefault(str(UnitKind(unit.kind).label), []).append((unit.pk, label(unit)))
    return list(groups.items())


def units_on_day(queryset, day: datetime.date | None):
    """The units of the queryset that exist on the day: a unit dissolved before it (or formed
    after it) is not offered."""
    return queryset.valid_on(day) if day else queryset


class _OfferedUnits:
    """A unit field offering the units of a day: a unit not offered because it did not exist
    on that day is refused by name, not as "not one of the available choices"."""

    day: datetime.date | None = None

    def label_from_instance(self, obj):
        return unit_label(obj)

    def offer(self, units, *, day: datetime.date | None = None) -> None:
        """Offer these units, grouped by kind in Vietnamese order."""
        units = list(units)
        self.day = day
        self.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        empty = [("", _("None"))] if isinstance(self, UnitPickerField) and not self.required else []
        self.choices = empty + grouped_unit_choices(units)

    def refuse_not_on_day(self, values) -> None:
        if self.day is None:
            return
        for unit in Unit.objects.filter(pk__in=[v for v in values if str(v).isdigit()]):
            if not unit.is_valid_on(self.day) and not self.queryset.filter(pk=unit.pk).exists():
                raise forms.ValidationError(
                    _("The unit %(unit)s did not exist on %(day)s.")
                    % {"unit": unit.name, "day": vn_date(self.day)},
                    code="invalid_choice",
                )


class UnitPickerField(_OfferedUnits, forms.ModelChoiceField):
    """One unit, from those valid on the form's day."""

    widget = RadioPicker

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Unit.objects.none())
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values:
            self.refuse_not_on_day([value])
        return super().to_python(value)


class UnitsPickerField(_OfferedUnits, forms.ModelMultipleChoiceField):
    """Several units, from those valid on the form's day."""

    widget = CheckboxPicker

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Unit.objects.none())
        super().__init__(*args, **kwargs)

    def _check_values(self, value):
        self.refuse_not_on_day(value)
        return super()._check_values(value)


def titles_on(person: Person, day: datetime.date) -> list[str]:
    """The titles a person held on a day, from their prefetched positions, in the order the
    documents print them (`org.selectors.positions_on`: by rank, then start)."""
    held = [p for p in person.positions.all() if p.is_held_on(day)]
    return [p.title for p in sorted(held, key=lambda p: (p.rank, p.start, p.pk))]


class PeoplePickerField(forms.ModelMultipleChoiceField):
    """People, each shown with the titles held on the form's day: what a document of that day
    prints after the name, so picking a person never prints a title the picker did not show."""

    widget = CheckboxPicker

    def __init__(self, *args, day: datetime.date | None = None, **kwargs):
        kwargs.setdefault("queryset", Person.objects.order_by("sort_key", "id"))
        super().__init__(*args, **kwargs)
        self.queryset = self.queryset.prefetch_related("positions")
        self.day = day

    def label_from_instance(self, person):
        if self.day is None:
            return person.full_name
        titles = titles_on(person, self.day)
        if titles:
            return ", ".join([person.full_name, *titles])
        return _("%(name)s — no position on %(day)s") % {
            "name": person.full_name,
            "day": vn_date(self.day),
        }
