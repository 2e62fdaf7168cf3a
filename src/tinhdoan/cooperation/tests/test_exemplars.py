import datetime

import pytest
import time_machine

from tinhdoan.cooperation.models import Exemplar, Replication
from tinhdoan.cooperation.selectors import exemplars_for_user
from tinhdoan.cooperation.services import (
    CooperationError,
    exemplar_commend,
    exemplar_nominate,
    replication_record,
)
from tinhdoan.testing import make_user

from .factories import cooperation_tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 27, 9, 0), tick=False):
        yield


@pytest.fixture
def units():
    return cooperation_tree()


def nominate(units, code="C1", field="environment", year=2024):
    return exemplar_nominate(
        unit=units[code],
        kind="collective",
        title="Ngày Chủ nhật xanh",
        field=field,
        year=year,
        nominated_on=datetime.date(year, 10, 1),
    )


def test_a_collective_takes_the_name_of_its_unit(units):
    exemplar = nominate(units)
    assert (exemplar.name, exemplar.status) == ("Đoàn xã Một", "nominated")


def test_commendation_records_level_and_form(units):
    exemplar = exemplar_commend(
        exemplar=nominate(units),
        level="provincial",
        form="merit",
        commended_on=datetime.date(2024, 12, 20),
        by="Ban Thường vụ Tỉnh đoàn",
    )
    assert exemplar.commendation_label == "Bằng khen (Cấp tỉnh)"


def test_replication_by_a_unit_that_existed_is_recorded(units):
    exemplar = nominate(units)
    replication_record(exemplar=exemplar, unit=units["C2"], on_date=datetime.date(2025, 3, 26))
    assert [r.unit.code for r in exemplar.replications.all()] == ["P-C2"]


def test_replication_by_a_unit_that_did_not_exist_then_is_refused(units):
    exemplar = nominate(units)
    with pytest.raises(CooperationError) as error:
        replication_record(exemplar=exemplar, unit=units["NEW"], on_date=datetime.date(2025, 3, 26))
    assert "Đoàn xã Mới chưa có hoặc không còn vào ngày 26/03/2025" in str(error.value)
    assert Replication.objects.count() == 0


def test_replication_in_the_future_is_refused(units):
    exemplar = nominate(units)
    with pytest.raises(CooperationError):
        replication_record(exemplar=exemplar, unit=units["C2"], on_date=datetime.date(2026, 12, 1))
    assert Replication.objects.count() == 0


def test_nomination_of_a_unit_in_a_year_before_it_existed_is_refused(units):
    with pytest.raises(CooperationError):
        nominate(units, code="NEW", year=2024)
    assert Exemplar.objects.count() == 0


def test_list_filters_by_field_year_and_subtree(units):
    nominate(units, "C1", "environment", 2024)
    nominate(units, "C2", "digital", 2025)
    nominate(units, "C2", "environment", 2025)
    reader = make_user("btv.p", unit=units["P"], role="approver")
    assert [e.unit.code for e in exemplars_for_user(user=reader, field="environment")] == [
        "P-C2",
        "P-C1",
    ]
    assert [e.field for e in exemplars_for_user(user=reader, year=2025)] == [
        "digital",
        "environment",
    ]
    assert exemplars_for_user(user=reader, under=units["C1"]).count() == 1


def test_an_officer_sees_nominations_of_their_unit_and_every_commended_model(units):
    own = nominate(units, "C1")
    other = nominate(units, "C2")
    officer = make_user("doan.c1", unit=units["C1"])
    assert [e.pk for e in exemplars_for_user(user=officer)] == [own.pk]
    exemplar_commend(
        exemplar=other, level="provincial", form="merit", commended_on=datetime.date(2024, 12, 1)
    )
    assert {e.pk for e in exemplars_for_user(user=officer)} == {own.pk, other.pk}


def test_a_department_liaison_does_not_see_the_unions_models(units):
    commended = nominate(units, "C2")
    exemplar_commend(
        exemplar=commended,
        level="provincial",
        form="merit",
        commended_on=datetime.date(2024, 12, 1),
    )
    liaison = make_user("lienlac.so.a", unit=units["SO-A"], role="department")
    assert list(exemplars_for_user(user=liaison)) == []
    officer = make_user("doan.c1", unit=units["C1"])
    assert [e.pk for e in exemplars_for_user(user=officer)] == [commended.pk]
