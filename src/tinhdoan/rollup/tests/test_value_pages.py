import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tinhdoan.programs.tests.factories import GRID, make_world, save_cell
from tinhdoan.reporting.models import DataValue, ValueChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_saving_a_cell_answers_with_its_row_and_the_new_version(world, login):
    response = save_cell(login(world.officer_a), "CT04", "1.234,5")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="1.234,5"' in html and 'data-version="1"' in html
    assert DataValue.objects.get().value == 1234.5


def test_a_refused_value_is_shown_in_the_cell_and_nothing_is_written(world, login):
    response = save_cell(login(world.officer_a), "CT03", "120%")
    assert response.status_code == 422
    html = response.content.decode()
    assert "is-invalid" in html and "không vượt quá 100" in html and 'value="120%"' in html
    assert DataValue.objects.count() == 0


def test_a_stale_cell_gets_409_with_the_current_value(world, login):
    client = login(world.officer_a)
    save_cell(client, "CT02", "100")
    save_cell(client, "CT02", "150", version=1)
    response = save_cell(client, "CT02", "999", version=1)
    assert response.status_code == 409
    html = response.content.decode()
    assert "người khác" in html and "Giá trị đang lưu là 150" in html
    assert DataValue.objects.get().value == 150


def test_template_download_and_upload_from_the_grid(world, login):
    client = login(world.officer_a)
    response = client.get(f"{GRID}template.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    for row in workbook["so_lieu"].iter_rows(min_row=2):
        row[3].value = {"CT01": 40, "CT02": 500, "CT03": 71.5, "CT04": 12.25}[row[1].value]
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("mau.xlsx", buffer.getvalue())
    page = client.post(f"{GRID}upload/", {"file": upload}, follow=True)
    assert "4 số liệu mới" in page.content.decode()
    assert DataValue.objects.filter(unit=world.commune_a).count() == 4


def test_a_bad_upload_lists_its_errors_and_writes_nothing(world, login):
    data = (
        b"unit_code,target_code,period_code,value,comment\nP-A,CT01,2026,abc,\nP-B,CT01,2026,1,\n"
    )
    response = login(world.officer_a).post(
        f"{GRID}upload/", {"file": SimpleUploadedFile("a.csv", data)}
    )
    assert response.status_code == 404  # a row of a unit outside the officer's scope
    html = response.content.decode()
    assert "Tệp bị từ chối" in html and "P-B" in html and "không phải là số" in html
    assert (DataValue.objects.count(), ValueChange.objects.count()) == (0, 0)


def test_the_reason_typed_above_the_grid_goes_into_the_history(world, login):
    client = login(world.officer_a)
    save_cell(client, "CT02", "100")
    client.post(
        f"{GRID}cells/CT02/",
        {
            "value": "120",
            "comment": "",
            "version": 1,
            "reason": "Bổ sung số liệu chi đoàn thôn Nà Pàn",
        },
    )
    assert ValueChange.objects.last().reason == "Bổ sung số liệu chi đoàn thôn Nà Pàn"
    html = client.get(f"{GRID}cells/CT02/history/").content.decode()
    assert "Bổ sung số liệu chi đoàn thôn Nà Pàn" in html
