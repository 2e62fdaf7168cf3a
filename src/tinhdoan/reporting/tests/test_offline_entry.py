import pytest

from tinhdoan.programs.tests.factories import GRID, make_world, save_cell
from tinhdoan.reporting.models import DataValue, ValueChange
from tinhdoan.reporting.workflow import report_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_value_inputs_say_which_cell_they_are_and_the_grid_has_an_unsynced_counter(world, login):
    html = login(world.officer_a).get(GRID).content.decode()
    assert 'data-unit="P-A" data-period="2026" data-target="CT01"' in html
    assert 'id="unsynced-cells"' in html and 'data-unsynced="0"' in html
    assert "{count} ô chưa gửi" in html
    assert "reporting/offline.js" in html


def test_a_grid_that_cannot_be_typed_in_has_no_offline_entry(world, login):
    html = login(world.approver).get(GRID).content.decode()
    assert 'id="unsynced-cells"' not in html and "reporting/offline.js" not in html


def test_a_stale_cell_shows_the_saved_value_beside_the_typed_one_and_keeps_the_saved(world, login):
    client = login(world.officer_a)
    assert save_cell(client, "CT02", "100").status_code == 200
    assert save_cell(client, "CT02", "150", version=1).status_code == 200

    response = save_cell(client, "CT02", "1.234", version=1, comment="Cả xã")

    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-conflict data-server-value="150"' in html.replace("\n", " ").replace(
        "         ", ""
    )
    assert "Số đã lưu trên máy chủ: <strong>150</strong>" in html
    assert "Số đồng chí đã nhập: <strong>1.234</strong> (Cả xã)" in html
    assert "Giữ số đã nhập" in html and "Dùng số trên máy chủ" in html
    assert 'name="version" value="2"' in html  # keeping one's own is saved over the version seen
    value = DataValue.objects.get(target__code="CT02")
    assert (value.value, value.version) == (150, 2)
    assert ValueChange.objects.filter(unit=value.unit, target=value.target).count() == 2


def test_a_refused_value_that_is_not_stale_shows_no_conflict(world, login):
    response = save_cell(login(world.officer_a), "CT02", "-2")
    assert response.status_code == 422
    assert "data-conflict" not in response.content.decode()


def test_a_submitted_grid_has_no_offline_entry(world, login):
    client = login(world.officer_a)
    save_cell(client, "CT01", "5")
    report_submit(
        user=world.officer_a,
        reporting_period=world.period,
        unit=world.commune_a,
        acknowledge_warnings=True,
        comment="Đủ",
    )
    assert 'id="unsynced-cells"' not in client.get(GRID).content.decode()


def test_a_cell_sent_again_after_its_answer_was_lost_is_saved_once_not_a_conflict(world, login):
    client = login(world.officer_a)
    assert save_cell(client, "CT04", "1.234,5", comment="Cả xã").status_code == 200

    again = save_cell(client, "CT04", "1234,50", version=0, comment="Cả xã")

    assert again.status_code == 200
    html = again.content.decode()
    assert "data-conflict" not in html and 'name="version" value="1"' in html
    value = DataValue.objects.get(target__code="CT04")
    assert value.version == 1
    assert ValueChange.objects.filter(unit=value.unit, target=value.target).count() == 1


def test_a_stale_cell_with_another_comment_is_a_conflict(world, login):
    client = login(world.officer_a)
    save_cell(client, "CT04", "12", comment="Cả xã")
    assert save_cell(client, "CT04", "12", version=0, comment="Một thôn").status_code == 409
    assert DataValue.objects.get(target__code="CT04").comment == "Cả xã"
