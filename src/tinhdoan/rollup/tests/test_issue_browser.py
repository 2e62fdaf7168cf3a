import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_standing_committee_edits_and_issues_the_report(
    demo, browser_page, live_server, browser_login, screenshot_dir
):
    page = browser_page
    browser_login(page, live_server, "btv.tinhdoan")
    page.goto(f"{live_server.url}/results/?unit=TDLS&period=2017")
    page.get_by_role("link", name="Soạn và ban hành báo cáo").click()
    page.wait_for_url("**/results/report/issue/?unit=TDLS&period=2017")
    limits = page.get_by_label("II.2. Hạn chế và nguyên nhân")
    assert "CT07" in limits.input_value()
    page.get_by_label("Ngày văn bản").fill("10/01/2018")
    limits.fill("Chỉ tiêu CT07 chưa đạt do thiếu nguồn phát triển đảng viên.")
    page.screenshot(path=str(screenshot_dir / "report-issue.png"), full_page=True)
    # The signers offered are those of the page's date: for another date, the page says so
    # and offers that day's secretaries, the edited text kept.
    issue = page.get_by_role("button", name="Ban hành: lấy số và lưu văn bản")
    issue.click()
    page.get_by_text("Người được chọn không ký thay mặt đơn vị vào ngày 10/01/2018").wait_for()
    assert "thiếu nguồn" in page.get_by_label("II.2. Hạn chế và nguyên nhân").input_value()
    page.get_by_label("Người ký").select_option(label="Hoàng Văn Nam — Bí thư Tỉnh đoàn")
    issue.click()
    page.wait_for_url("**/units/TDLS/documents/")
    listing = page.locator("#documents").inner_text()
    assert "14-BC/TĐTN-VP" in listing and "12-BC/TĐTN-VP" in listing
    page.screenshot(path=str(screenshot_dir / "unit-documents.png"), full_page=True)
