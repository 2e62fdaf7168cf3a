"""The conclusion notice of the working session of 09/01/2018, read back from its files."""

import pytest
from django.core.management import CommandError, call_command

from tinhdoan.documents.tests.readback import docx_paragraphs, docx_tables, pdf_pages, pdf_runs
from tinhdoan.meetings.models import WorkingSession
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db
SUBJECT = (
    "Kết luận của đồng chí Phạm Ngọc Thưởng, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh "
    "tại buổi làm việc với Tỉnh đoàn Lạng Sơn"
)


@pytest.fixture
def session(demo):
    return WorkingSession.objects.get(held_at__date="2018-01-09")


def test_the_command_writes_the_notice_of_the_article_session(session, tmp_path):
    path = tmp_path / "tb.docx"
    call_command("report", "conclusions", session=session.pk, fmt="docx", output=path)
    paragraphs = docx_paragraphs(path.read_bytes())
    for line in (
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "/TB-UBND",
        "Lạng Sơn, ngày 09 tháng 01 năm 2018",
        "THÔNG BÁO",
        SUBJECT,
        "1. Đánh giá chung",
        "2. Nhiệm vụ thời gian tới",
        "a) Đối với Tỉnh đoàn Lạng Sơn:",
        "b) Đối với các sở, ban, ngành:",
        "3. Về các kiến nghị",
        "TL. CHỦ TỊCH",
        "CHÁNH VĂN PHÒNG",
        "- Sở Giáo dục và Đào tạo;",
    ):
        assert any(line in p for p in paragraphs), line
    assert paragraphs[-1] == "Đinh Văn Hùng"
    rows = [row for table in docx_tables(path.read_bytes()) for row in table]
    numbered = [row for row in rows if row[0].isdigit()]
    assert [row[0] for row in numbered] == [str(n) for n in range(1, 8)]
    departments = next(row for row in numbered if row[2] == "Sở Nội vụ")
    assert "Sở Giáo dục và Đào tạo" in departments[3]
    assert all("-LS" not in cell for row in numbered for cell in row)  # names, never codes


def test_the_pdf_holds_the_same_text_and_signs_with_the_body(session, tmp_path):
    path = tmp_path / "tb.pdf"
    call_command("report", "conclusions", session=session.pk, fmt="pdf", output=path)
    text = " ".join(pdf_pages(path.read_bytes()))
    assert "THÔNG BÁO" in text and "Tỉnh đoàn Lạng Sơn" in text and "Sở Nội vụ" in text
    runs = pdf_runs(path.read_bytes())
    signer_page = next(r.page for r in runs if r.text.strip() == "Đinh Văn Hùng")
    assert any(r.page == signer_page and r.text.strip() == "3. Về các kiến nghị" for r in runs)


def test_an_unknown_session_is_refused_clearly(demo, tmp_path):
    with pytest.raises(CommandError, match="Không có buổi làm việc số 999"):
        call_command("report", "conclusions", session=999, fmt="pdf", output=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_the_session_page_offers_the_notice(session, login):
    client = login(demo_user("btv.tinhdoan"))
    html = client.get(f"/sessions/{session.pk}/").content.decode()
    assert f"/sessions/{session.pk}/conclusions/pdf/" in html
    response = client.get(f"/sessions/{session.pk}/conclusions/docx/")
    assert response.status_code == 200
    assert any(SUBJECT in p for p in docx_paragraphs(response.content))


def test_an_unknown_format_and_an_outside_user_get_nothing(session, login):
    assert (
        login(demo_user("btv.tinhdoan")).get(f"/sessions/{session.pk}/conclusions/odt/").status_code
        == 404
    )
    outsider = login(demo_user("doan.xa_that_khe"))
    assert outsider.get(f"/sessions/{session.pk}/conclusions/pdf/").status_code == 404


def test_issuing_numbers_the_notice_from_the_committees_register_once(session, login):
    from tinhdoan.documents.models import IssuedDocument

    client = login(demo_user("lanhdao.tinh"))
    response = client.post(f"/sessions/{session.pk}/conclusions/issue/")
    assert response.status_code == 302
    issued = IssuedDocument.objects.get(unit__code="UBND-LS")
    assert (issued.symbol, issued.signer) == ("1/TB-UBND", "Đinh Văn Hùng")
    paragraphs = docx_paragraphs(client.get(f"/sessions/{session.pk}/conclusions/docx/").content)
    assert "Số: 1/TB-UBND" in paragraphs
    again = client.post(f"/sessions/{session.pk}/conclusions/issue/", follow=True)
    assert "Thông báo kết luận đã được ban hành" in again.content.decode()
    assert IssuedDocument.objects.filter(unit__code="UBND-LS").count() == 1


def test_a_commune_officer_cannot_issue_the_notice(session, login):
    from tinhdoan.documents.models import IssuedDocument

    response = login(demo_user("doan.xa_that_khe")).post(
        f"/sessions/{session.pk}/conclusions/issue/"
    )
    assert response.status_code == 404
    assert not IssuedDocument.objects.filter(unit__code="UBND-LS").exists()
