import datetime

import pytest

from tinhdoan.org import selectors
from tinhdoan.org.models import Person
from tinhdoan.org.services import OrgError, person_create, position_assign
from tinhdoan.testing import make_unit

pytestmark = pytest.mark.django_db


def test_chairman_holds_both_positions_on_the_day_of_the_session(demo):
    person = Person.objects.get(full_name="Phạm Ngọc Thưởng")
    text = selectors.person_with_titles(person=person, day=datetime.date(2018, 1, 9))
    assert text == "đồng chí Phạm Ngọc Thưởng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"


def test_positions_on_a_date_exclude_ended_and_future_ones():
    committee = make_unit("UB", kind="peoples_committee")
    person = person_create(full_name="Nguyễn Văn An")
    position_assign(
        person=person,
        unit=committee,
        title="Phó Chủ tịch",
        start=datetime.date(2010, 1, 1),
        end=datetime.date(2015, 12, 31),
    )
    position_assign(
        person=person, unit=committee, title="Chủ tịch", start=datetime.date(2016, 1, 1)
    )
    titles = selectors.person_titles_on(person=person, day=datetime.date(2014, 5, 1))
    assert titles == ["Phó Chủ tịch"]
    assert selectors.person_titles_on(person=person, day=datetime.date(2009, 5, 1)) == []
    on_2020 = selectors.positions_on(day=datetime.date(2020, 5, 1), unit=committee)
    assert [p.title for p in on_2020] == ["Chủ tịch"]


def test_people_are_listed_by_given_name():
    for name in ["Trần Văn Bình", "Nguyễn Thị An", "Lê Anh"]:
        person_create(full_name=name)
    assert [p.full_name for p in selectors.people_sorted()] == [
        "Nguyễn Thị An",
        "Lê Anh",
        "Trần Văn Bình",
    ]


def test_position_ending_before_it_starts_is_refused():
    committee = make_unit("UB", kind="peoples_committee")
    person = person_create(full_name="Nguyễn Văn An")
    with pytest.raises(OrgError):
        position_assign(
            person=person,
            unit=committee,
            title="Chủ tịch",
            start=datetime.date(2016, 1, 1),
            end=datetime.date(2015, 1, 1),
        )
    assert not person.positions.exists()
