import pytest
from django.core.management import CommandError, call_command

from tinhdoan.rollup.models import Aggregate

from .factories import rule_world, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = rule_world()
    write(w.program, [("R-A1", "S", "2017", 10), ("R-B", "S", "2017", 7)])
    return w


def test_rollup_recomputes_and_the_check_finds_nothing(world, capsys):
    call_command("rollup", "--program", "R:2017")
    assert "R:2017: 3 kỳ" in capsys.readouterr().out
    call_command("rollup", "--check")
    assert "R:2017: khớp" in capsys.readouterr().out


def test_the_check_reports_a_tampered_aggregate_and_changes_nothing(world):
    call_command("rollup")
    Aggregate.objects.filter(unit=world.root, target__code="S").update(value=1)
    with pytest.raises(CommandError, match="lệch"):
        call_command("rollup", "--check")
    assert Aggregate.objects.get(unit=world.root, target__code="S", period__code="2017").value == 1


def test_an_unknown_program_is_refused(world):
    with pytest.raises(CommandError, match="TDLS:2017"):
        call_command("rollup", "--program", "TDLS:2017")
    with pytest.raises(CommandError, match="ĐƠN_VỊ:NĂM"):
        call_command("rollup", "--program", "2017")
