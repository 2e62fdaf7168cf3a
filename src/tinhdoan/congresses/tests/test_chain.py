import datetime

import pytest
import time_machine

from tinhdoan.congresses.models import CommitteeMember, Congress, Flag, TermRule
from tinhdoan.congresses.selectors import congress_chain
from tinhdoan.congresses.services import (
    CongressError,
    Elected,
    congress_create,
    congress_elect_committee,
    congress_mark_held,
    congress_next_for,
)
from tinhdoan.org.models import Position
from tinhdoan.org.selectors import positions_on
from tinhdoan.testing import make_unit

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 27, 9, 0), tick=False):
        yield


@pytest.fixture
def province():
    return make_unit("P", name="Tỉnh đoàn P", kind="provincial_union")


@pytest.fixture
def association(province):
    return make_unit("P-HSV", parent=province, name="Hội Sinh viên P", kind="association")


def test_first_recorded_congress_may_carry_any_ordinal(province):
    congress = congress_create(unit=province, ordinal=13, term_start=2017)
    assert (congress.ordinal, congress.ordinal_roman, congress.term_label) == (
        13,
        "XIII",
        "2017–2022",
    )


def test_next_congress_gets_next_ordinal_and_following_term(province):
    congress_create(unit=province, ordinal=13, term_start=2017)
    assert congress_next_for(unit=province).ordinal == 14
    congress = congress_create(unit=province)
    assert (congress.ordinal, congress.term_start, congress.term_end) == (14, 2022, 2027)
    assert congress.ordinal_roman == "XIV"


def test_term_length_follows_the_rule_of_the_unit_kind(province):
    TermRule.objects.create(unit_kind="provincial_union", years=3)
    congress_create(unit=province, ordinal=1, term_start=2020)
    assert congress_create(unit=province).term_label == "2023–2026"


def test_title_reads_as_a_vietnamese_document(province):
    congress = congress_create(unit=province, ordinal=13, term_start=2017)
    assert congress.title == "Đại hội đại biểu Tỉnh đoàn P lần thứ XIII, nhiệm kỳ 2017–2022"


def test_ordinal_that_is_not_the_next_is_refused_without_a_reason(province):
    congress_create(unit=province, ordinal=13, term_start=2017)
    with pytest.raises(CongressError) as error:
        congress_create(unit=province, ordinal=15)
    assert "phải là lần thứ XIV" in str(error.value)
    assert Congress.objects.count() == 1


def test_ordinal_that_is_not_the_next_is_accepted_and_flagged_with_a_reason(province):
    congress_create(unit=province, ordinal=13, term_start=2017)
    congress_create(unit=province, ordinal=15, ordinal_reason="Đánh số lại theo lịch sử.")
    assert congress_chain(unit=province)[1].flags == [Flag.ORDINAL_SKIPPED]


def test_term_that_overlaps_the_previous_one_is_refused(province):
    congress_create(unit=province, ordinal=13, term_start=2017)
    with pytest.raises(CongressError) as error:
        congress_create(unit=province, term_start=2020, term_end=2025)
    assert "trùng với nhiệm kỳ trước 2017–2022" in str(error.value)
    assert Congress.objects.count() == 1


def test_a_gap_between_terms_is_accepted_and_flagged(province):
    congress_create(unit=province, ordinal=13, term_start=2017)
    congress_create(unit=province, term_start=2023, term_end=2028)
    chain = congress_chain(unit=province)
    assert [c.flags for c in chain] == [[], [Flag.TERM_GAP]]


def test_an_earlier_congress_can_be_recorded_after_a_later_one(association):
    congress_create(unit=association, ordinal=2, term_start=2017)
    first = congress_create(unit=association, ordinal=1)
    assert first.term_label == "2012–2017"
    assert [c.ordinal_roman for c in congress_chain(unit=association)] == ["I", "II"]


def test_earlier_congress_overlapping_the_following_one_is_refused(association):
    congress_create(unit=association, ordinal=2, term_start=2017)
    with pytest.raises(CongressError):
        congress_create(unit=association, ordinal=1, term_start=2013, term_end=2018)
    assert Congress.objects.count() == 1


def test_held_date_in_the_future_is_refused(province):
    with pytest.raises(CongressError) as error:
        congress_create(unit=province, ordinal=1, held_on=datetime.date(2026, 11, 28))
    assert "28/11/2026" in str(error.value) and "tương lai" in str(error.value)
    assert Congress.objects.count() == 0


def test_marking_held_in_the_future_writes_nothing(province):
    congress = congress_create(unit=province, ordinal=1, planned_on=datetime.date(2026, 12, 5))
    with pytest.raises(CongressError):
        congress_mark_held(congress=congress, held_on=datetime.date(2026, 12, 5))
    congress.refresh_from_db()
    assert congress.held_on is None


def test_more_delegates_present_than_expected_is_refused(province):
    congress = congress_create(unit=province, ordinal=1, delegates_expected=300)
    with pytest.raises(CongressError) as error:
        congress_mark_held(
            congress=congress, held_on=datetime.date(2026, 10, 1), delegates_present=301
        )
    assert "301 đại biểu có mặt nhiều hơn 300" in str(error.value)
    congress.refresh_from_db()
    assert congress.held_on is None and congress.delegates_present is None


def test_a_unit_that_did_not_exist_on_the_held_date_is_refused(province):
    commune = make_unit("P-X", parent=province, valid_from=datetime.date(2025, 7, 1))
    with pytest.raises(CongressError):
        congress_create(unit=commune, ordinal=1, held_on=datetime.date(2025, 6, 1))
    assert Congress.objects.count() == 0


def test_a_department_holds_no_congress(province):
    department = make_unit("SO", kind="department")
    with pytest.raises(CongressError):
        congress_create(unit=department, ordinal=1)
    assert Congress.objects.count() == 0


def test_elected_committee_becomes_positions_and_ends_the_previous_ones(province):
    first = congress_create(
        unit=province, ordinal=13, term_start=2017, held_on=datetime.date(2017, 9, 20)
    )
    congress_elect_committee(
        congress=first,
        members=[Elected(title="Bí thư", full_name="Nguyễn Văn A (minh họa)", rank=1)],
    )
    second = congress_create(unit=province, held_on=datetime.date(2022, 8, 10))
    congress_elect_committee(
        congress=second,
        members=[Elected(title="Bí thư", full_name="Trần Thị B (minh họa)", rank=1)],
    )
    assert [
        p.person.full_name for p in positions_on(day=datetime.date(2018, 1, 9), unit=province)
    ] == ["Nguyễn Văn A (minh họa)"]
    assert [
        p.person.full_name for p in positions_on(day=datetime.date(2023, 1, 1), unit=province)
    ] == ["Trần Thị B (minh họa)"]
    assert Position.objects.get(person__full_name__startswith="Nguyễn").end == datetime.date(
        2022, 8, 9
    )


def test_committee_of_a_congress_not_yet_held_is_refused(province):
    congress = congress_create(unit=province, ordinal=1)
    with pytest.raises(CongressError):
        congress_elect_committee(
            congress=congress, members=[Elected(title="Bí thư", full_name="X")]
        )
    assert CommitteeMember.objects.count() == 0 and Position.objects.count() == 0
