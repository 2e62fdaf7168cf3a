"""In a real browser: from the session page to the briefing page, edited and issued, then shown
on the session page beside the conclusions."""

import pytest

from tinhdoan.meetings.models import WorkingSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_issues_the_briefing_from_the_session_page(
    demo, browser_page, live_server, browser_login, screenshot_dir
):
    page = browser_page
    session = WorkingSession.objects.get(held_at__date="2018-01-09")
    browser_login(page, live_server, "btv.tinhdoan")
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    reported = page.locator("#session-briefing")
    assert "Báo cáo số 13-BC/TĐTN-VP ngày 08/01/2018" in reported.inner_text()
    page.locator("#reported-and-concluded").screenshot(
        path=str(screenshot_dir / "bao-cao-phuc-vu-buoi-lam-viec.png")
    )
    reported.get_by_role("link", name="Mở trang báo cáo phục vụ buổi làm việc").click()
    page.wait_for_url("**/briefings/issue/?unit=TDLS&date=2018-01-09&body=UBND-LS")
    topics = page.get_by_label("V. Đề xuất nội dung làm việc")
    assert "CT07" in topics.input_value()
    topics.fill("Giải pháp cho chỉ tiêu CT07 và quỹ hỗ trợ thanh niên khởi nghiệp.")
    page.get_by_role("button", name="Ban hành: lấy số và lưu văn bản").click()
    page.wait_for_url("**/units/TDLS/documents/")
    assert "14-BC/TĐTN-VP" in page.locator("#documents").inner_text()
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    assert "Báo cáo số 14-BC/TĐTN-VP" in page.locator("#session-briefing").inner_text()
    assert "Lãnh đạo đã kết luận" in page.locator("#session-concluded").inner_text()
