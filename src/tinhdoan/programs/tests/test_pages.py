import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhdoan.testing import make_unit, make_user

from .factories import GRID, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_a_stranger_cannot_see_the_program_pages(world, login):
    stranger = make_user("nguoi_la", unit=make_unit("Q", kind="provincial_union"))
    client = login(stranger)
    for path in ("/programs/P/2026/", "/programs/P/2026/2026/", GRID):
        assert client.get(path).status_code == 404
    assert "Chương trình công tác năm 2026" not in client.get("/programs/").content.decode()


def test_program_page_lists_items_targets_and_own_entry_link(world, login):
    html = login(world.officer_a).get("/programs/P/2026/").content.decode()
    assert "CT04" in html and "Vốn hỗ trợ thanh niên lập nghiệp" in html
    assert "/programs/P/2026/2026/P-A/" in html
    assert "/programs/P/2026/2026/P-B/" not in html


def test_admin_lists_programs_and_targets(world, client):
    from tinhdoan.testing import login_verified, make_user

    admin = make_user("quan_tri", unit=world.province, role="admin")
    login_verified(client, admin)
    assert (
        "Chương trình công tác năm 2026" in client.get("/admin/programs/program/").content.decode()
    )
    assert "CT04" in client.get("/admin/programs/target/").content.decode()


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
