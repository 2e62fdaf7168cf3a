"""The briefing as a document: drafted, edited on a page, numbered from the register on issue,
signed, frozen; read back from the DOCX and the PDF."""

import datetime
import io

import pytest
from django.core.management import call_command

from tinhdoan.documents.models import DocumentDraft, IssuedDocument, RegisterYear
from tinhdoan.documents.render import render_docx, render_pdf
from tinhdoan.documents.tests.readback import docx_paragraphs, docx_tables, pdf_pages, pdf_runs
from tinhdoan.meetings import services
from tinhdoan.meetings.models import Recommendation, WorkingSession
from tinhdoan.org.models import Unit
from tinhdoan.testing import demo_user

from ..document import HEADINGS, briefing_document
from ..selectors import briefing_for

pytestmark = pytest.mark.django_db
URL = "/briefings/issue/"
SOURCE = "briefing:UBND-LS:2018-01-09"


def _form(**changes) -> dict:
    data = {
        "unit": "TDLS",
        "date": "2018-01-09",
        "body": "UBND-LS",
        "issued_on": "08/01/2018",
        "signer": _secretary_position_id(),
        "organization": "Đã tổ chức thành công Đại hội Đoàn toàn tỉnh lần thứ XIII.",
        "recommendations": "Đề nghị UBND tỉnh hỗ trợ quỹ khởi nghiệp.",
        "topics": "Chỉ tiêu CT07: giải pháp.",
        "action": "issue",
    }
    data.update(changes)
    return data


def _secretary_position_id() -> int:
    return Unit.objects.get(code="TDLS").positions.get(person__full_name="Hoàng Văn Nam").pk


def _draft_2018() -> bytes:
    briefing = briefing_for(unit=Unit.objects.get(code="TDLS"), day=datetime.date(2018, 1, 9))
    return render_docx(briefing_document(briefing))


def test_the_docx_has_every_section_in_order_the_figures_and_the_signer(demo):
    paragraphs = docx_paragraphs(_draft_2018())
    positions = [paragraphs.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions)
    assert paragraphs[:2] == ["BCH ĐOÀN TỈNH LẠNG SƠN", "***"]
    assert "Lạng Sơn, ngày 09 tháng 01 năm 2018" in paragraphs
    subject = next(p for p in paragraphs if p.startswith("Phục vụ buổi làm việc với"))
    assert "Phạm Ngọc Thưởng" in subject
    assert "Nhiệm vụ trọng tâm hoàn thành: 5/5; nội dung đột phá hoàn thành: 4/4." in paragraphs
    section_one = " ".join(paragraphs[positions[0] : positions[1]])
    assert "11/12" in section_one
    section_two = " ".join(paragraphs[positions[1] : positions[2]])
    assert "Tỉnh đoàn Lạng Sơn lần thứ XIII, nhiệm kỳ 2017–2022" in section_two
    assert "Hội Sinh viên tỉnh Lạng Sơn lần thứ II, nhiệm kỳ 2017–2022" in section_two
    section_five = " ".join(paragraphs[positions[4] :])
    assert "CT07" in section_five
    assert paragraphs[paragraphs.index("TM. BAN THƯỜNG VỤ TỈNH ĐOÀN") + 1] == "BÍ THƯ"
    assert paragraphs[-1] == "Hoàng Văn Nam"


def test_a_later_briefing_tables_the_previous_directives_with_their_states(demo):
    briefing = briefing_for(unit=Unit.objects.get(code="TDLS"), day=datetime.date(2026, 12, 7))
    tables = docx_tables(render_docx(briefing_document(briefing)))
    directives = next(t for t in tables if t[0][:2] == ["STT", "Nội dung"])
    states = {row[1]: row[4] for row in directives[1:]}
    assert len(states) == 7
    assert (
        states["Xây dựng các chuyên đề học tập, rèn luyện đối với tất cả các đối tượng thanh niên"]
        == "Hoàn thành đúng hạn"
    )
    assert (
        states[
            "Rà soát các chương trình đã ký kết, phối hợp với các sở, ngành đánh giá kết quả, "
            "xây dựng kế hoạch triển khai tiếp theo"
        ]
        == "Hoàn thành quá hạn"
    )


def test_the_pdf_has_the_headings_and_the_signer(demo):
    briefing = briefing_for(unit=Unit.objects.get(code="TDLS"), day=datetime.date(2018, 1, 9))
    content = render_pdf(briefing_document(briefing))
    text = " ".join(pdf_pages(content))  # a long heading wraps onto two lines
    positions = [text.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions)
    assert "11/12" in text[positions[0] : positions[1]]
    assert [run.text.strip() for run in pdf_runs(content)][-1] == "Hoàng Văn Nam"


def test_the_demo_briefing_is_numbered_signed_and_says_what_the_article_says(demo):
    issued = IssuedDocument.objects.get(source=SOURCE)
    assert (issued.symbol, issued.issued_on) == ("13-BC/TĐTN-VP", datetime.date(2018, 1, 8))
    paragraphs = docx_paragraphs(render_docx(issued.document()))
    assert "Số: 13-BC/TĐTN-VP" in paragraphs and paragraphs[-1] == "Hoàng Văn Nam"
    text = " ".join(paragraphs)
    for words in (
        "Nhiệm vụ trọng tâm hoàn thành: 5/5; nội dung đột phá hoàn thành: 4/4.",
        "11/12",
        "Tỉnh đoàn Lạng Sơn lần thứ XIII, nhiệm kỳ 2017–2022",
        "Hội Sinh viên tỉnh Lạng Sơn lần thứ II, nhiệm kỳ 2017–2022",
    ):
        assert words in text


def test_issuing_again_numbers_signs_and_freezes_the_briefing(demo, login, tmp_path):
    client = login(demo_user("btv.tinhdoan"))
    response = client.post(URL, _form())
    assert response.status_code == 302
    issued = IssuedDocument.objects.filter(source=SOURCE).order_by("-number").first()
    assert issued.symbol == "14-BC/TĐTN-VP" and issued.signer == "Hoàng Văn Nam"
    assert RegisterYear.objects.get(unit__code="TDLS", year=2018).last_number == 14
    paragraphs = docx_paragraphs(client.get(f"/documents/{issued.pk}/docx/").content)
    assert "Số: 14-BC/TĐTN-VP" in paragraphs
    assert "Đề nghị UBND tỉnh hỗ trợ quỹ khởi nghiệp." in paragraphs
    # Frozen: an answer recorded later changes the data, not the issued report.
    services.recommendation_answer(
        actor=demo_user("lanhdao.tinh"),
        recommendation=Recommendation.objects.get(),
        outcome="accepted",
        answer="Đồng ý",
        answered_on=datetime.date(2018, 3, 1),
    )
    path = tmp_path / "bao-cao.docx"
    options = {"unit": "TDLS", "date": "2018-01-09", "fmt": "docx", "output": path}
    call_command("report", "briefing", stdout=io.StringIO(), **options)
    assert docx_paragraphs(path.read_bytes()) == paragraphs
    call_command("report", "briefing", "--draft", stdout=io.StringIO(), **options)
    assert "Số: 14-BC/TĐTN-VP" not in docx_paragraphs(path.read_bytes())


def test_a_preview_writes_nothing(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    response = client.post(URL, _form(action="docx"))
    assert response.status_code == 200
    assert "Chỉ tiêu CT07: giải pháp." in docx_paragraphs(response.content)
    assert IssuedDocument.objects.filter(source=SOURCE).count() == 1  # the demo's
    assert not DocumentDraft.objects.filter(source=SOURCE).exists()


def test_a_saved_draft_is_what_the_page_shows_next_and_a_stale_save_is_refused(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    assert client.post(URL, _form(action="save", draft_version=0)).status_code == 302
    page = client.get(URL, {"unit": "TDLS", "date": "2018-01-09", "body": "UBND-LS"})
    assert "Đề nghị UBND tỉnh hỗ trợ quỹ khởi nghiệp." in page.content.decode()
    stale = client.post(URL, _form(action="save", draft_version=0, topics="Khác"))
    assert stale.status_code == 422
    assert DocumentDraft.objects.get(source=SOURCE).texts["topics"] == "Chỉ tiêu CT07: giải pháp."


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"issued_on": "32/01/2018"}, "Nhập một ngày hợp lệ"),
        ({"signer": ""}, "Chọn người ký báo cáo."),
        ({"issued_on": "08/01/2030"}, "Người được chọn không ký thay mặt"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_numbered(demo, login, changes, message):
    client = login(demo_user("btv.tinhdoan"))
    response = client.post(URL, _form(**changes))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert IssuedDocument.objects.filter(source=SOURCE).count() == 1
    assert RegisterYear.objects.get(unit__code="TDLS", year=2018).last_number == 13


def test_an_officer_of_another_unit_can_neither_read_nor_issue(demo, login):
    client = login(demo_user("doan.xa_that_khe"))
    query = {"unit": "TDLS", "date": "2018-01-09", "body": "UBND-LS"}
    assert client.get(URL, query).status_code == 404
    assert client.post(URL, _form()).status_code == 404
    assert client.post(URL, _form(action="save")).status_code == 404
    assert IssuedDocument.objects.filter(source=SOURCE).count() == 1
    assert not DocumentDraft.objects.filter(source=SOURCE).exists()


def test_a_leadership_reader_cannot_issue_the_unions_briefing(demo, login):
    client = login(demo_user("lanhdao.tinh"))
    assert client.post(URL, _form()).status_code == 404
    assert IssuedDocument.objects.filter(source=SOURCE).count() == 1


def test_the_session_is_the_one_of_the_day(demo):
    briefing = briefing_for(unit=Unit.objects.get(code="TDLS"), day=datetime.date(2018, 1, 9))
    assert briefing.session == WorkingSession.objects.get(held_at__date="2018-01-09")


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"date": "32/01/2018"}, 422, "Ngày buổi làm việc “32/01/2018” không phải là một ngày"),
        ({"date": "2018-01-09", "body": "XYZ"}, 422, "Không có cơ quan mã XYZ."),
        ({"date": "2010-05-01"}, 422, "không có chương trình công tác nào được ban hành"),
    ],
)
def test_a_bad_session_date_or_body_is_refused_with_its_reason(demo, login, query, status, message):
    client = login(demo_user("btv.tinhdoan"))
    response = client.get(URL, {"unit": "TDLS", **query})
    assert response.status_code == status
    assert message in response.content.decode()
    posted = client.post(URL, _form(**query, action="save"))
    assert posted.status_code == status
    assert not DocumentDraft.objects.filter(unit__code="TDLS").exists()


def test_another_units_officer_gets_not_found_before_any_reason(demo, login):
    client = login(demo_user("doan.xa_that_khe"))
    response = client.get(URL, {"unit": "TDLS", "date": "32/01/2018"})
    assert response.status_code == 404
    assert "32/01/2018" not in response.content.decode()
