"""The year-end report issued: numbered from the unit's register, signed, read back, frozen."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from tinhdoan.documents.models import IssuedDocument, RegisterYear
from tinhdoan.documents.render import render_docx, render_pdf
from tinhdoan.documents.services import RegisterError, register_continue
from tinhdoan.documents.tests.readback import docx_paragraphs, pdf_pages, pdf_runs
from tinhdoan.org.models import Unit
from tinhdoan.programs.models import Program
from tinhdoan.reporting.cells import CellInput
from tinhdoan.rollup.report import issued_results
from tinhdoan.rollup.saving import values_save
from tinhdoan.testing import demo_user

pytestmark = pytest.mark.django_db
URL = "/results/report/issue/"
# The demo's register of 2018: the year-end report (12) and the session's briefing (13).
DEMO_DOCUMENTS = 2
HEADINGS = [
    "I. KẾT QUẢ THỰC HIỆN",
    "II. ĐÁNH GIÁ CHUNG",
    "1. Ưu điểm",
    "2. Hạn chế và nguyên nhân",
    "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2018",
    "IV. ĐỀ XUẤT, KIẾN NGHỊ",
]


def _form(**changes) -> dict:
    data = {
        "unit": "TDLS",
        "period": "2017",
        "issued_on": "10/01/2018",
        "signer": "",
        "strengths": "Hoàn thành 5/5 nhiệm vụ trọng tâm.",
        "limits": "Chỉ tiêu CT07 chưa đạt.",
        "directions": "Tập trung chỉ tiêu CT07.",
        "proposals": "Đề nghị Tỉnh ủy quan tâm.",
        "action": "issue",
    }
    data.update(changes)
    return data


def _secretary_position_id() -> int:
    province = Unit.objects.get(code="TDLS")
    return province.positions.get(person__full_name="Hoàng Văn Nam").pk


def test_the_demo_report_reads_back_numbered_signed_and_in_four_sections(demo):
    issued = issued_results(Unit.objects.get(code="TDLS"), "2017")
    paragraphs = docx_paragraphs(render_docx(issued.document()))
    assert paragraphs[:2] == ["BCH ĐOÀN TỈNH LẠNG SƠN", "***"]
    assert "ĐOÀN TNCS HỒ CHÍ MINH" in paragraphs
    assert "Số: 12-BC/TĐTN-VP" in paragraphs
    assert "Lạng Sơn, ngày 05 tháng 01 năm 2018" in paragraphs
    assert "Kết quả thực hiện chương trình công tác năm 2017" in paragraphs
    positions = [paragraphs.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions)
    signature = paragraphs.index("TM. BAN THƯỜNG VỤ TỈNH ĐOÀN")
    assert paragraphs[signature + 1] == "BÍ THƯ"
    assert paragraphs[-1] == "Hoàng Văn Nam"
    assert "Nơi nhận:" in paragraphs


def test_the_pdf_has_the_docx_headings_and_signs_on_a_page_with_text(demo):
    document = issued_results(Unit.objects.get(code="TDLS"), "2017").document()
    runs = pdf_runs(render_pdf(document))
    texts = [run.text.strip() for run in runs]
    for heading in HEADINGS:
        assert heading in texts
    signer_page = next(run.page for run in runs if run.text.strip() == "Hoàng Văn Nam")
    last_heading_page = next(run.page for run in runs if run.text.strip() == HEADINGS[-1])
    assert last_heading_page == signer_page, "the signature stands apart from the body"
    footnote_page = next(run.page for run in runs if run.text.strip().startswith("(*)"))
    assert footnote_page == signer_page


def test_the_report_stays_as_issued_after_values_change(demo):
    province = Unit.objects.get(code="TDLS")
    before = render_docx(issued_results(province, "2017").document())
    values_save(
        user=None,
        program=Program.objects.get(unit__code="TDLS", year=2017),
        cells=[CellInput("TDLS", "CT07", "2017", Decimal(300))],
        source="test",
    )
    after = docx_paragraphs(render_docx(issued_results(province, "2017").document()))
    assert docx_paragraphs(before) == after
    assert any("11/12 chỉ tiêu" in text for text in after)


def test_the_command_gives_the_issued_report_and_a_draft_on_request(demo, tmp_path):
    issued_file, draft_file = tmp_path / "bc.docx", tmp_path / "draft.docx"
    call_command("report", "results", unit="TDLS", period="2017", fmt="docx", output=issued_file)
    call_command(
        "report",
        "results",
        "--draft",
        unit="TDLS",
        period="2017",
        fmt="docx",
        output=draft_file,
        as_of="09/01/2018",
    )
    assert "Số: 12-BC/TĐTN-VP" in docx_paragraphs(issued_file.read_bytes())
    assert "Số: 12-BC/TĐTN-VP" not in docx_paragraphs(draft_file.read_bytes())


def test_the_page_drafts_the_sections_from_the_figures(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    response = client.get(URL, {"unit": "TDLS", "period": "2017"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "CT07 Đoàn viên ưu tú giới thiệu cho Đảng xem xét kết nạp chưa đạt" in html
    assert "Hoàng Văn Nam — Bí thư Tỉnh đoàn" not in html  # today the signer is another
    assert "Nông Minh Tuấn — Bí thư Tỉnh đoàn" in html


def test_a_preview_writes_nothing(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    response = client.post(URL, _form(action="pdf", signer=_secretary_position_id()))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Đề nghị Tỉnh ủy quan tâm." in " ".join(pdf_pages(response.content))
    assert IssuedDocument.objects.count() == DEMO_DOCUMENTS


def test_issuing_takes_the_next_number_and_lists_it(demo, login):
    client = login(demo_user("btv.tinhdoan"))
    response = client.post(URL, _form(signer=_secretary_position_id()))
    assert response.status_code == 302
    issued = IssuedDocument.objects.get(number=14)
    assert issued.symbol == "14-BC/TĐTN-VP" and issued.signer == "Hoàng Văn Nam"
    assert RegisterYear.objects.get(unit__code="TDLS", year=2018).last_number == 14
    listing = client.get(response["Location"]).content.decode()
    assert "14-BC/TĐTN-VP" in listing and "12-BC/TĐTN-VP" in listing
    paragraphs = docx_paragraphs(client.get(f"/documents/{issued.pk}/docx/").content)
    assert "Số: 14-BC/TĐTN-VP" in paragraphs and "Chỉ tiêu CT07 chưa đạt." in paragraphs


def test_a_deputy_signs_for_the_secretary(demo, login):
    deputy = Unit.objects.get(code="TDLS").positions.get(person__full_name="Lương Thị Hạnh")
    client = login(demo_user("btv.tinhdoan"))
    client.post(URL, _form(signer=deputy.pk))
    paragraphs = docx_paragraphs(render_docx(IssuedDocument.objects.get(number=14).document()))
    block = ["TM. BAN THƯỜNG VỤ TỈNH ĐOÀN", "K/T BÍ THƯ", "PHÓ BÍ THƯ"]
    assert [p for p in paragraphs if p in block] == block
    assert paragraphs[-1] == "Lương Thị Hạnh"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"issued_on": "32/01/2018"}, "Nhập một ngày hợp lệ"),
        ({"signer": ""}, "Chọn người ký báo cáo."),
        (
            {"issued_on": "10/01/2014", "signer": "SIGNER"},
            "Không ai giữ chức Bí thư hoặc Phó Bí thư của Tỉnh đoàn Lạng Sơn",
        ),
        ({"issued_on": "10/01/2030", "signer": "SIGNER"}, "Người được chọn không ký thay mặt"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_numbered(demo, login, changes, message):
    if changes.get("signer") == "SIGNER":
        changes["signer"] = _secretary_position_id()  # secretary from 2015 to 2022 only
    client = login(demo_user("btv.tinhdoan"))
    response = client.post(URL, _form(**changes))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert IssuedDocument.objects.count() == DEMO_DOCUMENTS
    assert RegisterYear.objects.get(unit__code="TDLS", year=2018).last_number == 13


def test_another_units_officer_can_neither_issue_nor_read(demo, login):
    client = login(demo_user("doan.xa_that_khe"))
    assert client.get(URL, {"unit": "TDLS", "period": "2017"}).status_code == 404
    assert client.post(URL, _form(signer=_secretary_position_id())).status_code == 404
    issued = IssuedDocument.objects.get(source="results:2017")
    assert client.get(f"/documents/{issued.pk}/pdf/").status_code == 404
    assert client.get("/units/TDLS/documents/").status_code == 404
    assert IssuedDocument.objects.count() == DEMO_DOCUMENTS


def test_a_leadership_reader_reads_but_cannot_issue(demo, login):
    client = login(demo_user("lanhdao.tinh"))
    assert client.get("/units/TDLS/documents/").status_code == 200
    assert client.post(URL, _form(signer=_secretary_position_id())).status_code == 404
    assert IssuedDocument.objects.count() == DEMO_DOCUMENTS


def test_the_register_never_goes_back(demo):
    with pytest.raises(RegisterError, match="đã đến số 13"):
        register_continue(unit=Unit.objects.get(code="TDLS"), year=2018, last_number=5)
    assert RegisterYear.objects.get(unit__code="TDLS", year=2018).last_number == 13


def test_the_date_of_the_demo_report(demo):
    assert issued_results(Unit.objects.get(code="TDLS"), "2017").issued_on == datetime.date(
        2018, 1, 5
    )


def test_the_draft_names_the_gap_of_each_target_not_met(demo):
    from tinhdoan.rollup.selectors import results_key, unit_results
    from tinhdoan.rollup.yearend import narrative_draft

    values_save(
        user=None,
        program=Program.objects.get(unit__code="TDLS", year=2017),
        cells=[CellInput("TDLS", "CT12", "2017", Decimal(8))],
        source="test",
    )
    province = Unit.objects.get(code="TDLS")
    results = unit_results(
        key=results_key(unit=province, period_code="2017"), day=datetime.date(2018, 1, 9)
    )
    limits = narrative_draft(results).limits
    assert "CT07 Đoàn viên ưu tú giới thiệu cho Đảng xem xét kết nạp chưa đạt" in limits
    assert "còn thiếu 152 người" in limits
    ct12 = next(line for line in limits.splitlines() if "CT12" in line)
    assert "cao hơn kế hoạch" in ct12
