import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_approver_opens_the_dashboard_and_drills_down_one_level(
    demo, browser_page, live_server, browser_login, screenshot_dir
):
    page = browser_page
    browser_login(page, live_server, "btv.tinhdoan")
    page.get_by_role("link", name="Kết quả", exact=True).click()
    page.wait_for_url("**/results/")
    page.get_by_role("navigation", name="Năm").get_by_role("link", name="2017").click()
    page.wait_for_url("**/results/?unit=TDLS&period=2017")
    assert page.locator("#count-targets").inner_text() == "11/12"
    assert page.locator("#count-focal").inner_text() == "5/5"
    assert "đạt và vượt 11/12 chỉ tiêu đề ra" in page.locator("#results-summary").inner_text()
    assert page.locator("#target-CT07 svg title").first.text_content().startswith("CT07")
    page.screenshot(path=str(screenshot_dir / "results-dashboard.png"), full_page=True)

    # Sorting the sub-unit table by name goes through HTMX and keeps the page.
    page.locator("#sub-units-table thead").get_by_role("link", name="Đơn vị").click()
    page.locator('#sub-units-table th[aria-sort="ascending"]').wait_for()
    first = page.locator("#sub-units-table tbody tr").first.inner_text()
    assert "Đoàn Khối" in first
    assert "/results/?unit=TDLS&period=2017" in page.url

    page.locator('#sub-units-table a[data-unit="TDLS-TP"]').click()
    page.wait_for_url("**/results/?unit=TDLS-TP&period=2017")
    assert "Thành đoàn Lạng Sơn" in page.locator("#results-title").inner_text()
    assert page.get_by_role("link", name="Tỉnh đoàn Lạng Sơn").count() == 1  # one level up
    page.screenshot(path=str(screenshot_dir / "results-drill-down.png"), full_page=True)
