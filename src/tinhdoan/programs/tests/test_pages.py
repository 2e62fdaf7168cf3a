import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tinhdoan.programs.workflow import report_submit
from tinhdoan.reporting.models import DataValue, Submission, ValueChange
from tinhdoan.testing import make_unit, make_user

from .factories import make_world

pytestmark = pytest.mark.django_db

GRID = "/programs/P/2026/2026/P-A/"


@pytest.fixture
def world():
    return make_world()


def save(client, target, value, version=0, comment="", grid=GRID):
    return client.post(
        f"{grid}cells/{target}/",
        {"value": value, "comment": comment, "version": version},
        HTTP_HX_REQUEST="true",
    )


def test_grid_shows_targets_with_plan_and_value_inputs(world, login):
    page = login(world.officer_a).get(GRID)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="v-CT01"' in html and "Kết nạp đoàn viên mới" in html
    assert "programs/grid.js" in html and "data-grid" in html
    assert ">120<" in html  # the plan allocated to P-A


def test_saving_a_cell_answers_with_its_row_and_the_new_version(world, login):
    response = save(login(world.officer_a), "CT04", "1.234,5")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="1.234,5"' in html and 'data-version="1"' in html
    assert DataValue.objects.get().value == 1234.5


def test_a_refused_value_is_shown_in_the_cell_and_nothing_is_written(world, login):
    response = save(login(world.officer_a), "CT03", "120%")
    assert response.status_code == 422
    html = response.content.decode()
    assert "is-invalid" in html and "không vượt quá 100" in html and 'value="120%"' in html
    assert DataValue.objects.count() == 0


def test_a_stale_cell_gets_409_with_the_current_value(world, login):
    client = login(world.officer_a)
    save(client, "CT02", "100")
    save(client, "CT02", "150", version=1)
    response = save(client, "CT02", "999", version=1)
    assert response.status_code == 409
    html = response.content.decode()
    assert "người khác" in html and "Giá trị đang lưu là 150" in html
    assert DataValue.objects.get().value == 150


def test_an_officer_of_a_sibling_unit_cannot_read_or_write_the_grid(world, login):
    client = login(world.officer_b)
    assert client.get(GRID).status_code == 404
    assert save(client, "CT01", "5").status_code == 404
    assert client.get(f"{GRID}cells/CT01/history/").status_code == 404
    assert client.get(f"{GRID}template.xlsx").status_code == 404
    assert DataValue.objects.count() == 0


def test_a_stranger_cannot_see_the_program_pages(world, login):
    stranger = make_user("nguoi_la", unit=make_unit("Q", kind="provincial_union"))
    client = login(stranger)
    for path in ("/programs/P/2026/", "/programs/P/2026/2026/", GRID):
        assert client.get(path).status_code == 404
    assert "Chương trình công tác năm 2026" not in client.get("/programs/").content.decode()


def test_the_approver_reads_the_grid_but_cannot_type_in_it(world, login):
    client = login(world.approver)
    html = client.get(GRID).content.decode()
    assert "readonly" in html
    assert save(client, "CT01", "5").status_code == 404


def test_cell_history_lists_changes_and_report_steps(world, login):
    client = login(world.officer_a)
    save(client, "CT02", "100")
    save(client, "CT02", "150", version=1)
    report_submit(user=world.officer_a, reporting_period=world.period, unit=world.commune_a)
    html = client.get(f"{GRID}cells/CT02/history/").content.decode()
    assert html.count('data-kind="value"') == 2 and 'data-kind="submit"' in html
    assert "100 → <strong>150</strong>" in html


def test_approver_approves_from_the_grid_and_the_officer_cannot(world, login):
    report_submit(user=world.officer_a, reporting_period=world.period, unit=world.commune_a)
    officer = login(world.officer_a)
    assert "report/approve/" not in officer.get(GRID).content.decode()
    refused = officer.post(f"{GRID}report/approve/", follow=True)
    assert "cấp duyệt trực tiếp" in refused.content.decode()
    assert Submission.objects.get().status == "submitted"
    approver = login(world.approver)
    assert "report/approve/" in approver.get(GRID).content.decode()
    response = approver.post(f"{GRID}report/approve/", follow=True)
    assert "Đã duyệt" in response.content.decode()
    assert Submission.objects.get().status == "approved"


def test_returning_needs_a_reason(world, login):
    report_submit(user=world.officer_a, reporting_period=world.period, unit=world.commune_a)
    response = login(world.approver).post(f"{GRID}report/return/", {"reason": ""}, follow=True)
    assert "Hãy nêu lý do" in response.content.decode()
    assert Submission.objects.get().status == "submitted"


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


def test_completeness_page_counts_and_queries_stay_few(world, login, django_assert_max_num_queries):
    report_submit(user=world.officer_a, reporting_period=world.period, unit=world.commune_a)
    client = login(world.approver)
    with django_assert_max_num_queries(12):
        page = client.get("/programs/P/2026/2026/")
    html = page.content.decode()
    assert 'data-count="submitted">1<' in html and 'data-count="missing">1<' in html


def test_program_page_lists_items_targets_and_own_entry_link(world, login):
    html = login(world.officer_a).get("/programs/P/2026/").content.decode()
    assert "CT04" in html and "Vốn hỗ trợ thanh niên lập nghiệp" in html
    assert "/programs/P/2026/2026/P-A/" in html
    assert "/programs/P/2026/2026/P-B/" not in html


def test_a_sibling_officer_cannot_upload_or_act_on_the_report(world, login):
    client = login(world.officer_b)
    data = b"unit_code,target_code,period_code,value,comment\nP-A,CT01,2026,5,\n"
    assert (
        client.post(f"{GRID}upload/", {"file": SimpleUploadedFile("a.csv", data)}).status_code
        == 404
    )
    assert client.post(f"{GRID}report/submit/").status_code == 404
    assert DataValue.objects.count() == 0 and Submission.objects.count() == 0


def test_grid_page_uses_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.officer_a)
    save(client, "CT01", "5")
    with django_assert_max_num_queries(16):
        assert client.get(GRID).status_code == 200


def test_admin_lists_programs_and_targets(world, client):
    from tinhdoan.testing import make_user

    admin = make_user("quan_tri", unit=world.province, role="admin")
    client.force_login(admin)
    assert (
        "Chương trình công tác năm 2026" in client.get("/admin/programs/program/").content.decode()
    )
    assert "CT04" in client.get("/admin/programs/target/").content.decode()


def test_the_reason_typed_above_the_grid_goes_into_the_history(world, login):
    client = login(world.officer_a)
    save(client, "CT02", "100")
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


def test_the_program_unit_updates_a_focal_task_with_evidence_and_a_file(
    world, login, settings, tmp_path
):
    from tinhdoan.programs.services import focal_task_add

    settings.MEDIA_ROOT = tmp_path
    task = focal_task_add(program=world.program, name="Đại hội đoàn các cấp")
    approver = login(world.approver)
    response = approver.post(
        "/programs/P/2026/items/focal/1/",
        {
            "status": "completed",
            "evidence": "Báo cáo số 12-BC/TĐTN",
            "file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 minh chung"),
        },
        follow=True,
    )
    task.refresh_from_db()
    assert (task.status, task.evidence) == ("completed", "Báo cáo số 12-BC/TĐTN")
    html = response.content.decode()
    assert "Đã hoàn thành" in html and "bao-cao.pdf" in html
    evidence = task.files.get()
    download = approver.get(f"/programs/P/2026/evidence/{evidence.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minh chung"


def test_a_commune_officer_cannot_update_the_province_program(world, login):
    from tinhdoan.programs.services import focal_task_add

    task = focal_task_add(program=world.program, name="Đại hội đoàn các cấp")
    client = login(world.officer_a)
    assert "Cập nhật tiến độ" not in client.get("/programs/P/2026/").content.decode()
    page = client.post("/programs/P/2026/items/focal/1/", {"status": "completed"}, follow=True)
    assert "Chỉ cán bộ của Tỉnh đoàn Thử" in page.content.decode()
    task.refresh_from_db()
    assert task.status == "not_started"


def test_a_stranger_cannot_download_evidence(world, login):
    stranger = make_user("nguoi_la", unit=make_unit("Q", kind="provincial_union"))
    assert login(stranger).get("/programs/P/2026/evidence/1/").status_code == 404
