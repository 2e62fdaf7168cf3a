import datetime

import pytest
import time_machine

from tinhdoan.cooperation.models import ItemEvaluation, ProgramEvaluation
from tinhdoan.cooperation.selectors import programs_due_for_review
from tinhdoan.cooperation.services import CooperationError, ItemVerdict, program_evaluate
from tinhdoan.meetings.models import Directive
from tinhdoan.testing import make_user

from .factories import a_program, cooperation_tree

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 27, 9, 0), tick=False):
        yield


@pytest.fixture
def units():
    return cooperation_tree()


def verdicts(program, *results):
    items = list(program.items.order_by("number"))
    return [
        ItemVerdict(item.pk, result, f"ghi chú {item.number}")
        for item, result in zip(items, results, strict=True)
    ]


def test_yearly_evaluation_records_a_result_per_item(units):
    program = a_program(units)
    evaluation = program_evaluate(
        program=program,
        year=2025,
        reviewed_on=datetime.date(2026, 1, 15),
        verdicts=verdicts(program, "done", "partly"),
    )
    assert [(r.item.number, r.result) for r in evaluation.results.all()] == [
        (1, "done"),
        (2, "partly"),
    ]


def test_evaluation_of_an_item_of_another_program_is_refused(units):
    program = a_program(units)
    other = a_program(units, number="02/CTrPH", department="SO-B")
    foreign = other.items.first()
    with pytest.raises(CooperationError) as error:
        program_evaluate(
            program=program,
            year=2025,
            reviewed_on=datetime.date(2026, 1, 15),
            verdicts=[ItemVerdict(foreign.pk, "done")],
        )
    assert "không thuộc chương trình 01/CTrPH" in str(error.value)
    assert ProgramEvaluation.objects.count() == 0 and ItemEvaluation.objects.count() == 0


def test_evaluation_of_a_year_outside_the_program_is_refused(units):
    program = a_program(units)
    with pytest.raises(CooperationError):
        program_evaluate(
            program=program,
            year=2022,
            reviewed_on=datetime.date(2023, 1, 5),
            verdicts=verdicts(program, "done", "done"),
        )
    assert ProgramEvaluation.objects.count() == 0


def test_a_second_evaluation_of_the_same_year_is_refused(units):
    program = a_program(units)
    program_evaluate(
        program=program,
        year=2025,
        reviewed_on=datetime.date(2026, 1, 15),
        verdicts=verdicts(program, "done", "done"),
    )
    with pytest.raises(CooperationError):
        program_evaluate(
            program=program,
            year=2025,
            reviewed_on=datetime.date(2026, 2, 1),
            verdicts=verdicts(program, "not_done", "done"),
        )
    assert ProgramEvaluation.objects.count() == 1


def test_programs_without_last_year_evaluation_are_due_for_review(units):
    reviewed = a_program(units, number="01/CTrPH")
    program_evaluate(
        program=reviewed,
        year=2025,
        reviewed_on=datetime.date(2026, 1, 15),
        verdicts=verdicts(reviewed, "done", "done"),
    )
    a_program(units, number="02/CTrPH", department="SO-B")
    approver = make_user("btv.p", unit=units["P"], role="approver")
    due = programs_due_for_review(user=approver, today=TODAY)
    assert [(d.program.number, d.year) for d in due] == [("02/CTrPH", 2025)]
    assert due[0].reason == "Chưa đánh giá năm 2025."


def test_a_program_ending_soon_is_due_for_review(units):
    ending = a_program(
        units,
        number="03/CTrPH",
        valid_from=datetime.date(2026, 1, 10),
        valid_to=datetime.date(2026, 12, 31),
    )
    approver = make_user("btv.p", unit=units["P"], role="approver")
    due = programs_due_for_review(user=approver, today=TODAY)
    assert [(d.program.pk, d.year) for d in due] == [(ending.pk, 2026)]
    assert "31/12/2026" in due[0].reason


def test_review_can_be_linked_to_the_directive_that_asked_for_it(units):
    program = a_program(units)
    directive = Directive.objects.create(
        issuer=units["UB"],
        lead=units["P"],
        content="Rà soát các chương trình đã ký kết, phối hợp với các sở, ngành đánh giá kết quả",
        assigned_on=datetime.date(2026, 1, 9),
        ongoing=True,
    )
    evaluation = program_evaluate(
        program=program,
        year=2025,
        reviewed_on=datetime.date(2026, 1, 15),
        verdicts=verdicts(program, "done", "done"),
        directive=directive,
    )
    evaluation.refresh_from_db()
    assert evaluation.directive == directive
