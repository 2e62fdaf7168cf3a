import pytest

from tinhdoan.meetings.models import Directive, ProgressReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_reports_progress_and_sees_it_on_the_board(
    demo, browser_page, live_server, browser_login, screenshot_dir
):
    directive = Directive.objects.get(content="Tổ chức ra quân Tháng Thanh niên")
    page = browser_page
    browser_login(page, live_server, "doan.xa_that_khe")
    # The bell in the menu is loaded by HTMX with the unread notices.
    page.locator("#notification-bell [data-unread]").wait_for()
    page.get_by_role("link", name="Nhiệm vụ được giao").first.click()
    page.wait_for_url("**/directives/")
    row = page.locator(f'#status-not_started tr[data-directive="{directive.pk}"]')
    row.get_by_role("link").click()
    page.wait_for_url(f"**/directives/{directive.pk}/")
    page.get_by_label("Tiến độ", exact=True).fill("Đã ra quân tại 12 chi đoàn thôn, bản")
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("35")
    page.get_by_role("button", name="Báo cáo tiến độ").click()
    page.wait_for_url(f"**/directives/{directive.pk}/")
    assert "Đã ghi nhận báo cáo tiến độ." in page.locator("main").inner_text()
    assert "35%" in page.locator("#progress-list").inner_text()
    page.screenshot(path=str(screenshot_dir / "directive-progress.png"), full_page=True)

    page.get_by_role("link", name="Bảng theo dõi nhiệm vụ").click()
    board_row = page.locator(f'#status-in_progress tr[data-directive="{directive.pk}"]')
    board_row.wait_for()
    assert "35% — Đã ra quân tại 12 chi đoàn" in board_row.inner_text()
    assert "đang thực hiện" in board_row.inner_text()
    assert page.locator(f'#status-not_started tr[data-directive="{directive.pk}"]').count() == 0
    page.screenshot(path=str(screenshot_dir / "directive-board.png"), full_page=True)
    assert ProgressReport.objects.filter(directive=directive, percent=35).count() == 1


def test_board_filter_narrows_by_status_through_htmx(
    demo, browser_page, live_server, browser_login
):
    page = browser_page
    browser_login(page, live_server, "btv.tinhdoan")
    page.goto(f"{live_server.url}/directives/")
    page.locator("#board-filters").get_by_label("Trạng thái", exact=True).select_option("overdue")
    page.wait_for_url("**/directives/?*status=overdue*")
    page.locator("#status-overdue").wait_for()
    assert page.locator("#status-in_progress").count() == 0
    assert page.locator("#status-overdue tr[data-directive]").count() >= 2
