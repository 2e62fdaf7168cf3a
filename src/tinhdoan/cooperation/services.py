"""Writes of coordination programs, their yearly evaluations, exemplars and replications."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhdoan.lib.dates import vn_date
from tinhdoan.lib.text_limits import checked_create, text_fields_check
from tinhdoan.org.models import Unit, UnitKind

from .models import (
    CommendationForm,
    CommendationLevel,
    CooperationError,
    CoordinationProgram,
    Exemplar,
    ExemplarField,
    ExemplarKind,
    ExemplarStatus,
    ItemEvaluation,
    ItemResult,
    ProgramEvaluation,
    ProgramItem,
    Replication,
)


def _not_future(day: datetime.date, what: str) -> None:
    if day > timezone.localdate():
        raise CooperationError(
            _("%(what)s %(date)s is in the future.") % {"what": what, "date": vn_date(day)}
        )


@dataclass(frozen=True)
class ItemPlan:
    content: str
    party: Unit


@transaction.atomic
def program_create(
    *,
    union_unit: Unit,
    departments: list[Unit],
    number: str,
    title: str,
    signed_on: datetime.date,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    items: list[ItemPlan],
    created_by=None,
) -> CoordinationProgram:
    number, title = " ".join(number.split()), " ".join(title.split())
    if not number or not title:
        raise CooperationError(_("A program needs a number and a title."))
    if not union_unit.is_union:
        raise CooperationError(_("%(unit)s is not a union unit.") % {"unit": union_unit.name})
    if not departments:
        raise CooperationError(_("A program is signed with at least one department."))
    for department in departments:
        if department.kind != UnitKind.DEPARTMENT:
            raise CooperationError(_("%(unit)s is not a department.") % {"unit": department.name})
    if valid_to is not None and valid_to < valid_from:
        raise CooperationError(_("The program ends before it starts."))
    _not_future(signed_on, _("The signing date"))
    if CoordinationProgram.objects.filter(union_unit=union_unit, number=number).exists():
        raise CooperationError(
            _("The program number %(number)s is already in use.") % {"number": number}
        )
    parties = {union_unit.pk, *(d.pk for d in departments)}
    if not items:
        raise CooperationError(_("A program needs at least one item."))
    for item in items:
        if not item.content.strip():
            raise CooperationError(_("An item of the program is empty."))
        if item.party.pk not in parties:
            raise CooperationError(
                _("%(unit)s is not a party to this program.") % {"unit": item.party.name}
            )
    program = checked_create(
        CoordinationProgram,
        union_unit=union_unit,
        number=number,
        title=title,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_to=valid_to,
        created_by=created_by,
    )
    program.departments.set(departments)
    program_items = [
        ProgramItem(program=program, number=index, content=item.content.strip(), party=item.party)
        for index, item in enumerate(items, start=1)
    ]
    for program_item in program_items:
        text_fields_check(program_item)
    ProgramItem.objects.bulk_create(program_items)
    return program


@dataclass(frozen=True)
class ItemVerdict:
    item_id: int
    result: str
    note: str = ""


@transaction.atomic
def program_evaluate(
    *,
    program: CoordinationProgram,
    year: int,
    reviewed_on: datetime.date,
    verdicts: list[ItemVerdict],
    summary: str = "",
    next_steps: str = "",
    directive=None,
    created_by=None,
) -> ProgramEvaluation:
    """The yearly evaluation of a program, item by item (done, partly, not done)."""
    if not program.covers_year(year):
        raise CooperationError(_("The program was not in force in %(year)s.") % {"year": year})
    _not_future(reviewed_on, _("The review date"))
    if reviewed_on.year < year:
        raise CooperationError(
            _("The year %(year)s cannot be reviewed before it begins.") % {"year": year}
        )
    if ProgramEvaluation.objects.filter(program=program, year=year).exists():
        raise CooperationError(_("The program is already evaluated for %(year)s.") % {"year": year})
    if not verdicts:
        raise CooperationError(_("The evaluation gives no result for any item."))
    items = {item.pk: item for item in program.items.all()}
    seen = set()
    for verdict in verdicts:
        if verdict.item_id not in items:
            raise CooperationError(
                _("Item %(item)s is not an item of program %(number)s.")
                % {"item": verdict.item_id, "number": program.number}
            )
        if verdict.item_id in seen:
            raise CooperationError(
                _("Item %(number)s is evaluated twice.") % {"number": items[verdict.item_id].number}
            )
        seen.add(verdict.item_id)
        if verdict.result not in ItemResult.values:
            raise CooperationError(_("Unknown result: %(result)s.") % {"result": verdict.result})
    evaluation = checked_create(
        ProgramEvaluation,
        program=program,
        year=year,
        reviewed_on=reviewed_on,
        summary=summary.strip(),
        next_steps=next_steps.strip(),
        directive=directive,
        created_by=created_by,
    )
    item_evaluations = [
        ItemEvaluation(
            evaluation=evaluation,
            item=items[verdict.item_id],
            result=verdict.result,
            note=verdict.note.strip(),
        )
        for verdict in verdicts
    ]
    for item_evaluation in item_evaluations:
        text_fields_check(item_evaluation)
    ItemEvaluation.objects.bulk_create(item_evaluations)
    return evaluation


@transaction.atomic
def evaluation_link_directive(*, evaluation: ProgramEvaluation, directive) -> ProgramEvaluation:
    evaluation.directive = directive
    evaluation.save(update_fields=["directive"])
    return evaluation


def _unit_existed_in(unit: Unit, year: int) -> bool:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (unit.valid_from is None or unit.valid_from <= last) and (
        unit.valid_to is None or unit.valid_to >= first
    )


@transaction.atomic
def exemplar_nominate(
    *,
    unit: Unit,
    kind: str,
    title: str,
    field: str,
    year: int,
    name: str = "",
    story: str = "",
    nominated_on: datetime.date | None = None,
    created_by=None,
) -> Exemplar:
    """Put forward a person or a collective of `unit` as an exemplary model."""
    nominated_on = nominated_on or timezone.localdate()
    if kind not in ExemplarKind.values:
        raise CooperationError(_("Unknown kind of exemplar: %(kind)s.") % {"kind": kind})
    if field not in ExemplarField.values:
        raise CooperationError(_("Unknown field: %(field)s.") % {"field": field})
    name = " ".join(name.split()) or (unit.name if kind == ExemplarKind.COLLECTIVE else "")
    if not name:
        raise CooperationError(_("The name of the person is missing."))
    if not title.strip():
        raise CooperationError(_("Describe the model in a title."))
    if year > timezone.localdate().year:
        raise CooperationError(_("The year %(year)s has not come yet.") % {"year": year})
    if not _unit_existed_in(unit, year):
        raise CooperationError(
            _("%(unit)s did not exist in %(year)s.") % {"unit": unit.name, "year": year}
        )
    _not_future(nominated_on, _("The nomination date"))
    return checked_create(
        Exemplar,
        kind=kind,
        name=name,
        unit=unit,
        title=" ".join(title.split()),
        field=field,
        year=year,
        story=story.strip(),
        nominated_on=nominated_on,
        created_by=created_by,
    )


@transaction.atomic
def exemplar_commend(
    *, exemplar: Exemplar, level: str, form: str, commended_on: datetime.date, by: str = ""
) -> Exemplar:
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    if exemplar.status == ExemplarStatus.COMMENDED:
        raise CooperationError(_("This exemplar is already commended."))
    if level not in CommendationLevel.values:
        raise CooperationError(_("Unknown commendation level: %(level)s.") % {"level": level})
    if form not in CommendationForm.values:
        raise CooperationError(_("Unknown commendation form: %(form)s.") % {"form": form})
    _not_future(commended_on, _("The commendation date"))
    if commended_on < exemplar.nominated_on:
        raise CooperationError(_("The commendation cannot come before the nomination."))
    exemplar.commend(level=level, form=form, on=commended_on, by=" ".join(by.split()))
    return exemplar


@transaction.atomic
def replication_record(
    *, exemplar: Exemplar, unit: Unit, on_date: datetime.date, note: str = ""
) -> Replication:
    """A unit took up the model on a date; the unit must have existed on that date."""
    if unit.pk == exemplar.unit_id:
        raise CooperationError(_("A unit does not replicate its own model."))
    if not unit.is_union:
        raise CooperationError(_("%(unit)s is not a union unit.") % {"unit": unit.name})
    _not_future(on_date, _("The replication date"))
    if not unit.is_valid_on(on_date):
        raise CooperationError(
            _("%(unit)s did not exist on %(date)s.") % {"unit": unit.name, "date": vn_date(on_date)}
        )
    if on_date.year < exemplar.year:
        raise CooperationError(
            _("The model dates from %(year)s: it cannot be replicated before.")
            % {"year": exemplar.year}
        )
    if Replication.objects.filter(exemplar=exemplar, unit=unit).exists():
        raise CooperationError(_("%(unit)s already took up this model.") % {"unit": unit.name})
    return checked_create(
        Replication, exemplar=exemplar, unit=unit, on_date=on_date, note=note.strip()
    )
