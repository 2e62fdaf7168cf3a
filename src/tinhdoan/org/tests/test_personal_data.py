import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tinhdoan.org import selectors
from tinhdoan.org.models import Person, Position
from tinhdoan.org.personal_data import person_export_json

pytestmark = pytest.mark.django_db


def chairman():
    return Person.objects.get(full_name="Phạm Ngọc Thưởng")


def test_export_gives_the_positions_and_the_sessions_chaired(demo, capsys):
    person = chairman()
    call_command("person-export", str(person.pk))
    data = json.loads(capsys.readouterr().out)
    assert data["person"]["full_name"] == "Phạm Ngọc Thưởng"
    titles = {row["title"] for row in data["records"]["org.Position.person"]}
    assert titles == {"Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"}
    assert len(data["records"]["meetings.SessionChair.person"]) == 1


def test_anonymize_removes_the_name_and_keeps_positions_and_sessions(demo):
    person = chairman()
    positions_before = Position.objects.filter(person=person).count()
    call_command("person-anonymize", str(person.pk), "--yes")
    person.refresh_from_db()
    assert person.full_name == f"Đã ẩn danh #{person.pk}"
    assert not Person.objects.filter(full_name__contains="Thưởng").exists()
    assert Position.objects.filter(person=person).count() == positions_before == 2
    titles = selectors.person_titles_on(person=person, day=datetime.date(2018, 1, 9))
    assert titles == ["Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"]
    assert "Thưởng" not in person_export_json(person=person)


def test_unknown_person_is_refused_and_nothing_changes(demo):
    names = list(Person.objects.values_list("full_name", flat=True))
    with pytest.raises(CommandError, match="Không có cán bộ nào có mã 999999"):
        call_command("person-anonymize", "999999", "--yes")
    with pytest.raises(CommandError, match="Không có cán bộ nào có mã abc"):
        call_command("person-export", "abc")
    assert list(Person.objects.values_list("full_name", flat=True)) == names


def test_declining_the_confirmation_changes_nothing(demo, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "khong")
    person = chairman()
    with pytest.raises(CommandError, match="Đã hủy"):
        call_command("person-anonymize", str(person.pk))
    person.refresh_from_db()
    assert person.full_name == "Phạm Ngọc Thưởng"
