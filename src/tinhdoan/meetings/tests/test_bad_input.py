"""Bad input refused by the services with a Vietnamese message, nothing written."""

import datetime
import io
import zipfile

import pytest
import time_machine

from tinhdoan.meetings.evidence import evidence_check
from tinhdoan.meetings.models import (
    Directive,
    Evidence,
    MeetingError,
    ProgressReport,
    StaleEdit,
)
from tinhdoan.meetings.services import (
    directive_create,
    directive_report_progress,
    directive_update,
    session_update,
)

from .conftest import SESSION_DAY, at

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def rows():
    return (Directive.objects.count(), ProgressReport.objects.count(), Evidence.objects.count())


def test_deadline_before_the_session_date_is_refused(world, session):
    before = rows()
    with pytest.raises(MeetingError) as refused:
        directive_create(
            actor=world.leader,
            session=session,
            content="Tổng kết",
            lead=world.td,
            deadline=SESSION_DAY - datetime.timedelta(days=1),
        )
    assert str(refused.value) == "Hạn 08/01/2018 trước ngày buổi làm việc (09/01/2018)."
    assert rows() == before


def test_assignee_that_did_not_exist_on_the_session_date_is_refused(world, session):
    before = rows()
    with pytest.raises(MeetingError) as refused:
        directive_create(
            actor=world.leader,
            session=session,
            content="Tổng kết",
            lead=world.td,
            coordinators=[world.old],
            deadline=datetime.date(2018, 12, 31),
        )
    assert "Huyện đoàn cũ" in str(refused.value)
    assert "không tồn tại vào ngày 09/01/2018" in str(refused.value)
    assert rows() == before


def test_neither_deadline_nor_ongoing_is_refused(world, session):
    before = rows()
    with pytest.raises(MeetingError, match="thường xuyên"):
        directive_create(
            actor=world.leader, session=session, content="X", lead=world.td, deadline=None
        )
    assert rows() == before


def test_directive_by_someone_outside_the_issuer_is_refused(world, session):
    before = rows()
    with pytest.raises(MeetingError, match="không được giao nhiệm vụ"):
        directive_create(
            actor=world.officer_a,
            session=session,
            content="X",
            lead=world.td,
            deadline=datetime.date(2018, 12, 31),
        )
    assert rows() == before


@pytest.mark.parametrize("percent", [-1, 101, 250])
def test_percent_outside_0_to_100_is_refused(world, make_directive, percent):
    directive = make_directive()
    before = rows()
    with pytest.raises(MeetingError) as refused:
        directive_report_progress(actor=world.btv, directive=directive, text="x", percent=percent)
    assert str(refused.value) == "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."
    assert rows() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.exe", b"MZ\x90\x00", "không thuộc loại được phép"),
        ("trang.html", b"<html></html>", "không thuộc loại được phép"),
        ("bao-cao.pdf", b"MZ\x90\x00 not a pdf", "không khớp với phần mở rộng .pdf"),
        ("anh.png", PDF, "không khớp với phần mở rộng .png"),
        ("van-ban.docx", b"PK\x03\x04garbage", "không khớp với phần mở rộng .docx"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_evidence_of_a_forbidden_type_or_lying_content_is_refused(
    world, make_directive, name, content, message
):
    directive = make_directive()
    before = rows()
    with pytest.raises(MeetingError, match=message):
        directive_report_progress(
            actor=world.btv, directive=directive, text="x", percent=10, files=[(name, content)]
        )
    assert rows() == before


def test_evidence_too_large_is_refused(world, make_directive, settings):
    settings.TINHDOAN_EVIDENCE_MAX_BYTES = 1024 * 1024
    directive = make_directive()
    before = rows()
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(MeetingError) as refused:
        directive_report_progress(
            actor=world.btv, directive=directive, text="x", percent=10, files=[("lon.pdf", big)]
        )
    assert str(refused.value) == "Tệp lon.pdf vượt quá giới hạn 1 MB."
    assert rows() == before


def test_good_evidence_is_stored_under_the_data_directory(
    world, make_directive, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    directive = make_directive()
    report = directive_report_progress(
        actor=world.btv,
        directive=directive,
        text="Kế hoạch đã ban hành",
        percent=40,
        files=[("ke-hoach.pdf", PDF), ("ke-hoach.docx", docx_bytes())],
    )
    stored = list(report.evidence.all())
    assert [e.original_name for e in stored] == ["ke-hoach.pdf", "ke-hoach.docx"]
    assert (tmp_path / stored[0].file.name).read_bytes() == PDF
    assert stored[0].file.name.startswith("evidence/") and "ke-hoach" not in stored[0].file.name


def test_evidence_name_cannot_climb_out_of_the_upload_folder():
    checked = evidence_check("../../etc/bao-cao.pdf", PDF)
    assert checked.original_name == "bao-cao.pdf"


def test_stale_directive_edit_is_refused(world, make_directive):
    directive = make_directive()
    version = directive.version
    directive_update(
        actor=world.leader,
        directive=directive,
        version=version,
        content="Nội dung mới",
        lead=world.td,
        coordinators=[],
        deadline=datetime.date(2018, 9, 30),
        ongoing=False,
        priority="high",
    )
    with pytest.raises(StaleEdit, match="Người khác đã thay đổi"):
        directive_update(
            actor=world.leader,
            directive=directive,
            version=version,
            content="Nội dung cũ ghi đè",
            lead=world.td,
            coordinators=[],
            deadline=datetime.date(2018, 12, 31),
            ongoing=False,
            priority="normal",
        )
    directive.refresh_from_db()
    assert directive.content == "Nội dung mới" and directive.deadline == datetime.date(2018, 9, 30)


def test_stale_session_edit_is_refused(world, session):
    fields = dict(
        actor=world.leader,
        session=session,
        held_at=at(SESSION_DAY, 14),
        host_unit=world.td,
        chairs=[world.chairman],
    )
    session_update(version=1, title="Tiêu đề A", **fields)
    with pytest.raises(StaleEdit):
        session_update(version=1, title="Tiêu đề B", **fields)
    session.refresh_from_db()
    assert session.title == "Tiêu đề A" and session.version == 2


def test_moving_a_session_after_a_directive_deadline_is_refused(world, session, make_directive):
    make_directive(deadline=datetime.date(2018, 2, 1))
    with pytest.raises(MeetingError, match="trước ngày mới của buổi làm việc"):
        session_update(
            actor=world.leader,
            session=session,
            version=1,
            title=session.title,
            held_at=at(datetime.date(2018, 3, 1)),
            host_unit=world.td,
            chairs=[world.chairman],
        )
    session.refresh_from_db()
    assert session.day == SESSION_DAY


def test_completion_date_in_the_future_is_refused(world, make_directive):
    from tinhdoan.meetings.services import directive_complete

    directive = make_directive()
    with time_machine.travel(datetime.date(2018, 3, 1)):
        with pytest.raises(MeetingError, match="tương lai"):
            directive_complete(
                actor=world.leader, directive=directive, on=datetime.date(2018, 3, 2)
            )
    directive.refresh_from_db()
    assert directive.state == "not_started"
